// Typed ECS 2014-05-26 actions. Retries and waiting belong to the caller. Reads made by many
// resources of the process within a short window go out as one call (core/coalesce.ts): up to
// 100 InstanceIds per DescribeInstances, 100 NetworkInterfaceId.N per DescribeNetworkInterfaces,
// 100 comma-separated InstanceIds per DescribeClassicLinkInstances; each caller gets its own answer.

import { Coalescer, ItemFailure, READ_COALESCING } from "../../core/coalesce";
import { isCloudError } from "../../core/errors";
import { AlicloudTarget, alicloudRequest, roomFor, RpcResponse, targetKey } from "./client";

/** The documented ID-list sizes. */
export const MAX_IDS_PER_CALL = 100;

interface Keyed {
  target: AlicloudTarget;
  id: string;
}

function readCoalescer<R>(action: string, send: (target: AlicloudTarget, ids: string[]) => Promise<Array<R | ItemFailure>>) {
  return new Coalescer<Keyed, R>({
    ...READ_COALESCING,
    beforeSend: (item) => roomFor(item.target, action),
    maxBatch: MAX_IDS_PER_CALL,
    keyOf: (item) => item.id,
    send: (items) => send(items[0].target, items.map((i) => i.id)),
  });
}

export interface EcsInstance {
  instanceId: string;
  /** Pending | Starting | Running | Stopping | Stopped (and others the cloud may add). */
  status: string;
  /** "classic" | "vpc" */
  networkType: string;
  zoneId?: string;
  vpcId?: string;
  /** e.g. "ecs.g6.large" */
  instanceType?: string;
  /** Last start, as the API writes it: "2017-12-10T04:04Z". */
  startTime?: string;
}

export interface ClassicLink {
  instanceId: string;
  vpcId: string;
}

export interface NetworkInterface {
  networkInterfaceId: string;
  /** Available | Attaching | InUse | Detaching | Creating | Deleting | CreateFailed */
  status: string;
  /** Primary | Secondary (trunking adds Member / Trunk) */
  type: string;
  zoneId?: string;
  vpcId?: string;
  /** The instance it is attached to, if any. */
  instanceId?: string;
  /** While attached: its index on the instance (primary 0). */
  deviceIndex?: number;
  /** While attached, when the attach named one. */
  networkCardIndex?: number;
  /** While attached through a trunk ENI. */
  trunkNetworkInterfaceId?: string;
}

export interface Mutation {
  requestId: string;
}

interface DescribeInstancesResponse extends RpcResponse {
  Instances?: { Instance?: RawInstance[] };
}

interface RawInstance {
  InstanceId: string;
  Status: string;
  InstanceNetworkType?: string;
  ZoneId?: string;
  VpcAttributes?: { VpcId?: string };
  InstanceType?: string;
  StartTime?: string;
}

export const instanceReads = readCoalescer<EcsInstance | undefined>("DescribeInstances", async (target, ids) => {
  const response = await alicloudRequest<DescribeInstancesResponse>(target, "ecs", "DescribeInstances", {
    InstanceIds: JSON.stringify(ids),
    PageSize: MAX_IDS_PER_CALL,
  });
  const found = new Map((response.Instances?.Instance ?? []).map((raw) => [raw.InstanceId, raw]));
  return ids.map((id) => {
    const raw = found.get(id);
    if (!raw) return undefined;
    return {
      instanceId: raw.InstanceId,
      status: raw.Status,
      networkType: raw.InstanceNetworkType ?? (raw.VpcAttributes?.VpcId ? "vpc" : "classic"),
      zoneId: raw.ZoneId || undefined,
      vpcId: raw.VpcAttributes?.VpcId || undefined,
      instanceType: raw.InstanceType || undefined,
      startTime: raw.StartTime || undefined,
    };
  });
});

/** The instance, or undefined when the region holds no such instance. */
export async function describeInstance(target: AlicloudTarget, instanceId: string): Promise<EcsInstance | undefined> {
  return instanceReads.submit(targetKey(target, "ecs"), { target, id: instanceId });
}

interface DescribeClassicLinkInstancesResponse extends RpcResponse {
  TotalCount?: number;
  Links?: { Link?: { InstanceId: string; VpcId: string }[] };
}

const linkReads = readCoalescer<ClassicLink[]>("DescribeClassicLinkInstances", async (target, ids) => {
  const response = await alicloudRequest<DescribeClassicLinkInstancesResponse>(target, "ecs", "DescribeClassicLinkInstances", {
    InstanceId: ids.join(","),
    PageNumber: "1",
    PageSize: String(MAX_IDS_PER_CALL),
  });
  // An instance links to at most one VPC, so 100 instances fit one page.
  const links = (response.Links?.Link ?? []).map((l) => ({ instanceId: l.InstanceId, vpcId: l.VpcId }));
  return ids.map((id) => links.filter((l) => l.instanceId === id));
});

/** Every link of an instance (coalesced with other instances' lookups) or of a VPC (pages followed). */
export async function describeClassicLinks(
  target: AlicloudTarget,
  filter: { instanceId: string } | { vpcId: string },
): Promise<ClassicLink[]> {
  if ("instanceId" in filter) return linkReads.submit(targetKey(target, "ecs"), { target, id: filter.instanceId });
  const links: ClassicLink[] = [];
  const pageSize = 100;
  for (let page = 1; ; page++) {
    const response = await alicloudRequest<DescribeClassicLinkInstancesResponse>(target, "ecs", "DescribeClassicLinkInstances", {
      VpcId: filter.vpcId,
      PageNumber: String(page),
      PageSize: String(pageSize),
    });
    const batch = response.Links?.Link ?? [];
    links.push(...batch.map((l) => ({ instanceId: l.InstanceId, vpcId: l.VpcId })));
    const total = Number(response.TotalCount ?? links.length);
    if (batch.length < pageSize || links.length >= total) return links;
  }
}

