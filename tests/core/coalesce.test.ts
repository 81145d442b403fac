import { ARRIVAL_HORIZON_MS, Coalescer, ItemFailure, LONELY_WINDOWS, PROBE_EVERY, SharedAnswers } from "../../provider/core/coalesce";
import { virtualRuntime } from "../helpers/runtime";

class Refused extends Error {
  constructor(readonly id: string) {
    super(`refused ${id}`);
  }
}

/** A fake batch API: answers each id doubled; refuses a whole call that contains "bad"; records the calls. */
function api(options: { maxBatch?: number; perItemFailure?: string } = {}) {
  const calls: string[][] = [];
  const coalescer = new Coalescer<string, string>({
    windowMs: 10,
    maxBatch: options.maxBatch ?? 100,
    keyOf: (id) => id,
    runtime: virtualRuntime(),
    splitOn: (error) => error instanceof Refused,
    send: async (ids) => {
      calls.push(ids);
      const bad = ids.find((id) => id.startsWith("bad"));
      if (bad) throw new Refused(bad);
      return ids.map((id) => (id === options.perItemFailure ? new ItemFailure(new Error(`no ${id}`)) : `${id}${id}`));
    },
  });
  return { coalescer, calls };
}

describe("Coalescer", () => {
  test("items of one group asked within the window go out as one call; each caller gets its own answer", async () => {
    const { coalescer, calls } = api();
    const answers = await Promise.all(["a", "b", "c"].map((id) => coalescer.submit("g", id)));
    expect(answers).toEqual(["aa", "bb", "cc"]);
    expect(calls).toEqual([["a", "b", "c"]]);
  });

  test("the same item twice in a window is sent once and both callers share the answer", async () => {
    const { coalescer, calls } = api();
    expect(await Promise.all([coalescer.submit("g", "a"), coalescer.submit("g", "a")])).toEqual(["aa", "aa"]);
    expect(calls).toEqual([["a"]]);
  });

  test("groups never mix (another account, region, VPC...)", async () => {
    const { coalescer, calls } = api();
    await Promise.all([coalescer.submit("g1", "a"), coalescer.submit("g2", "b")]);
    expect(calls.sort()).toEqual([["a"], ["b"]]);
  });

  test("a full batch goes out at once; the rest form the next batch", async () => {
    const { coalescer, calls } = api({ maxBatch: 2 });
    const answers = await Promise.all(["a", "b", "c", "d", "e"].map((id) => coalescer.submit("g", id)));
    expect(answers).toEqual(["aa", "bb", "cc", "dd", "ee"]);
    expect(calls).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  test("a call refused as a whole because of one item is split: the rest succeed, the bad one gets its own error", async () => {
    const { coalescer, calls } = api();
    const results = await Promise.allSettled(["a", "bad1", "c"].map((id) => coalescer.submit("g", id)));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Refused).id))).toEqual(["aa", "bad1", "cc"]);
    expect(calls).toEqual([["a", "bad1", "c"], ["a"], ["bad1"], ["c"]]);
    expect(coalescer.stats.splits).toBe(1);
  });

  test("an item's own failure reaches only its caller", async () => {
    const { coalescer } = api({ perItemFailure: "b" });
    const results = await Promise.allSettled(["a", "b"].map((id) => coalescer.submit("g", id)));
    expect(results[0]).toEqual({ status: "fulfilled", value: "aa" });
    expect(results[1].status).toBe("rejected");
  });

  test("a failure that is nobody's fault in particular (throttled, lost) reaches every caller as it is, unsplit", async () => {
    const calls: string[][] = [];
    const lost = new Error("ECONNRESET");
    const coalescer = new Coalescer<string, string>({
      windowMs: 10, maxBatch: 100, keyOf: (id) => id, runtime: virtualRuntime(),
      splitOn: (error) => error !== lost,
      send: async (ids) => { calls.push(ids); throw lost; },
    });
    const results = await Promise.allSettled(["a", "b"].map((id) => coalescer.submit("g", id)));
    expect(results.map((r) => (r as PromiseRejectedResult).reason)).toEqual([lost, lost]);
    expect(calls).toEqual([["a", "b"]]);
  });

  test("a batch function that answers the wrong number of results fails every caller (a bug, never a silent mix-up)", async () => {
    const coalescer = new Coalescer<string, string>({ windowMs: 10, maxBatch: 100, keyOf: (id) => id, runtime: virtualRuntime(), send: async () => ["x"] });
    const results = await Promise.allSettled(["a", "b"].map((id) => coalescer.submit("g", id)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
  });

  test("items keep joining while the batch waits for room (the governor holds it): one call instead of many", async () => {
    const calls: string[][] = [];
    let openRoom!: () => void;
    const room = new Promise<void>((resolve) => (openRoom = resolve));
    const coalescer = new Coalescer<string, string>({
      windowMs: 10, maxBatch: 100, keyOf: (id) => id, runtime: virtualRuntime(),
      beforeSend: () => room,
      send: async (ids) => { calls.push(ids); return ids; },
    });
    const first = coalescer.submit("g", "a");
    await new Promise((resolve) => setImmediate(resolve));
    const later = ["b", "c"].map((id) => coalescer.submit("g", id));
    openRoom();
    expect(await Promise.all([first, ...later])).toEqual(["a", "b", "c"]);
    expect(calls).toEqual([["a", "b", "c"]]);
  });
});

