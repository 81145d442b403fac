// A mutation whose response was lost may or may not have been applied. Resending it blindly can
// double-apply (or fail with "already attached"), so we re-read the cloud first and only resend
// when the read proves nothing happened.

import { isCloudError } from "./errors";
import { callWithRetry, RetryOptions } from "./retry";

export type Observed = "applied" | "inProgress" | "notApplied";

export interface MutationSpec<T> {
  send: () => Promise<T>;
  /** Reads the cloud to learn whether a lost `send` took effect. */
  observe: () => Promise<Observed>;
  /** How many times a lost response may lead to a resend after a read proved nothing happened. */
  maxResends?: number;
}

export type MutationOutcome<T> = { kind: "answered"; response: T } | { kind: "recovered"; observed: Observed };

export async function mutateSafely<T>(spec: MutationSpec<T>, options: Omit<RetryOptions, "mutation">): Promise<MutationOutcome<T>> {
  const maxResends = spec.maxResends ?? 2;
  for (let resends = 0; ; resends++) {
    try {
      return { kind: "answered", response: await callWithRetry(spec.send, { ...options, mutation: true }) };
    } catch (error) {
      if (!isCloudError(error) || !error.ambiguous) throw error;
      const observed = await callWithRetry(spec.observe, { ...options, mutation: false });
      if (observed !== "notApplied") return { kind: "recovered", observed };
      if (resends >= maxResends || options.runtime.now() >= options.deadline) throw error;
    }
  }
}
