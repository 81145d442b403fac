// Clock settlement for Alibaba: transitional instance and ENI statuses move on under the clock as
// set now (the same role as tencentcloud/transitions.ts). Kept out of model.ts so the store imports
// none of the modules that hold the rules.

import type { InstanceSeed, NetworkInterfaceSeed } from "../core/seed";
import type { AliModel, ModelEnv } from "./model";
import { settleEni } from "./networkInterfaces";
import { finish, isDue, settlesTo, start } from "./progress";

type Settling = InstanceSeed | NetworkInterfaceSeed;

/** How a resource settles: an ENI also leaves its instance when it ends Available. */
function settle(r: Settling): void {
  if ("networkInterfaceId" in r) settleEni(r as NetworkInterfaceSeed);
  else finish(r);
}

/** Settles every due transition; gives transitional statuses loaded without one a start time. */
export function tick(model: AliModel, env: ModelEnv): void {
  for (const r of [...model.instances.values(), ...model.enis.values()]) {
    if (r.stuck) continue;
    const to = settlesTo(r.status);
    if (!r.transition && to) r.transition = { to, startedAt: env.now(), polls: 0 };
    if (r.transition && isDue(r.transition, env)) settle(r);
  }
}

/** Sets a status behind the API's back; a transitional status starts its transition now. */
export function forceStatus(r: Settling, status: string, env: ModelEnv, to?: string): void {
  delete r.transition;
  const target = to ?? settlesTo(status);
  if (target) start(r, status, target, env, settle);
  else r.status = status;
}
