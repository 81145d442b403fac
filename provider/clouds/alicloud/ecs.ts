// Typed ECS 2014-05-26 actions. One request each; retries and waiting belong to the caller.

import { isCloudError } from "../../core/errors";
import { AlicloudTarget, alicloudRequest, RpcResponse } from "./client";

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

/** The instance, or undefined when the region holds no such instance. */
export async function describeInstance(target: AlicloudTarget, instanceId: string): Promise<EcsInstance | undefined> {
  const response = await alicloudRequest<DescribeInstancesResponse>(target, "ecs", "DescribeInstances", {
    InstanceIds: JSON.stringify([instanceId]),
  });
  const raw = (response.Instances?.Instance ?? []).find((i) => i.InstanceId === instanceId);
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
}

interface DescribeClassicLinkInstancesResponse extends RpcResponse {
  TotalCount?: number;
  Links?: { Link?: { InstanceId: string; VpcId: string }[] };
}

/** Every link of an instance or of a VPC (pages followed). */
export async function describeClassicLinks(
  target: AlicloudTarget,
  filter: { instanceId: string } | { vpcId: string },
): Promise<ClassicLink[]> {
  const links: ClassicLink[] = [];
  const pageSize = 100;
  for (let page = 1; ; page++) {
    const response = await alicloudRequest<DescribeClassicLinkInstancesResponse>(target, "ecs", "DescribeClassicLinkInstances", {
      InstanceId: "instanceId" in filter ? filter.instanceId : undefined,
      VpcId: "vpcId" in filter ? filter.vpcId : undefined,
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

/** The ENI, or undefined when the region holds no such ENI (empty set or InvalidEniId.NotFound). */
export async function describeNetworkInterface(target: AlicloudTarget, networkInterfaceId: string): Promise<NetworkInterface | undefined> {
  let response: DescribeNetworkInterfacesResponse;
  try {
    response = await alicloudRequest<DescribeNetworkInterfacesResponse>(target, "ecs", "DescribeNetworkInterfaces", {
      "NetworkInterfaceId.1": networkInterfaceId,
    });
  } catch (error) {
    if (isCloudError(error) && error.code === "InvalidEniId.NotFound") return undefined;
    throw error;
  }
  const raw = (response.NetworkInterfaceSets?.NetworkInterfaceSet ?? []).find((n) => n.NetworkInterfaceId === networkInterfaceId);
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
