// How many resource operations (create, read, update, delete) the provider process is running
// now; provider/index.ts counts them. A coalesced read waits longer for company only when that
// costs no throughput (core/coalesce.ts):
// - another operation is running (one operation alone never waits: call-to-done);
// - and fewer run than the most this process has run at once: the engine hands operations over
//   more slowly than the provider finishes them (the file backend rewriting its snapshot at 1,000
//   resources), so a read that waits only fills a slot that was idle. When the engine keeps every
//   slot busy (its `--parallel`), a wait would slow the whole update down, so reads go at once.

let running = 0;
let peak = 0;

/** Below this share of the peak, the engine is the bottleneck, not the provider. */
export const IDLE_SLOTS_SHARE = 0.75;

/** Counts one operation as running; call the returned function once when it ends. */
export function operationStarted(): () => void {
  running++;
  peak = Math.max(peak, running);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    running--;
  };
}

export function operationsRunning(): number {
  return running;
}

/** Whether a read may wait for company at no cost in throughput (see above). */
export function companyIsCheap(): boolean {
  return running > 1 && running <= IDLE_SLOTS_SHARE * peak;
}
