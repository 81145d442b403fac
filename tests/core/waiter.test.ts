import { WaitTimeoutError } from "../../provider/core/errors";
import { waitUntil } from "../../provider/core/waiter";
import { virtualRuntime } from "../helpers/runtime";

describe("waitUntil", () => {
  test("polls soon, backs off with jitter up to the cap, and returns the accepted value", async () => {
    const rt = virtualRuntime();
    const states = ["Attaching", "Attaching", "Attaching", "Attaching", "Attaching", "Attaching", "InUse"];
    const value = await waitUntil({
      what: "ENI eni-1 to be InUse",
      poll: async () => states.shift()!,
      accept: (s) => (s === "InUse" ? { state: "done" } : { state: "retry", seen: s }),
      runtime: rt,
      deadline: rt.now() + 600_000,
    });
    expect(value).toBe("InUse");
    expect(rt.sleeps).toHaveLength(7);
    expect(rt.sleeps[0]).toBe(300); // first poll after a few hundred ms
    rt.sleeps.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(300);
      expect(ms).toBeLessThanOrEqual(Math.min(10_000, 300 * 2 ** n));
    });
  });

  test("a failed verdict ends the wait with that error", async () => {
    const rt = virtualRuntime();
    await expect(
      waitUntil({
        what: "task",
        poll: async () => "FAILED",
        accept: () => ({ state: "failed", error: new Error("task failed: quota") }),
        runtime: rt,
        deadline: rt.now() + 60_000,
      }),
    ).rejects.toThrow("task failed: quota");
  });

  test("the deadline error says what it waited for, the last state seen and for how long", async () => {
    const rt = virtualRuntime();
    const error = await waitUntil({
      what: "ENI eni-1 to be Available",
      poll: async () => "Detaching",
      accept: (s) => ({ state: "retry", seen: `status ${s}` }),
      runtime: rt,
      deadline: rt.now() + 20_000,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.waitedFor).toBe("ENI eni-1 to be Available");
    expect(error.lastSeen).toBe("status Detaching");
    expect(error.elapsedMs).toBe(20_000);
    expect(error.message).toContain("ENI eni-1 to be Available");
    expect(error.message).toContain("status Detaching");
    expect(error.message).toContain("20.0s");
  });

  test("onRetry runs between polls (used to re-send a stuck detach)", async () => {
    const rt = virtualRuntime();
    const seen: number[] = [];
    let n = 0;
    await waitUntil({
      what: "x",
      poll: async () => ++n,
      accept: (v) => (v >= 3 ? { state: "done" } : { state: "retry", seen: String(v) }),
      onRetry: async (_v, polls) => { seen.push(polls); },
      runtime: rt,
      deadline: rt.now() + 60_000,
    });
    expect(seen).toEqual([1, 2]);
  });
});
