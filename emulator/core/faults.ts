// Fault rules, rate limits and latency: the "load" knobs of the emulator. Decisions consume rule
// counts and draw from the seeded random source so a run repeats exactly.

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
    this.faults = settings.faults.map((f) => ({ ...f, effect: { ...f.effect } }));
    this.rateLimits = settings.rateLimits.map((r) => ({ ...r }));
    this.latency = settings.latencyMs;
    this.windows.clear();
  }

  dump(): LoadSettings {
    return {
      faults: this.faults.map((f) => ({ ...f, effect: { ...f.effect } })),
      rateLimits: this.rateLimits.map((r) => ({ ...r })),
      ...(this.latency !== undefined ? { latencyMs: this.latency } : {}),
    };
  }

  decide(point: FaultPoint): FaultDecision {
    for (const rule of this.faults) {
      if ((rule.phase ?? "before") !== point.phase) continue;
      if (!matches(rule, point.cloud, point.action)) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      // Draw only for rules that could fire, so adding an unrelated rule does not shift the sequence.
      if (rule.probability !== undefined && rule.probability < 1 && this.random() >= rule.probability) continue;
      if (rule.count !== undefined) rule.count -= 1;
      const e = rule.effect;
      switch (e.type) {
        case "error":
          return { kind: "error", code: e.code, status: e.status, ...(e.message !== undefined ? { message: e.message } : {}) };
        case "reset":
          return { kind: "reset" };
        case "delay":
          return { kind: "delay", ms: e.ms };
        case "taskFailed":
          return { kind: "taskFailed", output: e.output };
      }
    }
    return { kind: "none" };
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
    return l[`${cloud}:${action}`] ?? l[action] ?? l[`${cloud}:*`] ?? l["*"] ?? 0;
  }
}

function matches(rule: { cloud?: CloudName; action?: string }, cloud: CloudName, action: string): boolean {
  return (rule.cloud === undefined || rule.cloud === cloud) && (rule.action === undefined || rule.action === "*" || rule.action === action);
}