/** A clock that moves only when the test says so; sleeps are recorded and end at once. */
function steppedRuntime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => (now += ms),
    sleep: async (ms: number) => void sleeps.push(ms),
    random: () => 0.5,
  };
}

describe("Coalescer: a window that adapts to the arrival rate within a latency budget", () => {
  function adaptive(gapsToWait: () => number) {
    const rt = steppedRuntime();
    const calls: string[][] = [];
    const coalescer = new Coalescer<string, string>({
      windowMs: 10, maxWindowMs: 200, maxBatch: 100, keyOf: (id) => id, runtime: rt, gapsToWait,
      send: async (ids) => { calls.push(ids); return ids; },
    });
    return { rt, calls, coalescer };
  }

  test("a fleet handed over slowly: other keys arriving a few per second make a batch wait up to the budget for company", async () => {
    const { rt, coalescer } = adaptive(() => 1);
    await coalescer.submit("g", "a");
    rt.advance(400);
    await coalescer.submit("g", "b");
    rt.advance(400);
    await coalescer.submit("g", "c");
    // The first had no history (10 ms); then one other key in the last second (gap 1 s: capped at
    // the 200 ms budget), then two (capped too).
    expect(rt.sleeps).toEqual([10, 200, 200]);
    // Arrivals older than the horizon no longer count.
    rt.advance(ARRIVAL_HORIZON_MS + 1);
    await coalescer.submit("g", "d");
    expect(rt.sleeps.at(-1)).toBe(10);
  });

  test("a burst (short gaps) keeps a short window: about one expected gap, never under windowMs", async () => {
    const { rt, coalescer } = adaptive(() => 1);
    for (let i = 0; i < 40; i++) {
      await coalescer.submit("g", `i${i}`);
      rt.advance(5);
    }
    // 39 other keys in the last second: an expected gap of about 26 ms.
    expect(coalescer.windowFor("g", "next")).toBe(Math.round(ARRIVAL_HORIZON_MS / 40));
    expect(Math.max(...rt.sleeps)).toBeLessThanOrEqual(200);
  });

  test("one operation alone never waits longer (call-to-done), nor does a waiter polling its own key", async () => {
    const alone = adaptive(() => 0);
    for (const id of ["a", "b", "c"]) {
      await alone.coalescer.submit("g", id);
      alone.rt.advance(100);
    }
    expect(alone.rt.sleeps).toEqual([10, 10, 10]);
    const polling = adaptive(() => 1);
    for (let i = 0; i < 5; i++) {
      await polling.coalescer.submit("g", "eni-1");
      polling.rt.advance(150);
    }
    expect(polling.rt.sleeps).toEqual([10, 10, 10, 10, 10]);
  });

  test("waits that find nobody (one operation at a time, --parallel 1) stop after LONELY_WINDOWS, with a probe every PROBE_EVERY batches", async () => {
    const { rt, calls, coalescer } = adaptive(() => 1);
    // Keys arrive 100 ms apart, each after the previous call: no wait can find company.
    for (let i = 0; i < 2 + LONELY_WINDOWS + PROBE_EVERY; i++) {
      await coalescer.submit("g", `k${i}`);
      rt.advance(100);
    }
    const adaptiveWindows = rt.sleeps.filter((ms) => ms > 10);
    // The first had no history; then LONELY_WINDOWS waits, then short windows until the probe.
    expect(rt.sleeps.slice(0, 1 + LONELY_WINDOWS).filter((ms) => ms > 10)).toHaveLength(LONELY_WINDOWS);
    expect(rt.sleeps.slice(1 + LONELY_WINDOWS, LONELY_WINDOWS + PROBE_EVERY)).toEqual(Array(PROBE_EVERY - 1).fill(10));
    expect(rt.sleeps[LONELY_WINDOWS + PROBE_EVERY]).toBeGreaterThan(10);
    expect(adaptiveWindows).toHaveLength(LONELY_WINDOWS + 1);
    expect(calls.every((c) => c.length === 1)).toBe(true);
    // Another group learns on its own.
    await coalescer.submit("other", "a");
    rt.advance(100);
    await coalescer.submit("other", "b");
    expect(rt.sleeps.at(-1)).toBeGreaterThan(10);
  });

  test("a wait that finds company keeps the group waiting", async () => {
    const { rt, calls, coalescer } = adaptive(() => 1);
    // The first has no history to wait on; the next LONELY_WINDOWS wait alone.
    for (let i = 0; i < LONELY_WINDOWS + 2; i++) {
      await coalescer.submit("g", `alone${i}`);
      rt.advance(100);
    }
    expect(rt.sleeps.at(-1)).toBe(10); // stopped waiting
    // The probe finds company: the next operation's read arrives while it waits.
    for (let i = 0; i < PROBE_EVERY - 2; i++) {
      await coalescer.submit("g", `short${i}`);
      rt.advance(100);
    }
    const probe = coalescer.submit("g", "probe");
    const company = coalescer.submit("g", "company");
    await Promise.all([probe, company]);
    expect(calls.at(-1)).toEqual(["probe", "company"]);
    rt.advance(100);
    await coalescer.submit("g", "next");
    expect(rt.sleeps.at(-1)).toBeGreaterThan(10); // waiting again
  });

  test("items asked together join one call after an adaptive window; without a budget the window is fixed", async () => {
    const { rt, calls, coalescer } = adaptive(() => 1);
    await coalescer.submit("g", "a");
    rt.advance(300);
    const later = [coalescer.submit("g", "b"), coalescer.submit("g", "c")];
    expect(await Promise.all(later)).toEqual(["b", "c"]);
    expect(calls).toEqual([["a"], ["b", "c"]]);
    const fixed = new Coalescer<string, string>({ windowMs: 10, maxBatch: 10, keyOf: (id) => id, runtime: rt, gapsToWait: () => 1, send: async (ids) => ids });
    await fixed.submit("h", "a");
    await fixed.submit("h", "b");
    expect(fixed.windowFor("h", "c")).toBe(10);
  });
});

