import { WaitTimeoutError } from "../../provider/core/errors";
import { DurationModel, SCHEDULE, waitUntil } from "../../provider/core/waiter";
import { virtualRuntime } from "../helpers/runtime";

describe("waitUntil", () => {
  test("the first poll goes out at once: a read that can already succeed is never preceded by a sleep", async () => {
    const rt = virtualRuntime();
    const value = await waitUntil({ what: "x", poll: async () => "InUse", accept: () => ({ state: "done" }), runtime: rt, deadline: rt.now() + 60_000 }, new DurationModel());
    expect(value).toBe("InUse");
    expect(rt.sleeps).toEqual([]);
  });

  test("after a 'not yet' at elapsed t the next poll is about 1.12 t + 150 ms later, with a few percent of jitter, up to the 10 s cap", async () => {
    const rt = virtualRuntime();
    const pollsAt: number[] = [];
    await waitUntil({
      what: "x",
      poll: async () => pollsAt.push(rt.elapsed()),
      accept: () => (rt.elapsed() >= 200_000 ? { state: "done" } : { state: "retry", seen: "busy" }),
      runtime: rt,
      deadline: rt.now() + 600_000,
    }, new DurationModel());
    expect(pollsAt[0]).toBe(0);
    for (let i = 1; i < pollsAt.length; i++) {
      const ideal = Math.min(SCHEDULE.capMs, Math.max(SCHEDULE.stepMs, (SCHEDULE.growth - 1) * pollsAt[i - 1] + SCHEDULE.stepMs));
      const gap = pollsAt[i] - pollsAt[i - 1];
      expect(gap).toBeGreaterThanOrEqual(ideal * (1 - SCHEDULE.jitter) - 1);
      expect(gap).toBeLessThanOrEqual(ideal * (1 + SCHEDULE.jitter) + 1);
    }
    expect(Math.max(...pollsAt.slice(1).map((t, i) => t - pollsAt[i]))).toBeLessThanOrEqual(SCHEDULE.capMs * (1 + SCHEDULE.jitter) + 1);
  });

  /** A change that completes `T` ms after it began, polled with `latency` ms per read; returns when the wait saw it, and the polls. */
  async function timeToDone(T: number, durations: DurationModel, kind?: string, latency = 20, seed = 42) {
    const rt = virtualRuntime(seed);
    const started = rt.now();
    let polls = 0;
    await waitUntil({
      what: "x",
      kind,
      poll: async () => {
        polls++;
        const done = rt.now() - started >= T;
        await rt.sleep(latency);
        return done;
      },
      accept: (done) => (done ? { state: "done" } : { state: "retry", seen: "busy" }),
      runtime: rt,
      deadline: started + 600_000,
    }, durations);
    return { doneMs: rt.now() - started, polls };
  }

  test.each([0, 500, 2_000, 5_000, 30_000])("a change of T = %i ms is seen within 1.15 T + 0.3 s even before anything is learned", async (T) => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { doneMs } = await timeToDone(T, new DurationModel(), undefined, 20, seed);
      expect(doneMs).toBeLessThanOrEqual(1.15 * T + 300);
    }
  });

  test.each([500, 2_000, 5_000])("a kind of change that takes T = %i ms: learned within the process, then about 2 polls per wait, still within 1.15 T + 0.3 s", async (T) => {
    const durations = new DurationModel();
    const first = await timeToDone(T, durations, "attach");
    const later = [];
    for (let i = 0; i < 20; i++) later.push(await timeToDone(T, durations, "attach", 20, 100 + i));
    for (const run of [first, ...later]) expect(run.doneMs).toBeLessThanOrEqual(1.15 * T + 300);
    const meanPolls = later.reduce((sum, r) => sum + r.polls, 0) / later.length;
    expect(meanPolls).toBeLessThanOrEqual(2.5);
    expect(first.polls).toBeGreaterThan(meanPolls);
    // An instant change of a learned kind is still seen at once by a kind that has learned "instant".
    const instant = new DurationModel();
    await timeToDone(0, instant, "sync");
    expect((await timeToDone(0, instant, "sync")).polls).toBe(1);
  });

  test("a slow read (a coalescing window, the governor) is not learned as part of the change: an instant kind keeps polling at once", async () => {
    // Each poll takes 300 ms to answer; the change itself is instant. Learned to when the answer
    // came, the first poll of each later wait would go out at 0.9 x the last such time, and the
    // waits would settle near 300 / (1 - 0.9) = 3 s: every instant change held for seconds.
    const durations = new DurationModel();
    const waits = [];
    for (let i = 0; i < 20; i++) waits.push(await timeToDone(0, durations, "slow-read", 300, 200 + i));
    for (const run of waits) {
      expect(run.doneMs).toBe(300);
      expect(run.polls).toBe(1);
    }
    expect(durations.typical("slow-read")).toBe(0);
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
