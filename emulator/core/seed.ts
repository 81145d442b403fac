// The seed file format (the emulator's contract; see emulator/README.md). GET /__emulator/state
// returns this same shape, so a dump fed to POST /__emulator/reset rebuilds the same cloud.

import type { CloudName } from "./types";

export interface AccountSeed {
  name: string;
  alicloud?: { accessKeyId: string; accessKeySecret: string };
  tencentcloud?: { secretId: string; secretKey: string };
}

/** An in-flight transition, so transitional states survive a dump/reset round trip. */
export interface TransitionSeed {
  /** Status the resource settles to. */
  to: string;
  /** Emulator time (ms) the transition began. */
  startedAt: number;
  /** Describe calls that have returned the resource while in transition. */
  polls: number;
}

export interface InstanceSeed {
  instanceId: string;
  region: string;
  zone: string;
  networkType: "classic" | "vpc";
  status: string;
  vpcId?: string;
  account?: string;
  locked?: boolean;
  /** Most ENIs (primary included) this instance takes; default 3. */
  maxEnis?: number;
  /** Alibaba: the instance type, e.g. "ecs.g6.large" (default); shared and burstable families take an ENI only while Stopped. */
  instanceType?: string;
  /** Alibaba: network cards of the instance type (DescribeInstanceTypes NetworkCardQuantity); absent = no NetworkCardIndex support. */
  networkCardQuantity?: number;
  /** Alibaba: last start ("2017-12-10T04:04Z", as DescribeInstances StartTime); before 2018-04-01 a Running instance needs a reboot to take an ENI. */
  startTime?: string;
  transition?: TransitionSeed;
  [extra: string]: unknown;
}

export interface VpcSeed {
  vpcId: string;
  region: string;
  cidrBlock: string;
  classicLinkEnabled?: boolean;
  account?: string;
  /** Alibaba: "Available" (default) | "Pending". */
  status?: string;
  [extra: string]: unknown;
}

export interface ClassicLinkSeed {
  instanceId: string;
  vpcId: string;
  [extra: string]: unknown;
}

export interface NetworkInterfaceSeed {
  networkInterfaceId: string;
  region: string;
  zone: string;
  vpcId: string;
  /** Alibaba also "Trunk": an ENI other ENIs attach through (TrunkNetworkInstanceId). */
  type: "Primary" | "Secondary" | "Trunk";
  status: string;
  instanceId?: string;
  account?: string;
  /** Position on its instance while attached: 0 for the primary ENI, the lowest free from 1 for a secondary. */
  deviceIndex?: number;
  /** Alibaba, while attached: the NetworkCardIndex the attach asked for. */
  networkCardIndex?: number;
  /** Alibaba, while attached: the trunk ENI it was attached through. */
  trunkNetworkInterfaceId?: string;
  transition?: TransitionSeed;
  /**
   * Stays in its transitional status (Detaching) however much time passes, until the operation is
   * re-sent: the stuck detach of terraform-provider-alicloud#6436, which Alibaba's docs cure by
   * re-sending DetachNetworkInterface.
   */
  stuck?: boolean;
  [extra: string]: unknown;
}

/** The shape both clouds' sections share; each cloud may add fields. */
export interface CloudSeedSection {
  instances?: InstanceSeed[];
  vpcs?: VpcSeed[];
  classicLinks?: ClassicLinkSeed[];
  networkInterfaces?: NetworkInterfaceSeed[];
  [extra: string]: unknown;
}

export interface ClockSeed {
  mode: "immediate" | "polls" | "ms";
  polls?: number;
  ms?: number;
  /** How far emulator time runs ahead of wall time (moved by POST /__emulator/clock advanceMs). */
  offsetMs?: number;
}

/** Latency: one number for every action, or per action ("Action", "cloud:Action", "*"). */
export type LatencySeed = number | Record<string, number>;

export interface RateLimitSeed {
  cloud?: CloudName;
  action?: string;
  /** Calls allowed per window. */
  limit: number;
  /** Window length in emulator ms; default 1000. */
  windowMs?: number;
  /** Override the throttling answer (default: the cloud's own throttling code). */
  code?: string;
  status?: number;
}

export type FaultEffectSeed =
  | { type: "error"; code: string; status: number; message?: string }
  | { type: "reset" }
  | { type: "delay"; ms: number }
  | { type: "taskFailed"; output: string };

export interface FaultSeed {
  cloud?: CloudName;
  action?: string;
  /** 0..1, default 1; drawn from the seeded random source. */
  probability?: number;
  /** How many more times this rule fires; absent = unlimited. */
  count?: number;
  /** Default "before". A taskFailed rule takes only "before" (it fires when the task is created). */
  phase?: "before" | "after";
  effect: FaultEffectSeed;
}

