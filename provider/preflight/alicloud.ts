// Preflight of the Alibaba resources: the reads `create` makes before it attaches, made during the
// preview (rules.ts), with what the rest of the program changes taken into account.

import { Finding, Subject, anyUnknown, willCreate } from "./findings";
import { key, Plan } from "./plan";
import { alicloudReads, AlicloudReads } from "./reads";
import { classicLinkFindings, CloudWords, EniFacts, eniFindings, InstanceFacts } from "./rules";
import { ProviderContext } from "../resources/types";

const WORDS: CloudWords = {
  cloud: "alicloud",
  instance: "instance",
  classicNetwork: "classic network",
  regionFix: "check the ID, and that the resource's `region` input (or alicloud:region) is its region and the credentials are of the account that owns it",
  secondaryEniFix: "create a secondary ENI (alicloud.ecs.EcsNetworkInterface) in the instance's vSwitch and attach that",
};
const ENI_USABLE = ["Available", "InUse", "Attaching", "Detaching", "Creating"];

export async function vpcClassicLinkSetting(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  const { vpcId, region, enabled } = subject.news;
  if (anyUnknown(vpcId, region)) return [];
  const reads = alicloudReads(ctx, region);
  // Unknown `enabled` is counted as on: the attachment check must not fail on what may be turned on.
  if (enabled !== false) plan.classicLinkOn.add(key(subject.kind, reads.region, vpcId));
  if (!willCreate(subject, ["vpcId", "region"])) return [];
  const vpc = await reads.vpc(vpcId);
  if (!vpc) return [{ property: "vpcId", problem: `VPC ${vpcId} was not found in region ${reads.region}`, fix: WORDS.regionFix }];
  return [];
}

export function classicLinkAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  return classicLinkFindings(subject, plan, WORDS, () => {
    const reads = alicloudReads(ctx, subject.news.region);
    return {
      region: reads.region,
      instance: (id) => instanceFacts(reads, id),
      linkedVpcsOf: async (id) => (await reads.linksOfInstance(id)).map((l) => l.vpcId),
      linkedInstancesOf: async (id) => (await reads.linksOfVpc(id)).map((l) => l.instanceId),
      vpc: reads.vpc,
    };
  });
}

export function eniAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  return eniFindings(subject, plan, WORDS, () => {
    const reads = alicloudReads(ctx, subject.news.region);
    return { region: reads.region, instance: (id) => instanceFacts(reads, id), eni: (id) => eniFacts(reads, id) };
  });
}

async function eniFacts(reads: AlicloudReads, id: string): Promise<EniFacts | undefined> {
  const eni = await reads.eni(id);
  if (!eni) return undefined;
  return {
    notAttachable: eni.type !== "Secondary" ? `is a ${eni.type} ENI; only Secondary ENIs can be attached and detached` : undefined,
    attachedTo: eni.instanceId,
    status: eni.status,
    unusableState: ENI_USABLE.includes(eni.status) ? undefined : eni.status,
    zone: eni.zoneId,
    vpcId: eni.vpcId,
  };
}

async function instanceFacts(reads: AlicloudReads, id: string): Promise<InstanceFacts | undefined> {
  const instance = await reads.instance(id);
  if (!instance) return undefined;
  // A classic instance has no VPC; an instance of another network type is named by its type.
  const vpcId = instance.networkType === "classic" ? undefined : instance.vpcId ?? instance.networkType;
  return { state: instance.status, vpcId, zone: instance.zoneId };
}
