// ECS instances: Start/Stop/RebootInstance rules, the DescribeInstances and DescribeInstanceTypes
// views, and the instance type the ENI rules read (its documented families are in
// cloud-facts/alicloud.ts). Start, stop and reboot pass through Starting / Stopping and settle by
// the emulator clock.

import type { InstanceSeed } from "../core/seed";
import * as err from "./errors";
import type { AliModel, Caller, ModelEnv } from "./model";
import { seen, start } from "./progress";

/** ENIs (primary included) an instance takes when the seed does not say (maxEnis). */
export const DEFAULT_MAX_ENIS = 3;
/** The instance type of an instance seeded without one. */
export const DEFAULT_INSTANCE_TYPE = "ecs.g6.large";
const RUNNING_OR_STOPPED = new Set(["Running", "Stopped"]);

/** The states in which ClassicLink and ENI operations accept an instance. */
export const isAttachableState = (status: string): boolean => RUNNING_OR_STOPPED.has(status);

export function instanceTypeOf(i: InstanceSeed): string {
  return typeof i.instanceType === "string" ? i.instanceType : DEFAULT_INSTANCE_TYPE;
}

/** DescribeInstances' StartTime form: "2017-12-10T04:04Z". */
export function startTimeText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + "Z";
}

/** The caller's instance in the caller's region, for ECS instance and ClassicLink APIs. */
export function requireInstance(model: AliModel, caller: Caller, instanceId: string, env: ModelEnv): InstanceSeed {
  const inst = model.instances.get(instanceId);
  if (!inst || inst.region !== caller.region) throw err.instanceNotFound();
  if (!model.ownedBy(inst, caller, env)) throw err.instanceNotBelong();
  return inst;
}

export function describeInstances(
  model: AliModel,
  caller: Caller,
  filter: { ids?: string[]; vpcId?: string; zoneId?: string; networkType?: string; status?: string },
  env: ModelEnv,
): InstanceSeed[] {
  const found = [...model.instances.values()].filter(
    (i) =>
      model.visible(i, caller, env) &&
      (!filter.ids || filter.ids.includes(i.instanceId)) &&
      (!filter.vpcId || i.vpcId === filter.vpcId) &&
      (!filter.zoneId || i.zone === filter.zoneId) &&
      (!filter.networkType || i.networkType === filter.networkType) &&
      (!filter.status || i.status === filter.status),
  );
  found.forEach(seen);
  return found;
}

export function startInstance(model: AliModel, caller: Caller, instanceId: string, env: ModelEnv): void {
  changeInstance(model, caller, instanceId, env, { from: "Stopped", via: "Starting", to: "Running" });
}

export function stopInstance(model: AliModel, caller: Caller, instanceId: string, env: ModelEnv): void {
  changeInstance(model, caller, instanceId, env, { from: "Running", via: "Stopping", to: "Stopped" });
}

/** RebootInstance: a Running instance restarts (Starting, then Running). */
export function rebootInstance(model: AliModel, caller: Caller, instanceId: string, env: ModelEnv): void {
  changeInstance(model, caller, instanceId, env, { from: "Running", via: "Starting", to: "Running" });
}

/** Start/Stop/RebootInstance; whatever ends Running was started now (DescribeInstances StartTime). */
function changeInstance(model: AliModel, caller: Caller, instanceId: string, env: ModelEnv, move: { from: string; via: string; to: string }): void {
  const inst = requireInstance(model, caller, instanceId, env);
  if (inst.locked) throw err.instanceLockedForSecurity();
  if (inst.status !== move.from) throw err.incorrectInstanceStatus();
  if (move.to === "Running") inst.startTime = startTimeText(env.now());
  start(inst, move.via, move.to, env);
}

/** The instance types of the caller's instances (one entry per type, from its first instance). */
export function describeInstanceTypes(
  model: AliModel,
  caller: Caller,
  types: string[] | undefined,
  env: ModelEnv,
): { instanceType: string; networkCardQuantity?: number; maxEnis: number }[] {
  const byType = new Map<string, { instanceType: string; networkCardQuantity?: number; maxEnis: number }>();
  for (const i of model.instances.values()) {
    const instanceType = instanceTypeOf(i);
    if (byType.has(instanceType) || !model.ownedBy(i, caller, env) || (types && !types.includes(instanceType))) continue;
    byType.set(instanceType, { instanceType, networkCardQuantity: i.networkCardQuantity, maxEnis: typeof i.maxEnis === "number" ? i.maxEnis : DEFAULT_MAX_ENIS });
  }
  return [...byType.values()];
}
