import { CloudError, CloudErrorFields, StateError, UnconfirmedChangeError } from "../../provider/core/errors";
import { mutateSafely } from "../../provider/core/reconcile";
import { callWithRetry } from "../../provider/core/retry";
import { virtualRuntime } from "../helpers/runtime";

function cloudError(overrides: Partial<CloudErrorFields>): CloudError {
  return new CloudError({
    cloud: "alicloud", service: "ecs", action: "AttachClassicLinkVpc", code: "InternalError", httpStatus: 500,
    requestId: "req-1", retryClass: "transient", ambiguous: false, cloudMessage: "boom", ...overrides,
  });
}

/** A call that fails with the given errors in order, then answers "ok". */
function failing(...errors: Error[]) {
  let calls = 0;
  const call = async () => {
    calls++;
    const error = errors.shift();
    if (error) throw error;
    return "ok";
  };
  return { call, calls: () => calls };
}

describe("callWithRetry", () => {
  const deadlineIn = (rt: ReturnType<typeof virtualRuntime>, ms: number) => rt.now() + ms;

  test("resends a throttled read with growing full-jitter backoff, then succeeds", async () => {
    const rt = virtualRuntime();
    const throttled = cloudError({ code: "Throttling.User", httpStatus: 400 });
    const f = failing(throttled, throttled, throttled);
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 60_000), mutation: false })).resolves.toBe("ok");
    expect(f.calls()).toBe(4);
    expect(rt.sleeps).toHaveLength(3);
    // Throttling backs off from 1 s, doubling, full jitter: each wait within [0, 1000 * 2^n].
    rt.sleeps.forEach((ms, n) => expect(ms).toBeLessThanOrEqual(1000 * 2 ** n));
  });

  test.each(["Rejected.Throttling", "LimitExceeded.ActionLimited", "RequestLimitExceeded.UinLimitExceeded"])("%s backs off as throttling (1 s base)", async (code) => {
    const rt = virtualRuntime(3);
    const f = failing(...Array.from({ length: 4 }, () => cloudError({ code, httpStatus: 400 })));
    await callWithRetry(f.call, { runtime: rt, deadline: rt.now() + 600_000, mutation: false });
    const plain = virtualRuntime(3);
    const g = failing(...Array.from({ length: 4 }, () => cloudError({ code: "ServiceUnavailable", httpStatus: 503 })));
    await callWithRetry(g.call, { runtime: plain, deadline: plain.now() + 600_000, mutation: false });
    // Same random draws, so throttling waits are exactly 5x the 200 ms-base waits.
    expect(rt.sleeps.map((ms) => Math.round(ms / 5))).toEqual(plain.sleeps);
  });

  test("a read rides out an 8 s outage (resets, 5xx) until it answers: no attempt cap", async () => {
    const rt = virtualRuntime();
    const outage = (n: number) =>
      n % 2 ? cloudError({ code: "ECONNRESET", httpStatus: undefined, ambiguous: true }) : cloudError({ code: "ServiceUnavailable", httpStatus: 503, ambiguous: true });
    let calls = 0;
    const started = rt.now();
    const call = async () => {
      calls++;
      if (rt.now() - started < 8_000) throw outage(calls);
      return "ok";
    };
    await expect(callWithRetry(call, { runtime: rt, deadline: deadlineIn(rt, 600_000), mutation: false })).resolves.toBe("ok");
    expect(rt.elapsed()).toBeGreaterThanOrEqual(8_000);
    expect(calls).toBeGreaterThan(5);
  });

  test("a read keeps retrying until the deadline, then throws the last error", async () => {
    const rt = virtualRuntime();
    const f = failing(...Array.from({ length: 1000 }, () => cloudError({ code: "ServiceUnavailable", httpStatus: 503 })));
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 120_000), mutation: false }))
      .rejects.toMatchObject({ code: "ServiceUnavailable", httpStatus: 503 });
    expect(rt.elapsed()).toBeLessThanOrEqual(120_000);
    // Capped at 20 s a wait, so the last attempt is within one cap of the deadline.
    expect(rt.elapsed()).toBeGreaterThan(100_000);
  });

  test("a Tencent InternalError (fatal for a change) is retried on a read", async () => {
    const rt = virtualRuntime();
    const internal = cloudError({ cloud: "tencentcloud", service: "vpc", action: "DescribeVpcTaskResult", code: "InternalError", httpStatus: undefined, retryClass: "fatal" });
    const f = failing(internal, internal);
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 60_000), mutation: false })).resolves.toBe("ok");
    expect(f.calls()).toBe(3);
    const g = failing(internal);
    await expect(callWithRetry(g.call, { runtime: rt, deadline: deadlineIn(rt, 60_000), mutation: true })).rejects.toMatchObject({ code: "InternalError" });
    expect(g.calls()).toBe(1);
  });

  test("a throttled mutation is resent until the deadline with the throttling backoff", async () => {
    const rt = virtualRuntime();
    const f = failing(...Array.from({ length: 1000 }, () => cloudError({ code: "RequestLimitExceeded", httpStatus: undefined, cloud: "tencentcloud" })));
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 300_000), mutation: true })).rejects.toMatchObject({ code: "RequestLimitExceeded" });
    expect(f.calls()).toBeGreaterThan(10);
    expect(rt.elapsed()).toBeGreaterThan(250_000);
  });

  test("never blindly resends a mutation whose response was lost", async () => {
    const rt = virtualRuntime();
    const f = failing(cloudError({ code: "ECONNRESET", httpStatus: undefined, ambiguous: true }));
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 60_000), mutation: true }))
      .rejects.toMatchObject({ code: "ECONNRESET", ambiguous: true });
    expect(f.calls()).toBe(1);
  });

  test("resends a throttled mutation: the cloud did not apply it", async () => {
    const rt = virtualRuntime();
    const f = failing(cloudError({ code: "Throttling", httpStatus: 400, ambiguous: false }));
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 60_000), mutation: true })).resolves.toBe("ok");
    expect(f.calls()).toBe(2);
  });

  test("waits out a state conflict until the deadline, then throws it", async () => {
    const rt = virtualRuntime();
    const locked = () => cloudError({ code: "InvalidStatus.InstanceLocked", httpStatus: 403, retryClass: "conflict" });
    const f = failing(...Array.from({ length: 100 }, locked));
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 30_000), mutation: true }))
      .rejects.toMatchObject({ code: "InvalidStatus.InstanceLocked", httpStatus: 403 });
    expect(rt.elapsed()).toBeLessThanOrEqual(30_000);
    expect(f.calls()).toBeGreaterThan(3);
    // Conflict waits have a floor so we do not hammer a busy resource.
    rt.sleeps.forEach((ms) => expect(ms).toBeGreaterThanOrEqual(500));
  });

  test("throws fatal and not-found errors at once", async () => {
    for (const retryClass of ["fatal", "notFound"] as const) {
      const rt = virtualRuntime();
      const f = failing(cloudError({ code: "X", httpStatus: 400, retryClass }));
      await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 60_000), mutation: false })).rejects.toMatchObject({ code: "X" });
      expect(f.calls()).toBe(1);
      expect(rt.sleeps).toEqual([]);
    }
  });

  test("repeats exactly with the same random seed", async () => {
    const run = async () => {
      const rt = virtualRuntime(7);
      const errors = Array.from({ length: 3 }, () => cloudError({ code: "Throttling", httpStatus: 400 }));
      await callWithRetry(failing(...errors).call, { runtime: rt, deadline: rt.now() + 60_000, mutation: false });
      return rt.sleeps;
    };
    expect(await run()).toEqual(await run());
  });
});

