// How many resource operations (create, read, update, delete) the provider process is running
// now and has started lately; provider/index.ts counts them. A coalesced read waits longer for
// company only when that costs no throughput (core/coalesce.ts):
// - the process serves a fleet: it has run FLEET_PEAK operations at once, or it has started
//   FLEET_STARTS within FLEET_STARTS_HORIZON_MS (a lone operation, or a few in a row, as in
//   call-to-done, never waits);
// - and the engine leaves slots idle: fewer run now than 75 % of the most it has run at once.
//   The engine then hands operations over more slowly than the provider finishes them (the file
//   backend rewriting its snapshot at 1,000 resources), so a read that waits only fills a slot
//   that was idle. There a quick operation (an Alibaba ClassicLink, synchronous) often runs
//   alone, and its reads share a call only with the next operation's, so "alone" is no reason
//   not to wait. When the engine keeps every slot busy (its `--parallel`), a wait would slow the
//   whole update down, so reads go at once.
// - An engine that hands a fleet over one at a time never reaches FLEET_PEAK by itself: `pulumi
//   destroy` deletes the links that depend on a VpcClassicLinkSetting before anything else, one
//   every 60 to 120 ms at 1,000 resources, each done in 40 ms. Many starts lately (FLEET_STARTS)
//   mark such a fleet; there reads wait ONE_AT_A_TIME_GAPS while fewer than FLEET_PEAK run, so
//   the operations that overlap because they wait may keep waiting (a rule that allowed only a
//   lone operation to wait fell back to one at a time as soon as the waits worked), but not
//   while as many run as ever did (one alone excepted): with `--parallel 2` or 3 those may be
//   all the slots there are, and a wait there would hold the engine up. From FLEET_PEAK running
//   on, the idle-slots rule above decides. Waiting pays when the next operation starts while
//   this one waits, and costs when it cannot (`--parallel 1`); the coalescer learns which from
//   whether its waits find company (core/coalesce.ts).
// The caller also requires that reads of other IDs arrived lately (core/coalesce.ts).

let running = 0;
let peak = 0;
/** Start times within the horizon, oldest first. */
const starts: number[] = [];

/** Below this share of the peak, the engine is the bottleneck, not the provider. */
export const IDLE_SLOTS_SHARE = 0.75;
/** The fewest operations run at once that make the process a fleet's (the CLI's default --parallel is 4 per CPU, so never fewer). */
export const FLEET_PEAK = 4;
/**
 * The fewest operations started within FLEET_STARTS_HORIZON_MS that make the process a fleet's
 * even when they run one at a time (our choice, 6 a second: a script awaiting each call as the
 * bench's call-to-done does, 6 creates and 6 deletes of each kind in a row, starts about 19 in
 * any 4 s; destroy's links at N = 1,000 start about 30). It used to be 40 in 8 s: the first 40
 * links of that destroy, 80 reads, then shared nothing.
 */
export const FLEET_STARTS = 24;
export const FLEET_STARTS_HORIZON_MS = 4_000;
/**
 * Our choice: the engine sets the pace there, so a longer wait costs nothing but the operation's
 * own latency (within the coalescer's budget). Three gaps: the N = 1,000 destroy made 2.15 calls
 * per attachment against 2.27 with two (single runs).
 */
export const ONE_AT_A_TIME_GAPS = 3;

/** Counts one operation as running from `now` (ms); call the returned function once when it ends. */
export function operationStarted(now: number): () => void {
  running++;
  peak = Math.max(peak, running);
  starts.splice(0, firstStartAfter(now - FLEET_STARTS_HORIZON_MS));
  starts.push(now);
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

/**
 * How many expected gaps between reads a read may wait for company at no cost in throughput at
 * `now` (ms; see above): 0 (no wait), 1 (the engine leaves slots idle), or ONE_AT_A_TIME_GAPS (it
 * hands operations over one at a time: the next one's read comes about one gap later, after its
 * own start, so a wait of one gap would find it only half the time).
 */
export function gapsToWait(now: number): number {
  if (running < 1) return 0;
  const handedOverOneAtATime = running < FLEET_PEAK && running < Math.max(peak, 2) && startsWithinHorizon(now) >= FLEET_STARTS;
  if (handedOverOneAtATime) return ONE_AT_A_TIME_GAPS;
  if (peak >= FLEET_PEAK) return running <= IDLE_SLOTS_SHARE * peak ? 1 : 0;
  return 0;
}

/** Index of the first start after `from` (starts.length when none): starts are oldest first. */
function firstStartAfter(from: number): number {
  const first = starts.findIndex((t) => t > from);
  return first < 0 ? starts.length : first;
}

/** Starts within FLEET_STARTS_HORIZON_MS of `now`, counted without copying (a read's window asks). */
function startsWithinHorizon(now: number): number {
  return starts.length - firstStartAfter(now - FLEET_STARTS_HORIZON_MS);
}
