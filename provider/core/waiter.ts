// Waiting for a resource to reach a state: polls a read until an acceptor says done or failed,
// with a first poll soon, exponential backoff with jitter up to a cap, and a hard deadline.
// Each poll is itself one retried request (retry.ts); the two layers stay separate.

import { backoffDelay, Backoff } from "./backoff";
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
  backoff?: Backoff;
}

export const WAIT_DEFAULTS: Backoff = { baseMs: 300, capMs: 10_000, floorMs: 300 };

export async function waitUntil<T>(spec: WaitSpec<T>): Promise<T> {
  const backoff = spec.backoff ?? WAIT_DEFAULTS;
  const started = spec.runtime.now();
  let polls = 0;
  let lastSeen = "nothing yet";
  for (;;) {
    const delay = backoffDelay(polls, backoff, spec.runtime.random);
    const remaining = spec.deadline - spec.runtime.now();
    if (remaining <= 0) throw new WaitTimeoutError(spec.what, lastSeen, spec.runtime.now() - started, polls);
    // The last poll happens right at the deadline rather than never.
    await spec.runtime.sleep(Math.min(delay, remaining));
    const value = await spec.poll();
    polls++;
    const verdict = spec.accept(value);
    if (verdict.state === "done") return value;
    if (verdict.state === "failed") throw verdict.error;
    lastSeen = verdict.seen;
    if (spec.onRetry) await spec.onRetry(value, polls);
  }
}
