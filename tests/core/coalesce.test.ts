import { Coalescer, ItemFailure } from "../../provider/core/coalesce";
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
