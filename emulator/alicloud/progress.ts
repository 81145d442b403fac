// Transitional states (Starting, Attaching, ...) settle by the emulator clock: at once
// ("immediate"), after N Describe calls that returned the resource ("polls"), or once T ms of
// emulator time have passed ("ms").

import type { TransitionSeed } from "../core/seed";
import type { ClockSetting } from "../core/types";

export interface Timed {
  status: string;
  transition?: TransitionSeed;
}

export interface TimeSource {
  clock(): ClockSetting;
  now(): number;
}

/** Where each transitional status settles when nothing else says so. */
export const SETTLES_TO: Record<string, string> = {
  Pending: "Running",
  Starting: "Running",
  Stopping: "Stopped",
  Attaching: "InUse",
  Detaching: "Available",
};

/** SETTLES_TO as an own-key lookup: a status named "constructor" settles nowhere. */
export function settlesTo(status: string): string | undefined {
  return Object.hasOwn(SETTLES_TO, status) ? SETTLES_TO[status] : undefined;
}

export function begin(resource: Timed, status: string, to: string, time: TimeSource): void {
  resource.status = status;
  resource.transition = { to, startedAt: time.now(), polls: 0 };
}

/** True when the transition is due under the current clock setting (polls are counted elsewhere). */
export function isDue(t: TransitionSeed, time: TimeSource): boolean {
  const clock = time.clock();
  if (clock.mode === "immediate") return true;
  if (clock.mode === "polls") return t.polls >= clock.polls;
  return time.now() - t.startedAt >= clock.ms;
}
