// A mutation whose response was lost may or may not have been applied. Resending it blindly can
// double-apply, or fail forever with "already attached" / "wrong state" while the first request
// has in fact landed. So every send after the first re-reads the cloud and sends nothing if the
// change is there or under way; this covers resends after a lost answer and conflict retries
// alike. Once the resends are spent (or the deadline is reached; see hiddenWhileInProgress for
// changes no read can see while they run), a final read decides: the
// change is there or under way -> recovered; the read proves it is not -> the error stands as
// definitive; the read itself keeps failing until the deadline -> UnconfirmedChangeError, which
// the resources record as partial state so the stack never forgets a change the cloud may have.

import { CloudError, isCloudError, UnconfirmedChangeError } from "./errors";
import { backoffDelay } from "./backoff";
import { callWithRetry, mayHaveApplied, RETRY_DEFAULTS, RetryOptions } from "./retry";

export type Observed = "applied" | "inProgress" | "notApplied";

export interface MutationSpec<T> {
  send: () => Promise<T>;
  /**
   * Reads the cloud to learn whether an earlier `send` took effect. It may throw a non-cloud error
   * (a StateError) to fail at once when the read shows the change can never happen (the ENI is on
   * another instance): that verdict is definitive.
   */
  observe: () => Promise<Observed>;
  /**
   * How many times a lost response may lead to a resend after a read proved nothing happened
   * (each after the transient backoff). 6: a burst of lost answers and 5xx on one change (the soak
   * met three in a row at a 10% fault rate) is ridden out, while a read that is stale (the change
   * landed but is not visible yet) can cost only a bounded number of refused repeats.
   */
  maxResends?: number;
  /**
   * The cloud shows the change only once it is complete (a Tencent ClassicLink is listed only when
   * its attach task succeeds, and stays listed until its detach task succeeds), so "notApplied"
   * never proves a lost send did not land. Set it only where the cloud refuses to repeat the change
   * while it runs (ActionLocked) and once it is done (already linked / not found): a resend then
   * cannot apply it twice, and is how the outcome is learned. So after a lost answer the resends
   * (each after a read and a backoff) go on until the deadline rather than stopping after
   * `maxResends`; a failure at the deadline is an UnconfirmedChangeError.
   */
  hiddenWhileInProgress?: boolean;
}

export type MutationOutcome<T> = { kind: "answered"; response: T } | { kind: "recovered"; observed: Observed };

/** Thrown inside the retry loop to stop it: the cloud already shows the change. */
class AlreadyObserved {
  constructor(readonly observed: Observed) {}
}

/** Thrown inside the retry loop to stop it: the read before a resend failed until the deadline. */
class ObserveFailed {
  constructor(readonly error: CloudError) {}
}

export async function mutateSafely<T>(spec: MutationSpec<T>, options: Omit<RetryOptions, "mutation">): Promise<MutationOutcome<T>> {
  const maxResends = spec.maxResends ?? 6;
  const observe = () => callWithRetry(spec.observe, { ...options, mutation: false });
  let sends = 0;
  let lostAnswer: unknown;
  const sendUnlessDone = async (): Promise<T> => {
    if (sends++ > 0) {
      const observed = await observe().catch((error) => {
        throw isCloudError(error) ? new ObserveFailed(error) : error;
      });
      if (observed !== "notApplied") throw new AlreadyObserved(observed);
    }
    return spec.send();
  };
  for (let resends = 0; ; resends++) {
    try {
      return { kind: "answered", response: await callWithRetry(sendUnlessDone, { ...options, mutation: true }) };
    } catch (error) {
      if (error instanceof AlreadyObserved) return { kind: "recovered", observed: error.observed };
      // The read before a resend failed: after a lost answer the change may be in the cloud; after
      // conflicts only, every send was refused, so the read's error is all there is to say.
      if (error instanceof ObserveFailed) {
        if (lostAnswer === undefined) throw error.error;
        throw new UnconfirmedChangeError(lostAnswer, error.error);
      }
      // A verdict of `observe` (StateError) or a setting error: definitive.
      if (!isCloudError(error)) throw error;
      const lost = mayHaveApplied(error);
      if (lost) lostAnswer = error;
      // Nothing was ever lost: every answer was the cloud's own, so this error is definitive.
      if (lostAnswer === undefined) throw error;
      if (lost && (resends < maxResends || spec.hiddenWhileInProgress) && (await pausedBeforeResend(resends, options))) continue;
      return finalRead(observe, error, lostAnswer, spec.hiddenWhileInProgress ?? false);
    }
  }
}

/** Waits before a resend after a lost answer; false when the deadline leaves no time for it. */
async function pausedBeforeResend(attempt: number, options: Omit<RetryOptions, "mutation">): Promise<boolean> {
  const wait = backoffDelay(attempt, options.transientBackoff ?? RETRY_DEFAULTS.transientBackoff, options.runtime.random);
  if (options.runtime.now() + wait >= options.deadline) return false;
  await options.runtime.sleep(wait);
  return true;
}

/** After an answer was lost, only a read that proves "not applied" lets the last error stand. */
async function finalRead<T>(
  observe: () => Promise<Observed>,
  lastError: unknown,
  lostAnswer: unknown,
  hiddenWhileInProgress: boolean,
): Promise<MutationOutcome<T>> {
  let observed: Observed;
  try {
    observed = await observe();
  } catch (readError) {
    if (!isCloudError(readError)) throw readError;
    throw new UnconfirmedChangeError(lostAnswer, readError);
  }
  if (observed !== "notApplied") return { kind: "recovered", observed };
  if (hiddenWhileInProgress) throw new UnconfirmedChangeError(lostAnswer, undefined, lastError);
  throw lastError;
}
