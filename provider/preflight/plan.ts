// What the program under preview does, as far as this provider process has seen it. All dynamic
// resources of a stack share one provider process, and a resource registers (and is checked) only
// after the resources it depends on, so by the time an attachment is checked, the settings and
// attachments it depends on have told the plan what they will change.

import type { ResourceKind } from "../kinds";
import type { Finding, Subject } from "./findings";
import { LINKS_PER_VPC } from "./limits";

export interface Plan {
  /** VPCs whose ClassicLink a VpcClassicLinkSetting in the program turns on (key: cloud region vpc). */
  classicLinkOn: Set<string>;
  /** New links per VPC that earlier resources of this preview will make. */
  newLinks: Map<string, Set<string>>;
  /** Which resource of this preview claims an ENI (key → resource name and instance). */
  eniClaims: Map<string, { resource: string; instanceId: string }>;
  /** Which resource of this preview links a classic instance (key → resource name and VPC). */
  linkClaims: Map<string, { resource: string; vpcId: string }>;
  /**
   * The inputs the stack holds, per resource, from its first check. Once the engine decides on a
   * replacement it checks the resource again with no old inputs (so providers can make new
   * names); preflight must still know which attachment was the resource's own.
   */
  storedInputs: Map<string, Record<string, unknown>>;
}

export function emptyPlan(): Plan {
  return { classicLinkOn: new Set(), newLinks: new Map(), eniClaims: new Map(), linkClaims: new Map(), storedInputs: new Map() };
}

/** One plan per provider process: a preview is one process (`pulumi up` previews in its own). */
export const processPlan: Plan = emptyPlan();

export function key(kind: ResourceKind | string, region: string, id: string): string {
  return `${kind.split(":")[0]} ${region} ${id}`;
}

/** Two resources of one program that attach the same ENI to different instances cannot both succeed. */
export function claimEni(subject: Subject, plan: Plan, eniKey: string): Finding[] {
  const { instanceId, networkInterfaceId } = subject.news;
  const claim = plan.eniClaims.get(eniKey);
  plan.eniClaims.set(eniKey, { resource: subject.name, instanceId });
  if (!claim || claim.resource === subject.name || claim.instanceId === instanceId) return [];
  return [{
    property: "networkInterfaceId",
    problem: `EniAttachment "${claim.resource}" of this program also attaches ENI ${networkInterfaceId}, to ${claim.instanceId}; an ENI attaches to one instance at a time`,
    fix: "keep one EniAttachment per ENI",
  }];
}

/** The VPC's link quota, counting the links earlier resources of this preview will add. */
export function quota(plan: Plan, vpcKey: string, vpcId: string, instanceId: string, existing: string[]): Finding[] {
  const planned = plan.newLinks.get(vpcKey) ?? new Set<string>();
  const after = new Set([...existing, ...planned]);
  if (after.has(instanceId)) return [];
  if (after.size >= LINKS_PER_VPC) {
    return [{
      property: "vpcId",
      problem: `VPC ${vpcId} already has ${existing.length} linked instances${planned.size ? ` and this program links ${planned.size} more before this one` : ""}; a VPC takes at most ${LINKS_PER_VPC}`,
      fix: "link this instance to another VPC, or remove links from this one first",
    }];
  }
  planned.add(instanceId);
  plan.newLinks.set(vpcKey, planned);
  return [];
}

/** Forgets what earlier resources planned (tests run several previews in one process). */
export function forgetPlan(plan: Plan = processPlan): void {
  plan.classicLinkOn.clear();
  plan.newLinks.clear();
  plan.eniClaims.clear();
  plan.linkClaims.clear();
  plan.storedInputs.clear();
}
