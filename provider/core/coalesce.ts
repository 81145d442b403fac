// Coalescing across the resources of one provider process: calls of the same kind (same cloud,
// account, region, action and whatever else must match, the "group") made within a short window
// go out as one call carrying every item, and each caller gets its own result or its own error.
//
// - The same item asked twice in one window is sent once; both callers share the answer.
// - A batch is sent when the window closes or when it is full; items arriving while it is in
//   flight start the next batch (the governor may hold that call, so batches fill up under load).
// - The window adapts to the arrival rate (optional `maxWindowMs`): while waiting is cheap (other
//   operations run, and the engine leaves some of its parallel slots idle: core/activity.ts) and
//   items of other keys have been arriving, a batch waits one to three expected gaps between them
//   (core/activity.ts, gapsToWait) for company, never longer than the latency budget. A burst
//   (short gaps), a lone operation and an engine that keeps every slot busy keep the short window;
//   a fleet whose operations the engine hands over slowly (the file backend at 1,000 resources)
//   still shares its reads. A group whose waits keep closing alone (one operation at a time: the
//   next starts only after this one ends) stops waiting, and probes now and then (LONELY_WINDOWS,
//   PROBE_EVERY).
// - Only calls not yet sent are joined: an answer is never older than the caller's question.
//   `SharedAnswers` is the deliberate exception, for prechecks that may take an earlier answer.
// - When the whole call fails and `splitOn` says the failure may be one item's fault (an unknown
//   id, an instance in the wrong state), every item is sent again alone, so one bad item never
//   fails the rest. Other failures (throttling, a lost answer) reach every caller as they are;
//   each caller's own retry/reconcile layer decides what to do.

import { gapsToWait } from "./activity";
import { isCloudError } from "./errors";
import { Runtime, realRuntime } from "./runtime";

/** How long a read waits for others of its kind before it goes out (the shortest window). */
export const READ_WINDOW_MS = 10;
/** A whole-call failure that may be one item's fault (an unknown id, a refusal) is retried item by item. */
export const oneItemsFault = (error: unknown): boolean => isCloudError(error) && (error.retryClass === "notFound" || error.retryClass === "fatal");

/** How far back the arrival rate of a group is measured. */
export const ARRIVAL_HORIZON_MS = 2_000;
/**
 * The latency budget of a coalesced read's adaptive window (our choice): a read waits at most this
 * long for company, and only while the engine leaves parallel slots idle (core/activity.ts). It buys sharing when the engine hands
 * operations over a few per second; a lone operation (call-to-done) never pays it.
 */
export const READ_WINDOW_BUDGET_MS = 400;
/** What every coalesced read of an ID list shares, on both clouds: the windows and per-item splitting. */
export const READ_COALESCING = { windowMs: READ_WINDOW_MS, maxWindowMs: READ_WINDOW_BUDGET_MS, splitOn: oneItemsFault } as const;

/** One item's own failure inside a batch answer. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

export interface CoalesceSpec<I, R> {
  /** How long the first item of a batch waits for company (the shortest window). */
  windowMs: number;
  /**
   * The latency budget of an adaptive window: the longest a batch waits for company when it is
   * expected (other operations running, items of other keys arriving about one per expected gap).
   * Without it, the window is always `windowMs`.
   */
  maxWindowMs?: number;
  /**
   * How many expected gaps a batch may wait for company now: 0 when waiting would cost
   * throughput (default: core/activity.ts, `gapsToWait`).
   */
  gapsToWait?: () => number;
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
  /** Opened with an adaptive window (longer than windowMs): whether it found company is learned. */
  waited?: boolean;
}

/** How a group's adaptive windows have fared: consecutive ones that closed alone, batches since the last probe. */
interface Learned {
  lonely: number;
  sinceProbe: number;
}

/**
 * After this many adaptive windows in a row closed with nobody else's item, a group stops
 * waiting (our choice): the engine runs one operation at a time (`--parallel 1`, a script
 * awaiting each), so the next operation starts only after this one ends and waiting only adds
 * latency. Every PROBE_EVERY-th batch still waits, to notice when company comes back.
 */
export const LONELY_WINDOWS = 4;
export const PROBE_EVERY = 16;

