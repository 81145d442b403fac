// CVM instances: StartInstances / StopInstances rules and the DescribeInstances view. Start and
// stop pass through STARTING / STOPPING and settle by the emulator clock.

import type { Call, TencentModel } from "./model";
import type { EniState, TencentInstanceState, TencentSeedInstance } from "./seed";
import { TencentError } from "./errors";
import { INSTANCE_ID } from "./ids";
import { startProgress } from "./progress";

/** Where each transitional instance state settles by the clock when nothing else says so. */
export const INSTANCE_SETTLES_TO: Partial<Record<TencentInstanceState, "RUNNING" | "STOPPED">> = {
  PENDING: "RUNNING",
  STARTING: "RUNNING",
  REBOOTING: "RUNNING",
  STOPPING: "STOPPED",
};

/** ENI states that settle to AVAILABLE by the clock (or by their running task). */
export const ENI_TRANSITIONAL: readonly EniState[] = ["PENDING", "ATTACHING", "DETACHING"];

/** The states in which VPC attach operations accept an instance. */
export const isAttachableState = (status: TencentInstanceState) => status === "RUNNING" || status === "STOPPED";

const STATE_ERROR_SUFFIX: Record<TencentInstanceState, string> = {
  PENDING: "Pending",
  LAUNCH_FAILED: "LaunchFailed",
  RUNNING: "Running",
  STOPPED: "Stopped",
  STARTING: "Starting",
  STOPPING: "Stopping",
  REBOOTING: "Rebooting",
  SHUTDOWN: "Shutdown",
  TERMINATING: "Terminating",
};

export function requireCvmInstance(model: TencentModel, call: Call, instanceId: string): TencentSeedInstance {
  if (!INSTANCE_ID.test(instanceId)) throw new TencentError("InvalidInstanceId.Malformed", `The instance id \`${instanceId}\` is malformed.`);
  const instance = model.instance(instanceId, call);
  if (!instance) throw new TencentError("InvalidInstanceId.NotFound", `The instance \`${instanceId}\` does not exist.`);
  return instance;
}

function changeState(model: TencentModel, call: Call, instanceIds: string[], from: TencentInstanceState, via: TencentInstanceState, target: "RUNNING" | "STOPPED", action: string): void {
  const instances = instanceIds.map((id) => requireCvmInstance(model, call, id));
  for (const instance of instances) {
    // A locked instance refuses every operation; CVM's code for "an operation is in progress".
    if (instance.locked) throw new TencentError("OperationDenied.InstanceOperationInProgress", `The instance \`${instance.instanceId}\` is locked.`);
    if (instance.status !== from) {
      throw new TencentError(`UnsupportedOperation.InstanceState${STATE_ERROR_SUFFIX[instance.status]}`, `The instance \`${instance.instanceId}\` is ${instance.status}.`);
    }
  }
  for (const instance of instances) {
    instance.status = via;
    delete instance.stuck;
    instance.transition = { to: target, ...startProgress(call.now) };
    instance.latestOperation = { action, requestId: call.requestId };
  }
}

export const startInstances = (model: TencentModel, call: Call, ids: string[]) => changeState(model, call, ids, "STOPPED", "STARTING", "RUNNING", "StartInstances");
export const stopInstances = (model: TencentModel, call: Call, ids: string[]) => changeState(model, call, ids, "RUNNING", "STOPPING", "STOPPED", "StopInstances");

/** A Describe that returns the instance counts as one poll of its transition. */
export function observeInstance(instance: TencentSeedInstance): void {
  if (instance.transition) instance.transition.polls += 1;
}

/** A stable private IP (derived from the id) for seeds that give none. */
export function privateIpOf(instance: { instanceId: string; privateIp?: string }): string {
  if (instance.privateIp) return instance.privateIp;
  let hash = 0;
  for (const char of instance.instanceId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10.${64 + (hash % 128)}.${(hash >>> 8) % 256}.${2 + ((hash >>> 16) % 250)}`;
}
