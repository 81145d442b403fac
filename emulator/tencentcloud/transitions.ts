// Clock settlement for Tencent: transitional instance and ENI states, and running VPC tasks, move on
// under the clock as set now (the same role as alicloud/transitions.ts). Kept out of model.ts so the
// store imports none of the modules that hold the rules (instances.ts, tasks.ts import it).

import type { ClockSetting } from "../core/types";
import type { TencentModel } from "./model";
import type { TencentSeedNetworkInterface } from "./seed";
import { ENI_TRANSITIONAL, INSTANCE_SETTLES_TO } from "./instances";
import { isDue, startProgress } from "./progress";
import { completeTask, detachEni, tencentTime } from "./tasks";

/**
 * Settles every transition that is due under the clock; true when something changed. A
 * transitional status without a transition (seeded, or set out of band) gets one first, starting
 * now, unless it is `stuck`; an ENI whose running task drives it is left to the task.
 */
export function settle(model: TencentModel, clock: ClockSetting, now: number): boolean {
  let changed = false;
  for (const instance of model.instances.values()) {
    if (instance.stuck) continue;
    const settlesTo = INSTANCE_SETTLES_TO[instance.status];
    if (!instance.transition && settlesTo) {
      instance.transition = { to: settlesTo, ...startProgress(now) };
      changed = true;
    }
    if (instance.transition && isDue(instance.transition, clock, now)) {
      instance.status = instance.transition.to;
      delete instance.transition;
      changed = true;
    }
  }
  for (const eni of model.networkInterfaces.values()) {
    if (eni.stuck) continue;
    if (!eni.transition && ENI_TRANSITIONAL.includes(eni.status) && !model.runningEniTask(eni.networkInterfaceId)) {
      eni.transition = { to: "AVAILABLE", ...startProgress(now) };
      changed = true;
    }
    if (eni.transition && isDue(eni.transition, clock, now)) {
      settleEni(eni, now);
      changed = true;
    }
  }
  for (const task of model.runningTasks()) {
    if (isDue(task, clock, now)) {
      completeTask(model, task, now);
      changed = true;
    }
  }
  return changed;
}

/** ATTACHING -> AVAILABLE attached; DETACHING -> AVAILABLE unattached; PENDING -> AVAILABLE as it is. */
function settleEni(eni: TencentSeedNetworkInterface, now: number): void {
  if (eni.status === "DETACHING") detachEni(eni);
  else {
    eni.status = "AVAILABLE";
    if (eni.instanceId !== undefined) eni.attachTime ??= tencentTime(now);
  }
  delete eni.transition;
}
