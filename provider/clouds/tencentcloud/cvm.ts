// Typed CVM reads. Each call is retried (transient and conflict answers) up to the operation's
// deadline; a missing instance is `undefined`, not an error, so callers decide what it means.
// Reads of many instances within a short window are one DescribeInstances (up to 100 InstanceIds).

import { Coalescer, CoalesceSpec, READ_COALESCING } from "../../core/coalesce";
import { callWithRetry } from "../../core/retry";
import { isCloudError } from "../../core/errors";
import { callCvm, opKey, roomFor, TencentOp } from "./client";

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
  /** The first private IP (DescribeClassicLinkInstances filters links by it: `vm-ip`). */
  privateIp?: string;
}

/** States an attach/detach may start from. */
export const SETTLED_STATES: readonly InstanceState[] = ["RUNNING", "STOPPED"];
/** States that pass by themselves: waited out rather than failed. */
export const TRANSITIONAL_STATES: readonly InstanceState[] = ["PENDING", "STARTING", "STOPPING", "REBOOTING"];

/** The documented ID-list size of DescribeInstances, DescribeNetworkInterfaces, DescribeVpcs. */
export const MAX_IDS_PER_CALL = 100;

/**
 * A read of `action` that many resources make at once: batched by key up to `maxBatch`, paced by
 * the governor, waiting for company within the adaptive window, and a whole-call failure that may
 * be one item's fault retried item by item (the same for every Tencent read).
 */
export function readCoalescer<I extends { op: TencentOp }, R>(action: string, spec: Pick<CoalesceSpec<I, R>, "maxBatch" | "keyOf" | "send">): Coalescer<I, R> {
  return new Coalescer<I, R>({
    ...spec,
    ...READ_COALESCING,
    beforeSend: (item) => roomFor(item.op, action),
  });
}

/**
 * Private IPs seen in DescribeInstances answers, by account/region and instance. A per-process
 * cache: an instance keeps its private IP for its life, and an id is never reused.
 */
const privateIps = new Map<string, string>();

export function knownPrivateIp(op: Pick<TencentOp, "settings" | "region">, instanceId: string): string | undefined {
  return privateIps.get(`${opKey("cvm", op)}|${instanceId}`);
}

const instanceReads = readCoalescer<{ op: TencentOp; instanceId: string }, InstanceRecord | undefined>("DescribeInstances", {
  maxBatch: MAX_IDS_PER_CALL,
  keyOf: (item) => item.instanceId,
  send: async (items) => {
    const op = items[0].op;
    const ids = items.map((i) => i.instanceId);
    const response = await callCvm(op, "DescribeInstances", (client) => client.DescribeInstances({ InstanceIds: ids, Limit: MAX_IDS_PER_CALL }));
    const found = new Map((response.InstanceSet ?? []).map((i) => [i.InstanceId, i]));
    return ids.map((instanceId) => {
      const instance = found.get(instanceId);
      if (!instance) return undefined;
      const vpcId = instance.VirtualPrivateCloud?.VpcId;
      // A basic-network instance has no VPC; the API has written that as absent, "" and "0".
      const inVpc = !!vpcId && vpcId !== "0";
      const privateIp = instance.PrivateIpAddresses?.[0] || undefined;
      if (privateIp) privateIps.set(`${opKey("cvm", op)}|${instanceId}`, privateIp);
      return {
        instanceId,
        state: instance.InstanceState ?? "UNKNOWN",
        zone: instance.Placement?.Zone,
        vpcId: inVpc ? vpcId : undefined,
        subnetId: inVpc ? instance.VirtualPrivateCloud?.SubnetId || undefined : undefined,
        privateIp,
      };
    });
  },
});

export async function describeInstance(op: TencentOp, instanceId: string): Promise<InstanceRecord | undefined> {
  try {
    return await callWithRetry(() => instanceReads.submit(opKey("cvm", op), { op, instanceId }), {
      runtime: op.runtime,
      deadline: op.deadline,
      mutation: false,
    });
  } catch (error) {
    if (isCloudError(error) && error.retryClass === "notFound") return undefined;
    throw error;
  }
}