export interface Seed {
  accounts: AccountSeed[];
  alicloud?: CloudSeedSection;
  tencentcloud?: CloudSeedSection;
  clock?: ClockSeed;
  latencyMs?: LatencySeed;
  rateLimits?: RateLimitSeed[];
  faults?: FaultSeed[];
  randomSeed?: number;
  [extra: string]: unknown;
}

/** A seed that does not follow the contract; the control API answers it with HTTP 400. */
export class SeedError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`seed ${path}: ${detail}`);
    this.name = "SeedError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function requireString(obj: Record<string, unknown>, key: string, path: string): void {
  if (typeof obj[key] !== "string" || obj[key] === "") throw new SeedError(`${path}.${key}`, "must be a non-empty string");
}

function optionalArray(obj: Record<string, unknown>, key: string, path: string): unknown[] {
  const v = obj[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SeedError(`${path}.${key}`, "must be an array");
  return v;
}

/** Bounds for the load knobs: a negative or absurd value is refused, naming the field. */
export const KNOB_LIMITS = {
  /** Latency and delay faults: real waits, so at most 10 minutes. */
  delayMs: 600_000,
  /** A transition under clock "ms", a rate-limit window: at most 30 days. */
  periodMs: 30 * 86_400_000,
  /** Clock "polls": at most a million Describe calls. */
  polls: 1_000_000,
  /** One POST clock {advanceMs}: at most 10 years. */
  advanceMs: 3650 * 86_400_000,
} as const;

/** A finite number within [min, max] (an integer when asked), or a SeedError naming the field. */
export function checkNumber(value: unknown, path: string, min: number, max: number, integer = false): number {
  const kind = integer ? "an integer" : "a number";
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new SeedError(path, `must be ${kind} within ${min}..${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function validateClock(v: unknown, path = "clock"): ClockSeed {
  if (!isObject(v)) throw new SeedError(path, "must be an object");
  const mode = v.mode;
  if (mode !== "immediate" && mode !== "polls" && mode !== "ms") throw new SeedError(`${path}.mode`, 'must be "immediate", "polls" or "ms"');
  if (v.polls !== undefined) checkNumber(v.polls, `${path}.polls`, 0, KNOB_LIMITS.polls, true);
  if (v.ms !== undefined) checkNumber(v.ms, `${path}.ms`, 0, KNOB_LIMITS.periodMs);
  // offsetMs is the sum of every advanceMs so far (dumped state), so only its finiteness is checked.
  if (v.offsetMs !== undefined && (typeof v.offsetMs !== "number" || !Number.isFinite(v.offsetMs))) throw new SeedError(`${path}.offsetMs`, "must be a finite number");
  return v as unknown as ClockSeed;
}

export function validateFaults(v: unknown, path = "faults"): FaultSeed[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SeedError(path, "must be an array");
  v.forEach((f, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(f)) throw new SeedError(p, "must be an object");
    if (f.phase !== undefined && f.phase !== "before" && f.phase !== "after") throw new SeedError(`${p}.phase`, 'must be "before" or "after"');
    if (f.probability !== undefined && (typeof f.probability !== "number" || f.probability < 0 || f.probability > 1)) throw new SeedError(`${p}.probability`, "must be within 0..1");
    if (f.count !== undefined) checkNumber(f.count, `${p}.count`, 0, Number.MAX_SAFE_INTEGER, true);
    if (f.cloud !== undefined && f.cloud !== "alicloud" && f.cloud !== "tencentcloud") throw new SeedError(`${p}.cloud`, 'must be "alicloud" or "tencentcloud"');
    const e = f.effect;
    if (!isObject(e)) throw new SeedError(`${p}.effect`, "must be an object");
    switch (e.type) {
      case "error":
        requireString(e, "code", `${p}.effect`);
        checkNumber(e.status, `${p}.effect.status`, 100, 599, true);
        break;
      case "reset":
        break;
      case "delay":
        checkNumber(e.ms, `${p}.effect.ms`, 0, KNOB_LIMITS.delayMs);
        break;
      case "taskFailed":
        if (typeof e.output !== "string") throw new SeedError(`${p}.effect.output`, "must be a string");
        // Decided when the task is created, before any answer: there is no "after" for it.
        if (f.phase === "after") throw new SeedError(`${p}.phase`, 'a taskFailed rule takes no phase "after" (the task failure is decided when the task is created)');
        break;
      default:
        throw new SeedError(`${p}.effect.type`, 'must be "error", "reset", "delay" or "taskFailed"');
    }
  });
  return v as FaultSeed[];
}

export function validateRateLimits(v: unknown, path = "rateLimits"): RateLimitSeed[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SeedError(path, "must be an array");
  v.forEach((r, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(r)) throw new SeedError(p, "must be an object");
    checkNumber(r.limit, `${p}.limit`, 0, Number.MAX_SAFE_INTEGER, true);
    if (r.windowMs !== undefined) checkNumber(r.windowMs, `${p}.windowMs`, 1, KNOB_LIMITS.periodMs);
    if (r.status !== undefined) checkNumber(r.status, `${p}.status`, 100, 599, true);
    if (r.code !== undefined && (typeof r.code !== "string" || r.code === "")) throw new SeedError(`${p}.code`, "must be a non-empty string");
  });
  return v as RateLimitSeed[];
}

export function validateLatency(v: unknown, path = "latencyMs"): LatencySeed | undefined {
  if (v === undefined) return v;
  if (typeof v === "number") return checkNumber(v, path, 0, KNOB_LIMITS.delayMs);
  if (!isObject(v)) throw new SeedError(path, "must be a number or an object of numbers");
  for (const [key, ms] of Object.entries(v)) checkNumber(ms, `${path}.${key}`, 0, KNOB_LIMITS.delayMs);
  return v as Record<string, number>;
}

/** Checks the shared parts of a cloud section; each cloud's model checks its own rules on load. */
export function validateSection(v: unknown, path: string): CloudSeedSection | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new SeedError(path, "must be an object");
  optionalArray(v, "instances", path).forEach((x, i) => {
    const p = `${path}.instances[${i}]`;
    if (!isObject(x)) throw new SeedError(p, "must be an object");
    for (const k of ["instanceId", "region", "zone", "status"]) requireString(x, k, p);
    if (x.networkType !== "classic" && x.networkType !== "vpc") throw new SeedError(`${p}.networkType`, 'must be "classic" or "vpc"');
  });
  optionalArray(v, "vpcs", path).forEach((x, i) => {
    const p = `${path}.vpcs[${i}]`;
    if (!isObject(x)) throw new SeedError(p, "must be an object");
    for (const k of ["vpcId", "region", "cidrBlock"]) requireString(x, k, p);
  });
  optionalArray(v, "classicLinks", path).forEach((x, i) => {
    const p = `${path}.classicLinks[${i}]`;
    if (!isObject(x)) throw new SeedError(p, "must be an object");
    for (const k of ["instanceId", "vpcId"]) requireString(x, k, p);
  });
  optionalArray(v, "networkInterfaces", path).forEach((x, i) => {
    const p = `${path}.networkInterfaces[${i}]`;
    if (!isObject(x)) throw new SeedError(p, "must be an object");
    for (const k of ["networkInterfaceId", "region", "zone", "vpcId", "status"]) requireString(x, k, p);
    const trunkAllowed = path === "alicloud" && x.type === "Trunk";
    if (x.type !== "Primary" && x.type !== "Secondary" && !trunkAllowed) {
      throw new SeedError(`${p}.type`, path === "alicloud" ? 'must be "Primary", "Secondary" or "Trunk"' : 'must be "Primary" or "Secondary"');
    }
  });
  return v as CloudSeedSection;
}

/** Validates a whole seed (throws SeedError) and returns it typed. */
export function validateSeed(v: unknown): Seed {
  if (!isObject(v)) throw new SeedError("$", "must be a JSON object");
  const accounts = v.accounts;
  if (!Array.isArray(accounts) || accounts.length === 0) throw new SeedError("accounts", "must be a non-empty array");
  const names = new Set<string>();
  accounts.forEach((a, i) => {
    const p = `accounts[${i}]`;
    if (!isObject(a)) throw new SeedError(p, "must be an object");
    requireString(a, "name", p);
    if (names.has(a.name as string)) throw new SeedError(`${p}.name`, "duplicate account name");
    names.add(a.name as string);
    if (a.alicloud !== undefined) {
      if (!isObject(a.alicloud)) throw new SeedError(`${p}.alicloud`, "must be an object");
      requireString(a.alicloud, "accessKeyId", `${p}.alicloud`);
      requireString(a.alicloud, "accessKeySecret", `${p}.alicloud`);
    }
    if (a.tencentcloud !== undefined) {
      if (!isObject(a.tencentcloud)) throw new SeedError(`${p}.tencentcloud`, "must be an object");
      requireString(a.tencentcloud, "secretId", `${p}.tencentcloud`);
      requireString(a.tencentcloud, "secretKey", `${p}.tencentcloud`);
    }
  });
  validateSection(v.alicloud, "alicloud");
  validateSection(v.tencentcloud, "tencentcloud");
  if (v.clock !== undefined) validateClock(v.clock);
  validateLatency(v.latencyMs);
  validateRateLimits(v.rateLimits);
  validateFaults(v.faults);
  if (v.randomSeed !== undefined && typeof v.randomSeed !== "number") throw new SeedError("randomSeed", "must be a number");
  for (const section of ["alicloud", "tencentcloud"] as const) {
    const s = v[section] as CloudSeedSection | undefined;
    for (const [i, r] of [...(s?.instances ?? []), ...(s?.vpcs ?? []), ...(s?.networkInterfaces ?? [])].entries()) {
      if (r.account !== undefined && !names.has(r.account as string)) throw new SeedError(`${section}[${i}].account`, `unknown account "${String(r.account)}"`);
    }
  }
  return v as Seed;
}
