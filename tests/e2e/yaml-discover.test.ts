// `netattach discover` (the bin from the installed package) on an account seeded with a few
// hundred attachments per cloud, feeding `pulumi up`: every attachment comes into the stack with
// zero mutating calls, and the next preview shows no changes. The TypeScript form (dynamic
// resources, adopted on create) is run for one VPC. Timings are printed, not asserted.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ensurePulumi } from "../../scripts/lib/pulumi-cli";
import { Consumer, consumerOfThisRepo } from "../helpers/consumer";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { consumerBin, mutatingCalls, placeYamlProgram } from "../helpers/plugin";
import { providerEnv, Seed, Stack } from "../helpers/stack";

jest.setTimeout(15 * 60_000);

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const ACCOUNT = { name: "ops", alicloud: { accessKeyId: "LTAIdiscoverKey01", accessKeySecret: "discoverAliSecret01" }, tencentcloud: { secretId: "AKIDdiscoverId0001", secretKey: "discoverTcSecret01" } };

/**
 * Alibaba: 3 VPCs with ClassicLink on (1 off), 90 classic instances linked across them, 50 VPC
 * instances each with a primary and two attached secondary ENIs, 10 secondary ENIs unattached.
 * Tencent: 60 basic-network instances linked, 40 VPC instances with a primary and two attached ENIs.
 */
function bigSeed(): Seed {
  const ali: any = { instances: [], vpcs: [], classicLinks: [], networkInterfaces: [] };
  const zone = { region: "cn-hangzhou", zone: "cn-hangzhou-b" };
  for (let v = 1; v <= 4; v++) ali.vpcs.push({ vpcId: `vpc-disc${pad(v, 5)}`, region: "cn-hangzhou", cidrBlock: "172.16.0.0/12", classicLinkEnabled: v <= 3 });
  for (let i = 1; i <= 90; i++) {
    const instanceId = `i-cl${pad(i, 6)}`;
    ali.instances.push({ instanceId, ...zone, networkType: "classic", status: "Running" });
    ali.classicLinks.push({ instanceId, vpcId: `vpc-disc${pad((i % 3) + 1, 5)}` });
  }
  for (let i = 1; i <= 50; i++) {
    const instanceId = `i-vm${pad(i, 6)}`;
    ali.instances.push({ instanceId, ...zone, networkType: "vpc", status: i % 5 === 0 ? "Stopped" : "Running", vpcId: "vpc-disc00001" });
    ali.networkInterfaces.push({ networkInterfaceId: `eni-p${pad(i, 6)}`, ...zone, vpcId: "vpc-disc00001", type: "Primary", status: "InUse", instanceId, deviceIndex: 0 });
    for (const d of [1, 2]) {
      ali.networkInterfaces.push({ networkInterfaceId: `eni-sec${pad(i, 6)}${d}`, ...zone, vpcId: "vpc-disc00001", type: "Secondary", status: "InUse", instanceId, deviceIndex: d });
    }
  }
  for (let i = 1; i <= 10; i++) ali.networkInterfaces.push({ networkInterfaceId: `eni-free${pad(i, 6)}`, ...zone, vpcId: "vpc-disc00001", type: "Secondary", status: "Available" });

  const tc: any = { instances: [], vpcs: [{ vpcId: "vpc-disc0001", region: "ap-guangzhou", cidrBlock: "10.0.0.0/16" }], classicLinks: [], networkInterfaces: [] };
  const tzone = { region: "ap-guangzhou", zone: "ap-guangzhou-3" };
  for (let i = 1; i <= 60; i++) {
    const instanceId = `ins-b${pad(i, 7)}`;
    tc.instances.push({ instanceId, ...tzone, networkType: "classic", status: "RUNNING" });
    tc.classicLinks.push({ instanceId, vpcId: "vpc-disc0001" });
  }
  for (let i = 1; i <= 40; i++) {
    const instanceId = `ins-v${pad(i, 7)}`;
    tc.instances.push({ instanceId, ...tzone, networkType: "vpc", status: "RUNNING", vpcId: "vpc-disc0001" });
    tc.networkInterfaces.push({ networkInterfaceId: `eni-p${pad(i, 7)}`, ...tzone, vpcId: "vpc-disc0001", type: "Primary", status: "AVAILABLE", instanceId });
    for (const d of [1, 2]) tc.networkInterfaces.push({ networkInterfaceId: `eni-${d}${pad(i, 7)}`, ...tzone, vpcId: "vpc-disc0001", type: "Secondary", status: "AVAILABLE", instanceId });
  }
  return { accounts: [ACCOUNT], alicloud: ali, tencentcloud: tc, clock: { mode: "immediate" }, randomSeed: 7 } as unknown as Seed;
}

