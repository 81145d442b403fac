// A cloud with one thing wrong per preflight failure, on both clouds, plus an Alibaba VPC at its
// link quota (1000) and a Tencent VPC one link short of it (999).

import type { Seed } from "../helpers/stack";

export const ALI_REGION = "cn-hangzhou";
export const TC_REGION = "ap-guangzhou";

const ali = (instanceId: string, extra: Record<string, unknown> = {}) => ({ instanceId, region: ALI_REGION, zone: "cn-hangzhou-b", networkType: "classic", status: "Running", ...extra });
const aliVpc = (instanceId: string, extra: Record<string, unknown> = {}) => ali(instanceId, { networkType: "vpc", vpcId: "vpc-demo00001", ...extra });
const aliEni = (networkInterfaceId: string, extra: Record<string, unknown> = {}) => ({
  networkInterfaceId, region: ALI_REGION, zone: "cn-hangzhou-b", vpcId: "vpc-demo00001", type: "Secondary", status: "Available", ...extra,
});
const tc = (instanceId: string, extra: Record<string, unknown> = {}) => ({ instanceId, region: TC_REGION, zone: "ap-guangzhou-3", networkType: "classic", status: "RUNNING", ...extra });
const tcVpc = (instanceId: string, extra: Record<string, unknown> = {}) => tc(instanceId, { networkType: "vpc", vpcId: "vpc-demo0002", ...extra });
const tcEni = (networkInterfaceId: string, extra: Record<string, unknown> = {}) => ({
  networkInterfaceId, region: TC_REGION, zone: "ap-guangzhou-3", vpcId: "vpc-demo0002", type: "Secondary", status: "AVAILABLE", ...extra,
});

export function preflightSeed(): Seed {
  const aliFull = Array.from({ length: 1000 }, (_, i) => `i-quota${String(i).padStart(5, "0")}`);
  const tcFull = Array.from({ length: 999 }, (_, i) => `ins-q${String(i).padStart(7, "0")}`);
  return {
    accounts: [{ name: "preflight", alicloud: { accessKeyId: "LTAIpreflightKey01", accessKeySecret: "preflightAliSecret01" }, tencentcloud: { secretId: "AKIDpreflightId0001", secretKey: "preflightTcSecret001" } }],
    alicloud: {
      instances: [
        ali("i-classic0001"),
        ali("i-classic0002"), // linked to vpc-demo00003
        ali("i-expired0001", { status: "Expired" }),
        ali("i-starting001", { status: "Starting", transition: { to: "Running", startedAt: 0, polls: 0 } }),
        aliVpc("i-vpc0001"),
        aliVpc("i-vpc0002"),
        aliVpc("i-vpczonec01", { zone: "cn-hangzhou-c" }),
        aliVpc("i-vpcother01", { vpcId: "vpc-demo00003" }),
        ...aliFull.map((id) => ali(id)),
      ],
      vpcs: [
        { vpcId: "vpc-demo00001", region: ALI_REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: false },
        { vpcId: "vpc-demo00002", region: ALI_REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true },
        { vpcId: "vpc-demo00003", region: ALI_REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true },
        { vpcId: "vpc-full00001", region: ALI_REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true },
      ],
      classicLinks: [{ instanceId: "i-classic0002", vpcId: "vpc-demo00003" }, ...aliFull.map((instanceId) => ({ instanceId, vpcId: "vpc-full00001" }))],
      networkInterfaces: [
        aliEni("eni-primary0001", { type: "Primary", status: "InUse", instanceId: "i-vpc0001" }),
        aliEni("eni-primary0002", { type: "Primary", status: "InUse", instanceId: "i-vpc0002" }),
        aliEni("eni-primaryzc1", { type: "Primary", status: "InUse", instanceId: "i-vpczonec01", zone: "cn-hangzhou-c" }),
        aliEni("eni-primaryov1", { type: "Primary", status: "InUse", instanceId: "i-vpcother01", vpcId: "vpc-demo00003" }),
        aliEni("eni-second0001"),
        aliEni("eni-second0002"),
        aliEni("eni-inuse00001", { status: "InUse", instanceId: "i-vpc0002" }),
      ],
    },
    tencentcloud: {
      instances: [
        tc("ins-basic001"),
        tc("ins-basic002"), // linked to vpc-demo0004
        tc("ins-basic003"),
        tc("ins-shutdwn1", { status: "SHUTDOWN" }),
        tcVpc("ins-vpc00001"),
        tcVpc("ins-vpc00002"),
        tcVpc("ins-zone0004", { zone: "ap-guangzhou-4" }),
        tcVpc("ins-othvpc01", { vpcId: "vpc-demo0004" }),
        ...tcFull.map((id) => tc(id)),
      ],
      vpcs: [
        { vpcId: "vpc-demo0002", region: TC_REGION, cidrBlock: "10.0.0.0/16" },
        { vpcId: "vpc-demo0004", region: TC_REGION, cidrBlock: "10.1.0.0/16" },
        { vpcId: "vpc-full0001", region: TC_REGION, cidrBlock: "10.2.0.0/16" },
      ],
      classicLinks: [{ instanceId: "ins-basic002", vpcId: "vpc-demo0004" }, ...tcFull.map((instanceId) => ({ instanceId, vpcId: "vpc-full0001" }))],
      networkInterfaces: [
        tcEni("eni-tcprim01", { type: "Primary", instanceId: "ins-vpc00001" }),
        tcEni("eni-tcprim02", { type: "Primary", instanceId: "ins-vpc00002" }),
        tcEni("eni-tcprim04", { type: "Primary", instanceId: "ins-zone0004", zone: "ap-guangzhou-4" }),
        tcEni("eni-tcprimov", { type: "Primary", instanceId: "ins-othvpc01", vpcId: "vpc-demo0004" }),
        tcEni("eni-tcsec001"),
        tcEni("eni-tcsec002"),
        tcEni("eni-tcinuse1", { instanceId: "ins-vpc00002" }),
      ],
    },
    clock: { mode: "polls", polls: 1 },
    randomSeed: 7,
  } as unknown as Seed;
}
