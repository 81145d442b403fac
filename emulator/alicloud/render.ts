// Response bodies in Format=JSON or Format=XML, and the wire shapes of the Describe* results.
// Lists follow the API's own nesting ({Instances:{Instance:[...]}}), which maps to XML as repeated
// <Instance> elements.

import type { InstanceSeed, NetworkInterfaceSeed, VpcSeed } from "../core/seed";
import { instanceTypeOf } from "./instances";
import type { AliModel } from "./model";
import { enisOfInstance } from "./networkInterfaces";

export type Format = "JSON" | "XML";

export function contentType(format: Format): string {
  return format === "JSON" ? "application/json;charset=utf-8" : "text/xml;charset=utf-8";
}

export function renderBody(format: Format, rootName: string, body: Record<string, unknown>): string {
  if (format === "JSON") return JSON.stringify(body);
  return `<?xml version="1.0" encoding="UTF-8"?>${element(rootName, body)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join("");
  if (value === undefined || value === null) return `<${name}/>`;
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => element(k, v))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

/** Stable fake MAC / IP derived from an id, so repeated Describes agree. */
export function fakeAddress(id: string): { mac: string; ip: string } {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const bytes = [0x00, 0x16, 0x3e, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return { mac: bytes.map((b) => b.toString(16).padStart(2, "0")).join(":"), ip: `172.16.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}` };
}

// The seed carries no creation times or account: fixed values keep every answer well formed and
// reproducible (the documented fields are there, as clients that read them expect).
const CREATION_TIME = "2020-01-01T00:00:00Z";
const OWNER_ID = "1234567890123456"; // a string in DescribeNetworkInterfaces, as the SDK models type it

export function renderInstance(i: InstanceSeed, model: AliModel): Record<string, unknown> {
  const enis = enisOfInstance(model, i.instanceId);
  const primary = enis.find((n) => n.type === "Primary");
  const ip = fakeAddress(i.instanceId).ip;
  return {
    InstanceId: i.instanceId,
    InstanceName: typeof i.instanceName === "string" ? i.instanceName : i.instanceId,
    RegionId: i.region,
    ZoneId: i.zone,
    Status: i.status,
    InstanceNetworkType: i.networkType,
    InstanceType: instanceTypeOf(i),
    StartTime: typeof i.startTime === "string" ? i.startTime : undefined,
    VpcAttributes: {
      VpcId: i.networkType === "vpc" ? (i.vpcId ?? "") : "",
      VSwitchId: "",
      NatIpAddress: "",
      PrivateIpAddress: { IpAddress: i.networkType === "vpc" ? [primary ? fakeAddress(primary.networkInterfaceId).ip : ip] : [] },
    },
    InnerIpAddress: { IpAddress: i.networkType === "classic" ? [ip.replace(/^172\.16\./, "10.111.")] : [] },
    PublicIpAddress: { IpAddress: [] },
    NetworkInterfaces: {
      NetworkInterface: enis
        .filter((n) => n.status === "InUse" || n.type === "Primary")
        .map((n) => ({ NetworkInterfaceId: n.networkInterfaceId, Type: n.type, MacAddress: fakeAddress(n.networkInterfaceId).mac, PrimaryIpAddress: fakeAddress(n.networkInterfaceId).ip })),
    },
    OperationLocks: { LockReason: i.locked ? [{ LockReason: "security" }] : [] },
    EniQuantity: typeof i.maxEnis === "number" ? i.maxEnis : undefined,
  };
}

export function renderNetworkInterface(n: NetworkInterfaceSeed): Record<string, unknown> {
  const addr = fakeAddress(n.networkInterfaceId);
  const attached = n.instanceId !== undefined;
  return {
    NetworkInterfaceId: n.networkInterfaceId,
    NetworkInterfaceName: typeof n.name === "string" ? n.name : "",
    Status: n.status,
    Type: n.type,
    InstanceId: attached ? n.instanceId : "",
    VpcId: n.vpcId,
    VSwitchId: "",
    ZoneId: n.zone,
    MacAddress: addr.mac,
    PrivateIpAddress: addr.ip,
    PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: addr.ip, Primary: true, AssociatedPublicIp: {} }] },
    AssociatedPublicIp: {},
    CreationTime: CREATION_TIME,
    OwnerId: OWNER_ID,
    SecurityGroupIds: { SecurityGroupId: [] },
    Ipv6Sets: { Ipv6Set: [] },
    Tags: { Tag: [] },
    ResourceGroupId: "",
    ServiceManaged: false,
    ...(attached ? { Attachment: attachmentView(n) } : {}),
  };
}

/** Attachment as DescribeNetworkInterfaces writes it; NetworkCardIndex and TrunkNetworkInterfaceId only when the attach gave them. */
function attachmentView(n: NetworkInterfaceSeed): Record<string, unknown> {
  return {
    InstanceId: n.instanceId,
    DeviceIndex: typeof n.deviceIndex === "number" ? n.deviceIndex : n.type === "Primary" ? 0 : 1,
    ...(typeof n.networkCardIndex === "number" ? { NetworkCardIndex: n.networkCardIndex } : {}),
    ...(typeof n.trunkNetworkInterfaceId === "string" ? { TrunkNetworkInterfaceId: n.trunkNetworkInterfaceId } : {}),
  };
}

export function renderVpc(v: VpcSeed): Record<string, unknown> {
  return {
    VpcId: v.vpcId,
    VpcName: typeof v.vpcName === "string" ? v.vpcName : "",
    RegionId: v.region,
    Status: v.status ?? "Available",
    CidrBlock: v.cidrBlock,
    IsDefault: false,
    CreationTime: CREATION_TIME,
    VRouterId: `vrt-${v.vpcId.replace(/^vpc-/, "")}`,
    Description: "",
    VSwitchIds: { VSwitchId: [] },
    UserCidrs: { UserCidr: [] },
  };
}