const CASES = [
  { cloud: "alicloud", region: "cn-hangzhou", resources: 3 + 90 + 100, summary: "skipped: 1 VPCs with ClassicLink off, 50 primary ENIs, 10 unattached ENIs" },
  { cloud: "tencentcloud", region: "ap-guangzhou", resources: 60 + 80, summary: "skipped: 40 primary ENIs" },
];

let binDir: string;
let consumer: Consumer;
const timings: Record<string, string> = {};

beforeAll(() => {
  binDir = ensurePulumi();
  consumer = consumerOfThisRepo();
});

afterAll(() => console.log(`discover e2e timings: ${JSON.stringify(timings)}`));

async function runDiscover(env: Record<string, string>, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(path.join(consumerBin(consumer), "netattach"), ["discover", ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    timings[label] = `${((Date.now() - started) / 1000).toFixed(1)}s`;
  }
}

describe.each(CASES)("discover on $cloud, a few hundred attachments", ({ cloud, region, resources, summary }) => {
  const seed = bigSeed();
  let emulator: TestEmulator;
  let env: Record<string, string>;
  let stack: Stack;

  beforeAll(async () => {
    emulator = await startTestEmulator(seed);
    env = providerEnv(emulator.url, seed);
  });
  afterAll(async () => {
    // No destroy: the stack's backend is a temporary folder and the emulator goes with it.
    stack?.cleanup();
    await emulator?.close();
  });

  test("prints one resource per attachment, marked for import, and a summary on stderr", async () => {
    const { stdout, stderr } = await timed(`${cloud} discover`, () => runDiscover(env, ["--cloud", cloud, "--region", region]));
    expect(stdout.match(/^ {6}import: /gm)).toHaveLength(resources);
    expect(stderr).toContain(`(${resources} resources)`);
    expect(stderr).toContain(summary);
    expect(stderr).toMatch(/\[discover\] .*ENIs \(page 2\)/);
    expect(mutatingCalls(await emulator.control.requests())).toEqual([]);
    stack = new Stack(placeYamlProgram(consumer, `discovered-${cloud}`, stdout), binDir, env);
    await stack.init();
  });

  test("the first pulumi up brings them all into the stack with zero mutating calls", async () => {
    await emulator.control.clearRequests();
    const up = await timed(`${cloud} up (import ${resources})`, () => stack.ok("up", "--yes", "--skip-preview"));
    expect(up.stdout).toMatch(new RegExp(`${resources} imported`));
    expect(mutatingCalls(await emulator.control.requests())).toEqual([]);
    const state = await stack.exportState();
    expect(state.resources.filter((r) => r.type.startsWith(`netattach:${cloud}:`))).toHaveLength(resources);
  });

  test("the next preview shows no changes", async () => {
    await timed(`${cloud} preview`, () => stack.ok("preview", "--expect-no-changes"));
  });
});

describe("discover --format typescript for one VPC: dynamic resources adopted on create", () => {
  const seed = bigSeed();
  let emulator: TestEmulator;
  let stack: Stack;

  beforeAll(async () => {
    emulator = await startTestEmulator(seed);
  });
  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  test("the program's first up adopts the VPC's setting and links with zero mutating calls; the next preview shows no changes", async () => {
    const env = providerEnv(emulator.url, seed);
    const { stdout, stderr } = await runDiscover(env, ["--cloud", "alicloud", "--region", "cn-hangzhou", "--vpc", "vpc-disc00002", "--format", "typescript"]);
    expect(stderr).toContain("(31 resources)"); // the setting and 30 links; its VPC holds no ENI
    const dir = path.join(consumer.dir, "programs", `discovered-ts-${process.pid}-${Date.now()}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: netattach-discovered-ts\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), stdout);
    stack = new Stack(dir, binDir, env);
    await stack.init();
    await emulator.control.clearRequests();
    const up = await timed("alicloud typescript up (adopt 31)", () => stack.ok("up", "--yes", "--skip-preview"));
    expect(up.stdout).toMatch(/\+ 32 created/); // 31 and the stack
    expect(mutatingCalls(await emulator.control.requests())).toEqual([]);
    await stack.ok("preview", "--expect-no-changes");
  });
});
