// `netattach discover` in process against the emulator: what it finds and skips on each cloud,
// --vpc, the program it prints, throttled reads retried, and its argument errors.

import { discover, parseDiscoverArgs, UsageError } from "../../tools/discover/cli";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { virtualRuntime } from "../helpers/runtime";
import { mutatingCalls } from "../helpers/plugin";

const ACCOUNT = { name: "a", alicloud: { accessKeyId: "LTAIdiscUnit01", accessKeySecret: "discUnitAliSecret" }, tencentcloud: { secretId: "AKIDdiscUnit01", secretKey: "discUnitTcSecret" } };
const A = { region: "cn-hangzhou", zone: "cn-hangzhou-b" };
const T = { region: "ap-guangzhou", zone: "ap-guangzhou-3" };

const seed = {
  accounts: [ACCOUNT],
  alicloud: {
    instances: [
      { instanceId: "i-classic001", ...A, networkType: "classic", status: "Running" },
      { instanceId: "i-vpcinst001", ...A, networkType: "vpc", status: "Running", vpcId: "vpc-linked0001" },
    ],
    vpcs: [
      { vpcId: "vpc-linked0001", region: A.region, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true },
      { vpcId: "vpc-plain00001", region: A.region, cidrBlock: "172.17.0.0/16", classicLinkEnabled: false },
    ],
    classicLinks: [{ instanceId: "i-classic001", vpcId: "vpc-linked0001" }],
    networkInterfaces: [
      { networkInterfaceId: "eni-primary0001", ...A, vpcId: "vpc-linked0001", type: "Primary", status: "InUse", instanceId: "i-vpcinst001" },
      { networkInterfaceId: "eni-second0001", ...A, vpcId: "vpc-linked0001", type: "Secondary", status: "InUse", instanceId: "i-vpcinst001" },
      { networkInterfaceId: "eni-second0002", ...A, vpcId: "vpc-linked0001", type: "Secondary", status: "Available" },
    ],
  },
  tencentcloud: {
    instances: [
      { instanceId: "ins-basic001", ...T, networkType: "classic", status: "RUNNING" },
      { instanceId: "ins-vpc00001", ...T, networkType: "vpc", status: "RUNNING", vpcId: "vpc-tcvpc001" },
    ],
    vpcs: [{ vpcId: "vpc-tcvpc001", region: T.region, cidrBlock: "10.0.0.0/16" }],
    classicLinks: [{ instanceId: "ins-basic001", vpcId: "vpc-tcvpc001" }],
    networkInterfaces: [
      { networkInterfaceId: "eni-tcprim01", ...T, vpcId: "vpc-tcvpc001", type: "Primary", status: "AVAILABLE", instanceId: "ins-vpc00001" },
      { networkInterfaceId: "eni-tcsec001", ...T, vpcId: "vpc-tcvpc001", type: "Secondary", status: "AVAILABLE", instanceId: "ins-vpc00001" },
    ],
  },
  clock: { mode: "immediate" },
};

let emu: TestEmulator;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startTestEmulator(seed);
  env = {
    ALICLOUD_ACCESS_KEY: ACCOUNT.alicloud.accessKeyId, ALICLOUD_SECRET_KEY: ACCOUNT.alicloud.accessKeySecret, ALICLOUD_ECS_ENDPOINT: emu.url, ALICLOUD_VPC_ENDPOINT: emu.url,
    TENCENTCLOUD_SECRET_ID: ACCOUNT.tencentcloud.secretId, TENCENTCLOUD_SECRET_KEY: ACCOUNT.tencentcloud.secretKey, TENCENTCLOUD_VPC_ENDPOINT: emu.url, TENCENTCLOUD_CVM_ENDPOINT: emu.url,
  };
});
afterAll(() => emu.close());