describe("mutateSafely", () => {
  const lost = () => cloudError({ code: "ECONNRESET", httpStatus: undefined, ambiguous: true });

  test("a lost response that the re-read shows applied is not resent", async () => {
    const rt = virtualRuntime();
    const send = failing(lost());
    let observed = 0;
    const outcome = await mutateSafely(
      { send: send.call, observe: async () => { observed++; return "applied"; } },
      { runtime: rt, deadline: rt.now() + 60_000 },
    );
    expect(outcome).toEqual({ kind: "recovered", observed: "applied" });
    expect(send.calls()).toBe(1);
    expect(observed).toBe(1);
  });

  test("a lost response that the re-read shows not applied is resent once", async () => {
    const rt = virtualRuntime();
    const send = failing(lost());
    const outcome = await mutateSafely({ send: send.call, observe: async () => "notApplied" }, { runtime: rt, deadline: rt.now() + 60_000 });
    expect(outcome).toEqual({ kind: "answered", response: "ok" });
    expect(send.calls()).toBe(2);
  });

  test("after the last resend a final read decides: not applied -> the lost-response error stands", async () => {
    const rt = virtualRuntime();
    const send = failing(lost(), lost(), lost(), lost());
    let observed = 0;
    await expect(mutateSafely({ send: send.call, observe: async () => { observed++; return "notApplied"; }, maxResends: 2 }, { runtime: rt, deadline: rt.now() + 60_000 }))
      .rejects.toMatchObject({ code: "ECONNRESET" });
    expect(send.calls()).toBe(3);
    // Before each of the two resends, and the final one.
    expect(observed).toBe(3);
  });

  test("lost answers the re-reads prove did not land are resent up to six times, each after a growing backoff", async () => {
    const rt = virtualRuntime();
    const send = failing(lost(), lost(), lost(), lost(), lost());
    let observed = 0;
    const outcome = await mutateSafely({ send: send.call, observe: async () => { observed++; return "notApplied"; } }, { runtime: rt, deadline: rt.now() + 60_000 });
    expect(outcome).toEqual({ kind: "answered", response: "ok" });
    expect(send.calls()).toBe(6);
    expect(observed).toBe(5);
    // Full jitter over the transient backoff: the n-th wait is at most 200 ms * 2^n.
    expect(rt.sleeps).toHaveLength(5);
    rt.sleeps.forEach((ms, n) => expect(ms).toBeLessThanOrEqual(200 * 2 ** n));

    const always = failing(...Array.from({ length: 20 }, lost));
    await expect(mutateSafely({ send: always.call, observe: async () => "notApplied" }, { runtime: virtualRuntime(), deadline: rt.now() + 600_000 }))
      .rejects.toMatchObject({ code: "ECONNRESET" });
    expect(always.calls()).toBe(7);
  });

  test("hidden while in progress: the resends go on past maxResends until the read shows the change", async () => {
    const rt = virtualRuntime();
    const send = failing(...Array.from({ length: 12 }, lost));
    let reads = 0;
    const outcome = await mutateSafely(
      { send: send.call, observe: async () => (++reads > 10 ? "applied" : "notApplied"), hiddenWhileInProgress: true },
      { runtime: rt, deadline: rt.now() + 600_000 },
    );
    expect(outcome).toEqual({ kind: "recovered", observed: "applied" });
    expect(send.calls()).toBe(11);
  });

  test("three lost answers, the last one after the cloud applied it: the final read recovers", async () => {
    const rt = virtualRuntime();
    const send = failing(lost(), lost(), lost());
    const reads: Array<"applied" | "notApplied"> = ["notApplied", "notApplied", "applied"];
    const outcome = await mutateSafely({ send: send.call, observe: async () => reads.shift()! }, { runtime: rt, deadline: rt.now() + 60_000 });
    expect(outcome).toEqual({ kind: "recovered", observed: "applied" });
    expect(send.calls()).toBe(3);
  });

  test("a final read that fails until the deadline is an UnconfirmedChangeError carrying both errors", async () => {
    const rt = virtualRuntime();
    const send = failing(lost(), lost(), lost());
    let reads = 0;
    const observe = async (): Promise<"notApplied"> => {
      if (++reads <= 2) return "notApplied";
      throw cloudError({ code: "ServiceUnavailable", httpStatus: 503, ambiguous: true, action: "DescribeClassicLinkInstances" });
    };
    const error: any = await mutateSafely({ send: send.call, observe }, { runtime: rt, deadline: rt.now() + 60_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.lostAnswer).toMatchObject({ code: "ECONNRESET" });
    expect(error.readError).toMatchObject({ code: "ServiceUnavailable", httpStatus: 503 });
    expect(reads).toBeGreaterThan(3);
    expect(rt.elapsed()).toBeLessThanOrEqual(60_000);
  });

  test("conflicts only, then the read before a resend fails until the deadline: the read's error, no UnconfirmedChangeError", async () => {
    const rt = virtualRuntime();
    const send = failing(...Array.from({ length: 50 }, () => cloudError({ code: "ActionLocked", httpStatus: undefined, retryClass: "conflict" })));
    const readError = cloudError({ code: "ServiceUnavailable", httpStatus: 503, action: "DescribeNetworkInterfaces" });
    const error = await mutateSafely({ send: send.call, observe: async () => { throw readError; } }, { runtime: rt, deadline: rt.now() + 30_000 }).catch((e) => e);
    expect(error).not.toBeInstanceOf(UnconfirmedChangeError);
    expect(error).toMatchObject({ code: "ServiceUnavailable", httpStatus: 503 });
    expect(send.calls()).toBe(1);
  });

  test("a Tencent InternalError on a change is treated as a lost answer: read before any resend", async () => {
    const rt = virtualRuntime();
    const internal = cloudError({ cloud: "tencentcloud", service: "vpc", action: "AttachNetworkInterface", code: "InternalError", httpStatus: undefined, retryClass: "fatal" });
    const send = failing(internal);
    const reads: Array<"applied" | "notApplied"> = ["applied"];
    const outcome = await mutateSafely({ send: send.call, observe: async () => reads.shift()! }, { runtime: rt, deadline: rt.now() + 60_000 });
    expect(outcome).toEqual({ kind: "recovered", observed: "applied" });
    expect(send.calls()).toBe(1);
  });

  test("a fatal answer to a resend after a lost answer is followed by a final read", async () => {
    const rt = virtualRuntime();
    const send = failing(lost(), cloudError({ code: "Abs.InvalidInstanceId.MalFormed", httpStatus: 400, retryClass: "fatal" }));
    const reads: Array<"applied" | "notApplied"> = ["notApplied", "applied"];
    const outcome = await mutateSafely({ send: send.call, observe: async () => reads.shift()! }, { runtime: rt, deadline: rt.now() + 60_000 });
    expect(outcome).toEqual({ kind: "recovered", observed: "applied" });
  });

  test("an observe that throws a StateError fails at once (a conflict waiting cannot resolve)", async () => {
    const rt = virtualRuntime();
    const send = failing(...Array.from({ length: 50 }, () => cloudError({ code: "InvalidOperation.InvalidEniState", httpStatus: 400, retryClass: "conflict" })));
    const verdict = new StateError("ENI eni-1 is attached to i-2");
    await expect(mutateSafely({ send: send.call, observe: async () => { throw verdict; } }, { runtime: rt, deadline: rt.now() + 600_000 })).rejects.toBe(verdict);
    expect(send.calls()).toBe(1);
    expect(rt.elapsed()).toBeLessThan(5_000);
  });

  test("errors that are not ambiguous are not re-read", async () => {
    const rt = virtualRuntime();
    let observed = 0;
    const send = failing(cloudError({ code: "OperationDenied", httpStatus: 403, retryClass: "fatal" }));
    await expect(mutateSafely({ send: send.call, observe: async () => { observed++; return "applied"; } }, { runtime: rt, deadline: rt.now() + 60_000 }))
      .rejects.toMatchObject({ code: "OperationDenied", httpStatus: 403 });
    expect(observed).toBe(0);
  });
});

describe("mutateSafely when a lost request lands late", () => {
  test("a conflict on the resend is re-read, not retried blindly until the deadline", async () => {
    const rt = virtualRuntime();
    // The first attach times out but lands; the resend is refused because the ENI is now InUse.
    const send = failing(
      cloudError({ code: "TIMEOUT", httpStatus: undefined, ambiguous: true }),
      ...Array.from({ length: 50 }, () => cloudError({ code: "InvalidOperation.InvalidEniState", httpStatus: 400, retryClass: "conflict" })),
    );
    const reads: Array<"applied" | "notApplied"> = ["notApplied", "applied"];
    const outcome = await mutateSafely({ send: send.call, observe: async () => reads.shift() ?? "applied" }, { runtime: rt, deadline: rt.now() + 600_000 });
    expect(outcome).toEqual({ kind: "recovered", observed: "applied" });
    expect(send.calls()).toBe(2);
    expect(rt.elapsed()).toBeLessThan(10_000);
  });

  test("a conflict retry re-reads first: a change someone else finished is adopted", async () => {
    const rt = virtualRuntime();
    const send = failing(cloudError({ code: "ActionLocked", httpStatus: undefined, retryClass: "conflict" }));
    const outcome = await mutateSafely({ send: send.call, observe: async () => "inProgress" }, { runtime: rt, deadline: rt.now() + 60_000 });
    expect(outcome).toEqual({ kind: "recovered", observed: "inProgress" });
    expect(send.calls()).toBe(1);
  });
});
