import { CloudError, CloudErrorFields } from "../../provider/core/errors";
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

  test("gives up after the bounded number of transient attempts and throws the last error", async () => {
    const rt = virtualRuntime();
    const errors = Array.from({ length: 10 }, () => cloudError({ code: "ServiceUnavailable", httpStatus: 503 }));
    const f = failing(...errors);
    await expect(callWithRetry(f.call, { runtime: rt, deadline: deadlineIn(rt, 600_000), mutation: false, maxTransientAttempts: 4 }))
      .rejects.toMatchObject({ code: "ServiceUnavailable", httpStatus: 503 });
    expect(f.calls()).toBe(4);
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

  test("stops resending after maxResends and surfaces the lost-response error", async () => {
    const rt = virtualRuntime();
    const send = failing(lost(), lost(), lost(), lost());
    await expect(mutateSafely({ send: send.call, observe: async () => "notApplied", maxResends: 2 }, { runtime: rt, deadline: rt.now() + 60_000 }))
      .rejects.toMatchObject({ code: "ECONNRESET" });
    expect(send.calls()).toBe(3);
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
