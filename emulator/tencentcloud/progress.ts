// When a transition (instance STARTING, ENI ATTACHING, a RUNNING task...) is due to settle,
// under the emulator clock as it is set now, so a clock change applies to work in flight too.

import type { ClockSetting } from "../core/types";
import type { SeedProgress } from "./seed";

export function isDue(progress: SeedProgress, clock: ClockSetting, now: number): boolean {
  switch (clock.mode) {
    case "immediate":
      return true;
    case "polls":
      return progress.polls >= clock.polls;
    case "ms":
      return now - progress.startedAt >= clock.ms;
  }
}

export const startProgress = (now: number): SeedProgress => ({ startedAt: now, polls: 0 });
