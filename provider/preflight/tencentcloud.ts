// Preflight of the Tencent resources: the reads `create` makes before it attaches, made during the
// preview (rules.ts), with what the rest of the program changes taken into account.

import { Finding, Subject } from "./findings";
import { Plan } from "./plan";
import { tencentReads, TencentReads } from "./reads";
import { classicLinkFindings, CloudWords, EniFacts, eniFindings, InstanceFacts } from "./rules";
import { ProviderContext } from "../resources/types";

const WORDS: CloudWords = {
  cloud: "tencentcloud",
  instance: "CVM instance",
  classicNetwork: "basic network",
  regionFix: "check the ID, and the region (the resource's `region` input, stack config tencentcloud:region or TENCENTCLOUD_REGION) and that the credentials are of the account that owns it",
  secondaryEniFix: "create a secondary ENI (tencentcloud.Eni) in the instance's subnet and attach that",
};

export function classicLinkAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  return classicLinkFindings(subject, plan, WORDS, () => {
    const reads = tencentReads(ctx, subject.news.region);
    return {
      region: reads.region,
      instance: (id) => instanceFacts(reads, id),
      linkedVpcsOf: async (id) => (await reads.linksOfInstance(id)).map((l) => l.vpcId),
      linkedInstancesOf: async (id) => (await reads.linksOfVpc(id)).map((l) => l.instanceId),
      // Tencent has no per-VPC ClassicLink switch.
      vpc: async (id) => ((await reads.vpc(id)) ? {} : undefined),
    };
  });
}

export function eniAttachment(subject: Subject, ctx: ProviderContext, plan: Plan): Promise<Finding[]> {
  return eniFindings(subject, plan, WORDS, () => {
    const reads = tencentReads(ctx, subject.news.region);
    return { region: reads.region, instance: (id) => instanceFacts(reads, id), eni: (id) => eniFacts(reads, id) };
  });
}

async function eniFacts(reads: TencentReads, id: string): Promise<EniFacts | undefined> {
  const eni = await reads.eni(id);
  if (!eni) return undefined;
  return {
    notAttachable: eni.primary ? `is the primary ENI of ${eni.attachedTo ?? "an instance"}; a primary ENI cannot be attached or detached` : undefined,
    attachedTo: eni.attachedTo,
    status: eni.state,
    unusableState: eni.state === "DELETING" ? eni.state : undefined,
    zone: eni.zone,
    vpcId: eni.vpcId,
  };
}

async function instanceFacts(reads: TencentReads, id: string): Promise<InstanceFacts | undefined> {
  const instance = await reads.instance(id);
  return instance && { state: instance.state, vpcId: instance.vpcId, zone: instance.zone };
}
