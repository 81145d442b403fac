import { CloudError } from "../../provider/core/errors";
import { ConfigurationError } from "../../provider/core/credentials";
import { CallKey, DOCUMENTED_LIMITS, WINDOW_GUARD_MS, governed, isThrottleAnswer, RateGovernor, rateLimitOverrides } from "../../provider/core/governor";
import { callWithRetry } from "../../provider/core/retry";
import { virtualRuntime as baseRuntime } from "../helpers/runtime";

/** A virtual clock whose sleeps let every ready callback run before time moves (so release times read true). */
function virtualRuntime() {
  const rt = baseRuntime();
  const sleep = rt.sleep.bind(rt);
  rt.sleep = async (ms: number) => {
    await new Promise((resolve) => setImmediate(resolve));
    await sleep(ms);
  };
  return rt;
}

const key = (action: string, extra: Partial<CallKey> = {}): CallKey => ({ cloud: "tencentcloud", account: "AKIDsecret", region: "ap-guangzhou", action, ...extra });

/** Sends `n` calls at once through the governor; answers the virtual time each was let through. */
async function sendTimes(gov: RateGovernor, rt: ReturnType<typeof virtualRuntime>, k: CallKey, n: number): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => gov.acquire(k).then(() => rt.elapsed())));
}

const throttle = (code: string) => new CloudError({ cloud: "tencentcloud", service: "vpc", action: "DescribeVpcTaskResult", code, retryClass: "transient", ambiguous: false, cloudMessage: "" });

