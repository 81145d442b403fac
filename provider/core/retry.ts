// One request and its retries. Waiting for a resource to reach a state is waiter.ts, not this.
//
// Reads are idempotent: every answer that is not about our input (throttling, 5xx, resets,
// timeouts, state conflicts, and an `InternalError` on any cloud, which Tencent's table calls fatal
// for a change) is retried until the operation's deadline, with no attempt cap.
//
// Mutations: which answers prove the change was NOT applied, so that resending is safe?
// - throttling (Alibaba Throttling*, HTTP 429, Tencent RequestLimitExceeded* / LimitExceeded.ActionLimited),
//   Tencent ServiceUnavailable answered with an API code, Alibaba SignatureNonceUsed, and a
//   connection that was never made (refused, DNS): rejected before anything happened -> resent
//   until the deadline (these are the `transient`, non-`ambiguous` errors);
// - state conflicts (locked, busy, transitional): refused in the current state -> resent until the
//   deadline, each resend preceded by a read (reconcile.ts), as the conflict may be our own
//   earlier request landing;
// - resets, timeouts, 5xx without an API answer, unreadable answers, Alibaba InternalError /
//   ServiceUnavailable (`ambiguous`), and an `InternalError` on any cloud (Tencent answers it with
//   a code, but a failure inside the cloud does not prove nothing happened): may have been applied
//   -> NOT resent here; handed back to reconcile.ts, which reads the cloud before any resend,
//   bounds the resends, and lets a final read decide;
// - notFound / fatal: thrown at once.

import { backoffDelay, Backoff } from "./backoff";
import { CloudError, isCloudError } from "./errors";
import { governorHoldsUntil } from "./governor";
import { Runtime } from "./runtime";

export interface RetryOptions {
  runtime: Runtime;
  /** ms since epoch; no wait is started that would end after it. */
  deadline: number;
  /** true for calls that change the cloud (attach, detach, enable, ...). */
  mutation: boolean;
  transientBackoff?: Backoff;
  throttleBackoff?: Backoff;
  conflictBackoff?: Backoff;
}

export const RETRY_DEFAULTS = {
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
      const kind = retryKind(error, o.mutation);
      if (kind === undefined) throw error;
      // A throttle answer the governor already paused its key for: the resend waits there, once.
      const heldUntil = kind === "throttled" ? governorHoldsUntil(error, o.runtime) : undefined;
      const backoff = kind === "conflict" ? o.conflictBackoff : kind === "throttled" ? o.throttleBackoff : o.transientBackoff;
      const wait = heldUntil !== undefined ? Math.max(0, heldUntil - o.runtime.now()) : backoffDelay(kind === "conflict" ? conflicts : transientFailures, backoff, o.runtime.random);
      if (o.runtime.now() + wait > o.deadline) throw error;
      if (kind === "conflict") conflicts++;
      else transientFailures++;
      if (heldUntil === undefined) await o.runtime.sleep(wait);
    }
  }
}

type RetryKind = "throttled" | "transient" | "conflict";

/** A mutation that failed this way may still have been applied (see the list above). */
export function mayHaveApplied(error: CloudError): boolean {
  return error.ambiguous || error.code === "InternalError";
}

/** How an error is retried, or undefined when it must be thrown now. */
export function retryKind(error: CloudError, mutation: boolean): RetryKind | undefined {
  if (error.retryClass === "conflict") return "conflict";
  if (error.retryClass === "transient") {
    if (mutation && mayHaveApplied(error)) return undefined;
    return isThrottling(error) ? "throttled" : "transient";
  }
  // A read changes nothing, so a cloud's internal failure is worth another try.
  if (!mutation && error.code === "InternalError") return "transient";
  return undefined;
}

/**
 * Throttling waits longer: the cloud asked us to slow down. Alibaba: Throttling, Throttling.User,
 * Rejected.Throttling...; Tencent: RequestLimitExceeded*, LimitExceeded.ActionLimited.
 */
export function isThrottling(error: CloudError): boolean {
  return error.httpStatus === 429 || /Throttling|^RequestLimitExceeded|^LimitExceeded\.ActionLimited$/.test(error.code);
}
