// The preflight rules, once for both clouds: each cloud's file maps its records to these facts and
// supplies its words (instance, network, where the region comes from).

import { Finding, Subject, anyUnknown, heldBySelf, instanceStateFinding, willCreate } from "./findings";
import { claimEni, key, Plan, quota } from "./plan";

export interface CloudWords {
  cloud: "alicloud" | "tencentcloud";
  /** "instance" / "CVM instance" */
  instance: string;
  /** "classic network" / "basic network" */
  classicNetwork: string;
  regionFix: string;
  secondaryEniFix: string;
}

export interface InstanceFacts {
  state: string;
  /** undefined for a classic (basic-network) instance */
  vpcId?: string;
  zone?: string;
}

export interface EniFacts {
  /** Why it cannot be attached at all (primary ENI), or undefined */
  notAttachable?: string;
  attachedTo?: string;
  /** e.g. "InUse"; shown after the instance it is attached to */
  status: string;
  /** A state it cannot be attached from, or undefined */
  unusableState?: string;
  zone?: string;
  vpcId?: string;
}

export interface LinkLookups {
  region: string;
  instance(id: string): Promise<InstanceFacts | undefined>;
  linkedVpcsOf(instanceId: string): Promise<string[]>;
  linkedInstancesOf(vpcId: string): Promise<string[]>;
  /** undefined when the VPC does not exist; classicLinkEnabled only where the cloud has the switch */
  vpc(id: string): Promise<{ classicLinkEnabled?: boolean } | undefined>;
}

export interface EniLookups {
  region: string;
  instance(id: string): Promise<InstanceFacts | undefined>;
  eni(id: string): Promise<EniFacts | undefined>;
}

/** Lookups are made only once the inputs are known and `up` would create the resource. */
export async function classicLinkFindings(subject: Subject, plan: Plan, words: CloudWords, lookups: () => LinkLookups): Promise<Finding[]> {
  const { instanceId, vpcId, region } = subject.news;
  if (anyUnknown(instanceId, vpcId, region) || !willCreate(subject, ["instanceId", "vpcId", "region"])) return [];
  const reads = lookups();
  const findings: Finding[] = [];
  const claimKey = key(subject.kind, reads.region, instanceId);
  const claim = plan.linkClaims.get(claimKey);
  if (claim && claim.resource !== subject.name && claim.vpcId !== vpcId) {
    findings.push({
      property: "instanceId",
      problem: `ClassicLinkAttachment "${claim.resource}" of this program also links ${instanceId}, to ${claim.vpcId}; an instance in the ${words.classicNetwork} links to one VPC at a time`,
      fix: "keep one ClassicLinkAttachment per instance",
    });
  }
  plan.linkClaims.set(claimKey, { resource: subject.name, vpcId });

  const [instance, linked, vpc, vpcLinks] = await Promise.all([reads.instance(instanceId), reads.linkedVpcsOf(instanceId), reads.vpc(vpcId), reads.linkedInstancesOf(vpcId)]);
  if (!instance) {
    findings.push({ property: "instanceId", problem: `${words.instance} ${instanceId} was not found in region ${reads.region}`, fix: words.regionFix });
  } else {
    const state = instanceStateFinding(words.cloud, instanceId, instance.state);
    if (state) findings.push(state);
    if (instance.vpcId) {
      findings.push({
        property: "instanceId",
        problem: `${words.instance} ${instanceId} is in a VPC (${instance.vpcId}), not the ${words.classicNetwork}`,
        fix: `ClassicLink links instances of the ${words.classicNetwork} only; a VPC instance reaches its VPC directly, so remove this ClassicLinkAttachment`,
      });
    }
  }
  const adopting = linked.includes(vpcId);
  const other = linked.find((v) => v !== vpcId);
  if (other && !adopting && !heldBySelf(subject, "instanceId", "vpcId", other)) {
    findings.push({
      property: "instanceId",
      problem: `${words.instance} ${instanceId} is already linked to ${other}; an instance in the ${words.classicNetwork} links to one VPC at a time`,
      fix: `unlink it from ${other} first (delete the ClassicLinkAttachment that manages that link, or unlink it in the console)`,
    });
  }
  if (!vpc) {
    findings.push({ property: "vpcId", problem: `VPC ${vpcId} was not found in region ${reads.region}`, fix: words.regionFix });
  } else if (!adopting) {
    if (vpc.classicLinkEnabled === false && !plan.classicLinkOn.has(key(subject.kind, reads.region, vpcId))) {
      findings.push({
        property: "vpcId",
        problem: `VPC ${vpcId} does not have ClassicLink enabled, and no VpcClassicLinkSetting in this program turns it on before this attachment`,
        fix: "add a netattach.alicloud.VpcClassicLinkSetting for the VPC and make the attachment depend on it (dependsOn, or vpcId: setting.vpcId)",
      });
    }
    findings.push(...quota(plan, key(subject.kind, reads.region, vpcId), vpcId, instanceId, vpcLinks));
  }
  return findings;
}