describe("RateGovernor", () => {
  test("presets are the documented Tencent limits (cloud.tencent.com pages: changes and link lookups 50/s, DescribeVpcTaskResult 20/s, DescribeInstances 40/s, DescribeNetworkInterfaces and DescribeVpcs 100/s) and per-minute Alibaba windows", () => {
    const gov = new RateGovernor({ runtime: virtualRuntime() });
    expect(gov.limitFor({ cloud: "tencentcloud", action: "DescribeVpcTaskResult" })).toEqual({ limit: 20, windowMs: 1_000 });
    for (const action of ["AttachClassicLinkVpc", "DetachClassicLinkVpc", "AttachNetworkInterface", "DetachNetworkInterface", "DescribeClassicLinkInstances"]) {
      expect(gov.limitFor({ cloud: "tencentcloud", action })).toEqual({ limit: 50, windowMs: 1_000 });
    }
    expect(gov.limitFor({ cloud: "tencentcloud", action: "DescribeInstances" }).limit).toBe(40);
    for (const action of ["DescribeNetworkInterfaces", "DescribeVpcs"]) expect(gov.limitFor({ cloud: "tencentcloud", action }).limit).toBe(100);
    expect(gov.limitFor({ cloud: "tencentcloud", action: "SomethingNew" }).limit).toBe(20);
    expect(gov.limitFor({ cloud: "alicloud", action: "AttachClassicLinkVpc" }).windowMs).toBe(60_000);
    expect(gov.limitFor({ cloud: "alicloud", action: "SomethingNew" })).toEqual(DOCUMENTED_LIMITS.alicloud["*"]);
  });

  test("never lets more than the limit through in any window: 45 calls at 20/s go out in about two seconds, a burst of 20 at once", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    const times = await sendTimes(gov, rt, key("DescribeVpcTaskResult"), 45);
    expect(times.filter((t) => t === 0)).toHaveLength(20);
    for (let i = 20; i < times.length; i++) expect(times[i] - times[i - 20]).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...times)).toBe(2 * (1_000 + WINDOW_GUARD_MS));
  });

  test("room() waits for a full window to drain, takes no slot, and sees old sends leave the window", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    const k = key("DescribeVpcTaskResult");
    await sendTimes(gov, rt, k, 20);
    const before = rt.elapsed();
    await gov.room(k);
    expect(rt.elapsed() - before).toBe(1_000 + WINDOW_GUARD_MS);
    await rt.sleep(5_000);
    const idle = rt.elapsed();
    await gov.room(k);
    expect(rt.elapsed()).toBe(idle);
    expect(gov.stats.get("tencentcloud:DescribeVpcTaskResult")?.sent).toBe(20);
  });

  test("keys are separate per cloud, account, region and action", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    const results = await Promise.all([
      sendTimes(gov, rt, key("DescribeVpcTaskResult"), 20),
      sendTimes(gov, rt, key("DescribeVpcTaskResult", { account: "AKIDother" }), 20),
      sendTimes(gov, rt, key("DescribeVpcTaskResult", { region: "ap-shanghai" }), 20),
      sendTimes(gov, rt, key("AttachNetworkInterface"), 20),
    ]);
    for (const times of results) expect(Math.max(...times)).toBe(0);
  });

  test("a throttle answer halves the allowed rate and pauses the key; the rate recovers gradually to the preset", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt, recoveryMs: 30_000 });
    const k = key("DescribeVpcTaskResult");
    expect(gov.allowed(k)).toBe(20);
    const pause = gov.throttled(k);
    expect(pause).toBe(1_000);
    expect(gov.allowed(k)).toBe(10);
    gov.throttled(k);
    expect(gov.allowed(k)).toBe(5);
    const before = rt.elapsed();
    await gov.acquire(k);
    expect(rt.elapsed() - before).toBe(1_000); // the pause
    await rt.sleep(15_000);
    const halfway = gov.allowed(k);
    expect(halfway).toBeGreaterThan(5);
    expect(halfway).toBeLessThan(20);
    await rt.sleep(15_000);
    expect(gov.allowed(k)).toBe(20);
    expect(gov.stats.get("tencentcloud:DescribeVpcTaskResult")).toEqual({ sent: 1, throttled: 2 });
  });

  test("never goes below the floor, and never below one call per window", () => {
    const gov = new RateGovernor({ runtime: virtualRuntime(), floor: 0.1 });
    const k = key("DescribeVpcTaskResult");
    for (let i = 0; i < 10; i++) gov.throttled(k);
    expect(gov.allowed(k)).toBe(2);
    const tiny = new RateGovernor({ runtime: virtualRuntime(), overrides: [{ action: "X", limit: 1, windowMs: 1_000 }] });
    for (let i = 0; i < 10; i++) tiny.throttled(key("X"));
    expect(tiny.allowed(key("X"))).toBe(1);
  });

  test("stack-config overrides win over presets (first matching rule), and apply to lanes already open", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    await gov.acquire(key("DescribeVpcTaskResult"));
    gov.setOverrides([{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", limit: 3, windowMs: 1_000 }, { cloud: "tencentcloud", limit: 7, windowMs: 1_000 }]);
    expect(gov.allowed(key("DescribeVpcTaskResult"))).toBe(3);
    expect(gov.allowed(key("AttachNetworkInterface"))).toBe(7);
    const times = await sendTimes(gov, rt, key("DescribeVpcTaskResult"), 4);
    expect(times).toEqual([0, 0, 1_000 + WINDOW_GUARD_MS, 1_000 + WINDOW_GUARD_MS]);
  });

  test("governed() slows the key down on a throttle answer and hands the answer back; with the retry layer, the request goes again until it passes", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    const k = key("DescribeVpcTaskResult");
    let n = 0;
    const send = async () => {
      if (++n <= 3) throw throttle("RequestLimitExceeded");
      return "ok";
    };
    const first = await governed(k, send, gov).catch((e) => e);
    expect(first).toMatchObject({ code: "RequestLimitExceeded" });
    expect(gov.allowed(k)).toBe(10);
    const answer = await callWithRetry(() => governed(k, send, gov), { runtime: rt, deadline: rt.now() + 60_000, mutation: true });
    expect(answer).toBe("ok");
    expect(n).toBe(4);
    expect(gov.stats.get("tencentcloud:DescribeVpcTaskResult")).toEqual({ sent: 4, throttled: 3 });
    const fatal = await governed(key("X"), async () => { throw throttle("InvalidParameter"); }, gov).catch((e) => e);
    expect(fatal.code).toBe("InvalidParameter");
    expect(gov.allowed(key("X"))).toBe(20);
  });

  test("a throttled request waits once: the governor's pause, not a retry backoff on top of it", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    const k = key("DescribeVpcTaskResult");
    const sentAt: number[] = [];
    const send = async () => {
      sentAt.push(rt.elapsed());
      if (sentAt.length <= 4) throw throttle("RequestLimitExceeded");
      return "ok";
    };
    expect(await callWithRetry(() => governed(k, send, gov), { runtime: rt, deadline: rt.now() + 60_000, mutation: false })).toBe("ok");
    // Paused for one window (1 s) after each throttle answer, and resent right when it ends (a
    // retry backoff of up to 2, 4, 8 s on top would push the later resends out).
    expect(sentAt).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    // Past the deadline, the pause is not waited: the throttle answer is the caller's.
    const again = new RateGovernor({ runtime: rt });
    const error = await callWithRetry(() => governed(k, async () => { throw throttle("RequestLimitExceeded"); }, again), { runtime: rt, deadline: rt.now() + 500, mutation: false }).catch((e) => e);
    expect(error).toMatchObject({ code: "RequestLimitExceeded" });
    expect(again.stats.get("tencentcloud:DescribeVpcTaskResult")).toEqual({ sent: 1, throttled: 1 });
  });

  test("a throttle answer from a governor on another clock is waited out with the caller's own backoff, on the caller's clock", async () => {
    const callerClock = virtualRuntime();
    const otherClock = virtualRuntime();
    const gov = new RateGovernor({ runtime: otherClock });
    const k = key("DescribeVpcTaskResult");
    let sends = 0;
    const send = async () => {
      if (++sends <= 2) throw throttle("RequestLimitExceeded");
      return "ok";
    };
    expect(await callWithRetry(() => governed(k, send, gov), { runtime: callerClock, deadline: callerClock.now() + 60_000, mutation: false })).toBe("ok");
    expect(sends).toBe(3);
    // The governor's pause is a time on its clock: the retry slept its throttle backoff on its own.
    expect(callerClock.sleeps.length).toBe(2);
  });

  test("after a throttle answer, the callers held during the pause go out evenly spaced, not as one burst", async () => {
    const rt = virtualRuntime();
    const gov = new RateGovernor({ runtime: rt });
    const k = key("DescribeVpcTaskResult");
    await gov.acquire(k);
    gov.throttled(k); // 20/s halves to 10/s, paused for 1 s
    const times = await sendTimes(gov, rt, k, 4);
    expect(times[0]).toBe(1_000);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(100);
  });

  test("throttle answers are recognised by code and status, never by text", () => {
    for (const code of ["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling", "RequestLimitExceeded", "RequestLimitExceeded.IPLimitExceeded", "LimitExceeded.ActionLimited"]) {
      expect(isThrottleAnswer(throttle(code))).toBe(true);
    }
    for (const code of ["LimitExceeded", "QuotaExceeded", "InvalidParameter"]) expect(isThrottleAnswer(throttle(code))).toBe(false);
    expect(isThrottleAnswer(new CloudError({ cloud: "alicloud", service: "ecs", action: "A", code: "HttpError", httpStatus: 429, retryClass: "transient", ambiguous: false, cloudMessage: "" }))).toBe(true);
  });

  test("netattach:rateLimits is read from stack config or environment and checked", () => {
    expect(rateLimitOverrides({ env: {}, config: { "netattach:rateLimits": '[{"cloud":"tencentcloud","action":"DescribeVpcTaskResult","limit":10}]' } }))
      .toEqual([{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", limit: 10, windowMs: 1_000 }]);
    expect(rateLimitOverrides({ env: { NETATTACH_RATE_LIMITS: '[{"cloud":"alicloud","limit":100}]' }, config: {} })).toEqual([{ cloud: "alicloud", limit: 100, windowMs: 60_000 }]);
    expect(rateLimitOverrides({ env: {}, config: {} })).toEqual([]);
    for (const bad of ["nope", "{}", '[{"limit":0}]', '[{"cloud":"aws","limit":1}]', '[{"limit":5,"windowMs":"1s"}]']) {
      expect(() => rateLimitOverrides({ env: {}, config: { "netattach:rateLimits": bad } })).toThrow(ConfigurationError);
    }
  });

  test("keys never hold the access key id", async () => {
    const gov = new RateGovernor({ runtime: virtualRuntime() });
    await gov.acquire(key("DescribeVpcs", { account: "AKIDverysecret" }));
    expect(JSON.stringify([...(gov as unknown as { lanes: Map<string, unknown> }).lanes.keys()])).not.toContain("AKIDverysecret");
  });
});
