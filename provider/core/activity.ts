// How many resource operations (create, read, update, delete) the provider process is running
// now; provider/index.ts counts them. A coalesced read waits longer for company only when that
// costs no throughput (core/coalesce.ts):
// - the process serves a fleet: it has run FLEET_PEAK operations at once (a lone operation, or a
//   few in a row, as in call-to-done, never waits);
// - and fewer run now than the most it has run at once: the engine hands operations over more
//   slowly than the provider finishes them (the file backend rewriting its snapshot at 1,000
//   resources), so a read that waits only fills a slot that was idle. There a quick operation
//   (an Alibaba ClassicLink, synchronous) often runs alone, and its reads share a call only with
//   the next operation's, so "alone" is no reason not to wait. When the engine keeps every slot
//   busy (its `--parallel`), a wait would slow the whole update down, so reads go at once.
// The caller also requires that reads of other IDs arrived lately (core/coalesce.ts).

let running = 0;
let peak = 0;

/** Below this share of the peak, the engine is the bottleneck, not the provider. */
export const IDLE_SLOTS_SHARE = 0.75;
/** The fewest operations run at once that make the process a fleet's (the CLI's default --parallel is higher). */
export const FLEET_PEAK = 4;

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
  return peak >= FLEET_PEAK && running >= 1 && running <= IDLE_SLOTS_SHARE * peak;
}