describe("SharedAnswers: prechecks that may take an earlier answer", () => {
  function shared(keep?: (answer: string) => boolean) {
    const rt = steppedRuntime();
    let reads = 0;
    const answers = new SharedAnswers<string>(5_000, rt);
    const get = (key: string, answer = "on") => answers.get(key, async () => `${answer}#${++reads}`, keep);
    return { rt, answers, get, reads: () => reads };
  }

  test("one read per key per window: later callers take its answer; after the window they read again", async () => {
    const s = shared();
    expect(await Promise.all([s.get("vpc-1"), s.get("vpc-1")])).toEqual(["on#1", "on#1"]);
    s.rt.advance(4_999);
    expect(await s.get("vpc-1")).toBe("on#1");
    expect(await s.get("vpc-2")).toBe("on#2");
    s.rt.advance(1);
    expect(await s.get("vpc-1")).toBe("on#3");
  });

  test("only answers `keep` accepts are kept (a stale answer may only let a precheck pass); failures are never kept", async () => {
    const s = shared((answer) => answer.startsWith("on"));
    expect(await s.get("vpc-1", "off")).toBe("off#1");
    expect(await s.get("vpc-1", "off")).toBe("off#2");
    const answers = new SharedAnswers<string>(5_000, steppedRuntime());
    let n = 0;
    const failing = () => answers.get("k", async () => { if (++n === 1) throw new Error("reset"); return `ok${n}`; });
    await expect(failing()).rejects.toThrow("reset");
    expect(await failing()).toBe("ok2");
  });

  test("the process's own change forgets the answer, and a read asked before the change is never kept after it", async () => {
    const s = shared();
    expect(await s.get("vpc-1")).toBe("on#1");
    s.answers.forget("vpc-1");
    expect(await s.get("vpc-1")).toBe("on#2");
    // A read in flight while the change is sent: its callers get it, but it is not kept.
    let answer!: (value: string) => void;
    const inFlight = s.answers.get("vpc-9", () => new Promise<string>((resolve) => (answer = resolve)));
    s.answers.forget("vpc-9");
    answer("before the change");
    expect(await inFlight).toBe("before the change");
    expect(await s.get("vpc-9")).toBe("on#3");
  });
});
