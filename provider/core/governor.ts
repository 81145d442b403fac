// One rate governor per provider process. Pulumi runs a single provider process for every
// dynamic resource of a stack, so pacing here paces the whole stack: every request of one cloud,
// account, region and action shares one sliding window, preset to the cloud's documented limit.
//
// - Sliding window of send times (not a token bucket): a client-side sliding window that never
//   exceeds L calls in any window of W ms also never exceeds L in the cloud's fixed windows
//   (Alibaba blocks a caller until the next minute), and it allows the cloud's full burst.
// - Adaptive: a throttle answer means the real limit is lower than we think (other callers share
//   the account, or a quota was lowered). The allowed rate halves (down to a floor), the key
//   pauses for a while, and the rate recovers linearly back to the preset over `recoveryMs`.
// - Keys hold a hash of the access key id, never the id itself, so nothing here can leak it.

import { createHash } from "node:crypto";
import { ConfigurationError } from "./credentials";
import { isCloudError } from "./errors";
import { Runtime, realRuntime } from "./runtime";
import { lookup, ProviderSettings } from "./settings";

export type CloudName = "alicloud" | "tencentcloud";

export interface RateLimit {
  /** Calls allowed in any window of `windowMs`. */
  limit: number;
  windowMs: number;
}

/** One override: the first rule that matches a call wins (cloud and action optional). */
export interface RateLimitRule extends RateLimit {
  cloud?: CloudName;
  action?: string;
}

/** Slack added to every window: requests sent a window apart may arrive a little less apart. */
export const WINDOW_GUARD_MS = 30;

const PER_SECOND = (limit: number): RateLimit => ({ limit, windowMs: 1_000 });
const PER_MINUTE = (limit: number): RateLimit => ({ limit, windowMs: 60_000 });

/**
 * Tencent: each action's "默认接口请求频率限制" on its API 3.0 page (cloud.tencent.com, checked
 * 2026-12-03; README, "Fleets"). Where the international site (tencentcloud.com) gives a higher
 * figure (100/s for the link and ENI changes and DescribeClassicLinkInstances), the lower one is
 * kept: pacing below a limit costs a little throughput, above it costs throttle answers. Actions
 * we do not call get 20/s, the tightest figure on those pages (our choice). Alibaba: the
 * presets are our choice (per-account quotas in per-minute windows, README, "Rate limits").
 */
export const DOCUMENTED_LIMITS: Record<CloudName, Record<string, RateLimit> & { "*": RateLimit }> = {
  tencentcloud: {
    AttachClassicLinkVpc: PER_SECOND(50),
    DetachClassicLinkVpc: PER_SECOND(50),
    AttachNetworkInterface: PER_SECOND(50),
    DetachNetworkInterface: PER_SECOND(50),
    DescribeClassicLinkInstances: PER_SECOND(50),
    DescribeVpcTaskResult: PER_SECOND(20),
    DescribeNetworkInterfaces: PER_SECOND(100),
    DescribeVpcs: PER_SECOND(100),
    DescribeInstances: PER_SECOND(40),
    "*": PER_SECOND(20),
  },
  alicloud: {
    AttachClassicLinkVpc: PER_MINUTE(600),
    DetachClassicLinkVpc: PER_MINUTE(600),
    AttachNetworkInterface: PER_MINUTE(600),
    DetachNetworkInterface: PER_MINUTE(600),
    DescribeClassicLinkInstances: PER_MINUTE(1_200),
    DescribeInstances: PER_MINUTE(1_200),
    DescribeNetworkInterfaces: PER_MINUTE(1_200),
    DescribeVpcAttribute: PER_MINUTE(1_200),
    EnableVpcClassicLink: PER_MINUTE(120),
    DisableVpcClassicLink: PER_MINUTE(120),
    "*": PER_MINUTE(600),
  },
};

export interface CallKey {
  cloud: CloudName;
  /** The access key id / secret id: hashed here, never kept or logged. */
  account: string;
  region: string;
  action: string;
}

export interface GovernorOptions {
  runtime?: Runtime;
  overrides?: RateLimitRule[];
  /** The slowest the adaptive rate goes, as a share of the preset. */
  floor?: number;
  /** Time to climb from the floor back to the preset after the last throttle answer. */
  recoveryMs?: number;
}

interface Lane {
  preset: RateLimit;
  /** Send times within the current window, oldest first. */
  sent: number[];
  /** Share of the preset allowed now, right after the last throttle. */
  share: number;
  throttledAt?: number;
  pausedUntil: number;
  /** Callers waiting for a slot, in arrival order. */
  queue: Array<() => void>;
  pumping: boolean;
  stats: LaneStats;
}

export interface LaneStats {
  sent: number;
  throttled: number;
}

export class RateGovernor {
  private readonly lanes = new Map<string, Lane>();
  readonly runtime: Runtime;
  private readonly floor: number;
  private readonly recoveryMs: number;
  private overrides: RateLimitRule[];
  readonly stats = new Map<string, LaneStats>();