test("alicloud: the setting of a VPC with ClassicLink on, its links (after the setting) and attached secondary ENIs; the rest skipped", async () => {
  const progress: string[] = [];
  const { inventory, program } = await discover({ cloud: "alicloud", region: "cn-hangzhou", format: "yaml" }, env, (l) => progress.push(l), virtualRuntime());
  expect(inventory.resources.map((r) => [r.kind, r.id])).toEqual([
    ["alicloud:VpcClassicLinkSetting", "vpc-linked0001"],
    ["alicloud:ClassicLinkAttachment", "i-classic001:vpc-linked0001"],
    ["alicloud:EniAttachment", "eni-second0001:i-vpcinst001"],
  ]);
  expect(inventory.skipped).toEqual({ "VPCs with ClassicLink off": 1, "primary ENIs": 1, "unattached ENIs": 1 });
  expect(program).toContain(`  aliLink_i_classic001_vpc_linked0001:
    type: netattach:alicloud:ClassicLinkAttachment
    properties:
      instanceId: "i-classic001"
      vpcId: "vpc-linked0001"
      region: "cn-hangzhou"
    options:
      import: "i-classic001:vpc-linked0001"
      dependsOn:
        - \${aliSetting_vpc_linked0001}`);
  expect(program).toMatch(/^# skipped: 1 VPCs with ClassicLink off, 1 primary ENIs, 1 unattached ENIs$/m);
  expect(progress).toContain("alicloud cn-hangzhou: 2 VPCs (page 1)");
  expect(mutatingCalls(await emu.control.requests())).toEqual([]);
});

test("tencentcloud as TypeScript: links and non-primary attached ENIs, adopted on create", async () => {
  const { inventory, program } = await discover({ cloud: "tencentcloud", region: "ap-guangzhou", format: "typescript" }, env, () => undefined, virtualRuntime());
  expect(inventory.resources.map((r) => r.id)).toEqual(["vpc-tcvpc001#ins-basic001", "eni-tcsec001+ins-vpc00001"]);
  expect(inventory.skipped).toEqual({ "primary ENIs": 1 });
  expect(program).toContain('const tcEni_eni_tcsec001 = new netattach.tencentcloud.EniAttachment("tcEni_eni_tcsec001", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcsec001", region: "ap-guangzhou" }); // eni-tcsec001+ins-vpc00001');
});

test("--vpc limits the inventory to one VPC", async () => {
  const { inventory } = await discover({ cloud: "alicloud", region: "cn-hangzhou", vpcId: "vpc-plain00001", format: "yaml" }, env, () => undefined, virtualRuntime());
  expect(inventory.resources).toEqual([]);
  expect(inventory.skipped).toEqual({ "VPCs with ClassicLink off": 1 });
});

test("throttled reads are waited out and retried, not fatal", async () => {
  const throttle = { type: "error", code: "Throttling.User", status: 400 };
  await emu.control.faults({ faults: [{ cloud: "alicloud", action: "DescribeVpcAttribute", count: 2, effect: throttle }, { cloud: "alicloud", action: "DescribeVpcs", count: 1, effect: throttle }] });
  try {
    await emu.control.clearRequests();
    const runtime = virtualRuntime();
    const { inventory } = await discover({ cloud: "alicloud", region: "cn-hangzhou", format: "yaml" }, env, () => undefined, runtime);
    expect(inventory.resources).toHaveLength(3);
    const throttled = (await emu.control.requests({ action: "DescribeVpcAttribute" })).filter((r) => r.errorCode === "Throttling.User");
    expect(throttled).toHaveLength(2);
    expect(throttled[0].status).toBe(400);
    expect((await emu.control.requests({ action: "DescribeVpcs" })).map((r) => r.errorCode ?? "ok")).toEqual(["Throttling.User", "ok"]);
    expect(runtime.sleeps.length).toBeGreaterThanOrEqual(3);
  } finally {
    await emu.control.faults({ faults: [] });
  }
});

test("argument errors name the fix", () => {
  expect(() => parseDiscoverArgs(["discover", "--cloud", "aws", "--region", "x"])).toThrow(new UsageError('--cloud must be alicloud or tencentcloud, got "aws"'));
  expect(() => parseDiscoverArgs(["discover", "--cloud", "alicloud"])).toThrow(/--region is required/);
  expect(() => parseDiscoverArgs(["discover", "--cloud", "alicloud", "--region", "cn-hangzhou", "--format", "json"])).toThrow(/--format must be yaml or typescript/);
  expect(() => parseDiscoverArgs(["list"])).toThrow(/unknown command "list"/);
  expect(parseDiscoverArgs(["discover", "--cloud", "tencentcloud", "--region", "ap-guangzhou", "--vpc", "vpc-tcvpc001"])).toEqual({ cloud: "tencentcloud", region: "ap-guangzhou", vpcId: "vpc-tcvpc001", format: "yaml" });
});
