// A fleet: a seed with room for `count` resources (all five kinds, both clouds, in turn) and the
// specs of those resources for the declared program (tests/e2e/programs/declared). Used by the
// state-truth e2e suite and by `npm run soak`.

import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { consumerOfThisRepo, placeProgram } from "./consumer";
import type { Seed } from "./stack";

export type ResourceType =
  | "alicloud.VpcClassicLinkSetting"
  | "alicloud.ClassicLinkAttachment"
  | "alicloud.EniAttachment"
  | "tencentcloud.ClassicLinkAttachment"
  | "tencentcloud.EniAttachment";

export interface ResourceSpec {
  name: string;
  type: ResourceType;
  args: Record<string, unknown>;
  dependsOn?: string[];
  /** timeouts.create becomes an output of this resource: unknown during the first preview. */
  createTimeoutFrom?: string;
}

/** The order resources are dealt in: every group of five holds one of each kind. */
export const KINDS: ResourceType[] = [
  "alicloud.VpcClassicLinkSetting",
  "alicloud.ClassicLinkAttachment",
  "alicloud.EniAttachment",
  "tencentcloud.ClassicLinkAttachment",
  "tencentcloud.EniAttachment",
];

/** The account of examples/emulator-seed.json, so providerEnv() works unchanged. */
export const ACCOUNTS: Seed["accounts"] = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), "utf8")).accounts;

/** IDs of group `g`. Alibaba suffixes are 10 characters (8 would read as Tencent's); Tencent's exactly 8. */
export function ids(g: number) {
  const six = String(g).padStart(6, "0");
  const seven = String(g).padStart(7, "0");
  return {
    aliVpc: `vpc-alfl${six}`,
    aliClassic: `i-alcl${six}`,
    aliVm: `i-alvm${six}`,
    aliEni: `eni-alen${six}`,
    tcBasic: `ins-b${seven}`,
    tcVm: `ins-v${seven}`,
    tcEni: `eni-f${seven}`,
  };
}

/** One Tencent VPC for every group: a CIDR ClassicLink accepts, room for 1000 links. */
export const TENCENT_VPC = "vpc-tfleet01";
export const TENCENT_VPC2 = "vpc-tfleet02";

export function fleetSeed(groups: number, extra: { clock?: unknown } = {}): Seed {
  const ali = { instances: [] as any[], vpcs: [] as any[], classicLinks: [], networkInterfaces: [] as any[] };
  const tc = {
    instances: [] as any[],
    vpcs: [
      { vpcId: TENCENT_VPC, region: "ap-guangzhou", cidrBlock: "10.2.0.0/16" },
      { vpcId: TENCENT_VPC2, region: "ap-guangzhou", cidrBlock: "10.3.0.0/16" },
    ],
    classicLinks: [],
    networkInterfaces: [] as any[],
  };
  const aliZone = { region: "cn-hangzhou", zone: "cn-hangzhou-b" };
  const tcZone = { region: "ap-guangzhou", zone: "ap-guangzhou-3" };
  for (let g = 0; g < groups; g++) {
    const id = ids(g);
    ali.vpcs.push({ vpcId: id.aliVpc, region: "cn-hangzhou", cidrBlock: "172.16.0.0/12", classicLinkEnabled: false });
    ali.instances.push({ instanceId: id.aliClassic, ...aliZone, networkType: "classic", status: "Running" });
    ali.instances.push({ instanceId: id.aliVm, ...aliZone, networkType: "vpc", status: "Running", vpcId: id.aliVpc });
    ali.networkInterfaces.push({ networkInterfaceId: id.aliEni, ...aliZone, vpcId: id.aliVpc, type: "Secondary", status: "Available" });
    tc.instances.push({ instanceId: id.tcBasic, ...tcZone, networkType: "classic", status: "RUNNING" });
    tc.instances.push({ instanceId: id.tcVm, ...tcZone, networkType: "vpc", status: "RUNNING", vpcId: TENCENT_VPC });
    tc.networkInterfaces.push({ networkInterfaceId: id.tcEni, ...tcZone, vpcId: TENCENT_VPC, type: "Secondary", status: "AVAILABLE" });
  }
  return { accounts: ACCOUNTS, alicloud: ali, tencentcloud: tc, clock: extra.clock ?? { mode: "polls", polls: 1 }, randomSeed: 42 };
}

/** The spec of resource number `n` (kind n % 5 of group n / 5). */
export function specOf(n: number): ResourceSpec {
  const g = Math.floor(n / 5);
  const id = ids(g);
  switch (KINDS[n % 5]) {
    case "alicloud.VpcClassicLinkSetting":
      return { name: `setting-${g}`, type: "alicloud.VpcClassicLinkSetting", args: { vpcId: id.aliVpc } };
    case "alicloud.ClassicLinkAttachment":
      return { name: `alink-${g}`, type: "alicloud.ClassicLinkAttachment", args: { instanceId: id.aliClassic, vpcId: id.aliVpc }, dependsOn: [`setting-${g}`] };
    case "alicloud.EniAttachment":
      return { name: `aeni-${g}`, type: "alicloud.EniAttachment", args: { instanceId: id.aliVm, networkInterfaceId: id.aliEni } };
    case "tencentcloud.ClassicLinkAttachment":
      return { name: `tlink-${g}`, type: "tencentcloud.ClassicLinkAttachment", args: { instanceId: id.tcBasic, vpcId: TENCENT_VPC } };
    case "tencentcloud.EniAttachment":
      return { name: `teni-${g}`, type: "tencentcloud.EniAttachment", args: { instanceId: id.tcVm, networkInterfaceId: id.tcEni } };
  }
  throw new Error("unreachable");
}

/** `count` resources of every kind in turn, and a seed with room for them. */
export function fleet(count: number, extra: { clock?: unknown } = {}): { seed: Seed; specs: ResourceSpec[] } {
  return { seed: fleetSeed(Math.ceil(count / 5), extra), specs: Array.from({ length: count }, (_, n) => specOf(n)) };
}

/** The declared program placed in the consumer project (the packed package installed), with its specs. */
export function declaredProgram(name: string, specs: ResourceSpec[]): string {
  const dir = placeProgram(consumerOfThisRepo(), path.join(REPO_ROOT, "tests", "e2e", "programs", "declared"), name);
  writeSpecs(dir, specs);
  return dir;
}

export function writeSpecs(programDir: string, specs: ResourceSpec[]): void {
  fs.writeFileSync(path.join(programDir, "resources.json"), JSON.stringify(specs, null, 1));
}
