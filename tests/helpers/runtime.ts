// A Runtime whose sleep returns at once and moves a virtual clock, so tests of retries and waiters
// never wait in real time and repeat exactly (seeded random).

import { Runtime } from "../../provider/core/runtime";

export interface VirtualRuntime extends Runtime {
  /** Every sleep requested, in ms, in order. */
  sleeps: number[];
  /** Virtual ms elapsed since creation. */
  elapsed(): number;
}

export function virtualRuntime(seed = 42, start = Date.UTC(2026, 10, 22)): VirtualRuntime {
  let now = start;
  let state = seed >>> 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    elapsed: () => now - start,
    async sleep(ms: number) {
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
    },
    random() {
      // mulberry32
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
