// Fault rules, rate limits and latency: the "load" knobs of the emulator. Decisions consume rule
// counts and draw from the seeded fault stream (its own stream, see runtime.ts) so a run repeats
// exactly whatever other traffic (Tencent RequestIds...) draws meanwhile.
//
// "taskFailed" rules are not decided per call: decide() never matches them. The Tencent protocol
// asks taskFailure() when it actually creates an async task, so a call rejected before that
// (ActionLocked, a bad parameter) leaves the rule's count untouched.

import type { FaultSeed, LatencySeed, RateLimitSeed } from "./seed";
import type { CloudName, FaultDecision, FaultPoint } from "./types";

export interface LoadSettings {
  faults: FaultSeed[];
  rateLimits: RateLimitSeed[];
  latencyMs?: LatencySeed;
}

export class FaultBook {
  private faults: FaultSeed[] = [];
  private rateLimits: RateLimitSeed[] = [];
  private latency: LatencySeed | undefined;
  /** Call times per rate-limit rule index, in emulator ms. */
  private windows = new Map<number, number[]>();

  constructor(private readonly random: () => number, private readonly now: () => number) {}

  load(settings: LoadSettings): void {
    this.update(settings);
  }

  /**
   * Replaces each given field and keeps the others (POST /__emulator/faults). Rate-limit windows
   * restart only when rateLimits is given: the calls already counted belong to the rules in force.
   */
  update(settings: Partial<LoadSettings>): void {
    if (settings.faults !== undefined) this.faults = settings.faults.map((f) => ({ ...f, effect: { ...f.effect } }));
    if (settings.rateLimits !== undefined) {
      this.rateLimits = settings.rateLimits.map((r) => ({ ...r }));
      this.windows.clear();
    }
    if ("latencyMs" in settings) this.latency = settings.latencyMs;
  }

  dump(): LoadSettings {
    return {
      faults: this.faults.map((f) => ({ ...f, effect: { ...f.effect } })),
      rateLimits: this.rateLimits.map((r) => ({ ...r })),
      ...(this.latency !== undefined ? { latencyMs: this.latency } : {}),
    };
  }

  /** Error, reset or delay for one call at one phase; never a taskFailed rule (see taskFailure). */
  decide(point: FaultPoint): FaultDecision {
    for (const rule of this.faults) {
      if (rule.effect.type === "taskFailed") continue;
      if ((rule.phase ?? "before") !== point.phase) continue;
      if (!this.fires(rule, point.cloud, point.action)) continue;
      const e = rule.effect;
      switch (e.type) {
        case "error":
          return { kind: "error", code: e.code, status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) };
        case "reset":
          return { kind: "reset" };
        case "delay":
          return { kind: "delay", ms: e.ms };
      }
    }
    return { kind: "none" };
  }

  /**
   * Called when a Tencent async task is created: the Output it must end FAILED with, or undefined.
   * Only Tencent has such tasks, so a rule without `cloud` never matches an Alibaba call here.
   */
  taskFailure(cloud: CloudName, action: string): string | undefined {
    if (cloud !== "tencentcloud") return undefined;
    for (const rule of this.faults) {
      if (rule.effect.type !== "taskFailed") continue;
      if (this.fires(rule, cloud, action)) return rule.effect.output;
    }
    return undefined;
  }

  /** Matches, has count left, wins its probability draw; consumes one count when it fires. */
  private fires(rule: FaultSeed, cloud: CloudName, action: string): boolean {
    if (!matches(rule, cloud, action)) return false;
    if (rule.count !== undefined && rule.count <= 0) return false;
    // Draw only for rules that could fire, so adding an unrelated rule does not shift the sequence.
    if (rule.probability !== undefined && rule.probability < 1 && this.random() >= rule.probability) return false;
    if (rule.count !== undefined) rule.count -= 1;
    return true;
  }

  /** Returns the rule that throttles this call, or undefined; counts the call against matching rules. */
  throttle(cloud: CloudName, action: string): RateLimitSeed | undefined {
    const now = this.now();
    let hit: RateLimitSeed | undefined;
    this.rateLimits.forEach((rule, i) => {
      if (!matches(rule, cloud, action)) return;
      const windowMs = rule.windowMs ?? 1000;
      const calls = (this.windows.get(i) ?? []).filter((t) => now - t < windowMs);
      if (calls.length >= rule.limit) hit ??= rule;
      else calls.push(now);
      this.windows.set(i, calls);
    });
    return hit;
  }

  latencyFor(cloud: CloudName, action: string): number {
    const l = this.latency;
    if (l === undefined) return 0;
    if (typeof l === "number") return l;
    // Own keys only: an action named "constructor" must not find Object's.
    const key = [`${cloud}:${action}`, action, `${cloud}:*`, "*"].find((k) => Object.hasOwn(l, k));
    return key === undefined ? 0 : l[key];
  }
}

function matches(rule: { cloud?: CloudName; action?: string }, cloud: CloudName, action: string): boolean {
  return (rule.cloud === undefined || rule.cloud === cloud) && (rule.action === undefined || rule.action === "*" || rule.action === action);
}
