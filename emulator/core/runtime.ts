// The emulator's whole state and shared machinery behind one object: the clouds' models, accounts,
// clock, faults, random source, request log and state file. server.ts and control.ts drive it.

import { AccountBook } from "./accounts";
import { EmulatorClock, type WallClock } from "./clock";
import { FaultBook } from "./faults";
import { StateFile, StateFileError } from "./persistence";
import { SeededRandom } from "./random";
import { RequestLog } from "./request-log";
import { validateSeed, type Seed } from "./seed";
import type { CloudName, CloudService, EmulatorContext } from "./types";

export interface RuntimeOptions {
  services: CloudService<unknown>[];
  statePath?: string;
  wallClock?: WallClock;
}

export class EmulatorRuntime {
  readonly accounts = new AccountBook();
  readonly clock: EmulatorClock;
  readonly log = new RequestLog();
  readonly faults: FaultBook;
  readonly services: CloudService<unknown>[];
  /** Fault probabilities only: no other draw may move it, so a fault pattern repeats whatever the traffic. */
  private faultRandom = new SeededRandom(1);
  /** Generated ids (Tencent RequestIds/task ids) and any other non-fault draw. */
  private idRandom = new SeededRandom(idStreamSeed(1));
  private randomSeed: number | undefined;
  private readonly stateFile: StateFile | undefined;
  readonly ctx: EmulatorContext;

  constructor(options: RuntimeOptions) {
    this.services = options.services;
    this.clock = new EmulatorClock(options.wallClock);
    this.faults = new FaultBook(() => this.faultRandom.next(), () => this.clock.now());
    this.stateFile = options.statePath ? new StateFile(options.statePath) : undefined;
    this.ctx = {
      clock: () => this.clock.current(),
      now: () => this.clock.now(),
      wallNow: () => this.clock.wallNow(),
      random: () => this.idRandom.next(),
      idRandom: () => this.idRandom.next(),
      fault: (point) => this.faults.decide(point),
      taskFailure: (cloud, action) => this.faults.taskFailure(cloud, action),
      latencyFor: (cloud, action) => this.faults.latencyFor(cloud, action),
      rateLimited: (cloud, action) => this.faults.throttle(cloud, action) !== undefined,
      rateLimit: (cloud, action) => {
        const rule = this.faults.throttle(cloud, action);
        return rule ? { ...(rule.code ? { code: rule.code } : {}), ...(rule.status ? { status: rule.status } : {}) } : undefined;
      },
      accountByKey: (cloud, keyId) => this.accounts.byKey(cloud, keyId),
      defaultAccount: () => this.accounts.defaultAccount(),
      changed: () => this.persist(),
    };
  }

  /** Starts from the state file when one exists (nothing lost across restarts), else from the seed. */
  boot(seed: unknown): void {
    if (!this.stateFile?.exists()) return this.load(seed);
    const state = this.stateFile.read();
    try {
      this.load(state);
    } catch (err) {
      throw new StateFileError(this.stateFile.filePath, err);
    }
  }

  /** Replaces everything from a seed; throws SeedError (nothing changed) when it is invalid. */
  load(raw: unknown): void {
    const seed = validateSeed(raw);
    // A cloud may reject its section (its own rules); put every cloud back so a bad reset changes nothing.
    const before = this.services.map((s) => s.dump());
    try {
      for (const service of this.services) service.load(sectionOf(seed, service.cloud));
    } catch (err) {
      this.services.forEach((s, i) => s.load(before[i]));
      throw err;
    }
    this.accounts.load(seed.accounts);
    this.clock.load(seed.clock);
    this.randomSeed = seed.randomSeed;
    this.faultRandom = new SeededRandom(seed.randomSeed ?? 1);
    this.idRandom = new SeededRandom(idStreamSeed(seed.randomSeed ?? 1));
    this.faults.load({ faults: seed.faults ?? [], rateLimits: seed.rateLimits ?? [], latencyMs: seed.latencyMs });
    this.persist();
  }

  dump(): Seed {
    const load = this.faults.dump();
    const seed: Seed = { accounts: this.accounts.dump() };
    for (const service of this.services) seed[service.cloud] = service.dump() as Seed[typeof service.cloud];
    seed.clock = this.clock.dump();
    if (load.latencyMs !== undefined) seed.latencyMs = load.latencyMs;
    seed.rateLimits = load.rateLimits;
    seed.faults = load.faults;
    if (this.randomSeed !== undefined) seed.randomSeed = this.randomSeed;
    return seed;
  }

  /** Lets each cloud settle time-based transitions before its state is read out. */
  tick(): void {
    for (const service of this.services) service.tick?.(this.ctx);
  }

  service(cloud: string): CloudService<unknown> | undefined {
    return this.services.find((s) => s.cloud === cloud);
  }

  persist(): void {
    this.stateFile?.write(this.dump());
  }
}

/** The id stream's seed, derived from randomSeed so both streams repeat yet never coincide. */
export function idStreamSeed(randomSeed: number): number {
  return (Math.imul((randomSeed >>> 0) ^ 0x5bd1e995, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
}

function sectionOf(seed: Seed, cloud: CloudName): unknown {
  return seed[cloud];
}
