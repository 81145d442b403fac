// Typed VPC actions. Reads are retried (transient and conflict answers) up to the operation's
// deadline and report a missing resource as `undefined`. Mutations are sent exactly once: callers
// wrap them in mutateSafely (core/reconcile.ts), which owns retries and lost-response recovery.
// Every mutation here is asynchronous; its task id is the call's RequestId (DescribeVpcTaskResult).

import { callWithRetry } from "../../core/retry";
import { isCloudError } from "../../core/errors";
import { callVpc, TencentOp } from "./client";

export type EniState = "PENDING" | "AVAILABLE" | "ATTACHING" | "DETACHING" | "DELETING" | string;
export type TaskStatus = "RUNNING" | "SUCCESS" | "FAILED" | string;

export interface ClassicLinkRecord {
  vpcId: string;
  instanceId: string;
}

export interface NetworkInterfaceRecord {
  networkInterfaceId: string;
  vpcId?: string;
  subnetId?: string;
  zone?: string;
  primary: boolean;
  state: EniState;
  /** The instance it is attached to, if any. */
  attachedTo?: string;
  /** While attached: its index on the instance (primary 0). */
  deviceIndex?: number;
  /** 0 standard, 1 extended. */
  attachType?: number;
}

export interface VpcRecord {
  vpcId: string;
  cidrBlock?: string;
}

export interface TaskResult {
  taskId: string;
  status: TaskStatus;
  output: string;
}

/** The async call was accepted; poll this task id. */
export interface Accepted {
  taskId: string;
}

const PAGE_SIZE = 100;

function read<T>(op: TencentOp, call: () => Promise<T>): Promise<T> {
  return callWithRetry(call, { runtime: op.runtime, deadline: op.deadline, mutation: false });
}

async function orUndefined<T>(lookup: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (isCloudError(error) && error.retryClass === "notFound") return undefined;
    throw error;
  }
}

export async function attachClassicLinkVpc(op: TencentOp, link: ClassicLinkRecord): Promise<Accepted> {
  const response = await callVpc(op, "AttachClassicLinkVpc", (c) => c.AttachClassicLinkVpc({ VpcId: link.vpcId, InstanceIds: [link.instanceId] }));
  return { taskId: response.RequestId ?? "" };
}

export async function detachClassicLinkVpc(op: TencentOp, link: ClassicLinkRecord): Promise<Accepted> {
  const response = await callVpc(op, "DetachClassicLinkVpc", (c) => c.DetachClassicLinkVpc({ VpcId: link.vpcId, InstanceIds: [link.instanceId] }));
  return { taskId: response.RequestId ?? "" };
}

/**
 * Established links, optionally of one VPC and/or one instance. The API has no instance filter,
 * so the instance is matched here, over every page (Offset/Limit are strings in this API).
 */
export async function describeClassicLinks(op: TencentOp, query: { vpcId?: string; instanceId?: string }): Promise<ClassicLinkRecord[]> {
  const links: ClassicLinkRecord[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await read(op, () =>
      callVpc(op, "DescribeClassicLinkInstances", (c) =>
        c.DescribeClassicLinkInstances({
          ...(query.vpcId ? { Filters: [{ Name: "vpc-id", Values: [query.vpcId] }] } : {}),
          Offset: String(offset),
          Limit: String(PAGE_SIZE),
        }),
      ),
    );
    const set = page.ClassicLinkInstanceSet ?? [];
    for (const item of set) {
      if (!item.VpcId || !item.InstanceId) continue;
      if (query.instanceId && item.InstanceId !== query.instanceId) continue;
      links.push({ vpcId: item.VpcId, instanceId: item.InstanceId });
    }
    if (set.length < PAGE_SIZE || offset + set.length >= (page.TotalCount ?? 0)) return links;
  }
}

export async function describeVpcTaskResult(op: TencentOp, taskId: string): Promise<TaskResult> {
  const response = await read(op, () => callVpc(op, "DescribeVpcTaskResult", (c) => c.DescribeVpcTaskResult({ TaskId: taskId })));
  return { taskId, status: response.Status ?? "UNKNOWN", output: response.Output ?? "" };
}

/** `clientToken` must stay the same for every resend of one operation (API idempotency). */
export async function attachNetworkInterface(op: TencentOp, request: { networkInterfaceId: string; instanceId: string; clientToken: string; attachType?: number }): Promise<Accepted> {
  const response = await callVpc(op, "AttachNetworkInterface", (c) =>
    c.AttachNetworkInterface({ NetworkInterfaceId: request.networkInterfaceId, InstanceId: request.instanceId, ClientToken: request.clientToken, AttachType: request.attachType }),
  );
  return { taskId: response.RequestId ?? "" };
}

export async function detachNetworkInterface(op: TencentOp, request: { networkInterfaceId: string; instanceId: string; clientToken: string }): Promise<Accepted> {
  const response = await callVpc(op, "DetachNetworkInterface", (c) =>
    c.DetachNetworkInterface({ NetworkInterfaceId: request.networkInterfaceId, InstanceId: request.instanceId, ClientToken: request.clientToken }),
  );
  return { taskId: response.RequestId ?? "" };
}

export function describeNetworkInterface(op: TencentOp, networkInterfaceId: string): Promise<NetworkInterfaceRecord | undefined> {
  return orUndefined(
    read(op, () => callVpc(op, "DescribeNetworkInterfaces", (c) => c.DescribeNetworkInterfaces({ NetworkInterfaceIds: [networkInterfaceId] }))).then((response) => {
      const eni = (response.NetworkInterfaceSet ?? []).find((n) => n.NetworkInterfaceId === networkInterfaceId);
      if (!eni) return undefined;
      return {
        networkInterfaceId,
        vpcId: eni.VpcId,
        subnetId: eni.SubnetId,
        zone: eni.Zone,
        primary: eni.Primary === true,
        state: eni.State ?? "UNKNOWN",
        attachedTo: eni.Attachment?.InstanceId || undefined,
        deviceIndex: eni.Attachment?.DeviceIndex,
        attachType: eni.AttachType,
      };
    }),
  );
}

export function describeVpc(op: TencentOp, vpcId: string): Promise<VpcRecord | undefined> {
  return orUndefined(
    read(op, () => callVpc(op, "DescribeVpcs", (c) => c.DescribeVpcs({ VpcIds: [vpcId] }))).then((response) => {
      const vpc = (response.VpcSet ?? []).find((v) => v.VpcId === vpcId);
      return vpc ? { vpcId, cidrBlock: vpc.CidrBlock } : undefined;
    }),
  );
}
