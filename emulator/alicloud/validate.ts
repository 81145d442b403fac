// The Alibaba rules of a seed section, shared by the seed loader and the control API.
// load() rejects a seed that breaks one (SeedError, 400); the control ops check the same ones
// before changing anything (unknown id: 404, rule conflict: 409), so whatever the control API
// builds, GET state -> POST reset and a restart with --state load it again.

import type { ClassicLinkSeed, InstanceSeed, NetworkInterfaceSeed, VpcSeed } from "../core/seed";

export interface RuleWorld {
  instances: ReadonlyMap<string, InstanceSeed>;
  vpcs: ReadonlyMap<string, VpcSeed>;
  links: readonly ClassicLinkSeed[];
}

export interface Violation {
  /** "unknown": a referenced id does not exist; "conflict": the ids exist but break a rule. */
  kind: "unknown" | "conflict";
  path: string;
  detail: string;
}

/** A ClassicLink is valid next to `others`: known classic instance, known VPC, one VPC per instance. */
export function linkViolation(world: RuleWorld, link: ClassicLinkSeed, others: readonly ClassicLinkSeed[]): Violation | undefined {
  const path = "alicloud.classicLinks";
  const inst = world.instances.get(link.instanceId);
  if (!inst) return { kind: "unknown", path, detail: `unknown instance ${link.instanceId}` };
  if (!world.vpcs.has(link.vpcId)) return { kind: "unknown", path, detail: `unknown VPC ${link.vpcId}` };
  if (inst.networkType !== "classic") return { kind: "conflict", path, detail: `${link.instanceId} is not a classic instance` };
  const other = others.find((o) => o.instanceId === link.instanceId);
  if (other) return { kind: "conflict", path, detail: `${link.instanceId} is linked to more than one VPC (${other.vpcId} and ${link.vpcId})` };
  return undefined;
}

/** An ENI is valid: attached only to a known instance, with a non-negative integer device index. */
export function eniViolation(world: RuleWorld, n: NetworkInterfaceSeed): Violation | undefined {
  const path = "alicloud.networkInterfaces";
  if (n.instanceId !== undefined && !world.instances.has(n.instanceId)) return { kind: "unknown", path, detail: `${n.networkInterfaceId}: unknown instance ${n.instanceId}` };
  if (n.deviceIndex !== undefined && !isIndex(n.deviceIndex)) {
    return { kind: "conflict", path, detail: `${n.networkInterfaceId}: deviceIndex must be a non-negative integer` };
  }
  if (n.networkCardIndex !== undefined && !isIndex(n.networkCardIndex)) {
    return { kind: "conflict", path, detail: `${n.networkInterfaceId}: networkCardIndex must be a non-negative integer` };
  }
  return undefined;
}

/** The instance attributes the ENI options read are well formed. */
export function instanceViolation(i: InstanceSeed): Violation | undefined {
  const path = "alicloud.instances";
  if (i.networkCardQuantity !== undefined && !isIndex(i.networkCardQuantity)) return { kind: "conflict", path, detail: `${i.instanceId}: networkCardQuantity must be a non-negative integer` };
  if (i.startTime !== undefined && (typeof i.startTime !== "string" || Number.isNaN(Date.parse(i.startTime)))) {
    return { kind: "conflict", path, detail: `${i.instanceId}: startTime must be a time like "2017-12-10T04:04Z"` };
  }
  if (i.instanceType !== undefined && typeof i.instanceType !== "string") return { kind: "conflict", path, detail: `${i.instanceId}: instanceType must be a string` };
  return undefined;
}

function isIndex(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

/** The first rule the whole state breaks, or undefined: what load() checks. */
export function stateViolation(world: RuleWorld, enis: Iterable<NetworkInterfaceSeed>): Violation | undefined {
  for (const i of world.instances.values()) {
    const v = instanceViolation(i);
    if (v) return v;
  }
  for (const l of world.links) {
    const v = linkViolation(world, l, world.links.filter((o) => o !== l));
    if (v) return v;
  }
  for (const n of enis) {
    const v = eniViolation(world, n);
    if (v) return v;
  }
  return undefined;
}
