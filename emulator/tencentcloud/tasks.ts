// DescribeVpcTaskResult tasks. An async call (ClassicLink or ENI attach/detach) registers a task
// under its RequestId; the resources sit in their transitional state until the task settles by
// the clock. A task ends FAILED when a fault decided so at call time, or when the state no longer
// allows the change at completion (instance locked or deleted meanwhile...); FAILED rolls back.

import type { Call, TencentModel } from "./model";
import type { TencentSeedTask, TencentTaskKind } from "./seed";
import { TencentError } from "./errors";
import { startProgress } from "./progress";
import { isAttachableState } from "./instances";

export interface TaskSpec {
  kind: TencentTaskKind;
  instanceIds: string[];
  vpcId?: string;
  networkInterfaceId?: string;
}

export function startTask(model: TencentModel, call: Call, spec: TaskSpec): TencentSeedTask {
  const failWith = call.taskFailure?.(); // the fault rule is consulted (and used up) only now
  const task: TencentSeedTask = {
    taskId: call.requestId,
    account: call.account,
    region: call.region,
    status: "RUNNING",
    ...spec,
    ...startProgress(call.now),
    ...(failWith !== undefined ? { failWith } : {}),
  };
  model.tasks.set(task.taskId, task);
  return task;
}

/** A second RequestId answering for a finished task (ClientToken replay). */
export function aliasTask(model: TencentModel, call: Call, original: TencentSeedTask): void {
  model.tasks.set(call.requestId, { ...structuredClone(original), taskId: call.requestId, aliasOf: original.taskId });
}

export function completeTask(model: TencentModel, task: TencentSeedTask, now: number): void {
  const failure = task.failWith ?? stateFailure(model, task);
  if (failure === undefined) {
    apply(model, task, now);
    task.status = "SUCCESS";
    task.output = "SUCCESS";
  } else {
    rollBack(model, task);
    task.status = "FAILED";
    task.output = failure;
  }
}

/** Why the change can no longer be made, judged when the task completes. */
function stateFailure(model: TencentModel, task: TencentSeedTask): string | undefined {
  for (const instanceId of task.instanceIds) {
    const instance = model.instances.get(instanceId);
    const removing = task.kind === "ClassicLinkDetach" || task.kind === "EniDetach";
    if (!instance) {
      if (removing) continue; // the instance and its attachments are gone: nothing left to detach
      return `instance ${instanceId} no longer exists`;
    }
    if (instance.locked) return `instance ${instanceId} is locked`;
    if (!removing && !isAttachableState(instance.status)) return `instance ${instanceId} is ${instance.status}`;
    if (task.kind === "ClassicLinkAttach" && model.classicLinks.has(instanceId)) return `instance ${instanceId} is already linked to ${model.classicLinks.get(instanceId)}`;
  }
  if (task.kind === "ClassicLinkAttach" && task.vpcId && !model.vpcs.has(task.vpcId)) return `vpc ${task.vpcId} no longer exists`;
  if (task.networkInterfaceId) {
    const eni = model.networkInterfaces.get(task.networkInterfaceId);
    if (!eni) return `network interface ${task.networkInterfaceId} no longer exists`;
    if (eni.instanceId !== task.instanceIds[0]) return `network interface ${task.networkInterfaceId} was moved meanwhile`;
  }
  return undefined;
}

function apply(model: TencentModel, task: TencentSeedTask, now: number): void {
  const eni = task.networkInterfaceId ? model.networkInterfaces.get(task.networkInterfaceId) : undefined;
  switch (task.kind) {
    case "ClassicLinkAttach":
      for (const instanceId of task.instanceIds) model.classicLinks.set(instanceId, task.vpcId as string);
      return;
    case "ClassicLinkDetach":
      for (const instanceId of task.instanceIds) {
        if (model.classicLinks.get(instanceId) === task.vpcId) model.classicLinks.delete(instanceId);
      }
      return;
    case "EniAttach":
      if (eni) {
        eni.status = "AVAILABLE";
        eni.attachTime = tencentTime(now);
      }
      return;
    case "EniDetach":
      if (eni) detachEni(eni);
      return;
  }
}

function rollBack(model: TencentModel, task: TencentSeedTask): void {
  const eni = task.networkInterfaceId ? model.networkInterfaces.get(task.networkInterfaceId) : undefined;
  if (!eni) return;
  if (task.kind === "EniAttach" && eni.instanceId === task.instanceIds[0]) detachEni(eni);
  eni.status = "AVAILABLE";
}

export function detachEni(eni: { status: string; instanceId?: string; deviceIndex?: number; attachTime?: string; attachType?: number }): void {
  eni.status = "AVAILABLE";
  delete eni.instanceId;
  delete eni.deviceIndex;
  delete eni.attachTime;
  delete eni.attachType;
}

export function describeTask(model: TencentModel, call: Call, taskId: string): TencentSeedTask {
  const task = model.tasks.get(taskId);
  if (!task || !model.ownedBy(task, call)) throw new TencentError("ResourceNotFound", `The task \`${taskId}\` does not exist.`);
  if (task.status === "RUNNING") task.polls += 1;
  return task;
}

/** "YYYY-MM-DD HH:mm:ss" (UTC), the way Tencent writes CreatedTime and AttachTime. */
export const tencentTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
