// AttachNetworkInterface / DetachNetworkInterface / DescribeNetworkInterfaces rules. Attach and
// detach pass through Attaching / Detaching and settle by the emulator clock: InUse on the
// instance, or Available and on none.

import type { InstanceSeed, NetworkInterfaceSeed } from "../core/seed";
import * as err from "./errors";
import { ENI_REBOOT_CUTOFF, takesEniOnlyStopped } from "../../cloud-facts/alicloud";
import { DEFAULT_MAX_ENIS, instanceTypeOf, isAttachableState } from "./instances";
import { freeDeviceIndex, type AliModel, type Caller, type ModelEnv } from "./model";
import { finish, seen, start } from "./progress";

/** What AttachNetworkInterface may ask for besides the pair. */
export interface AttachOptions {
  networkCardIndex?: number;
  trunkNetworkInterfaceId?: string;
}

export function enisOfInstance(model: AliModel, instanceId: string): NetworkInterfaceSeed[] {
  return [...model.enis.values()].filter((n) => n.instanceId === instanceId);
}

/** The ENI is attached (or attaching) to this instance; it keeps its device index if already there. */
export function placeEni(model: AliModel, n: NetworkInterfaceSeed, instanceId: string): void {
  if (n.instanceId === instanceId && typeof n.deviceIndex === "number") return;
  n.instanceId = instanceId;
  n.deviceIndex = freeDeviceIndex(n, instanceId, model.enis.values());
}

/** The ENI belongs to no instance any more. */
export function unplaceEni(n: NetworkInterfaceSeed): void {
  delete n.instanceId;
  delete n.deviceIndex;
  delete n.networkCardIndex;
  delete n.trunkNetworkInterfaceId;
}

/** An ENI's transition ends; one that ends Available has left its instance. */
export function settleEni(n: NetworkInterfaceSeed): void {
  if (!n.transition) return;
  finish(n);
  if (n.status === "Available") unplaceEni(n);
}

/** ENI APIs answer with InvalidEcsId/InvalidEniId.NotFound, also for another account's resources. */
function eniPair(model: AliModel, caller: Caller, eniId: string, instanceId: string, env: ModelEnv): { eni: NetworkInterfaceSeed; inst: InstanceSeed } {
  const eni = model.enis.get(eniId);
  if (!eni || !model.visible(eni, caller, env)) throw err.eniIdNotFound(eniId);
  const inst = model.instances.get(instanceId);
  if (!inst || !model.visible(inst, caller, env)) throw err.ecsIdNotFound(instanceId);
  return { eni, inst };
}

function ecsReady(inst: InstanceSeed): void {
  if (inst.locked) throw err.invalidEcsState("Running|Stopped (unlocked)", `${inst.status} (locked)`);
  if (!isAttachableState(inst.status)) throw err.invalidEcsState("Running|Stopped", inst.status);
}

export function attachNetworkInterface(model: AliModel, caller: Caller, eniId: string, instanceId: string, env: ModelEnv, options: AttachOptions = {}): void {
  const { eni, inst } = eniPair(model, caller, eniId, instanceId, env);
  if (eni.type === "Primary") throw err.invalidEniType(eni.type);
  if (inst.networkType !== "vpc") throw err.vpcMismatch();
  ecsReady(inst);
  if (eni.status !== "Available") throw err.invalidEniState("Available", eni.status);
  if (eni.zone !== inst.zone) throw err.zoneMismatch();
  if (eni.vpcId !== inst.vpcId) throw err.vpcMismatch();
  if (options.networkCardIndex !== undefined) checkNetworkCard(inst, options.networkCardIndex);
  if (options.trunkNetworkInterfaceId !== undefined) checkTrunk(model, caller, inst, options.trunkNetworkInterfaceId, env);
  checkHotplug(inst, env);
  const max = typeof inst.maxEnis === "number" ? inst.maxEnis : DEFAULT_MAX_ENIS;
  if (enisOfInstance(model, instanceId).length >= max) throw err.eniLimitExceeded(max);
  placeEni(model, eni, instanceId);
  if (options.networkCardIndex !== undefined) eni.networkCardIndex = options.networkCardIndex;
  if (options.trunkNetworkInterfaceId !== undefined) eni.trunkNetworkInterfaceId = options.trunkNetworkInterfaceId;
  start(eni, "Attaching", "InUse", env, settleEni);
}