export async function eniFindings(subject: Subject, plan: Plan, words: CloudWords, lookups: () => EniLookups): Promise<Finding[]> {
  const { instanceId, networkInterfaceId, region } = subject.news;
  if (anyUnknown(instanceId, networkInterfaceId, region) || !willCreate(subject, ["networkInterfaceId", "instanceId", "region"])) return [];
  const reads = lookups();
  const findings = claimEni(subject, plan, key(subject.kind, reads.region, networkInterfaceId));
  const [eni, instance] = await Promise.all([reads.eni(networkInterfaceId), reads.instance(instanceId)]);
  if (!eni) {
    findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} was not found in region ${reads.region}`, fix: words.regionFix });
  } else if (eni.notAttachable) {
    findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} ${eni.notAttachable}`, fix: words.secondaryEniFix });
  } else if (eni.attachedTo && eni.attachedTo !== instanceId && !heldBySelf(subject, "networkInterfaceId", "instanceId", eni.attachedTo)) {
    findings.push({
      property: "networkInterfaceId",
      problem: `ENI ${networkInterfaceId} is attached to ${eni.attachedTo} (${eni.status}); an ENI attaches to one instance at a time`,
      fix: `detach it from ${eni.attachedTo} first (delete the EniAttachment that manages it there, or detach it in the console)`,
    });
  } else if (eni.unusableState) {
    findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} is ${eni.unusableState}`, fix: "an ENI can be attached only when it is available: check it in the console" });
  }
  if (eni?.attachedTo === instanceId) return findings; // already attached as asked: up adopts it
  if (!instance) {
    findings.push({ property: "instanceId", problem: `${words.instance} ${instanceId} was not found in region ${reads.region}`, fix: words.regionFix });
    return findings;
  }
  const state = instanceStateFinding(words.cloud, instanceId, instance.state);
  if (state) findings.push(state);
  if (!instance.vpcId) {
    findings.push({ property: "instanceId", problem: `${words.instance} ${instanceId} is in the ${words.classicNetwork}; ENIs attach only to VPC instances`, fix: "attach the ENI to a VPC instance" });
  } else if (eni && !eni.notAttachable) {
    if (instance.zone && eni.zone && instance.zone !== eni.zone) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is in zone ${eni.zone} but ${words.instance} ${instanceId} is in zone ${instance.zone}`,
        fix: "an ENI attaches only to an instance in its own zone: create the ENI in a subnet (vSwitch) of the instance's zone",
      });
    }
    if (eni.vpcId && instance.vpcId !== eni.vpcId) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is in ${eni.vpcId} but ${words.instance} ${instanceId} is in ${instance.vpcId}`,
        fix: "an ENI attaches only to an instance in its own VPC: create the ENI in the instance's VPC",
      });
    }
  }
  return findings;
}
