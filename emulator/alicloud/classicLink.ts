// AttachClassicLinkVpc / DetachClassicLinkVpc / DescribeClassicLinkInstances rules (ECS APIs;
// whether a VPC allows ClassicLink is vpcs.ts). Both calls take effect at once: Alibaba has no task
// to poll. Also the control API's link edits, which keep the loader's rules (validate.ts).

import type { ClassicLinkSeed, InstanceSeed, VpcSeed } from "../core/seed";
import * as err from "./errors";
import { isAttachableState, requireInstance } from "./instances";
import type { AliModel, Caller, ModelEnv } from "./model";
import { linkViolation, type Violation } from "./validate";

/** At most this many classic instances per VPC (QuotaExceeded text in the AttachClassicLinkVpc doc). */
export const LINKS_PER_VPC = 1000;

function classicInstanceReady(model: AliModel, caller: Caller, instanceId: string, env: ModelEnv): InstanceSeed {
  const inst = requireInstance(model, caller, instanceId, env);
  if (inst.networkType !== "classic") throw err.notClassicInstance();
  if (inst.locked) throw err.instanceLocked();
  if (!isAttachableState(inst.status)) throw err.instanceStatusNotRunningOrStopped();
  return inst;
}

/** ECS ClassicLink APIs have no InvalidVpcId.NotFound: an unknown or foreign VPC is Malformed. */
function linkableVpc(model: AliModel, caller: Caller, vpcId: string, env: ModelEnv): VpcSeed {
  const vpc = model.vpcs.get(vpcId);
  if (!vpc || !model.visible(vpc, caller, env)) throw err.vpcMalformed();
  return vpc;
}

export function attachClassicLink(model: AliModel, caller: Caller, instanceId: string, vpcId: string, env: ModelEnv): void {
  classicInstanceReady(model, caller, instanceId, env);
  const vpc = linkableVpc(model, caller, vpcId, env);
  const existing = model.links.find((l) => l.instanceId === instanceId);
  if (existing && existing.vpcId !== vpcId) throw err.alreadyLinked();
  if (!vpc.classicLinkEnabled) throw err.classicLinkDenied();
  if (existing) return; // same pair again: already in the wanted state (README: choices)
  if (model.links.filter((l) => l.vpcId === vpcId).length >= LINKS_PER_VPC) throw err.linkQuotaExceeded();
  model.links.push({ instanceId, vpcId });
}

export function detachClassicLink(model: AliModel, caller: Caller, instanceId: string, vpcId: string, env: ModelEnv): void {
  classicInstanceReady(model, caller, instanceId, env);
  linkableVpc(model, caller, vpcId, env);
  const index = model.links.findIndex((l) => l.instanceId === instanceId && l.vpcId === vpcId);
  if (index < 0) throw err.pairNotLinked();
  model.links.splice(index, 1);
}

export function describeClassicLinks(model: AliModel, caller: Caller, filter: { vpcId?: string; instanceIds?: string[] }, env: ModelEnv): ClassicLinkSeed[] {
  for (const id of filter.instanceIds ?? []) {
    const inst = model.instances.get(id);
    if (inst && inst.region === caller.region && !model.ownedBy(inst, caller, env)) throw err.instanceNotBelong();
  }
  return model.links.filter((l) => {
    const inst = model.instances.get(l.instanceId);
    return (
      inst !== undefined &&
      model.visible(inst, caller, env) &&
      (!filter.vpcId || l.vpcId === filter.vpcId) &&
      (!filter.instanceIds || filter.instanceIds.includes(l.instanceId))
    );
  });
}

// ---- out-of-band (control API) -------------------------------------------------------

/** What load() would say about this link next to the current ones (the same pair again is fine). */
export function linkViolationOf(model: AliModel, instanceId: string, vpcId: string): Violation | undefined {
  const link = { instanceId, vpcId };
  const others = model.links.filter((l) => !(l.instanceId === instanceId && l.vpcId === vpcId));
  return linkViolation({ instances: model.instances, vpcs: model.vpcs, links: model.links }, link, others);
}

/** Adds a link; callers check linkViolationOf() first (the control API answers 404/409). */
export function addLink(model: AliModel, instanceId: string, vpcId: string): void {
  if (!model.links.some((l) => l.instanceId === instanceId && l.vpcId === vpcId)) model.links.push({ instanceId, vpcId });
}

export function removeLink(model: AliModel, instanceId: string, vpcId?: string): number {
  const before = model.links.length;
  model.links = model.links.filter((l) => !(l.instanceId === instanceId && (vpcId === undefined || l.vpcId === vpcId)));
  return before - model.links.length;
}