  constructor(options: GovernorOptions = {}) {
    this.runtime = options.runtime ?? realRuntime;
    this.overrides = options.overrides ?? [];
    this.floor = options.floor ?? 0.1;
    this.recoveryMs = options.recoveryMs ?? 30_000;
  }

  /** Replaces the stack-config overrides; lanes already open keep their counts and take the new limit. */
  setOverrides(rules: RateLimitRule[]): void {
    if (JSON.stringify(rules) === JSON.stringify(this.overrides)) return;
    this.overrides = rules;
    for (const [key, lane] of this.lanes) lane.preset = this.limitFor(parseLaneKey(key));
  }

  limitFor(key: Pick<CallKey, "cloud" | "action">): RateLimit {
    const rule = this.overrides.find((r) => (!r.cloud || r.cloud === key.cloud) && (!r.action || r.action === key.action));
    if (rule) return { limit: rule.limit, windowMs: rule.windowMs };
    const table = DOCUMENTED_LIMITS[key.cloud];
    return table[key.action] ?? table["*"];
  }

  /** Resolves when a call under `key` may be sent; the send is counted at that moment. */
  acquire(key: CallKey): Promise<void> {
    const lane = this.lane(key);
    return new Promise((resolve) => {
      lane.queue.push(resolve);
      void this.pump(lane);
    });
  }

  now(): number {
    return this.runtime.now();
  }

  /** Resolves once a call under `key` could go out at once (nobody queued, room in the window); takes no slot. */
  async room(key: CallKey): Promise<void> {
    const lane = this.lane(key);
    for (;;) {
      const now = this.runtime.now();
      const wait = lane.queue.length > 0 ? 5 : this.waitFor(lane, now);
      if (wait <= 0) return;
      await this.runtime.sleep(wait);
    }
  }

  /** The cloud answered "too many requests": slow this key down. Returns the pause, in ms. */
  throttled(key: CallKey): number {
    const lane = this.lane(key);
    const now = this.runtime.now();
    lane.share = Math.max(this.floor, this.currentShare(lane, now) / 2);
    lane.throttledAt = now;
    // Alibaba blocks a caller until its minute is over; Tencent's windows are a second.
    lane.pausedUntil = Math.max(lane.pausedUntil, now + Math.min(lane.preset.windowMs, 5_000));
    this.count(key).throttled++;
    return lane.pausedUntil - now;
  }

  /** The allowed calls per window for `key` now (for tests and the bench). */
  allowed(key: CallKey): number {
    const lane = this.lane(key);
    return this.allowedNow(lane, this.runtime.now());
  }

  private allowedNow(lane: Lane, now: number): number {
    return Math.max(1, Math.floor(lane.preset.limit * this.currentShare(lane, now)));
  }

  private currentShare(lane: Lane, now: number): number {
    if (lane.throttledAt === undefined) return 1;
    const recovered = (now - lane.throttledAt) / this.recoveryMs;
    return Math.min(1, lane.share + recovered * (1 - lane.share));
  }

  private async pump(lane: Lane): Promise<void> {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      while (lane.queue.length > 0) {
        const now = this.runtime.now();
        const wait = this.waitFor(lane, now);
        if (wait > 0) {
          await this.runtime.sleep(wait);
          continue;
        }
        lane.sent.push(now);
        lane.stats.sent++;
        lane.queue.shift()!();
      }
    } finally {
      lane.pumping = false;
    }
  }

  /** ms until the next send is allowed: after a pause, and when the window is full, until its oldest send leaves. */
  private waitFor(lane: Lane, now: number): number {
    while (lane.sent.length > 0 && lane.sent[0] <= now - lane.preset.windowMs - WINDOW_GUARD_MS) lane.sent.shift();
    if (lane.pausedUntil > now) return lane.pausedUntil - now;
    const allowed = this.allowedNow(lane, now);
    // Recovering from a throttle answer: sends are spaced evenly, so the callers held during the
    // pause (resent at once by the retry layer) do not go out as one burst the cloud throttles again.
    if (this.currentShare(lane, now) < 1 && lane.sent.length > 0) {
      const next = lane.sent[lane.sent.length - 1] + lane.preset.windowMs / allowed;
      if (next > now) return Math.max(1, Math.ceil(next - now));
    }
    if (lane.sent.length < allowed) return 0;
    // The slot frees when the send `allowed` places back leaves the window (plus a guard: the
    // cloud counts arrivals, and two requests' network delays differ).
    return Math.max(1, lane.sent[lane.sent.length - allowed] + lane.preset.windowMs + WINDOW_GUARD_MS - now);
  }

  private lane(key: CallKey): Lane {
    const id = laneKey(key);
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { preset: this.limitFor(key), sent: [], share: 1, pausedUntil: 0, queue: [], pumping: false, stats: this.count(key) };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  /** Counts per cloud and action (no account, no region), for the bench and logs. */
  count(key: Pick<CallKey, "cloud" | "action">): LaneStats {
    const id = `${key.cloud}:${key.action}`;
    let stats = this.stats.get(id);
    if (!stats) this.stats.set(id, (stats = { sent: 0, throttled: 0 }));
    return stats;
  }
}

