// Listing what exists in an account and region, page by page, for `netattach discover`. One
// request each through alicloudRequest (so whatever paces that client paces these too);
// retries belong to the caller.

import { AlicloudTarget, alicloudRequest, RpcResponse } from "./client";

const PAGE_SIZE = { vpcs: 50, enis: 100 } as const;

interface DescribeVpcsResponse extends RpcResponse {
  TotalCount?: number;
  Vpcs?: { Vpc?: Array<{ VpcId: string }> };
}

/** One page of the region's VPC ids (PageNumber from 1) and whether more follow. */
export async function listVpcIdsPage(target: AlicloudTarget, page: number): Promise<{ vpcIds: string[]; more: boolean }> {
  const response = await alicloudRequest<DescribeVpcsResponse>(target, "vpc", "DescribeVpcs", { PageNumber: String(page), PageSize: String(PAGE_SIZE.vpcs) });
  const vpcIds = (response.Vpcs?.Vpc ?? []).map((v) => v.VpcId);
  return { vpcIds, more: vpcIds.length === PAGE_SIZE.vpcs && page * PAGE_SIZE.vpcs < Number(response.TotalCount ?? 0) };
}

export interface ListedNetworkInterface {
  networkInterfaceId: string;
  /** Primary | Secondary | … */
  type: string;
  status: string;
  vpcId?: string;
  instanceId?: string;
}

interface DescribeNetworkInterfacesPage extends RpcResponse {
  TotalCount?: number;
  NetworkInterfaceSets?: {
    NetworkInterfaceSet?: Array<{ NetworkInterfaceId: string; Type: string; Status: string; VpcId?: string; InstanceId?: string; Attachment?: { InstanceId?: string } }>;
  };
}

/** One page of the region's ENIs (optionally of one VPC), PageNumber from 1. */
export async function listNetworkInterfacesPage(
  target: AlicloudTarget,
  page: number,
  filter: { vpcId?: string } = {},
): Promise<{ networkInterfaces: ListedNetworkInterface[]; more: boolean }> {
  const response = await alicloudRequest<DescribeNetworkInterfacesPage>(target, "ecs", "DescribeNetworkInterfaces", {
    VpcId: filter.vpcId,
    PageNumber: String(page),
    PageSize: String(PAGE_SIZE.enis),
  });
  const raw = response.NetworkInterfaceSets?.NetworkInterfaceSet ?? [];
  return {
    networkInterfaces: raw.map((n) => ({
      networkInterfaceId: n.NetworkInterfaceId,
      type: n.Type,
      status: n.Status,
      vpcId: n.VpcId || undefined,
      instanceId: n.InstanceId || n.Attachment?.InstanceId || undefined,
    })),
    more: raw.length === PAGE_SIZE.enis && page * PAGE_SIZE.enis < Number(response.TotalCount ?? 0),
  };
}
