// One request and its retries. Waiting for a resource to reach a state is waiter.ts, not this.
//
// - transient (throttling, 5xx, reset, timeout): resent with full-jitter backoff, a bounded
//   number of times. A mutation whose outcome is unknown (ambiguous) is NOT resent here: it is
//   handed back so the caller re-reads the cloud and decides (see reconcile.ts).
// - conflict (locked, busy, transitional state): resent with backoff until the deadline.
// - notFound / fatal: thrown at once.

import { backoffDelay, Backoff } from "./backoff";
import { CloudError, isCloudError } from "./errors";
import { Runtime } from "./runtime";

export interface RetryOptions {
  runtime: Runtime;
  /** ms since epoch; no wait is started that would end after it. */
  deadline: number;
  /** true for calls that change the cloud (attach, detach, enable, ...). */
  mutation: boolean;
  maxTransientAttempts?: number;
  transientBackoff?: Backoff;
  throttleBackoff?: Backoff;
  conflictBackoff?: Backoff;
}

export const RETRY_DEFAULTS = {
  maxTransientAttempts: 5,
  transientBackoff: { baseMs: 200, capMs: 20_000 },
  throttleBackoff: { baseMs: 1_000, capMs: 20_000 },
  conflictBackoff: { baseMs: 1_000, capMs: 10_000, floorMs: 500 },
} as const;

export async function callWithRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const o = { ...RETRY_DEFAULTS, ...options };
  let transientFailures = 0;
  let conflicts = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isCloudError(error)) throw error;
      const wait = nextWait(error, o, transientFailures, conflicts);
      if (wait === undefined || o.runtime.now() + wait > o.deadline) throw error;
      if (error.retryClass === "transient") transientFailures++;
      else conflicts++;
      await o.runtime.sleep(wait);
    }
  }
}

function nextWait(
  error: CloudError,
  o: Required<Omit<RetryOptions, "runtime" | "deadline" | "mutation">> & RetryOptions,
  transientFailures: number,
  conflicts: number,
): number | undefined {
  switch (error.retryClass) {
    case "transient": {
      if (o.mutation && error.ambiguous) return undefined;
      if (transientFailures + 1 >= o.maxTransientAttempts) return undefined;
      const backoff = isThrottling(error) ? o.throttleBackoff : o.transientBackoff;
      return backoffDelay(transientFailures, backoff, o.runtime.random);
    }
    case "conflict":
      return backoffDelay(conflicts, o.conflictBackoff, o.runtime.random);
    default:
      return undefined;
  }
}

/**
 * Throttling waits longer: the cloud asked us to slow down. Alibaba: Throttling, Throttling.User,
 * Rejected.Throttling...; Tencent: RequestLimitExceeded*, LimitExceeded.ActionLimited.
 */
function isThrottling(error: CloudError): boolean {
  return error.httpStatus === 429 || /Throttling|^RequestLimitExceeded|^LimitExceeded\.ActionLimited$/.test(error.code);
}
