// VPC 2016-04-28 actions: the ClassicLink switch and the VPC reads.

import * as err from "../errors";
import { renderVpc } from "../render";
import * as vpcs from "../vpcs";
import { callerIn, commaList, paginate, required, type AliCall, type AliHandler } from "./common";

const vpcRegion = () => err.regionNotFound();

function setClassicLink(enabled: boolean): AliHandler {
  return (call) => {
    const caller = callerIn(call, vpcRegion);
    const vpcId = required(call.params, "VpcId");
    const requestId = vpcs.setVpcClassicLink(
      call.model,
      caller,
      vpcId,
      enabled,
      { action: call.action, clientToken: call.params.ClientToken || undefined, requestId: call.requestId },
      call.env,
    );
    return { RequestId: requestId };
  };
}

function describeVpcAttribute(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, vpcRegion);
  const vpc = vpcs.describeVpc(call.model, caller, required(call.params, "VpcId"), call.env);
  return { ...renderVpc(vpc), ClassicLinkEnabled: vpc.classicLinkEnabled === true };
}

function describeVpcs(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, vpcRegion);
  const found = vpcs.describeVpcs(call.model, caller, commaList(call.params.VpcId), call.env);
  const page = paginate(call.params, found, 50);
  return { Vpcs: { Vpc: page.items.map(renderVpc) }, TotalCount: page.totalCount, PageNumber: page.pageNumber, PageSize: page.pageSize };
}

export const vpcHandlers: Record<string, AliHandler> = {
  EnableVpcClassicLink: setClassicLink(true),
  DisableVpcClassicLink: setClassicLink(false),
  DescribeVpcAttribute: describeVpcAttribute,
  DescribeVpcs: describeVpcs,
};
