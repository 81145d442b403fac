// AttachClassicLinkVpc / DetachClassicLinkVpc / DescribeClassicLinkInstances rules. Both calls
// are asynchronous: a link being attached is not listed until its task succeeds, a link being
// detached stays listed until its task succeeds.

import type { Call, TencentModel } from "./model";
import type { TencentSeedInstance } from "./seed";
import { actionLocked, malformed, notFound, TencentError } from "./errors";
import { INSTANCE_ID } from "./ids";
import { isAttachableState } from "./instances";
import { startTask } from "./tasks";
import { requireClassicLinkCidr, requireVpc } from "./vpcs";

export const MAX_INSTANCES_PER_VPC = 1000;
const MAX_INSTANCE_IDS_PER_CALL = 100;

function requireInstances(model: TencentModel, call: Call, instanceIds: string[]): TencentSeedInstance[] {
  if (instanceIds.length === 0) throw new TencentError("MissingParameter", "The request is missing a required parameter `InstanceIds`.");
  if (instanceIds.length > MAX_INSTANCE_IDS_PER_CALL) {
    throw new TencentError("InvalidParameterValue.LimitExceeded", `At most ${MAX_INSTANCE_IDS_PER_CALL} InstanceIds per call.`);
  }
  for (const id of instanceIds) if (!INSTANCE_ID.test(id)) throw malformed("InstanceIds", id);
  return instanceIds.map((id) => {
    const instance = model.instance(id, call);
    if (!instance) throw notFound("instance", id);
    return instance;
  });
}

function requireNotBusy(model: TencentModel, instance: TencentSeedInstance): void {
  if (instance.locked || model.runningLinkTask(instance.instanceId)) throw actionLocked(instance.instanceId);
}

/** Established links plus links whose attach task is still running. */
function linksInVpc(model: TencentModel, vpcId: string): number {
  const established = [...model.classicLinks.values()].filter((id) => id === vpcId).length;
  const attaching = model
    .runningTasks()
    .filter((task) => task.kind === "ClassicLinkAttach" && task.vpcId === vpcId)
    .reduce((sum, task) => sum + task.instanceIds.length, 0);
  return established + attaching;
}

export function attachClassicLink(model: TencentModel, call: Call, vpcId: string, instanceIds: string[]): void {
  const vpc = requireVpc(model, call, vpcId);
  const instances = requireInstances(model, call, instanceIds);
  requireClassicLinkCidr(vpc);
  for (const instance of instances) {
    if (instance.networkType !== "classic") {
      throw new TencentError("UnsupportedOperation", `The instance \`${instance.instanceId}\` is not a basic-network instance.`);
    }
    requireNotBusy(model, instance);
    const linkedTo = model.classicLinks.get(instance.instanceId);
    if (linkedTo !== undefined) {
      throw new TencentError("UnsupportedOperation.ClassicInstanceIdAlreadyExists", `The instance \`${instance.instanceId}\` is already linked to \`${linkedTo}\`.`);
    }
    if (!isAttachableState(instance.status)) {
      throw new TencentError("UnsupportedOperation.InvalidState", `The instance \`${instance.instanceId}\` is ${instance.status}; it must be RUNNING or STOPPED.`);
    }
  }
  if (linksInVpc(model, vpcId) + new Set(instanceIds).size > MAX_INSTANCES_PER_VPC) {
    throw new TencentError("LimitExceeded", `The VPC \`${vpcId}\` already links ${MAX_INSTANCES_PER_VPC} instances.`);
  }
  startTask(model, call, { kind: "ClassicLinkAttach", vpcId, instanceIds: [...new Set(instanceIds)] });
}

export function detachClassicLink(model: TencentModel, call: Call, vpcId: string, instanceIds: string[]): void {
  requireVpc(model, call, vpcId);
  const instances = requireInstances(model, call, instanceIds);
  for (const instance of instances) {
    requireNotBusy(model, instance);
    // The docs list no code for "not linked"; like the v2 API's NotFound codes, the pair is a resource that does not exist.
    if (model.classicLinks.get(instance.instanceId) !== vpcId) {
      throw new TencentError("ResourceNotFound", `The instance \`${instance.instanceId}\` is not linked to \`${vpcId}\`.`);
    }
  }
  startTask(model, call, { kind: "ClassicLinkDetach", vpcId, instanceIds: [...new Set(instanceIds)] });
}

export interface LinkQuery {
  vpcIds?: string[];
  vmIps?: string[];
}

/** The caller's established links, in a stable order; polls every running link task it covers. */
export function describeClassicLinks(model: TencentModel, call: Call, query: LinkQuery, privateIpOf: (instance: TencentSeedInstance) => string) {
  const links = [...model.classicLinks]
    .map(([instanceId, vpcId]) => ({ instanceId, vpcId, instance: model.instance(instanceId, call) }))
    .filter((link) => link.instance && model.vpc(link.vpcId, call))
    .filter((link) => !query.vpcIds || query.vpcIds.includes(link.vpcId))
    .filter((link) => !query.vmIps || query.vmIps.includes(privateIpOf(link.instance as TencentSeedInstance)))
    .sort((a, b) => a.vpcId.localeCompare(b.vpcId) || a.instanceId.localeCompare(b.instanceId));
  for (const task of model.runningTasks()) {
    if (task.kind.startsWith("ClassicLink") && model.ownedBy(task, call) && (!query.vpcIds || query.vpcIds.includes(task.vpcId as string))) task.polls += 1;
  }
  return links.map(({ instanceId, vpcId }) => ({ instanceId, vpcId }));
}
