// Emulator time = wall time + an offset that only moves forward (POST /__emulator/clock
// {advanceMs}), so tests settle "ms"-mode transitions without sleeping.

import type { ClockSeed } from "./seed";
import type { ClockSetting } from "./types";

export type WallClock = () => number;

export class EmulatorClock {
  private setting: ClockSetting = { mode: "immediate" };
  private offsetMs = 0;

  constructor(private readonly wall: WallClock = Date.now) {}

  load(seed: ClockSeed | undefined): void {
    this.setting = toSetting(seed);
    this.offsetMs = seed?.offsetMs ?? 0;
  }

  dump(): ClockSeed {
    return { ...this.setting, offsetMs: this.offsetMs };
  }

  current(): ClockSetting {
    return this.setting;
  }

  set(seed: ClockSeed): void {
    this.setting = toSetting(seed);
  }

  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }

  now(): number {
    return this.wall() + this.offsetMs;
  }

  wallNow(): number {
    return this.wall();
  }
}

function toSetting(seed: ClockSeed | undefined): ClockSetting {
  if (!seed || seed.mode === "immediate") return { mode: "immediate" };
  if (seed.mode === "polls") return { mode: "polls", polls: seed.polls ?? 1 };
  return { mode: "ms", ms: seed.ms ?? 1000 };
}
