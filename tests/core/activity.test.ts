// When a coalesced read may wait for company: only when it costs no throughput.

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
    const end = a.operationStarted();
    expect(a.companyIsCheap()).toBe(false);
    end();
    end(); // ending twice counts once
    expect(a.operationsRunning()).toBe(0);
    const three = Array.from({ length: 3 }, () => a.operationStarted());
    three.slice(0, 2).forEach((e) => e());
    expect(a.companyIsCheap()).toBe(false); // a peak of 3 is no fleet
  });

  test("every slot busy (the engine keeps --parallel operations running): no wait, it would slow the update down", () => {
    const a = freshActivity();
    const ends = Array.from({ length: 8 }, () => a.operationStarted());
    expect(a.companyIsCheap()).toBe(false);
    ends.slice(0, 2).forEach((end) => end());
    expect(a.operationsRunning()).toBe(6);
    expect(a.companyIsCheap()).toBe(true); // 6 of a peak of 8: the engine leaves slots idle
    ends.slice(2, 7).forEach((end) => end());
    // One left of a fleet's peak: the engine hands operations over more slowly than they finish,
    // so this one's reads may wait for the next operation's.
    expect(a.operationsRunning()).toBe(1);
    expect(a.companyIsCheap()).toBe(true);
    ends[7]();
    expect(a.companyIsCheap()).toBe(false); // nothing running
  });
});
