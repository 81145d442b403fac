// Listing the region's ENIs page by page, for `netattach discover` (ClassicLinks are listed by
// vpc.ts describeClassicLinks). One request each through callVpc; retries belong to the caller.

import { callVpc, TencentOp } from "./client";

const PAGE_SIZE = 100;

export interface ListedNetworkInterface {
  networkInterfaceId: string;
  primary: boolean;
  state: string;
  vpcId?: string;
  attachedTo?: string;
}

/** One page of the region's ENIs (optionally of one VPC), from `offset`. */
export async function listNetworkInterfacesPage(
  op: Pick<TencentOp, "settings" | "region">,
  offset: number,
  filter: { vpcId?: string } = {},
): Promise<{ networkInterfaces: ListedNetworkInterface[]; more: boolean }> {
  const response = await callVpc(op, "DescribeNetworkInterfaces", (c) =>
    c.DescribeNetworkInterfaces({
      ...(filter.vpcId ? { Filters: [{ Name: "vpc-id", Values: [filter.vpcId] }] } : {}),
      Offset: offset,
      Limit: PAGE_SIZE,
    }),
  );
  const set = response.NetworkInterfaceSet ?? [];
  return {
    networkInterfaces: set.map((n) => ({
      networkInterfaceId: n.NetworkInterfaceId ?? "",
      primary: n.Primary === true,
      state: n.State ?? "UNKNOWN",
      vpcId: n.VpcId || undefined,
      attachedTo: n.Attachment?.InstanceId || undefined,
    })),
    more: set.length === PAGE_SIZE && offset + set.length < (response.TotalCount ?? 0),
  };
}