export class Coalescer<I, R> {
  private readonly pending = new Map<string, Pending<I, R>>();
  /** Recent arrivals per group (adaptive windows only), oldest first. */
  private readonly arrivals = new Map<string, Array<{ at: number; key: string }>>();
  private readonly learned = new Map<string, Learned>();
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
      const window = batch.timerStarted ? 0 : this.openWindow(group, key, batch);
      this.noteArrival(group, key);
      const entry = batch.items.get(key);
      if (entry) entry.waiters.push({ resolve, reject });
      else batch.items.set(key, { item, waiters: [{ resolve, reject }] });
      if (batch.items.size >= this.spec.maxBatch) {
        this.flush(group, batch);
      } else if (!batch.timerStarted) {
        batch.timerStarted = true;
        const current = batch;
        void this.runtime
          .sleep(window)
          .then(() => this.spec.beforeSend?.(item))
          .catch(() => undefined) // a failed wait for room only means sending now
          .then(() => this.flush(group, current));
      }
    });
  }

  /**
   * The window of a batch opened now by `key`: `gapsToWait` expected gaps between arrivals of other
   * keys in this group (measured over the last ARRIVAL_HORIZON_MS), kept between windowMs and
   * maxWindowMs; windowMs when no company is expected (no other key arrived, or no other operation runs).
   */
  windowFor(group: string, key: string): number {
    const { windowMs, maxWindowMs } = this.spec;
    if (maxWindowMs === undefined || maxWindowMs <= windowMs) return windowMs;
    const now = this.runtime.now();
    const others = new Set((this.arrivals.get(group) ?? []).filter((a) => a.key !== key && a.at > now - ARRIVAL_HORIZON_MS).map((a) => a.key)).size;
    const gaps = others === 0 ? 0 : (this.spec.gapsToWait ?? (() => gapsToWait(now)))();
    if (gaps <= 0) return windowMs;
    return Math.min(maxWindowMs, Math.max(windowMs, Math.round((gaps * ARRIVAL_HORIZON_MS) / others)));
  }

  /** The window of a batch opened now: the adaptive one, unless this group's waits stopped paying. */
  private openWindow(group: string, key: string, batch: Pending<I, R>): number {
    const window = this.windowFor(group, key);
    if (window <= this.spec.windowMs) return window;
    const learned = this.learned.get(group);
    if (learned && learned.lonely >= LONELY_WINDOWS && ++learned.sinceProbe < PROBE_EVERY) return this.spec.windowMs;
    if (learned) learned.sinceProbe = 0;
    batch.waited = true;
    return window;
  }

  private learn(group: string, batch: Pending<I, R>): void {
    if (!batch.waited) return;
    const learned = this.learned.get(group) ?? { lonely: 0, sinceProbe: 0 };
    learned.lonely = batch.items.size > 1 ? 0 : learned.lonely + 1;
    this.learned.set(group, learned);
  }

  private noteArrival(group: string, key: string): void {
    if (this.spec.maxWindowMs === undefined) return;
    const now = this.runtime.now();
    const recent = (this.arrivals.get(group) ?? []).filter((a) => a.at > now - ARRIVAL_HORIZON_MS).slice(-255);
    recent.push({ at: now, key });
    this.arrivals.set(group, recent);
  }

  private flush(group: string, batch: Pending<I, R>): void {
    if (this.pending.get(group) !== batch) return; // already sent (it filled up before its window closed)
    this.pending.delete(group);
    this.learn(group, batch);
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

interface Shared<R> {
  answer: Promise<R>;
  askedAt: number;
}

/**
 * Answers that later callers may take instead of asking again, for reads whose callers accept an
 * answer from before their question (prechecks of an object this process does not change, such
 * as the VPC every link of a fleet checks): one read per `forMs` per key. A caller that joins a
 * read still in flight shares it too. Only answers `keep` accepts are kept (say, "ClassicLink is
 * on", never "off", so a stale answer can only let a precheck pass, and the cloud itself still
 * refuses the change). The process's own change to the object calls `forget(key)` before it is
 * sent and after its answer, and an answer asked before a forget is never kept: no caller gets an
 * answer from before a change this process made.
 */
export class SharedAnswers<R> {
  private readonly answers = new Map<string, Shared<R>>();
  /** Forgets per key, so an answer asked before one is not kept. */
  private readonly forgets = new Map<string, number>();
  private readonly runtime: Runtime;

  constructor(
    private readonly forMs: number,
    runtime?: Runtime,
  ) {
    this.runtime = runtime ?? realRuntime;
  }

  get(key: string, load: () => Promise<R>, keep: (answer: R) => boolean = () => true): Promise<R> {
    const now = this.runtime.now();
    const shared = this.answers.get(key);
    if (shared && now - shared.askedAt < this.forMs) return shared.answer;
    const forgetsBefore = this.forgets.get(key) ?? 0;
    const entry: Shared<R> = { answer: load(), askedAt: now };
    this.answers.set(key, entry);
    const drop = () => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    };
    entry.answer.then(
      (answer) => {
        if (!keep(answer) || (this.forgets.get(key) ?? 0) !== forgetsBefore) drop();
      },
      drop, // a failed read is not remembered: the next caller asks again
    );
    return entry.answer;
  }

  forget(key: string): void {
    this.answers.delete(key);
    this.forgets.set(key, (this.forgets.get(key) ?? 0) + 1);
  }

  clear(): void {
    this.answers.clear();
  }
}

/**
 * One instance per clock, like the governor: the provider has one (every operation runs on the
 * real clock); tests that drive their own virtual clock get their own, on that clock.
 */
export function perClock<T>(make: (runtime: Runtime) => T): (runtime?: Runtime) => T {
  const made = new WeakMap<Runtime, T>();
  return (runtime = realRuntime) => {
    let value = made.get(runtime);
    if (!value) made.set(runtime, (value = make(runtime)));
    return value;
  };
}
