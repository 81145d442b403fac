// Typed VPC actions. Reads are retried (transient and conflict answers) up to the operation's
// deadline and report a missing resource as `undefined`. Mutations are sent exactly once: callers
// wrap them in mutateSafely (core/reconcile.ts), which owns retries and lost-response recovery.
// Every mutation here is asynchronous; its task id is the call's RequestId (DescribeVpcTaskResult).
//
// Across the resources of the process (core/coalesce.ts): reads within a short window go out as
// one call (up to 100 NetworkInterfaceIds / VpcIds; one DescribeVpcTaskResult per task; link
// lookups filtered by vpc-id and vm-ip), and AttachClassicLinkVpc / DetachClassicLinkVpc carry up
// to 100 InstanceIds per call. Each caller gets its own answer; a batch refused as a whole, or
// whose task FAILED, is sent again instance by instance, so one bad instance never fails the rest.

import { Coalescer, ItemFailure, perClock, READ_WINDOW_BUDGET_MS, READ_WINDOW_MS, SharedAnswers } from "../../core/coalesce";
import { callWithRetry } from "../../core/retry";
import { isCloudError, TaskFailedError } from "../../core/errors";
import { callVpc, opKey, roomFor, TencentOp } from "./client";
import { describeInstance, knownPrivateIp, MAX_IDS_PER_CALL, readCoalescer } from "./cvm";
import { waitForVpcTask } from "./tasks";

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
  /** Set when the task is already known to have succeeded (a batch waited for it): no poll needed. */
  succeeded?: TaskResult;
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

/** InstanceIds per AttachClassicLinkVpc / DetachClassicLinkVpc (documented maximum). */
export const MAX_LINKS_PER_CALL = 100;
/**
 * How long a link change waits for others to the same VPC. Longer than a read's window: resources
 * reach this point spread out by their prechecks and by the engine, and a batch saves a task
 * (DescribeVpcTaskResult is the tightest limit, 20/s). Like a read's, the window adapts up to
 * READ_WINDOW_BUDGET_MS while the process serves a fleet that leaves the engine's slots idle
 * (core/activity.ts); with the fixed window alone, the N = 1,000 destroy's detaches carried 2.0
 * instances per call (README, bench).
 */
export const LINK_BATCH_WINDOW_MS = 100;
/** vm-ip values per DescribeClassicLinkInstances filter: the CVM filters' documented 5 (the VPC docs name no figure). */
export const MAX_IPS_PER_FILTER = 5;

type LinkAction = "AttachClassicLinkVpc" | "DetachClassicLinkVpc";

/**
 * Link changes to one VPC batched into one call. A batch of several waits for its own task: on
 * SUCCESS every caller gets the task id and its result (so their own wait costs no call);
 * on FAILED (rolled back, nothing applied) every instance is sent again alone, so each gets its
 * own task and, if it fails, its own error. If the batch's wait itself fails, callers get the task
 * id and wait on their own: the change was accepted and must never be forgotten.
 */
function linkBatcher(action: LinkAction) {
  return new Coalescer<{ op: TencentOp; link: ClassicLinkRecord }, Accepted>({
    windowMs: LINK_BATCH_WINDOW_MS,
    maxWindowMs: READ_WINDOW_BUDGET_MS,
    beforeSend: (item) => roomFor(item.op, action),
    maxBatch: MAX_LINKS_PER_CALL,
    keyOf: (item) => item.link.instanceId,
    // Refused as a whole (one instance locked, linked, gone...) or FAILED: nothing was applied.
    splitOn: (error) => error instanceof TaskFailedError || (isCloudError(error) && !error.ambiguous),
    send: async (items) => {
      const op = items[0].op;
      const request = { VpcId: items[0].link.vpcId, InstanceIds: items.map((i) => i.link.instanceId) };
      const response = await callVpc(op, action, (c) => (action === "AttachClassicLinkVpc" ? c.AttachClassicLinkVpc(request) : c.DetachClassicLinkVpc(request)));
      const accepted: Accepted = { taskId: response.RequestId ?? "" };
      if (items.length > 1) {
        try {
          accepted.succeeded = await waitForVpcTask(op, action, accepted.taskId);
        } catch (error) {
          if (error instanceof TaskFailedError) throw error;
        }
      }
      return items.map(() => accepted);
    },
  });
}

const linkChanges: Record<LinkAction, ReturnType<typeof linkBatcher>> = {
  AttachClassicLinkVpc: linkBatcher("AttachClassicLinkVpc"),
  DetachClassicLinkVpc: linkBatcher("DetachClassicLinkVpc"),
};

function changeLink(op: TencentOp, action: LinkAction, link: ClassicLinkRecord): Promise<Accepted> {
  return linkChanges[action].submit(`${opKey("vpc", op)}|${link.vpcId}`, { op, link });
}

export async function attachClassicLinkVpc(op: TencentOp, link: ClassicLinkRecord): Promise<Accepted> {
  return changeLink(op, "AttachClassicLinkVpc", link);
}

export async function detachClassicLinkVpc(op: TencentOp, link: ClassicLinkRecord): Promise<Accepted> {
  return changeLink(op, "DetachClassicLinkVpc", link);
}

interface LinkLookup {
  op: TencentOp;
  instanceId: string;
  privateIp: string;
  vpcId?: string;
}

