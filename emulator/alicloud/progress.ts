// When a transition (an instance Starting, an ENI Attaching...) is due to settle under the emulator
// clock as it is set now: at once ("immediate"), after N Describe calls that returned the resource
// ("polls"), or once T ms of emulator time have passed ("ms"). The same role as
// tencentcloud/progress.ts; the sweep that settles what is due is transitions.ts.

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

/** A Describe call returned this resource: one poll towards settling it. */
export function seen(resource: Timed): void {
  if (resource.transition) resource.transition.polls += 1;
}

/** The transition ends: the resource takes the status it was heading for. */
export function finish(resource: Timed): void {
  if (!resource.transition) return;
  resource.status = resource.transition.to;
  delete resource.transition;
}

/** Begins a transition; under the "immediate" clock it settles at once (`settle`: how this kind settles). */
export function start<T extends Timed>(resource: T, status: string, to: string, time: TimeSource, settle: (resource: T) => void = finish): void {
  begin(resource, status, to, time);
  if (time.clock().mode === "immediate") settle(resource);
}
