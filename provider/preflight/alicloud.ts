// Preflight of the Alibaba resources: the reads `create` makes before it attaches, made during the
// preview, with what the rest of the program changes taken into account.

import { Finding, Subject, anyUnknown, heldBySelf, instanceStateFinding, willCreate } from "./findings";
import { claimEni, key, Plan, quota } from "./plan";
import { alicloudReads } from "./reads";
import { ProviderContext } from "../resources/types";

const REGION_FIX = "check the ID, and that the resource's `region` input (or alicloud:region) is its region and the credentials are of the account that owns it";

export async function vpcClassicLinkSetting(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  const { vpcId, region, enabled } = subject.news;
  if (anyUnknown(vpcId, region)) return [];
  const reads = alicloudReads(ctx, region);
  // Unknown `enabled` is counted as on: the attachment check must not fail on what may be turned on.
  if (enabled !== false) plan.classicLinkOn.add(key(subject.kind, reads.region, vpcId));
  if (!willCreate(subject, ["vpcId", "region"])) return [];
  const vpc = await reads.vpc(vpcId);
  if (!vpc) return [{ property: "vpcId", problem: `VPC ${vpcId} was not found in region ${reads.region}`, fix: REGION_FIX }];
  return [];
}

export async function classicLinkAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  const { instanceId, vpcId, region } = subject.news;
  if (anyUnknown(instanceId, vpcId, region) || !willCreate(subject, ["instanceId", "vpcId", "region"])) return [];
  const reads = alicloudReads(ctx, region);
  const findings: Finding[] = [];
  const claim = plan.linkClaims.get(key(subject.kind, reads.region, instanceId));
  if (claim && claim.resource !== subject.name && claim.vpcId !== vpcId) {
    findings.push({
      property: "instanceId",
      problem: `ClassicLinkAttachment "${claim.resource}" of this program also links ${instanceId}, to ${claim.vpcId}; a classic instance links to one VPC at a time`,
      fix: "keep one ClassicLinkAttachment per instance",
    });
  }
  plan.linkClaims.set(key(subject.kind, reads.region, instanceId), { resource: subject.name, vpcId });

  const [instance, links, vpc, vpcLinks] = await Promise.all([reads.instance(instanceId), reads.linksOfInstance(instanceId), reads.vpc(vpcId), reads.linksOfVpc(vpcId)]);
  if (!instance) {
    findings.push({ property: "instanceId", problem: `instance ${instanceId} was not found in region ${reads.region}`, fix: REGION_FIX });
  } else {
    const state = instanceStateFinding("alicloud", instanceId, instance.status);
    if (state) findings.push(state);
    if (instance.networkType !== "classic") {
      findings.push({
        property: "instanceId",
        problem: `instance ${instanceId} is in a VPC (${instance.vpcId ?? instance.networkType}), not the classic network`,
        fix: "ClassicLink links classic-network instances only; a VPC instance reaches its VPC directly, so remove this ClassicLinkAttachment",
      });
    }
  }
  const other = links.find((l) => l.vpcId !== vpcId);
  const adopting = links.some((l) => l.vpcId === vpcId);
  if (other && !adopting && !heldBySelf(subject, "instanceId", "vpcId", other.vpcId)) {
    findings.push({
      property: "instanceId",
      problem: `instance ${instanceId} is already linked to ${other.vpcId}; a classic instance links to one VPC at a time`,
      fix: `unlink it from ${other.vpcId} first (delete the ClassicLinkAttachment that manages that link, or detach it in the console)`,
    });
  }
  if (!vpc) {
    findings.push({ property: "vpcId", problem: `VPC ${vpcId} was not found in region ${reads.region}`, fix: REGION_FIX });
  } else if (!adopting) {
    if (!vpc.classicLinkEnabled && !plan.classicLinkOn.has(key(subject.kind, reads.region, vpcId))) {
      findings.push({
        property: "vpcId",
        problem: `VPC ${vpcId} does not have ClassicLink enabled, and no VpcClassicLinkSetting in this program turns it on before this attachment`,
        fix: "add a netattach.alicloud.VpcClassicLinkSetting for the VPC and make the attachment depend on it (dependsOn, or vpcId: setting.vpcId)",
      });
    }
    findings.push(...quota(plan, key(subject.kind, reads.region, vpcId), vpcId, instanceId, vpcLinks.map((l) => l.instanceId)));
  }
  return findings;
}

export async function eniAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  const { instanceId, networkInterfaceId, region } = subject.news;
  if (anyUnknown(instanceId, networkInterfaceId, region) || !willCreate(subject, ["networkInterfaceId", "instanceId", "region"])) return [];
  const reads = alicloudReads(ctx, region);
  const findings = claimEni(subject, plan, key(subject.kind, reads.region, networkInterfaceId));
  const [eni, instance] = await Promise.all([reads.eni(networkInterfaceId), reads.instance(instanceId)]);
  if (!eni) {
    findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} was not found in region ${reads.region}`, fix: REGION_FIX });
  } else {
    if (eni.type !== "Secondary") {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is a ${eni.type} ENI; only Secondary ENIs can be attached and detached`,
        fix: "create a secondary ENI (alicloud.ecs.EcsNetworkInterface) in the instance's vSwitch and attach that",
      });
    } else if (eni.instanceId && eni.instanceId !== instanceId && !heldBySelf(subject, "networkInterfaceId", "instanceId", eni.instanceId)) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is attached to ${eni.instanceId} (${eni.status}); an ENI attaches to one instance at a time`,
        fix: `detach it from ${eni.instanceId} first (delete the EniAttachment that manages it there, or detach it in the console)`,
      });
    } else if (!["Available", "InUse", "Attaching", "Detaching", "Creating"].includes(eni.status)) {
      findings.push({ property: "networkInterfaceId", problem: `ENI ${networkInterfaceId} is ${eni.status}`, fix: "an ENI can be attached only when it is Available: check it in the console" });
    }
  }
  if (eni?.instanceId === instanceId) return findings; // already attached as asked: up adopts it
  if (!instance) {
    findings.push({ property: "instanceId", problem: `instance ${instanceId} was not found in region ${reads.region}`, fix: REGION_FIX });
    return findings;
  }
  const state = instanceStateFinding("alicloud", instanceId, instance.status);
  if (state) findings.push(state);
  if (!instance.vpcId) {
    findings.push({ property: "instanceId", problem: `instance ${instanceId} is in the classic network; ENIs attach only to VPC instances`, fix: "attach the ENI to a VPC instance" });
  } else if (eni) {
    if (instance.zoneId && eni.zoneId && instance.zoneId !== eni.zoneId) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is in zone ${eni.zoneId} but instance ${instanceId} is in zone ${instance.zoneId}`,
        fix: "an ENI attaches only to an instance in its own zone: create the ENI in a vSwitch of the instance's zone",
      });
    }
    if (eni.vpcId && instance.vpcId !== eni.vpcId) {
      findings.push({
        property: "networkInterfaceId",
        problem: `ENI ${networkInterfaceId} is in ${eni.vpcId} but instance ${instanceId} is in ${instance.vpcId}`,
        fix: "an ENI attaches only to an instance in its own VPC: create the ENI in the instance's VPC",
      });
    }
  }
  return findings;
}