/** NetworkCardIndex must name one of the instance type's network cards (none: it cannot be given). */
function checkNetworkCard(inst: InstanceSeed, index: number): void {
  const cards = inst.networkCardQuantity ?? 0;
  if (cards === 0) throw err.networkCardUnsupported(instanceTypeOf(inst));
  if (index >= cards) throw err.networkCardOutOfRange(index, instanceTypeOf(inst), cards);
}

/** The trunk ENI exists for the caller, is a Trunk ENI, and is InUse on this very instance. */
function checkTrunk(model: AliModel, caller: Caller, inst: InstanceSeed, trunkId: string, env: ModelEnv): void {
  const trunk = model.enis.get(trunkId);
  if (!trunk || !model.visible(trunk, caller, env)) throw err.trunkNotFound(trunkId);
  if (trunk.type !== "Trunk") throw err.notATrunk(trunkId, trunk.type);
  if (trunk.instanceId !== inst.instanceId || trunk.status !== "InUse") throw err.trunkNotOnInstance(trunkId, inst.instanceId);
}

/** Running is not enough for some instance types, nor for an instance last started before 2018-04-01. */
function checkHotplug(inst: InstanceSeed, env: ModelEnv): void {
  if (inst.status !== "Running") return;
  const instanceType = instanceTypeOf(inst);
  if (takesEniOnlyStopped(instanceType)) throw err.eniNeedsStopped(instanceType);
  const started = typeof inst.startTime === "string" ? Date.parse(inst.startTime) : env.now();
  if (started < ENI_REBOOT_CUTOFF) throw err.eniNeedsReboot(inst.instanceId, inst.startTime as string);
}

export function detachNetworkInterface(model: AliModel, caller: Caller, eniId: string, instanceId: string, env: ModelEnv, trunkId?: string): void {
  const { eni, inst } = eniPair(model, caller, eniId, instanceId, env);
  if (eni.type === "Primary") throw err.detachPrimaryNotAllowed();
  ecsReady(inst);
  if (trunkId !== undefined && eni.trunkNetworkInterfaceId !== trunkId) throw err.trunkMismatch(eniId, trunkId);
  if (eni.type === "Trunk" && [...model.enis.values()].some((m) => m.trunkNetworkInterfaceId === eniId)) throw err.hasMemberEniAttached(eniId);
  const onThis = eni.instanceId === instanceId;
  // The doc allows re-sending Detach while Detaching: accepted, no restart; and it is the cure
  // for a stuck detach, which then proceeds.
  if (onThis && eni.status === "Detaching") {
    if (eni.stuck) {
      delete eni.stuck;
      start(eni, "Detaching", "Available", env, settleEni);
    }
    return;
  }
  if (!onThis || eni.status !== "InUse") throw err.invalidEniState("InUse|Detaching", onThis ? eni.status : `${eni.status} (not attached to ${instanceId})`);
  start(eni, "Detaching", "Available", env, settleEni);
}

export function describeNetworkInterfaces(
  model: AliModel,
  caller: Caller,
  filter: { ids?: string[]; instanceId?: string; vpcId?: string; type?: string; status?: string },
  env: ModelEnv,
): NetworkInterfaceSeed[] {
  const found = [...model.enis.values()].filter(
    (n) =>
      model.visible(n, caller, env) &&
      (!filter.ids || filter.ids.includes(n.networkInterfaceId)) &&
      (!filter.instanceId || n.instanceId === filter.instanceId) &&
      (!filter.vpcId || n.vpcId === filter.vpcId) &&
      (!filter.type || n.type === filter.type) &&
      (!filter.status || n.status === filter.status),
  );
  found.forEach(seen);
  return found;
}
