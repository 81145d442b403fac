// Coalescing across the resources of one provider process: calls of the same kind (same cloud,
// account, region, action and whatever else must match, the "group") made within a short window
// go out as one call carrying every item, and each caller gets its own result or its own error.
//
// - The same item asked twice in one window is sent once; both callers share the answer.
// - A batch is sent when the window closes or when it is full; items arriving while it is in
//   flight start the next batch (the governor may hold that call, so batches fill up under load).
// - When the whole call fails and `splitOn` says the failure may be one item's fault (an unknown
//   id, an instance in the wrong state), every item is sent again alone, so one bad item never
//   fails the rest. Other failures (throttling, a lost answer) reach every caller as they are;
//   each caller's own retry/reconcile layer decides what to do.

import { Runtime, realRuntime } from "./runtime";

/** One item's own failure inside a batch answer. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

export interface CoalesceSpec<I, R> {
  /** How long the first item of a batch waits for company. */
  windowMs: number;
  /**
   * Awaited after the window, before the batch is closed: items keep joining meanwhile. Used to
   * wait for the rate governor to have room, so calls held back by the limits fill up instead of
   * queueing as many small ones.
   */
  beforeSend?: (item: I) => Promise<void>;
  /** The most items one call may carry (the API's documented list size). */
  maxBatch: number;
  /** Identity of an item within its group: equal keys are sent once. */
  keyOf: (item: I) => string;
  /** One call for these items (distinct keys, at most maxBatch); answers in the same order. */
  send: (items: I[]) => Promise<Array<R | ItemFailure>>;
  /** Whether a failure of the whole call should be retried item by item. */
  splitOn?: (error: unknown, items: I[]) => boolean;
  runtime?: Runtime;
}

interface Waiter<R> {
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

interface Pending<I, R> {
  items: Map<string, { item: I; waiters: Waiter<R>[] }>;
  timerStarted: boolean;
}

export class Coalescer<I, R> {
  private readonly pending = new Map<string, Pending<I, R>>();
  private readonly runtime: Runtime;
  /** Calls sent and items carried, for the bench and tests. */
  readonly stats = { calls: 0, items: 0, splits: 0 };

  constructor(private readonly spec: CoalesceSpec<I, R>) {
    this.runtime = spec.runtime ?? realRuntime;
  }

  submit(group: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let batch = this.pending.get(group);
      if (!batch) this.pending.set(group, (batch = { items: new Map(), timerStarted: false }));
      const key = this.spec.keyOf(item);
      const entry = batch.items.get(key);
      if (entry) entry.waiters.push({ resolve, reject });
      else batch.items.set(key, { item, waiters: [{ resolve, reject }] });
      if (batch.items.size >= this.spec.maxBatch) {
        this.flush(group, batch);
      } else if (!batch.timerStarted) {
        batch.timerStarted = true;
        const current = batch;
        void this.runtime
          .sleep(this.spec.windowMs)
          .then(() => this.spec.beforeSend?.(item))
          .catch(() => undefined) // a failed wait for room only means sending now
          .then(() => this.flush(group, current));
      }
    });
  }

  private flush(group: string, batch: Pending<I, R>): void {
    if (this.pending.get(group) !== batch) return; // already sent (it filled up before its window closed)
    this.pending.delete(group);
    const entries = [...batch.items.values()];
    void this.sendAll(entries.map((e) => e.item)).then((outcomes) =>
      outcomes.forEach((outcome, i) => {
        for (const w of entries[i].waiters) {
          if (outcome instanceof ItemFailure) w.reject(outcome.error);
          else w.resolve(outcome);
        }
      }),
    );
  }

  /** Never rejects: every item ends with its result or an ItemFailure. */
  private async sendAll(items: I[]): Promise<Array<R | ItemFailure>> {
    this.stats.calls++;
    this.stats.items += items.length;
    try {
      const answers = await this.spec.send(items);
      if (answers.length !== items.length) throw new Error(`coalesced call answered ${answers.length} results for ${items.length} items`);
      return answers;
    } catch (error) {
      if (items.length > 1 && this.spec.splitOn?.(error, items)) {
        this.stats.splits++;
        return Promise.all(items.map(async (item) => (await this.sendAll([item]))[0]));
      }
      return items.map(() => new ItemFailure(error));
    }
  }
}
