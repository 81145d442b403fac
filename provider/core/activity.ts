// How many resource operations the provider process is running now (provider/index.ts counts
// every method it invokes). A coalesced read waits longer for company only while another
// operation is running that could bring it (core/coalesce.ts): one operation alone never waits.

let running = 0;

/** Counts one operation as running; call the returned function once when it ends. */
export function operationStarted(): () => void {
  running++;
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
