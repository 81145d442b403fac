// Waiting for a resource to reach a state: polls a read until an acceptor says done or failed,
// with a hard deadline. Each poll is itself one retried request (retry.ts); the layers stay apart.
//
// The schedule aims at "done soon after the change is": call-to-done at most 1.15 T + 0.3 s for
// a change that takes T, with few polls.
// - The first poll goes out at once: the read may already succeed (a synchronous change, a state
//   that settled while we were busy). No sleep before a read that can succeed.
// - A wait with a `kind` learns how long that kind of change takes in this process (median of
//   recent waits, each measured to when its successful poll was asked) and makes its first poll
//   just before that.
// - After a poll that says "not yet" at elapsed t, the next one is at GROWTH * t + STEP: whenever
//   the change completes at T > t, it is seen by GROWTH * T + STEP, which keeps the 1.15 T + 0.3 s
//   bound with room for the poll's own round trip, while the number of polls grows only with log T.
// - Jitter (a few percent, injected random) keeps many waiters from polling in lockstep.

import { WaitTimeoutError } from "./errors";
import { Runtime } from "./runtime";

export type Verdict =
  | { state: "done" }
  | { state: "retry"; seen: string }
  | { state: "failed"; error: Error };

export interface WaitSpec<T> {
  /** What we wait for, in words for the timeout error: "ENI eni-1 to be InUse on i-1". */
  what: string;
  poll: () => Promise<T>;
  accept: (value: T) => Verdict;
  runtime: Runtime;
  deadline: number;
  /** Called before each wait after a "retry" verdict; used to re-send a stuck detach. */
  onRetry?: (value: T, polls: number) => Promise<void>;
  /**
   * The kind of change waited for ("tencentcloud:AttachNetworkInterface task"): waits of one kind
   * learn its typical duration. Leave it out for waits with no typical duration (prechecks).
   */
  kind?: string;
  /** When the change began (runtime clock); default: when the wait starts. */
  startedAt?: number;
}

export const SCHEDULE = {
  /** Next poll at GROWTH * elapsed + STEP_MS after a "not yet". */
  growth: 1.12,
  stepMs: 150,
  /** Longest gap between two polls. */
  capMs: 10_000,
  /** The first poll of a learned kind goes out at this share of its typical duration. */
  learnedShare: 0.9,
  /** Recent durations kept per kind. */
  samples: 9,
  /** +/- share of each gap drawn at random. */
  jitter: 0.03,
};

/** Typical durations per kind of change, learned within this process. */
export class DurationModel {
  private readonly recent = new Map<string, number[]>();

  record(kind: string, ms: number): void {
    const list = this.recent.get(kind) ?? [];
    list.push(ms);
    if (list.length > SCHEDULE.samples) list.shift();
    this.recent.set(kind, list);
  }

  /** Median of the recent durations, or undefined before the first one. */
  typical(kind: string): number | undefined {
    const list = this.recent.get(kind);
    if (!list || list.length === 0) return undefined;
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  clear(): void {
    this.recent.clear();
  }
}

/** The provider process's durations (a deliberate per-process cache, like the governor). */
export const learnedDurations = new DurationModel();

export async function waitUntil<T>(spec: WaitSpec<T>, durations: DurationModel = learnedDurations): Promise<T> {
  const rt = spec.runtime;
  const started = spec.startedAt ?? rt.now();
  const typical = spec.kind ? durations.typical(spec.kind) : undefined;
  let nextAt = typical === undefined ? started : started + typical * SCHEDULE.learnedShare;
  let polls = 0;
  let lastSeen = "nothing yet";
  for (;;) {
    const now = rt.now();
    if (polls > 0 && now >= spec.deadline) throw new WaitTimeoutError(spec.what, lastSeen, now - started, polls);
    // The last poll happens right at the deadline rather than never.
    const delay = Math.min(nextAt, spec.deadline) - now;
    if (delay > 0) await rt.sleep(delay);
    const askedAt = rt.now();
    const value = await spec.poll();
    polls++;
    const verdict = spec.accept(value);
    if (verdict.state === "done") {
      // When the answer was asked, not when it came: a poll's own time (a coalescing window, the
      // governor) is no part of the change, and counting it would feed back into every later wait.
      if (spec.kind) durations.record(spec.kind, askedAt - started);
      return value;
    }
    if (verdict.state === "failed") throw verdict.error;
    lastSeen = verdict.seen;
    if (spec.onRetry) await spec.onRetry(value, polls);
    const elapsed = rt.now() - started;
    const gap = Math.min(SCHEDULE.capMs, Math.max(SCHEDULE.stepMs, (SCHEDULE.growth - 1) * elapsed + SCHEDULE.stepMs));
    nextAt = rt.now() + gap * (1 + SCHEDULE.jitter * (2 * rt.random() - 1));
  }
}
