// AttachNetworkInterface / DetachNetworkInterface / DescribeNetworkInterfaces rules. Attach and
// detach are asynchronous: the ENI is ATTACHING / DETACHING while the call's task runs, and
// AVAILABLE (with or without an Attachment) once it settles.

import type { Call, TencentModel } from "./model";
import { ATTACH_TYPES, type TencentSeedInstance, type TencentSeedNetworkInterface } from "./seed";
import { actionLocked, malformed, notFound, TencentError } from "./errors";
import { ENI_ID, INSTANCE_ID } from "./ids";
import { isAttachableState } from "./instances";
import { aliasTask, startTask } from "./tasks";

export const DEFAULT_MAX_NETWORK_INTERFACES = 3;
const MAX_CLIENT_TOKEN_LENGTH = 64;

export interface EniRequest {
  networkInterfaceId: string;
  instanceId: string;
  clientToken?: string;
  /** Attach only: 0 standard (default), 1 extended. */
  attachType?: number;
  /** Everything that must match when a ClientToken is reused. */
  fingerprint: string;
}

function requireEni(model: TencentModel, call: Call, id: string): TencentSeedNetworkInterface {
  if (!ENI_ID.test(id)) throw malformed("NetworkInterfaceId", id);
  const eni = model.networkInterface(id, call);
  if (!eni) throw notFound("network interface", id);
  return eni;
}

function requireInstance(model: TencentModel, call: Call, id: string): TencentSeedInstance {
  if (!INSTANCE_ID.test(id)) throw malformed("InstanceId", id);
  const instance = model.instance(id, call);
  if (!instance) throw notFound("instance", id);
  return instance;
}

function requireChangeable(model: TencentModel, eni: TencentSeedNetworkInterface, instance: TencentSeedInstance): void {
  if (eni.type === "Primary") throw new TencentError("UnsupportedOperation", `The primary network interface \`${eni.networkInterfaceId}\` cannot be attached or detached.`);
  if (instance.locked) throw actionLocked(instance.instanceId);
  if (eni.status !== "AVAILABLE" || model.runningEniTask(eni.networkInterfaceId)) {
    throw new TencentError("UnsupportedOperation.InvalidState", `The network interface \`${eni.networkInterfaceId}\` is ${eni.status}.`);
  }
  if (!isAttachableState(instance.status)) {
    throw new TencentError("UnsupportedOperation.InvalidState", `The instance \`${instance.instanceId}\` is ${instance.status}; it must be RUNNING or STOPPED.`);
  }
}

/**
 * A reused ClientToken: same parameters and finished -> answer for the original task (true);
 * still running -> IdempotentProcessing; different parameters -> IdempotentParameterMismatch.
 */
function replayed(model: TencentModel, call: Call, action: string, request: EniRequest): boolean {
  if (request.clientToken === undefined) return false;
  if (request.clientToken.length === 0 || request.clientToken.length > MAX_CLIENT_TOKEN_LENGTH) throw malformed("ClientToken", request.clientToken);
  const earlier = model.clientToken(call.account, action, request.clientToken);
  if (!earlier) return false;
  if (earlier.fingerprint !== request.fingerprint) {
    throw new TencentError("UnsupportedOperation.IdempotentParameterMismatch", `The ClientToken \`${request.clientToken}\` was used with other parameters.`);
  }
  const original = model.tasks.get(earlier.taskId);
  if (!original || original.status === "RUNNING") {
    throw new TencentError("UnsupportedOperation.IdempotentProcessing", `The request with ClientToken \`${request.clientToken}\` is still being processed.`);
  }
  aliasTask(model, call, original);
  return true;
}

function remember(model: TencentModel, call: Call, action: string, request: EniRequest): void {
  if (request.clientToken === undefined) return;
  model.rememberClientToken({ account: call.account, action, clientToken: request.clientToken, fingerprint: request.fingerprint, taskId: call.requestId });
}

function nextDeviceIndex(model: TencentModel, instanceId: string): number {
  const used = new Set([...model.networkInterfaces.values()].filter((eni) => eni.instanceId === instanceId).map((eni) => eni.deviceIndex ?? 0));
  let index = 1;
  while (used.has(index)) index += 1;
  return index;
}

export function attachNetworkInterface(model: TencentModel, call: Call, request: EniRequest): void {
  if (replayed(model, call, "AttachNetworkInterface", request)) return;
  const attachType = request.attachType ?? 0;
  if (!ATTACH_TYPES.includes(attachType)) {
    throw new TencentError("InvalidParameterValue.Range", `The value \`${attachType}\` of \`AttachType\` is out of range: 0 (standard) or 1 (extended).`);
  }
  const eni = requireEni(model, call, request.networkInterfaceId);
  const instance = requireInstance(model, call, request.instanceId);
  if (eni.instanceId !== undefined && eni.status === "AVAILABLE") {
    throw new TencentError("UnsupportedOperation.AttachmentAlreadyExists", `The network interface \`${eni.networkInterfaceId}\` is attached to \`${eni.instanceId}\`.`);
  }
  requireChangeable(model, eni, instance);
  if (instance.networkType !== "vpc" || instance.vpcId !== eni.vpcId) {
    throw new TencentError("UnsupportedOperation.VpcMismatch", `The instance \`${instance.instanceId}\` is not in the VPC \`${eni.vpcId}\` of the network interface.`);
  }
  if (instance.zone !== eni.zone) {
    throw new TencentError("UnsupportedOperation.ZoneMismatch", `The instance is in \`${instance.zone}\`, the network interface in \`${eni.zone}\`.`);
  }
  const attached = [...model.networkInterfaces.values()].filter((other) => other.instanceId === instance.instanceId).length;
  if (attached >= (instance.maxEnis ?? DEFAULT_MAX_NETWORK_INTERFACES)) {
    throw new TencentError("LimitExceeded", `The instance \`${instance.instanceId}\` cannot take more network interfaces.`);
  }
  eni.status = "ATTACHING";
  eni.instanceId = instance.instanceId;
  eni.deviceIndex = nextDeviceIndex(model, instance.instanceId);
  eni.attachType = attachType;
  startTask(model, call, { kind: "EniAttach", networkInterfaceId: eni.networkInterfaceId, instanceIds: [instance.instanceId] });
  remember(model, call, "AttachNetworkInterface", request);
}

export function detachNetworkInterface(model: TencentModel, call: Call, request: EniRequest): void {
  if (replayed(model, call, "DetachNetworkInterface", request)) return;
  const eni = requireEni(model, call, request.networkInterfaceId);
  const instance = requireInstance(model, call, request.instanceId);
  if (eni.type !== "Primary" && eni.status === "AVAILABLE" && eni.instanceId !== instance.instanceId) {
    // The docs list no code for this; the ENI-instance attachment is a resource that does not exist.
    throw new TencentError("ResourceNotFound", `The network interface \`${eni.networkInterfaceId}\` is not attached to \`${instance.instanceId}\`.`);
  }
  requireChangeable(model, eni, instance);
  eni.status = "DETACHING";
  startTask(model, call, { kind: "EniDetach", networkInterfaceId: eni.networkInterfaceId, instanceIds: [instance.instanceId] });
  remember(model, call, "DetachNetworkInterface", request);
}

/** A Describe that returns the ENI counts as one poll of its running task or its transition. */
export function observeNetworkInterface(model: TencentModel, eni: TencentSeedNetworkInterface): void {
  const task = model.runningEniTask(eni.networkInterfaceId);
  if (task) task.polls += 1;
  if (eni.transition) eni.transition.polls += 1;
}
