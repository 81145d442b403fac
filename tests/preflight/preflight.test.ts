// Preflight through the provider's own entry (invoke "check", as the shim calls it) against the
// emulator over HTTP: every failure `up` would meet, named with the resource, its ID and the fix;
// nothing held against a resource that the same program changes first or that is still unknown;
// reads coalesced; and not one mutating call.

import { invoke, ResourceKind } from "../../provider";
import { forgetPlan } from "../../provider/preflight/plan";
import { forgetReads } from "../../provider/preflight/reads";
import { UNKNOWN } from "../../provider/resources/common";
import { CheckResult } from "../../provider/resources/types";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { virtualRuntime } from "../helpers/runtime";
import { providerEnv } from "../helpers/stack";
import { preflightSeed } from "./seed";

const MARK = "__netattachPreflight";
const seed = preflightSeed();
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator(seed);
});
afterAll(() => emu?.close());
beforeEach(async () => {
  forgetPlan();
  forgetReads();
  await emu.control.clearRequests();
});

/** One resource's check in a marked preview; `olds` are the inputs the stack holds. */
function preview(kind: ResourceKind, name: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<CheckResult<any>> {
  const ctx = { runtime: virtualRuntime(), settings: { env: providerEnv(emu.url, seed), config: {} } };
  return invoke(kind, "check", [olds, { ...news, [MARK]: name }], ctx) as Promise<CheckResult<any>>;
}

async function expectOnlyReads(): Promise<void> {
  const log = await emu.control.requests();
  expect(log.length).toBeGreaterThan(0);
  expect(log.filter((r) => !r.action.startsWith("Describe"))).toEqual([]);
}

/** The single failure's property and reason. */
async function failure(result: Promise<CheckResult<any>>): Promise<{ property: string; reason: string }> {
  const { failures } = await result;
  expect(failures).toHaveLength(1);
  return failures![0];
}

describe("every failure up would meet fails the preview, naming the resource, the ID and the fix", () => {
  afterEach(expectOnlyReads);

  const cases: Array<[string, ResourceKind, Record<string, unknown>, string, RegExp]> = [
    ["instance missing (Alibaba)", "alicloud:ClassicLinkAttachment", { instanceId: "i-nothere0001", vpcId: "vpc-demo00002" }, "instanceId",
      /\(ID i-nothere0001:vpc-demo00002\): instance i-nothere0001 was not found in region cn-hangzhou\. Fix: check the ID/],
    ["instance missing (Tencent)", "tencentcloud:EniAttachment", { instanceId: "ins-nothere1", networkInterfaceId: "eni-tcsec001" }, "instanceId",
      /\(ID eni-tcsec001\+ins-nothere1\): CVM instance ins-nothere1 was not found in region ap-guangzhou/],
    ["wrong network type: a VPC instance given to a ClassicLink (Alibaba)", "alicloud:ClassicLinkAttachment", { instanceId: "i-vpc0001", vpcId: "vpc-demo00002" }, "instanceId",
      /instance i-vpc0001 is in a VPC \(vpc-demo00001\), not the classic network\. Fix: .*remove this ClassicLinkAttachment/],
    ["wrong network type: a VPC instance given to a ClassicLink (Tencent)", "tencentcloud:ClassicLinkAttachment", { instanceId: "ins-vpc00001", vpcId: "vpc-demo0002" }, "instanceId",
      /\(ID vpc-demo0002#ins-vpc00001\): CVM instance ins-vpc00001 is in a VPC \(vpc-demo0002\), not the basic network/],
    ["wrong network type: an ENI for a classic instance (Alibaba)", "alicloud:EniAttachment", { instanceId: "i-classic0001", networkInterfaceId: "eni-second0001" }, "instanceId",
      /instance i-classic0001 is in the classic network; ENIs attach only to VPC instances\. Fix: attach the ENI to a VPC instance/],
    ["wrong state (Alibaba Expired)", "alicloud:ClassicLinkAttachment", { instanceId: "i-expired0001", vpcId: "vpc-demo00002" }, "instanceId",
      /instance i-expired0001 is Expired; attaching needs it Running or Stopped.*Fix: start or stop the instance/],
    ["wrong state (Tencent SHUTDOWN)", "tencentcloud:ClassicLinkAttachment", { instanceId: "ins-shutdwn1", vpcId: "vpc-demo0002" }, "instanceId",
      /CVM instance ins-shutdwn1 is SHUTDOWN; attaching needs it RUNNING or STOPPED/],
    ["VPC missing (Alibaba)", "alicloud:ClassicLinkAttachment", { instanceId: "i-classic0001", vpcId: "vpc-nothere0001" }, "vpcId",
      /VPC vpc-nothere0001 was not found in region cn-hangzhou/],
    ["VPC missing (Tencent)", "tencentcloud:ClassicLinkAttachment", { instanceId: "ins-basic001", vpcId: "vpc-nothere1" }, "vpcId",
      /\(ID vpc-nothere1#ins-basic001\): VPC vpc-nothere1 was not found in region ap-guangzhou/],
    ["VPC missing (setting)", "alicloud:VpcClassicLinkSetting", { vpcId: "vpc-nothere0001" }, "vpcId",
      /alicloud\.VpcClassicLinkSetting "r" \(ID vpc-nothere0001\): VPC vpc-nothere0001 was not found/],
    ["ClassicLink off with no setting in the program", "alicloud:ClassicLinkAttachment", { instanceId: "i-classic0001", vpcId: "vpc-demo00001" }, "vpcId",
      /VPC vpc-demo00001 does not have ClassicLink enabled, and no VpcClassicLinkSetting in this program turns it on.*Fix: add a netattach\.alicloud\.VpcClassicLinkSetting/],
    ["ENI missing (Alibaba)", "alicloud:EniAttachment", { instanceId: "i-vpc0001", networkInterfaceId: "eni-nothere0001" }, "networkInterfaceId",
      /\(ID eni-nothere0001:i-vpc0001\): ENI eni-nothere0001 was not found in region cn-hangzhou/],
    ["ENI missing (Tencent)", "tencentcloud:EniAttachment", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-nothere1" }, "networkInterfaceId",
      /ENI eni-nothere1 was not found in region ap-guangzhou/],
    ["ENI primary (Alibaba)", "alicloud:EniAttachment", { instanceId: "i-vpc0002", networkInterfaceId: "eni-primary0001" }, "networkInterfaceId",
      /ENI eni-primary0001 is a Primary ENI; only Secondary ENIs can be attached and detached\. Fix: create a secondary ENI/],
    ["ENI primary (Tencent)", "tencentcloud:EniAttachment", { instanceId: "ins-vpc00002", networkInterfaceId: "eni-tcprim01" }, "networkInterfaceId",
      /ENI eni-tcprim01 is the primary ENI of ins-vpc00001; a primary ENI cannot be attached or detached/],
    ["ENI in another zone (Alibaba)", "alicloud:EniAttachment", { instanceId: "i-vpczonec01", networkInterfaceId: "eni-second0001" }, "networkInterfaceId",
      /ENI eni-second0001 is in zone cn-hangzhou-b but instance i-vpczonec01 is in zone cn-hangzhou-c/],
    ["ENI in another zone (Tencent)", "tencentcloud:EniAttachment", { instanceId: "ins-zone0004", networkInterfaceId: "eni-tcsec001" }, "networkInterfaceId",
      /ENI eni-tcsec001 is in zone ap-guangzhou-3 but CVM instance ins-zone0004 is in zone ap-guangzhou-4/],
    ["ENI in another VPC (Alibaba)", "alicloud:EniAttachment", { instanceId: "i-vpcother01", networkInterfaceId: "eni-second0001" }, "networkInterfaceId",
      /ENI eni-second0001 is in vpc-demo00001 but instance i-vpcother01 is in vpc-demo00003\. Fix: .*own VPC/],
    ["ENI in another VPC (Tencent)", "tencentcloud:EniAttachment", { instanceId: "ins-othvpc01", networkInterfaceId: "eni-tcsec001" }, "networkInterfaceId",
      /ENI eni-tcsec001 is in vpc-demo0002 but CVM instance ins-othvpc01 is in vpc-demo0004/],
    ["ENI attached elsewhere (Alibaba)", "alicloud:EniAttachment", { instanceId: "i-vpc0001", networkInterfaceId: "eni-inuse00001" }, "networkInterfaceId",
      /ENI eni-inuse00001 is attached to i-vpc0002 \(InUse\).*Fix: detach it from i-vpc0002 first/],
    ["ENI attached elsewhere (Tencent)", "tencentcloud:EniAttachment", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcinuse1" }, "networkInterfaceId",
      /ENI eni-tcinuse1 is attached to ins-vpc00002.*Fix: detach it from ins-vpc00002 first/],
    ["instance already linked to another VPC (Alibaba)", "alicloud:ClassicLinkAttachment", { instanceId: "i-classic0002", vpcId: "vpc-demo00002" }, "instanceId",
      /instance i-classic0002 is already linked to vpc-demo00003.*Fix: unlink it from vpc-demo00003 first/],
    ["instance already linked to another VPC (Tencent)", "tencentcloud:ClassicLinkAttachment", { instanceId: "ins-basic002", vpcId: "vpc-demo0002" }, "instanceId",
      /CVM instance ins-basic002 is already linked to vpc-demo0004/],
    ["VPC link quota (Alibaba)", "alicloud:ClassicLinkAttachment", { instanceId: "i-classic0001", vpcId: "vpc-full00001" }, "vpcId",
      /VPC vpc-full00001 already has 1000 linked instances; a VPC takes at most 1000/],
  ];

  test.each(cases)("%s", async (_title, kind, news, property, reason) => {
    const f = await failure(preview(kind, "r", news));
    expect(f.property).toBe(property);
    expect(f.reason).toMatch(new RegExp(`^preflight: ${kind.replace(":", "\\.")} "r" \\(ID `));
    expect(f.reason).toMatch(reason);
    expect(f.reason).toContain(". Fix: ");
  });

  test("VPC link quota (Tencent), counting the links earlier resources of the same preview add", async () => {
    // vpc-full0001 holds 999 links: the first new one fits, the second does not.
    expect((await preview("tencentcloud:ClassicLinkAttachment", "first", { instanceId: "ins-basic001", vpcId: "vpc-full0001" })).failures ?? []).toEqual([]);
    const f = await failure(preview("tencentcloud:ClassicLinkAttachment", "second", { instanceId: "ins-basic003", vpcId: "vpc-full0001" }));
    expect(f.property).toBe("vpcId");
    expect(f.reason).toContain('tencentcloud.ClassicLinkAttachment "second" (ID vpc-full0001#ins-basic003): VPC vpc-full0001 already has 999 linked instances and this program links 1 more before this one; a VPC takes at most 1000');
  });

  test("two resources of one program attaching the same ENI to different instances", async () => {
    expect((await preview("alicloud:EniAttachment", "first", { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0002" })).failures ?? []).toEqual([]);
    const f = await failure(preview("alicloud:EniAttachment", "second", { instanceId: "i-vpc0002", networkInterfaceId: "eni-second0002" }));
    expect(f.reason).toContain('EniAttachment "first" of this program also attaches ENI eni-second0002, to i-vpc0001');
  });

  test("a preview that cannot read the cloud fails naming why", async () => {
    const ctx = { runtime: virtualRuntime(), settings: { env: { ...providerEnv(emu.url, seed), ALICLOUD_SECRET_KEY: "wrong-secret-value" }, config: {} } };
    const result = (await invoke("alicloud:EniAttachment", "check", [{}, { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001", [MARK]: "r" }], ctx)) as CheckResult<any>;
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].reason).toMatch(/preflight could not read the cloud: .*SignatureDoesNotMatch/);
    expect(result.failures![0].reason).not.toContain("wrong-secret-value");
  });
});

describe("no false failure", () => {
  afterEach(async () => {
    const log = await emu.control.requests();
    expect(log.filter((r) => !r.action.startsWith("Describe"))).toEqual([]);
  });

  test("ClassicLink off, but a VpcClassicLinkSetting of this program (checked first) turns it on", async () => {
    expect((await preview("alicloud:VpcClassicLinkSetting", "setting", { vpcId: "vpc-demo00001" })).failures ?? []).toEqual([]);
    expect((await preview("alicloud:ClassicLinkAttachment", "web", { instanceId: "i-classic0001", vpcId: "vpc-demo00001" })).failures ?? []).toEqual([]);
  });

  test("a setting that turns ClassicLink off does not count as turning it on", async () => {
    await preview("alicloud:VpcClassicLinkSetting", "setting", { vpcId: "vpc-demo00001", enabled: false });
    const f = await failure(preview("alicloud:ClassicLinkAttachment", "web", { instanceId: "i-classic0001", vpcId: "vpc-demo00001" }));
    expect(f.property).toBe("vpcId");
  });

  test("values still unknown are not checked, and nothing is read for them", async () => {
    const results = await Promise.all([
      preview("alicloud:ClassicLinkAttachment", "a", { instanceId: "i-nothere0001", vpcId: UNKNOWN }),
      preview("tencentcloud:EniAttachment", "b", { instanceId: UNKNOWN, networkInterfaceId: "eni-tcprim01" }),
      preview("alicloud:EniAttachment", "c", { instanceId: "i-vpc0001", networkInterfaceId: "eni-primary0001", region: UNKNOWN }),
    ]);
    for (const r of results) expect(r.failures ?? []).toEqual([]);
    expect(await emu.control.requests()).toEqual([]);
  });

  test("a replace that keeps the ENI finds it on its own old instance: deleted first, so not attached elsewhere", async () => {
    const olds = { instanceId: "i-vpc0002", networkInterfaceId: "eni-inuse00001" };
    expect((await preview("alicloud:EniAttachment", "db-eni", { instanceId: "i-vpc0001", networkInterfaceId: "eni-inuse00001" }, olds)).failures ?? []).toEqual([]);
    const tcOlds = { instanceId: "ins-vpc00002", networkInterfaceId: "eni-tcinuse1" };
    expect((await preview("tencentcloud:EniAttachment", "cvm-eni", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcinuse1" }, tcOlds)).failures ?? []).toEqual([]);
  });

  test("the engine's second check of a replacement, with no old inputs, still knows the resource's own ENI", async () => {
    const olds = { instanceId: "i-vpc0002", networkInterfaceId: "eni-inuse00001" };
    const news = { instanceId: "i-vpc0001", networkInterfaceId: "eni-inuse00001" };
    expect((await preview("alicloud:EniAttachment", "db-eni", news, olds)).failures ?? []).toEqual([]);
    expect((await preview("alicloud:EniAttachment", "db-eni", news, {})).failures ?? []).toEqual([]);
    // Another resource's second check is not confused with it.
    expect((await failure(preview("alicloud:EniAttachment", "other", news, {}))).reason).toContain("is attached to i-vpc0002");
  });

  test("a replace that moves a classic instance to another VPC: its own old link goes first", async () => {
    const olds = { instanceId: "i-classic0002", vpcId: "vpc-demo00003" };
    expect((await preview("alicloud:ClassicLinkAttachment", "web", { instanceId: "i-classic0002", vpcId: "vpc-demo00002" }, olds)).failures ?? []).toEqual([]);
    const tcOlds = { instanceId: "ins-basic002", vpcId: "vpc-demo0004" };
    expect((await preview("tencentcloud:ClassicLinkAttachment", "cvm", { instanceId: "ins-basic002", vpcId: "vpc-demo0002" }, tcOlds)).failures ?? []).toEqual([]);
  });

  test("already attached or linked exactly as asked: up adopts it", async () => {
    expect((await preview("alicloud:EniAttachment", "a", { instanceId: "i-vpc0002", networkInterfaceId: "eni-inuse00001" })).failures ?? []).toEqual([]);
    expect((await preview("tencentcloud:EniAttachment", "b", { instanceId: "ins-vpc00002", networkInterfaceId: "eni-tcinuse1" })).failures ?? []).toEqual([]);
    expect((await preview("alicloud:ClassicLinkAttachment", "c", { instanceId: "i-classic0002", vpcId: "vpc-demo00003" })).failures ?? []).toEqual([]);
    expect((await preview("tencentcloud:ClassicLinkAttachment", "d", { instanceId: "ins-basic002", vpcId: "vpc-demo0004" })).failures ?? []).toEqual([]);
  });

  test("an instance in a passing state (Starting) is waited out by up, so it passes", async () => {
    expect((await preview("alicloud:ClassicLinkAttachment", "a", { instanceId: "i-starting001", vpcId: "vpc-demo00002" })).failures ?? []).toEqual([]);
  });

  test("an in-place change or no change makes no attach call: not checked, nothing read", async () => {
    const olds = { instanceId: "i-vpc0001", networkInterfaceId: "eni-inuse00001" };
    const result = await preview("alicloud:EniAttachment", "a", { ...olds, timeouts: { create: "5m" } }, olds);
    expect(result.failures ?? []).toEqual([]);
    expect(await emu.control.requests()).toEqual([]);
  });
});

describe("reads", () => {
  test("without the preview mark (up, or preflight off) check reads nothing", async () => {
    const ctx = { runtime: virtualRuntime(), settings: { env: providerEnv(emu.url, seed), config: {} } };
    const result = (await invoke("alicloud:EniAttachment", "check", [{}, { instanceId: "i-nothere0001", networkInterfaceId: "eni-second0001" }], ctx)) as CheckResult<any>;
    expect(result.failures ?? []).toEqual([]);
    expect(await emu.control.requests()).toEqual([]);
  });

  test("the mark never reaches the checked inputs", async () => {
    const result = await preview("alicloud:EniAttachment", "a", { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001" });
    expect(result.failures ?? []).toEqual([]);
    expect(Object.keys(result.inputs)).not.toContain(MARK);
  });

  test("resources asking about the same instance and VPC share one request each", async () => {
    await Promise.all([
      preview("tencentcloud:EniAttachment", "a", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcsec001" }),
      preview("tencentcloud:EniAttachment", "b", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcsec002" }),
      preview("alicloud:ClassicLinkAttachment", "c", { instanceId: "i-classic0001", vpcId: "vpc-demo00002" }),
      preview("alicloud:VpcClassicLinkSetting", "d", { vpcId: "vpc-demo00002" }),
    ]);
    const log = await emu.control.requests();
    const count = (action: string) => log.filter((r) => r.action === action).length;
    expect(count("DescribeInstances")).toBe(2); // ins-vpc00001 once, i-classic0001 once
    expect(count("DescribeVpcAttribute")).toBe(1);
    expect(count("DescribeNetworkInterfaces")).toBe(2);
    expect(log.filter((r) => !r.action.startsWith("Describe"))).toEqual([]);
  });
});
