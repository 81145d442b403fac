// Typed VPC 2016-04-28 actions. Retries and waiting belong to the caller. Reads of one VPC by many
// resources within a short window are one DescribeVpcAttribute (it takes a single VpcId); a
// precheck that only needs ClassicLink to be on may take an answer up to SHARED_VPC_MS old (one
// read per VPC per window for a whole fleet), which this process's own Enable/Disable forgets.

import { Coalescer, perClock, READ_WINDOW_MS, SharedAnswers } from "../../core/coalesce";
import { isCloudError } from "../../core/errors";
import { AlicloudTarget, alicloudRequest, roomFor, RpcResponse, targetKey } from "./client";
import { Mutation } from "./ecs";

export interface VpcAttribute {
  vpcId: string;
  /** Pending | Available */
  status: string;
  classicLinkEnabled: boolean;
}

interface DescribeVpcAttributeResponse extends RpcResponse {
  VpcId?: string;
  Status?: string;
  ClassicLinkEnabled?: boolean | string;
}

const vpcReads = new Coalescer<{ target: AlicloudTarget; vpcId: string }, VpcAttribute | undefined>({
  windowMs: READ_WINDOW_MS,
  maxBatch: 1_000, // one VPC per group: the same read shared by every caller of the window
  keyOf: (item) => item.vpcId,
  beforeSend: (item) => roomFor(item.target, "DescribeVpcAttribute"),
  send: async ([item]) => [await readVpcAttribute(item.target, item.vpcId)],
});

/** How long an answer "ClassicLink is on" serves later prechecks of the same VPC. */
export const SHARED_VPC_MS = 5_000;

const sharedVpcs = perClock((runtime) => new SharedAnswers<VpcAttribute | undefined>(SHARED_VPC_MS, runtime));

/**
 * The VPC, or undefined when the region holds no such VPC (error code, or an empty VpcId as TF reads it).
 * `earlier`: the caller (a precheck) accepts an answer "ClassicLink is on" asked up to SHARED_VPC_MS
 * before it, unless this process changed the VPC's ClassicLink since. Confirmations never pass it.
 */
export async function describeVpcAttribute(target: AlicloudTarget, vpcId: string, options: { earlier?: boolean } = {}): Promise<VpcAttribute | undefined> {
  const group = `${targetKey(target, "vpc")}|${vpcId}`;
  const fresh = () => vpcReads.submit(group, { target, vpcId });
  return options.earlier ? sharedVpcs(target.runtime).get(group, fresh, (vpc) => vpc?.classicLinkEnabled === true && vpc.status === "Available") : fresh();
}

/** Sends a change of the VPC's ClassicLink; answers asked before it ends are never shared after it. */
async function changingVpc<T>(target: AlicloudTarget, vpcId: string, send: () => Promise<T>): Promise<T> {
  const group = `${targetKey(target, "vpc")}|${vpcId}`;
  sharedVpcs(target.runtime).forget(group);
  try {
    return await send();
  } finally {
    sharedVpcs(target.runtime).forget(group);
  }
}

async function readVpcAttribute(target: AlicloudTarget, vpcId: string): Promise<VpcAttribute | undefined> {
  let response: DescribeVpcAttributeResponse;
  try {
    response = await alicloudRequest<DescribeVpcAttributeResponse>(target, "vpc", "DescribeVpcAttribute", { VpcId: vpcId });
  } catch (error) {
    if (isCloudError(error) && (error.code === "InvalidVpcId.NotFound" || error.code === "Forbidden.VpcNotFound" || error.code === "InvalidVpcID.NotFound")) {
      return undefined;
    }
    throw error;
  }
  if (!response.VpcId) return undefined;
  return {
    vpcId: response.VpcId,
    status: response.Status ?? "Available",
    classicLinkEnabled: response.ClassicLinkEnabled === true || response.ClassicLinkEnabled === "true",
  };
}

/** ClientToken makes a resend after a lost answer harmless: the cloud applies the token once. */
export async function enableVpcClassicLink(target: AlicloudTarget, vpcId: string, clientToken: string): Promise<Mutation> {
  const response = await changingVpc(target, vpcId, () => alicloudRequest<RpcResponse>(target, "vpc", "EnableVpcClassicLink", { VpcId: vpcId, ClientToken: clientToken }));
  return { requestId: response.RequestId };
}

export async function disableVpcClassicLink(target: AlicloudTarget, vpcId: string, clientToken: string): Promise<Mutation> {
  const response = await changingVpc(target, vpcId, () => alicloudRequest<RpcResponse>(target, "vpc", "DisableVpcClassicLink", { VpcId: vpcId, ClientToken: clientToken }));
  return { requestId: response.RequestId };
}
