// Preflight of the Tencent resources: the reads `create` makes before it attaches, made during the
// preview, with what the rest of the program changes taken into account.

import { Finding, Subject, anyUnknown, heldBySelf, instanceStateFinding, willCreate } from "./findings";
import { claimEni, key, Plan, quota } from "./plan";
import { tencentReads } from "./reads";
import { ProviderContext } from "../resources/types";

const REGION_FIX = "check the ID, and the region (the resource's `region` input, stack config tencentcloud:region or TENCENTCLOUD_REGION) and that the credentials are of the account that owns it";

export async function classicLinkAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  const { instanceId, vpcId, region } = subject.news;
  if (anyUnknown(instanceId, vpcId, region) || !willCreate(subject, ["instanceId", "vpcId", "region"])) return [];
  const reads = tencentReads(ctx, region);
  const findings: Finding[] = [];
  const claimKey = key(subject.kind, reads.region, instanceId);
  const claim = plan.linkClaims.get(claimKey);
  if (claim && claim.resource !== subject.name && claim.vpcId !== vpcId) {
    findings.push({
      property: "instanceId",
      problem: `ClassicLinkAttachment "${claim.resource}" of this program also links ${instanceId}, to ${claim.vpcId}; a basic-network instance links to one VPC at a time`,
      fix: "keep one ClassicLinkAttachment per instance",
    });
  }
  plan.linkClaims.set(claimKey, { resource: subject.name, vpcId });

  const [instance, links, vpc, vpcLinks] = await Promise.all([reads.instance(instanceId), reads.linksOfInstance(instanceId), reads.vpc(vpcId), reads.linksOfVpc(vpcId)]);
  if (!instance) {
    findings.push({ property: "instanceId", problem: `CVM instance ${instanceId} was not found in region ${reads.region}`, fix: REGION_FIX });
  } else {
    const state = instanceStateFinding("tencentcloud", instanceId, instance.state);
    if (state) findings.push(state);
    if (instance.vpcId) {
      findings.push({
        property: "instanceId",
        problem: `CVM instance ${instanceId} is in ${instance.vpcId}, not the basic network`,
        fix: "ClassicLink links basic-network instances only; a VPC instance reaches its VPC directly, so remove this ClassicLinkAttachment",
      });
    }
  }
  const other = links.find((l) => l.vpcId !== vpcId);
  const adopting = links.some((l) => l.vpcId === vpcId);
  if (other && !adopting && !heldBySelf(subject, "instanceId", "vpcId", other.vpcId)) {
    findings.push({
      property: "instanceId",
      problem: `CVM instance ${instanceId} is already linked to ${other.vpcId}; a basic-network instance links to one VPC at a time`,
      fix: `unlink it from ${other.vpcId} first (delete the ClassicLinkAttachment that manages that link, or in the console)`,
    });
  }
  if (!vpc) {
    findings.push({ property: "vpcId", problem: `VPC ${vpcId} was not found in region ${reads.region}`, fix: REGION_FIX });
  } else if (!adopting) {
    findings.push(...quota(plan, key(subject.kind, reads.region, vpcId), vpcId, instanceId, vpcLinks.map((l) => l.instanceId)));
  }
  return findings;
}

export async function eniAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  const { instanceId, networkInterfaceId, region } = subject.news;
  if (anyUnknown(instanceId, networkInterfaceId, region) || !willCreate(subject, ["networkInterfaceId", "instanceId", "region"])) return [];
  const reads = tencentReads(ctx, region);
  const findings = claimEni(subject, plan, key(subject.kind, reads.region, networkInterfaceId));
  const [eni, instance] = await Promise.all([reads.eni(networkInterfaceId), reads.instance(instanceId)]);
  if (!eni) {
    findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} was not found in region ${reads.region}`, fix: REGION_FIX });
  } else if (eni.primary) {
    findings.push({
      property: "networkInterfaceId",
      problem: `ENI ${networkInterfaceId} is the primary ENI of ${eni.attachedTo ?? "an instance"}; a primary ENI cannot be attached or detached`,
      fix: "create a secondary ENI (tencentcloud.Eni) in the instance's subnet and attach that",
    });
  } else if (eni.attachedTo && eni.attachedTo !== instanceId && !heldBySelf(subject, "networkInterfaceId", "instanceId", eni.attachedTo)) {
    findings.push({
      property: "networkInterfaceId",
      problem: `ENI ${networkInterfaceId} is attached to ${eni.attachedTo}; an ENI attaches to one instance at a time`,
      fix: `detach it from ${eni.attachedTo} first (delete the EniAttachment that manages it there, or in the console)`,
    });
  } else if (["DELETING"].includes(eni.state)) {
    findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} is ${eni.state}`, fix: "attach an ENI that is not being deleted" });
  }
  if (eni?.attachedTo === instanceId) return findings; // already attached as asked: up adopts it
  if (!instance) {
    findings.push({ property: "instanceId", problem: `CVM instance ${instanceId} was not found in region ${reads.region}`, fix: REGION_FIX });
    return findings;
  }
  const state = instanceStateFinding("tencentcloud", instanceId, instance.state);
  if (state) findings.push(state);
  if (!instance.vpcId) {
    findings.push({ property: "instanceId", problem: `CVM instance ${instanceId} is in the basic network; ENIs attach only to VPC instances`, fix: "attach the ENI to a VPC instance" });
  } else if (eni && !eni.primary) {
    if (instance.zone && eni.zone && instance.zone !== eni.zone) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is in zone ${eni.zone} but CVM instance ${instanceId} is in zone ${instance.zone}`,
        fix: "an ENI attaches only to an instance in its own zone: create the ENI in a subnet of the instance's zone",
      });
    }
    if (eni.vpcId && instance.vpcId !== eni.vpcId) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is in ${eni.vpcId} but CVM instance ${instanceId} is in ${instance.vpcId}`,
        fix: "an ENI attaches only to an instance in its own VPC: create the ENI in the instance's VPC",
      });
    }
  }
  return findings;
}
