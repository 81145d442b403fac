// Exponential backoff with full jitter (AWS "standard" retry mode): the n-th wait is uniform in
// [floor, min(cap, base * 2^n)]. Full jitter spreads many clients that failed together.

export interface Backoff {
  baseMs: number;
  capMs: number;
  /** Lower bound of a wait; 0 for request retries, the first-poll delay for waiters. */
  floorMs?: number;
}

export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const floor = backoff.floorMs ?? 0;
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(floor + random() * Math.max(0, ceiling - floor));
}
