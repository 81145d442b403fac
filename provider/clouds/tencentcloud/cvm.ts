// Typed CVM reads. Each call is retried (transient and conflict answers) up to the operation's
// deadline; a missing instance is `undefined`, not an error, so callers decide what it means.

import { callWithRetry } from "../../core/retry";
import { isCloudError } from "../../core/errors";
import { callCvm, TencentOp } from "./client";

/** CVM InstanceState, as the API writes it. */
export type InstanceState =
  | "PENDING" | "LAUNCH_FAILED" | "RUNNING" | "STOPPED" | "STARTING" | "STOPPING" | "REBOOTING"
  | "SHUTDOWN" | "TERMINATING" | string;

export interface InstanceRecord {
  instanceId: string;
  state: InstanceState;
  zone?: string;
  /** undefined for a basic-network (classic) instance. */
  vpcId?: string;
  subnetId?: string;
}

/** States an attach/detach may start from. */
export const SETTLED_STATES: readonly InstanceState[] = ["RUNNING", "STOPPED"];
/** States that pass by themselves: waited out rather than failed. */
export const TRANSITIONAL_STATES: readonly InstanceState[] = ["PENDING", "STARTING", "STOPPING", "REBOOTING"];

export async function describeInstance(op: TencentOp, instanceId: string): Promise<InstanceRecord | undefined> {
  try {
    const response = await callWithRetry(
      () => callCvm(op, "DescribeInstances", (client) => client.DescribeInstances({ InstanceIds: [instanceId] })),
      { runtime: op.runtime, deadline: op.deadline, mutation: false },
    );
    const found = (response.InstanceSet ?? []).find((i) => i.InstanceId === instanceId);
    if (!found) return undefined;
    const vpcId = found.VirtualPrivateCloud?.VpcId;
    // A basic-network instance has no VPC; the API has written that as absent, "" and "0".
    const inVpc = !!vpcId && vpcId !== "0";
    return {
      instanceId,
      state: found.InstanceState ?? "UNKNOWN",
      zone: found.Placement?.Zone,
      vpcId: inVpc ? vpcId : undefined,
      subnetId: inVpc ? found.VirtualPrivateCloud?.SubnetId || undefined : undefined,
    };
  } catch (error) {
    if (isCloudError(error) && error.retryClass === "notFound") return undefined;
    throw error;
  }
}
