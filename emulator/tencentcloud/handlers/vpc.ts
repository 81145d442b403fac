// VPC 2017-03-12 actions.

import type { HandlerTable } from "./types";
import type { TencentSeedNetworkInterface } from "../seed";
import { attachClassicLink, describeClassicLinks, detachClassicLink } from "../classicLink";
import { malformed, notFound, TencentError } from "../errors";
import { applyFilters, type Matchers } from "./filters";
import { ENI_ID, VPC_ID } from "../ids";
import { privateIpOf } from "../instances";
import { attachNetworkInterface, detachNetworkInterface, observeNetworkInterface, type EniRequest } from "../networkInterfaces";
import { integerPage, pageOf, stringPage } from "./paging";
import type { Params } from "../params";
import { renderNetworkInterface, renderTask, renderVpc } from "../render";
import { describeTask } from "../tasks";

const FILTER_UNKNOWN = "InvalidParameter.FilterInvalidKey";

const eniMatchers: Matchers<TencentSeedNetworkInterface> = {
  "vpc-id": (eni, value) => eni.vpcId === value,
  "subnet-id": (eni, value) => (eni.subnetId ?? "") === value,
  "network-interface-id": (eni, value) => eni.networkInterfaceId === value,
  "attachment.instance-id": (eni, value) => eni.instanceId === value,
  "is-primary": (eni, value) => String(eni.type === "Primary") === value,
  "eni-type": (eni, value) => (eni.type === "Primary" ? "1" : "0") === value,
};

function eniRequest(params: Params): EniRequest {
  const networkInterfaceId = params.requireString("NetworkInterfaceId");
  const instanceId = params.requireString("InstanceId");
  const attachType = params.integer("AttachType") ?? 0;
  return {
    networkInterfaceId,
    instanceId,
    clientToken: params.string("ClientToken"),
    attachType,
    fingerprint: JSON.stringify([networkInterfaceId, instanceId, attachType]),
  };
}

function linkFilters(params: Params): { vpcIds?: string[]; vmIps?: string[] } {
  const query: { vpcIds?: string[]; vmIps?: string[] } = {};
  for (const filter of params.filters() ?? []) {
    if (filter.name === "vpc-id") query.vpcIds = filter.values;
    else if (filter.name === "vm-ip") query.vmIps = filter.values;
    else throw new TencentError(FILTER_UNKNOWN, `The filter \`${filter.name}\` is not supported.`);
  }
  return query;
}

export const vpcHandlers: HandlerTable = {
  AttachClassicLinkVpc(model, call, params) {
    attachClassicLink(model, call, params.requireString("VpcId"), params.requireStringArray("InstanceIds"));
    return {};
  },

  DetachClassicLinkVpc(model, call, params) {
    detachClassicLink(model, call, params.requireString("VpcId"), params.requireStringArray("InstanceIds"));
    return {};
  },

  DescribeClassicLinkInstances(model, call, params) {
    const page = stringPage(params);
    const links = describeClassicLinks(model, call, linkFilters(params), privateIpOf);
    return {
      TotalCount: links.length,
      ClassicLinkInstanceSet: pageOf(links, page).map((link) => ({ VpcId: link.vpcId, InstanceId: link.instanceId })),
    };
  },

  DescribeVpcTaskResult(model, call, params) {
    return renderTask(describeTask(model, call, params.requireString("TaskId")));
  },

  AttachNetworkInterface(model, call, params) {
    attachNetworkInterface(model, call, eniRequest(params));
    return {};
  },

  DetachNetworkInterface(model, call, params) {
    detachNetworkInterface(model, call, eniRequest(params));
    return {};
  },

  DescribeNetworkInterfaces(model, call, params) {
    const ids = params.stringArray("NetworkInterfaceIds");
    const filters = params.filters();
    if (ids && filters) throw new TencentError("InvalidParameter.Coexist", "`NetworkInterfaceIds` and `Filters` cannot be specified together.");
    const page = integerPage(params);
    const mine = [...model.networkInterfaces.values()].filter((eni) => model.visible(eni, call));
    let selected: TencentSeedNetworkInterface[];
    if (ids) {
      selected = ids.map((id) => {
        if (!ENI_ID.test(id)) throw malformed("NetworkInterfaceIds", id);
        const eni = model.networkInterface(id, call);
        if (!eni) throw notFound("network interface", id);
        return eni;
      });
    } else {
      selected = applyFilters(mine, filters, eniMatchers, FILTER_UNKNOWN).sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId));
    }
    const shown = pageOf(selected, page);
    const rendered = shown.map((eni) => renderNetworkInterface(eni, model, call.defaultAccount));
    for (const eni of shown) observeNetworkInterface(model, eni);
    return { TotalCount: selected.length, NetworkInterfaceSet: rendered };
  },

  DescribeVpcs(model, call, params) {
    const ids = params.stringArray("VpcIds");
    const filters = params.filters();
    if (ids && filters) throw new TencentError("InvalidParameter.Coexist", "`VpcIds` and `Filters` cannot be specified together.");
    const page = stringPage(params);
    const vpcs = ids
      ? ids.map((id) => {
          if (!VPC_ID.test(id)) throw malformed("VpcIds", id);
          const vpc = model.vpc(id, call);
          if (!vpc) throw notFound("vpc", id);
          return vpc;
        })
      : applyFilters(
          [...model.vpcs.values()].filter((vpc) => model.visible(vpc, call)),
          filters,
          {
            "vpc-id": (vpc, value) => vpc.vpcId === value,
            "cidr-block": (vpc, value) => vpc.cidrBlock === value,
            "vpc-name": (vpc, value) => (vpc.vpcName ?? vpc.vpcId) === value,
            "is-default": (_vpc, value) => value === "false",
          },
          FILTER_UNKNOWN,
        ).sort((a, b) => a.vpcId.localeCompare(b.vpcId));
    return { TotalCount: vpcs.length, VpcSet: pageOf(vpcs, page).map(renderVpc) };
  },
};
