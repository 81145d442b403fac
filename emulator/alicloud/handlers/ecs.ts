// ECS 2014-05-26 actions: instances, ClassicLink and ENIs. Parameter reading only; every rule
// lives in the module of its kind (instances.ts, classicLink.ts, networkInterfaces.ts) and the
// wire shapes in render.ts.

import * as err from "../errors";
import { ENI_ID, INSTANCE_ID } from "../ids";
import * as classicLink from "../classicLink";
import * as instances from "../instances";
import * as networkInterfaces from "../networkInterfaces";
import { renderInstance, renderNetworkInterface } from "../render";
import { callerIn, commaList, intParam, paginate, repeatList, required, type AliCall, type AliHandler } from "./common";

const ecsRegion = () => err.regionNotFound();
const classicLinkRegion = () => err.regionMalformed();
const eniRegion = (region: string) => err.eniInvalidRegion(region);

function describeInstances(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, ecsRegion);
  const p = call.params;
  let ids: string[] | undefined;
  if (p.InstanceIds !== undefined && p.InstanceIds !== "") {
    try {
      const parsed: unknown = JSON.parse(p.InstanceIds);
      if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== "string")) throw new Error("not a string array");
      ids = parsed as string[];
    } catch {
      throw err.invalidParameter("InstanceIds", p.InstanceIds);
    }
  }
  const found = instances.describeInstances(call.model, caller, { ids, vpcId: p.VpcId, zoneId: p.ZoneId, networkType: p.InstanceNetworkType, status: p.Status }, call.env);
  const page = paginate(p, found, 100);
  return {
    Instances: { Instance: page.items.map((i) => renderInstance(i, call.model)) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
}

function instanceAction(op: "startInstance" | "stopInstance" | "rebootInstance"): AliHandler {
  return (call) => {
    const id = required(call.params, "InstanceId");
    // StartInstance/StopInstance take no RegionId; the instance's own region is the caller's.
    const region = call.params.RegionId ?? call.model.instance(id)?.region ?? "";
    if (call.params.RegionId !== undefined && !call.model.isKnownRegion(region)) throw err.regionNotFound();
    instances[op](call.model, { account: call.account, region }, id, call.env);
    return {};
  };
}

function attachClassicLinkVpc(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, classicLinkRegion);
  classicLink.attachClassicLink(call.model, caller, required(call.params, "InstanceId"), required(call.params, "VpcId"), call.env);
  return {};
}

function detachClassicLinkVpc(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, classicLinkRegion);
  classicLink.detachClassicLink(call.model, caller, required(call.params, "InstanceId"), required(call.params, "VpcId"), call.env);
  return {};
}

function describeClassicLinkInstances(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, ecsRegion);
  const instanceIds = commaList(call.params.InstanceId);
  const vpcId = call.params.VpcId || undefined;
  if (!instanceIds && !vpcId) throw err.missingParameter("VpcId");
  const links = classicLink.describeClassicLinks(call.model, caller, { vpcId, instanceIds }, call.env);
  const page = paginate(call.params, links, 100);
  return {
    Links: { Link: page.items.map((l) => ({ InstanceId: l.instanceId, VpcId: l.vpcId })) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
}

function eniIds(call: AliCall, instanceIdCode: "InvalidInstanceID.Malformed" | "InvalidInstanceId.MalFormed"): { eniId: string; instanceId: string } {
  const eniId = required(call.params, "NetworkInterfaceId");
  const instanceId = required(call.params, "InstanceId");
  if (!ENI_ID.test(eniId)) throw err.eniIdMalformed(eniId);
  if (!INSTANCE_ID.test(instanceId)) throw err.instanceIdMalformed(instanceIdCode, instanceId);
  return { eniId, instanceId };
}

/** NetworkCardIndex, TrunkNetworkInstanceId and the deprecated WaitForNetworkConfigurationReady (checked, then ignored). */
function attachOptions(p: Record<string, string>): networkInterfaces.AttachOptions {
  const options: networkInterfaces.AttachOptions = {};
  if (p.NetworkCardIndex !== undefined && p.NetworkCardIndex !== "") options.networkCardIndex = intParam(p, "NetworkCardIndex", 0, 0, Number.MAX_SAFE_INTEGER);
  if (p.TrunkNetworkInstanceId !== undefined && p.TrunkNetworkInstanceId !== "") {
    if (!ENI_ID.test(p.TrunkNetworkInstanceId)) throw err.invalidParameter("TrunkNetworkInstanceId", p.TrunkNetworkInstanceId);
    options.trunkNetworkInterfaceId = p.TrunkNetworkInstanceId;
  }
  const wait = p.WaitForNetworkConfigurationReady;
  if (wait !== undefined && wait !== "" && wait !== "true" && wait !== "false") throw err.invalidParameter("WaitForNetworkConfigurationReady", wait);
  return options;
}

function attachNetworkInterface(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, eniRegion);
  const { eniId, instanceId } = eniIds(call, "InvalidInstanceID.Malformed");
  networkInterfaces.attachNetworkInterface(call.model, caller, eniId, instanceId, call.env, attachOptions(call.params));
  return {};
}