export async function attachClassicLinkVpc(target: AlicloudTarget, link: ClassicLink): Promise<Mutation> {
  const response = await alicloudRequest<RpcResponse>(target, "ecs", "AttachClassicLinkVpc", { InstanceId: link.instanceId, VpcId: link.vpcId });
  return { requestId: response.RequestId };
}

export async function detachClassicLinkVpc(target: AlicloudTarget, link: ClassicLink): Promise<Mutation> {
  const response = await alicloudRequest<RpcResponse>(target, "ecs", "DetachClassicLinkVpc", { InstanceId: link.instanceId, VpcId: link.vpcId });
  return { requestId: response.RequestId };
}

interface DescribeNetworkInterfacesResponse extends RpcResponse {
  NetworkInterfaceSets?: { NetworkInterfaceSet?: RawNetworkInterface[] };
}

interface RawNetworkInterface {
  NetworkInterfaceId: string;
  Status: string;
  Type: string;
  ZoneId?: string;
  VpcId?: string;
  InstanceId?: string;
  Attachment?: { InstanceId?: string; DeviceIndex?: number; NetworkCardIndex?: number; TrunkNetworkInterfaceId?: string };
}

const eniReads = readCoalescer<NetworkInterface | undefined>("DescribeNetworkInterfaces", async (target, ids) => {
  const params: Record<string, string | number> = { PageSize: MAX_IDS_PER_CALL };
  ids.forEach((id, i) => (params[`NetworkInterfaceId.${i + 1}`] = id));
  let response: DescribeNetworkInterfacesResponse;
  try {
    response = await alicloudRequest<DescribeNetworkInterfacesResponse>(target, "ecs", "DescribeNetworkInterfaces", params);
  } catch (error) {
    // Alone, an unknown ENI is "no such ENI"; in a batch, the coalescer splits it out first.
    if (ids.length === 1 && isCloudError(error) && error.code === "InvalidEniId.NotFound") return [undefined];
    throw error;
  }
  const found = new Map((response.NetworkInterfaceSets?.NetworkInterfaceSet ?? []).map((raw) => [raw.NetworkInterfaceId, raw]));
  return ids.map((id) => {
    const raw = found.get(id);
    if (!raw) return undefined;
    return {
      networkInterfaceId: raw.NetworkInterfaceId,
      status: raw.Status,
      type: raw.Type,
      zoneId: raw.ZoneId || undefined,
      vpcId: raw.VpcId || undefined,
      instanceId: raw.InstanceId || raw.Attachment?.InstanceId || undefined,
      deviceIndex: raw.Attachment?.DeviceIndex,
      networkCardIndex: raw.Attachment?.NetworkCardIndex,
      trunkNetworkInterfaceId: raw.Attachment?.TrunkNetworkInterfaceId || undefined,
    };
  });
});

/** The ENI, or undefined when the region holds no such ENI (empty set or InvalidEniId.NotFound). */
export async function describeNetworkInterface(target: AlicloudTarget, networkInterfaceId: string): Promise<NetworkInterface | undefined> {
  return eniReads.submit(targetKey(target, "ecs"), { target, id: networkInterfaceId });
}

export interface EniPair {
  networkInterfaceId: string;
  instanceId: string;
}

/** AttachNetworkInterface's optional parameters. */
export interface AttachOptions {
  networkCardIndex?: number;
  trunkNetworkInstanceId?: string;
  waitForNetworkConfigurationReady?: boolean;
}

export async function attachNetworkInterface(target: AlicloudTarget, pair: EniPair, options: AttachOptions = {}): Promise<Mutation> {
  const response = await alicloudRequest<RpcResponse>(target, "ecs", "AttachNetworkInterface", {
    NetworkInterfaceId: pair.networkInterfaceId,
    InstanceId: pair.instanceId,
    NetworkCardIndex: options.networkCardIndex,
    TrunkNetworkInstanceId: options.trunkNetworkInstanceId,
    WaitForNetworkConfigurationReady: options.waitForNetworkConfigurationReady,
  });
  return { requestId: response.RequestId };
}

export interface InstanceType {
  instanceType: string;
  /** Network cards of the type; undefined when it has none (NetworkCardIndex cannot be given). */
  networkCardQuantity?: number;
}

interface DescribeInstanceTypesResponse extends RpcResponse {
  InstanceTypes?: { InstanceType?: { InstanceTypeId: string; NetworkCardQuantity?: number }[] };
}

/** The instance type's network card count, or undefined when the region does not list the type. */
export async function describeInstanceType(target: AlicloudTarget, instanceType: string): Promise<InstanceType | undefined> {
  const response = await alicloudRequest<DescribeInstanceTypesResponse>(target, "ecs", "DescribeInstanceTypes", { "InstanceTypes.1": instanceType });
  const raw = (response.InstanceTypes?.InstanceType ?? []).find((t) => t.InstanceTypeId === instanceType);
  return raw ? { instanceType, networkCardQuantity: raw.NetworkCardQuantity || undefined } : undefined;
}

export async function detachNetworkInterface(target: AlicloudTarget, pair: EniPair): Promise<Mutation> {
  const response = await alicloudRequest<RpcResponse>(target, "ecs", "DetachNetworkInterface", {
    NetworkInterfaceId: pair.networkInterfaceId,
    InstanceId: pair.instanceId,
  });
  return { requestId: response.RequestId };
}
