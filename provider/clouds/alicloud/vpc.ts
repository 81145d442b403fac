// Typed VPC 2016-04-28 actions. One request each; retries and waiting belong to the caller.

import { isCloudError } from "../../core/errors";
import { AlicloudTarget, alicloudRequest, RpcResponse } from "./client";
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

/** The VPC, or undefined when the region holds no such VPC (error code, or an empty VpcId as TF reads it). */
export async function describeVpcAttribute(target: AlicloudTarget, vpcId: string): Promise<VpcAttribute | undefined> {
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
  const response = await alicloudRequest<RpcResponse>(target, "vpc", "EnableVpcClassicLink", { VpcId: vpcId, ClientToken: clientToken });
  return { requestId: response.RequestId };
}

export async function disableVpcClassicLink(target: AlicloudTarget, vpcId: string, clientToken: string): Promise<Mutation> {
  const response = await alicloudRequest<RpcResponse>(target, "vpc", "DisableVpcClassicLink", { VpcId: vpcId, ClientToken: clientToken });
  return { requestId: response.RequestId };
}
