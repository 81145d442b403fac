// What both Tencent resources need around one operation: its deadline and region, the instance
// state precheck, and keeping state when the cloud changed but the wait after it failed.

import { isCloudError, StateError } from "../../core/errors";
import { tencentcloudCredentials, resolveRegion } from "../../core/credentials";
import { Operation, Timeouts, timeoutMs } from "../../core/timeouts";
import { waitUntil } from "../../core/waiter";
import { TencentOp } from "../../clouds/tencentcloud/client";
import { describeInstance, InstanceRecord, SETTLED_STATES, TRANSITIONAL_STATES } from "../../clouds/tencentcloud/cvm";
import { describeVpcTaskResult } from "../../clouds/tencentcloud/vpc";
import { ProviderContext } from "../types";

/** Resolves region and credentials before anything is sent, so a missing setting fails first. */
export function startOperation(ctx: ProviderContext, region: string | undefined, timeouts: Timeouts | undefined, operation: Operation): TencentOp {
  const resolved = resolveRegion("tencentcloud", ctx.settings, region);
  tencentcloudCredentials(ctx.settings);
  return { settings: ctx.settings, region: resolved, runtime: ctx.runtime, deadline: ctx.runtime.now() + timeoutMs(timeouts, operation, ctx.timeoutMs) };
}

export function regionHint(op: TencentOp): string {
  return `check the ID and the region (${op.region}, from the resource's \`region\` input, stack config tencentcloud:region or TENCENTCLOUD_REGION)`;
}

/**
 * The instance as it is once RUNNING or STOPPED: a transitional state (PENDING, STARTING,
 * STOPPING, REBOOTING) is waited out; any other state fails at once, named. `undefined` when the
 * instance does not exist (the caller knows whether that is an error).
 */
export async function settledInstance(op: TencentOp, instanceId: string, purpose: string, justRead?: { instance: InstanceRecord | undefined }): Promise<InstanceRecord | undefined> {
  // One read decides when the instance is settled, missing or failed; only a transitional state
  // polls again (the wait's first poll is that read: no second read of the same state). An
  // operation that has just read the instance itself passes that answer as the first poll.
  let polls = 0;
  return waitUntil<InstanceRecord | undefined>({
    what: `CVM instance ${instanceId} to be RUNNING or STOPPED`,
    runtime: op.runtime,
    deadline: op.deadline,
    poll: async () => {
      polls++;
      return polls === 1 && justRead ? justRead.instance : describeInstance(op, instanceId);
    },
    accept: (instance) => {
      // Missing at the first read: the caller decides what that means; gone while waiting: failed.
      if (!instance) return polls === 1 ? { state: "done" } : { state: "failed", error: new StateError(`CVM instance ${instanceId} disappeared while waiting to ${purpose}`) };
      if (SETTLED_STATES.includes(instance.state)) return { state: "done" };
      if (TRANSITIONAL_STATES.includes(instance.state)) return { state: "retry", seen: instance.state };
      return {
        state: "failed",
        error: new StateError(
          `CVM instance ${instanceId} is ${instance.state}; to ${purpose} it must be RUNNING or STOPPED`,
          "start or stop the instance (or wait for it to finish what it is doing), then run the update again",
        ),
      };
    },
  });
}

export function requireInstance(op: TencentOp, instanceId: string, instance: InstanceRecord | undefined): InstanceRecord {
  if (instance) return instance;
  throw new StateError(`CVM instance ${instanceId} was not found in region ${op.region}`, regionHint(op));
}

/**
 * Whether a recorded task may still change the cloud: RUNNING (or not yet visible). SUCCESS and
 * FAILED are final; so is a task the cloud no longer knows.
 */
export async function taskStillRunning(op: TencentOp, taskId: string): Promise<boolean> {
  try {
    const task = await describeVpcTaskResult(op, taskId);
    return task.status !== "SUCCESS" && task.status !== "FAILED";
  } catch (error) {
    if (isCloudError(error) && error.retryClass === "notFound") return false;
    throw error;
  }
}