export function accountTag(account: string): string {
  return createHash("sha256").update(account).digest("hex").slice(0, 16);
}

function laneKey(key: CallKey): string {
  return [key.cloud, accountTag(key.account), key.region, key.action].join("|");
}

function parseLaneKey(id: string): Pick<CallKey, "cloud" | "action"> {
  const [cloud, , , action] = id.split("|");
  return { cloud: cloud as CloudName, action };
}

const governors = new WeakMap<Runtime, RateGovernor>();

/**
 * The provider process's governor: one per clock, so one in the provider (every call uses the
 * real clock). Tests that drive a virtual clock get a governor on that clock, whose waits are as
 * virtual as theirs.
 */
export function governor(runtime: Runtime = realRuntime): RateGovernor {
  let gov = governors.get(runtime);
  if (!gov) governors.set(runtime, (gov = new RateGovernor({ runtime })));
  return gov;
}

/**
 * The overrides from stack config `netattach:rateLimits` (or NETATTACH_RATE_LIMITS): a JSON list of
 * `{cloud?, action?, limit, windowMs?}`; `windowMs` defaults to the preset's window for that cloud
 * (1 s Tencent, 60 s Alibaba). A bad value is a ConfigurationError naming the key.
 */
export function rateLimitOverrides(settings: ProviderSettings): RateLimitRule[] {
  const text = lookup(settings, ["netattach:rateLimits"], ["NETATTACH_RATE_LIMITS"]);
  if (!text) return [];
  const fail = (why: string): never => {
    throw new ConfigurationError(`netattach:rateLimits (or NETATTACH_RATE_LIMITS) ${why}; expected a JSON list like [{"cloud":"tencentcloud","action":"DescribeVpcTaskResult","limit":10,"windowMs":1000}]`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail("is not JSON");
  }
  if (!Array.isArray(parsed)) return fail("is not a list");
  return parsed.map((rule, i): RateLimitRule => {
    if (typeof rule !== "object" || rule === null) return fail(`item ${i} is not an object`);
    const { cloud, action, limit, windowMs } = rule as Record<string, unknown>;
    if (cloud !== undefined && cloud !== "alicloud" && cloud !== "tencentcloud") return fail(`item ${i}: cloud must be "alicloud" or "tencentcloud"`);
    if (action !== undefined && typeof action !== "string") return fail(`item ${i}: action must be a string`);
    if (typeof limit !== "number" || !(limit >= 1)) return fail(`item ${i}: limit must be a number >= 1`);
    if (windowMs !== undefined && (typeof windowMs !== "number" || !(windowMs >= 1))) return fail(`item ${i}: windowMs must be a number >= 1`);
    const window = (windowMs as number | undefined) ?? (cloud === "alicloud" ? 60_000 : 1_000);
    return { ...(cloud ? { cloud } : {}), ...(action ? { action } : {}), limit: Math.floor(limit), windowMs: window } as RateLimitRule;
  });
}

/** Throttle answers: Alibaba Throttling*, Tencent RequestLimitExceeded* / LimitExceeded.ActionLimited, HTTP 429. */
export function isThrottleAnswer(error: unknown): boolean {
  return isCloudError(error) && (error.httpStatus === 429 || /^(Throttling|Rejected\.Throttling|RequestLimitExceeded)|^LimitExceeded\.ActionLimited$/.test(error.code));
}

/**
 * Sends one request through the governor: it waits for its slot, and a throttle answer slows the
 * key down (and pauses it) for every caller of the process before it goes back to the caller.
 * Waiting the throttle out is the retry layer's (core/retry.ts): a throttle answer proves the
 * request was not processed, so reads and changes alike are sent again until the deadline, each
 * time through the governor.
 */
export async function governed<T>(key: CallKey, send: () => Promise<T>, gov: RateGovernor): Promise<T> {
  await gov.acquire(key);
  try {
    return await send();
  } catch (error) {
    if (isThrottleAnswer(error)) {
      const pause = gov.throttled(key);
      if (typeof error === "object" && error !== null) heldBack.set(error, { until: gov.now() + pause, runtime: gov.runtime });
    }
    throw error;
  }
}

/** Throttle answers that came through a governor, and until when it holds their key back. */
const heldBack = new WeakMap<object, { until: number; runtime: Runtime }>();

/**
 * Until when the governor holds back the key of this throttle answer (undefined when the answer
 * did not come through a governor). The retry layer resends such a request at once: the governor
 * makes it wait out the pause, so the request does not wait twice (a backoff, then the pause).
 */
export function governorHoldsUntil(error: unknown, runtime: Runtime): number | undefined {
  const held = typeof error === "object" && error !== null ? heldBack.get(error) : undefined;
  // A time on another clock means nothing here: the caller then waits its own backoff.
  return held && held.runtime === runtime ? held.until : undefined;
}