function describeInstanceTypes(call: AliCall): Record<string, unknown> {
  const caller = { account: call.account, region: call.params.RegionId ?? "" };
  const types = instances.describeInstanceTypes(call.model, caller, repeatList(call.params, "InstanceTypes"), call.env);
  return {
    InstanceTypes: {
      InstanceType: types.map((t) => ({
        InstanceTypeId: t.instanceType,
        InstanceTypeFamily: t.instanceType.replace(/^(ecs\.[^.-]+).*$/, "$1"),
        EniQuantity: t.maxEnis,
        ...(t.networkCardQuantity ? { NetworkCardQuantity: t.networkCardQuantity, NetworkCards: { NetworkCardInfo: [...Array(t.networkCardQuantity).keys()].map((i) => ({ NetworkCardIndex: i })) } } : {}),
      })),
    },
    NextToken: "",
  };
}

function detachNetworkInterface(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, eniRegion);
  const { eniId, instanceId } = eniIds(call, "InvalidInstanceId.MalFormed");
  networkInterfaces.detachNetworkInterface(call.model, caller, eniId, instanceId, call.env, call.params.TrunkNetworkInstanceId || undefined);
  return {};
}

function describeNetworkInterfaces(call: AliCall): Record<string, unknown> {
  const caller = callerIn(call, ecsRegion);
  const p = call.params;
  const found = networkInterfaces.describeNetworkInterfaces(
    call.model,
    caller,
    { ids: repeatList(p, "NetworkInterfaceId"), instanceId: p.InstanceId || undefined, vpcId: p.VpcId || undefined, type: p.Type || undefined, status: p.Status || undefined },
    call.env,
  );
  if (p.MaxResults !== undefined || p.NextToken !== undefined) {
    // Token paging: NextToken is the offset; TotalCount is not meaningful in this mode.
    const max = intParam(p, "MaxResults", 10, 1, 500);
    const offset = p.NextToken ? Number(p.NextToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw err.invalidParameter("NextToken", p.NextToken);
    const items = found.slice(offset, offset + max);
    return {
      NetworkInterfaceSets: { NetworkInterfaceSet: items.map(renderNetworkInterface) },
      NextToken: offset + max < found.length ? String(offset + max) : "",
      TotalCount: found.length,
    };
  }
  const page = paginate(p, found, 100);
  return {
    NetworkInterfaceSets: { NetworkInterfaceSet: page.items.map(renderNetworkInterface) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
    NextToken: "",
  };
}

export const ecsHandlers: Record<string, AliHandler> = {
  DescribeInstances: describeInstances,
  StartInstance: instanceAction("startInstance"),
  StopInstance: instanceAction("stopInstance"),
  RebootInstance: instanceAction("rebootInstance"),
  DescribeInstanceTypes: describeInstanceTypes,
  AttachClassicLinkVpc: attachClassicLinkVpc,
  DetachClassicLinkVpc: detachClassicLinkVpc,
  DescribeClassicLinkInstances: describeClassicLinkInstances,
  AttachNetworkInterface: attachNetworkInterface,
  DetachNetworkInterface: detachNetworkInterface,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
};
