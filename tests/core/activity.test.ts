// When a coalesced read may wait for company: only when it costs no throughput.

import { ARRIVAL_HORIZON_MS } from "../../provider/core/activity";

function freshActivity(): typeof import("../../provider/core/activity") {
  let activity!: typeof import("../../provider/core/activity");
  jest.isolateModules(() => {
    activity = require("../../provider/core/activity");
  });
  return activity;
}

describe("companyIsCheap", () => {
  test("one operation alone, or a few in a row (call-to-done), never waits", () => {
    const a = freshActivity();
    const end = a.operationStarted(0);
    expect(a.companyIsCheap(0)).toBe(false);
    end();
    end(); // ending twice counts once
    expect(a.operationsRunning()).toBe(0);
    const three = Array.from({ length: 3 }, () => a.operationStarted(10));
    three.slice(0, 2).forEach((e) => e());
    expect(a.companyIsCheap(10)).toBe(false); // a peak of 3 is no fleet
    // Call-to-done: 12 quick operations in a row, one at a time, is no fleet either.
    const b = freshActivity();
    for (let i = 0; i < 12; i++) b.operationStarted(50 * i)();
    const thirteenth = b.operationStarted(600);
    expect(b.companyIsCheap(600)).toBe(false);
    thirteenth();
  });

  test("every slot busy (the engine keeps --parallel operations running): no wait, it would slow the update down", () => {
    const a = freshActivity();
    const ends = Array.from({ length: 8 }, () => a.operationStarted(0));
    expect(a.companyIsCheap(0)).toBe(false);
    ends.slice(0, 2).forEach((end) => end());
    expect(a.operationsRunning()).toBe(6);
    expect(a.companyIsCheap(0)).toBe(true); // 6 of a peak of 8: the engine leaves slots idle
    ends.slice(2, 7).forEach((end) => end());
    // One left of a fleet's peak: the engine hands operations over more slowly than they finish,
    // so this one's reads may wait for the next operation's.
    expect(a.operationsRunning()).toBe(1);
    expect(a.companyIsCheap(0)).toBe(true);
    ends[7]();
    expect(a.companyIsCheap(0)).toBe(false); // nothing running
  });

  test("a fleet handed over one at a time (destroy's first links, 60 ms apart) may wait, from its 16th start in the horizon", () => {
    const a = freshActivity();
    let now = 0;
    for (let i = 0; i < 15; i++, now += 60) a.operationStarted(now)();
    const sixteenth = a.operationStarted(now);
    expect(a.companyIsCheap(now)).toBe(true);
    // A second one running at a peak of 2: both slots may be all the engine gives (--parallel 2).
    const seventeenth = a.operationStarted(now + 30);
    expect(a.companyIsCheap(now + 30)).toBe(false);
    seventeenth();
    sixteenth();
    // The starts age out of the horizon: a lone operation later is alone again.
    now += ARRIVAL_HORIZON_MS + 1;
    const later = a.operationStarted(now);
    expect(a.companyIsCheap(now)).toBe(false);
    later();
  });
});
