// When a coalesced read may wait for company: only when it costs no throughput.

function freshActivity(): typeof import("../../provider/core/activity") {
  let activity!: typeof import("../../provider/core/activity");
  jest.isolateModules(() => {
    activity = require("../../provider/core/activity");
  });
  return activity;
}

describe("gapsToWait", () => {
  test("one operation alone, or a few in a row (call-to-done), never waits", () => {
    const a = freshActivity();
    const end = a.operationStarted(0);
    expect(a.gapsToWait(0)).toBe(0);
    end();
    end(); // ending twice counts once
    expect(a.operationsRunning()).toBe(0);
    const three = Array.from({ length: 3 }, () => a.operationStarted(10));
    three.slice(0, 2).forEach((e) => e());
    expect(a.gapsToWait(10)).toBe(0); // a peak of 3 is no fleet
    // Call-to-done: 12 quick operations in a row, one at a time, is no fleet either.
    const b = freshActivity();
    for (let i = 0; i < 12; i++) b.operationStarted(50 * i)();
    const thirteenth = b.operationStarted(600);
    expect(b.gapsToWait(600)).toBe(0);
    thirteenth();
  });

  test("every slot busy (the engine keeps --parallel operations running): no wait, it would slow the update down", () => {
    const a = freshActivity();
    const ends = Array.from({ length: 8 }, () => a.operationStarted(0));
    expect(a.gapsToWait(0)).toBe(0);
    ends.slice(0, 2).forEach((end) => end());
    expect(a.operationsRunning()).toBe(6);
    expect(a.gapsToWait(0)).toBe(1); // 6 of a peak of 8: the engine leaves slots idle
    ends.slice(2, 7).forEach((end) => end());
    // One left of a fleet's peak: the engine hands operations over more slowly than they finish,
    // so this one's reads may wait for the next operation's.
    expect(a.operationsRunning()).toBe(1);
    expect(a.gapsToWait(0)).toBe(1);
    ends[7]();
    expect(a.gapsToWait(0)).toBe(0); // nothing running
  });

  test("a fleet handed over one at a time (destroy's first links, 120 ms apart) may wait ONE_AT_A_TIME_GAPS, from its FLEET_STARTS-th start in the horizon", () => {
    const a = freshActivity();
    let now = 0;
    for (let i = 0; i < a.FLEET_STARTS - 1; i++, now += 120) {
      const end = a.operationStarted(now);
      expect(a.gapsToWait(now)).toBe(0);
      end();
    }
    const last = a.operationStarted(now);
    expect(a.gapsToWait(now)).toBe(a.ONE_AT_A_TIME_GAPS);
    // Operations that overlap because they wait still may, below FLEET_PEAK running (the CLI's
    // default --parallel is 4 per CPU) and below the most ever run at once: a fleet this fast
    // would otherwise fall back to one at a time.
    const more = [1, 2].map((k) => a.operationStarted(now + 30 * k));
    expect(a.operationsRunning()).toBe(a.FLEET_PEAK - 1);
    expect(a.gapsToWait(now + 60)).toBe(0); // as many as ever ran: maybe every slot (--parallel 3)
    more[1]();
    expect(a.gapsToWait(now + 60)).toBe(a.ONE_AT_A_TIME_GAPS); // 2 of a peak of 3
    more[0]();
    last();
    // The starts age out of the horizon: a lone operation later is alone again.
    now += a.FLEET_STARTS_HORIZON_MS + 1;
    const later = a.operationStarted(now);
    expect(a.gapsToWait(now)).toBe(0);
    later();
  });

  test("--parallel 2 kept full by a fast engine: a fleet by its starts, but both slots busy, so no wait; the lone one between two may", () => {
    const a = freshActivity();
    let now = 0;
    const slots = [a.operationStarted(now), a.operationStarted(now)];
    for (let i = 0; i < a.FLEET_STARTS; i++, now += 20) {
      slots[i % 2]();
      slots[i % 2] = a.operationStarted(now);
      expect(a.gapsToWait(now)).toBe(0);
    }
    slots[0]();
    expect(a.gapsToWait(now)).toBe(a.ONE_AT_A_TIME_GAPS);
    slots[1]();
  });

  test("a fast fleet whose waits reach FLEET_PEAK running: the slots' rule takes over (every slot busy: no wait)", () => {
    const a = freshActivity();
    let now = 0;
    for (let i = 0; i < a.FLEET_STARTS; i++, now += 100) a.operationStarted(now)();
    const ends = Array.from({ length: a.FLEET_PEAK }, () => a.operationStarted(now));
    expect(a.gapsToWait(now)).toBe(0); // 4 of a peak of 4
    ends[0]();
    expect(a.gapsToWait(now)).toBe(a.ONE_AT_A_TIME_GAPS); // 3 running, fleet by starts
    ends.slice(1).forEach((end) => end());
  });
});