const linkReads = readCoalescer<LinkLookup, ClassicLinkRecord[]>("DescribeClassicLinkInstances", {
  maxBatch: MAX_IPS_PER_FILTER,
  keyOf: (item) => item.instanceId,
  send: async (items) => {
    const { op, vpcId } = items[0];
    const page = await callVpc(op, "DescribeClassicLinkInstances", (c) =>
      c.DescribeClassicLinkInstances({
        Filters: [
          ...(vpcId ? [{ Name: "vpc-id", Values: [vpcId] }] : []),
          { Name: "vm-ip", Values: [...new Set(items.map((i) => i.privateIp))] },
        ],
        Offset: "0",
        Limit: String(PAGE_SIZE),
      }),
    );
    const links = (page.ClassicLinkInstanceSet ?? []).filter((l) => l.VpcId && l.InstanceId).map((l) => ({ vpcId: l.VpcId!, instanceId: l.InstanceId! }));
    return items.map((item): ClassicLinkRecord[] | ItemFailure => links.filter((l) => l.instanceId === item.instanceId));
  },
});

/**
 * Established links of one instance (optionally only to one VPC), or of one VPC. The API has no
 * instance filter: an instance's links are found by its private IP (`vm-ip`, read from
 * DescribeInstances, which the prechecks make anyway), many instances per call, and matched by
 * InstanceId here. Without an instance, every page of the VPC's links is read.
 */
export async function describeClassicLinks(op: TencentOp, query: { vpcId?: string; instanceId?: string }): Promise<ClassicLinkRecord[]> {
  if (query.instanceId) {
    const instanceId = query.instanceId;
    let privateIp = knownPrivateIp(op, instanceId);
    if (!privateIp) {
      const instance = await describeInstance(op, instanceId);
      // No instance, no link: the cloud drops the links of a deleted instance.
      if (!instance) return [];
      privateIp = instance.privateIp;
    }
    if (privateIp) {
      const lookup: LinkLookup = { op, instanceId, privateIp, vpcId: query.vpcId };
      return read(op, () => linkReads.submit(`${opKey("vpc", op)}|${query.vpcId ?? "*"}`, lookup));
    }
  }
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

const taskReads = new Coalescer<{ op: TencentOp; taskId: string }, TaskResult>({
  windowMs: READ_WINDOW_MS,
  maxBatch: 1_000, // one task per group: every caller of the window shares one call
  keyOf: (item) => item.taskId,
  beforeSend: (item) => roomFor(item.op, "DescribeVpcTaskResult"),
  send: async ([{ op, taskId }]) => {
    const response = await callVpc(op, "DescribeVpcTaskResult", (c) => c.DescribeVpcTaskResult({ TaskId: taskId }));
    return [{ taskId, status: response.Status ?? "UNKNOWN", output: response.Output ?? "" }];
  },
});

export async function describeVpcTaskResult(op: TencentOp, taskId: string): Promise<TaskResult> {
  return read(op, () => taskReads.submit(`${opKey("vpc", op)}|${taskId}`, { op, taskId }));
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

const eniReads = readCoalescer<{ op: TencentOp; id: string }, NetworkInterfaceRecord | undefined>("DescribeNetworkInterfaces", {
  maxBatch: MAX_IDS_PER_CALL,
  keyOf: (item) => item.id,
  // An unknown id fails the whole call (ResourceNotFound): READ_COALESCING splits it, so only that caller sees it.
  send: async (items) => {
    const ids = items.map((i) => i.id);
    const response = await callVpc(items[0].op, "DescribeNetworkInterfaces", (c) => c.DescribeNetworkInterfaces({ NetworkInterfaceIds: ids, Limit: MAX_IDS_PER_CALL }));
    const found = new Map((response.NetworkInterfaceSet ?? []).map((n) => [n.NetworkInterfaceId, n]));
    return ids.map((networkInterfaceId) => {
      const eni = found.get(networkInterfaceId);
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
    });
  },
});

export async function describeNetworkInterface(op: TencentOp, networkInterfaceId: string): Promise<NetworkInterfaceRecord | undefined> {
  return orUndefined(read(op, () => eniReads.submit(opKey("vpc", op), { op, id: networkInterfaceId })));
}

const vpcReads = readCoalescer<{ op: TencentOp; id: string }, VpcRecord | undefined>("DescribeVpcs", {
  maxBatch: MAX_IDS_PER_CALL,
  keyOf: (item) => item.id,
  send: async (items) => {
    const ids = items.map((i) => i.id);
    const response = await callVpc(items[0].op, "DescribeVpcs", (c) => c.DescribeVpcs({ VpcIds: ids, Limit: String(MAX_IDS_PER_CALL) }));
    const found = new Map((response.VpcSet ?? []).map((v) => [v.VpcId, v]));
    return ids.map((vpcId) => {
      const vpc = found.get(vpcId);
      return vpc ? { vpcId, cidrBlock: vpc.CidrBlock } : undefined;
    });
  },
});

/** How long an answer "the VPC exists" serves later prechecks of the same VPC. */
export const SHARED_VPC_MS = 5_000;

const sharedVpcs = perClock((runtime) => new SharedAnswers<VpcRecord | undefined>(SHARED_VPC_MS, runtime));

/**
 * The VPC, or undefined when there is none. `earlier`: the caller (a precheck) accepts an answer
 * "it exists" asked up to SHARED_VPC_MS before it (this provider never changes a VPC; a VPC deleted
 * meanwhile makes the change itself fail with the cloud's own error).
 */
export async function describeVpc(op: TencentOp, vpcId: string, options: { earlier?: boolean } = {}): Promise<VpcRecord | undefined> {
  const fresh = () => orUndefined(read(op, () => vpcReads.submit(opKey("vpc", op), { op, id: vpcId })));
  return options.earlier ? sharedVpcs(op.runtime).get(`${opKey("vpc", op)}|${vpcId}`, fresh, (vpc) => vpc !== undefined) : fresh();
}
