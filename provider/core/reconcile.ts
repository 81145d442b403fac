// A mutation whose response was lost may or may not have been applied. Resending it blindly can
// double-apply, or fail forever with "already attached" / "wrong state" while the first request
// has in fact landed. So every send after the first re-reads the cloud and sends nothing if the
// change is there or under way; this covers resends after a lost answer and conflict retries
// alike.

import { isCloudError } from "./errors";
import { callWithRetry, RetryOptions } from "./retry";

export type Observed = "applied" | "inProgress" | "notApplied";

export interface MutationSpec<T> {
  send: () => Promise<T>;
  /** Reads the cloud to learn whether an earlier `send` took effect. */
  observe: () => Promise<Observed>;
  /** How many times a lost response may lead to a resend after a read proved nothing happened. */
  maxResends?: number;
}

export type MutationOutcome<T> = { kind: "answered"; response: T } | { kind: "recovered"; observed: Observed };

/** Thrown inside the retry loop to stop it: the cloud already shows the change. */
class AlreadyObserved {
  constructor(readonly observed: Observed) {}
}

export async function mutateSafely<T>(spec: MutationSpec<T>, options: Omit<RetryOptions, "mutation">): Promise<MutationOutcome<T>> {
  const maxResends = spec.maxResends ?? 2;
  let sends = 0;
  const sendUnlessDone = async (): Promise<T> => {
    if (sends++ > 0) {
      const observed = await callWithRetry(spec.observe, { ...options, mutation: false });
      if (observed !== "notApplied") throw new AlreadyObserved(observed);
    }
    return spec.send();
  };
  for (let resends = 0; ; resends++) {
    try {
      return { kind: "answered", response: await callWithRetry(sendUnlessDone, { ...options, mutation: true }) };
    } catch (error) {
      if (error instanceof AlreadyObserved) return { kind: "recovered", observed: error.observed };
      if (!isCloudError(error) || !error.ambiguous) throw error;
      if (resends >= maxResends || options.runtime.now() >= options.deadline) throw error;
    }
  }
}
