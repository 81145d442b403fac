// Pulumi YAML through the pulumi-resource-netattach plugin, with the real CLI and the YAML
// language host built by scripts/ensure-pulumi, from the packed package installed in a consumer:
// examples/yaml-all (all five types) previews, goes up, shows no changes, refreshes, replaces an
// ENI attachment delete-first, and is destroyed against the emulator. The plugin is found through `plugins: providers:` in
// Pulumi.yaml; Alibaba's secret comes from the plugin's own stack config key.

import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { Consumer, consumerOfThisRepo } from "../helpers/consumer";
import { attachments, mutatingCalls, placeYamlProgram } from "../helpers/plugin";
import { providerEnv, Seed, useEmulatedStack } from "../helpers/stack";

jest.setTimeout(10 * 60_000);

const seed: Seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), "utf8"));
const account = seed.accounts[0];
const TYPES = [
  "netattach:alicloud:VpcClassicLinkSetting",
  "netattach:alicloud:ClassicLinkAttachment",
  "netattach:alicloud:EniAttachment",
  "netattach:tencentcloud:ClassicLinkAttachment",
  "netattach:tencentcloud:EniAttachment",
];

let binDir: string;
let consumer: Consumer;

beforeAll(() => {
  binDir = ensurePulumi();
  consumer = consumerOfThisRepo();
});

describe("examples/yaml-all through the plugin", () => {
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeYamlProgram(consumer, "yaml-all", fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml-all", "Pulumi.yaml"), "utf8")),
    // Alibaba's secret is not in the environment: it comes from `netattach:alicloudSecretKey`.
    env: (url) => {
      const { ALICLOUD_SECRET_KEY: _fromConfig, ...env } = providerEnv(url, seed);
      return env;
    },
  });
  let seeded: Awaited<ReturnType<typeof attachments>>;

  beforeAll(async () => {
    seeded = await attachments(t.emulator);
    await t.stack.ok("config", "set", "--secret", "netattach:alicloudSecretKey", account.alicloud.accessKeySecret);
  });

  test("preview shows all five types to create and sends no mutation", async () => {
    const preview = await t.stack.ok("preview", "--diff");
    for (const type of TYPES) expect(preview.stdout).toContain(`+ ${type}`);
    expect(mutatingCalls(await t.emulator.control.requests())).toEqual([]);
  });

  test("up attaches everything, and the state holds plugin resources without credentials", async () => {
    const up = await t.stack.ok("up", "--yes", "--skip-preview");
    expect(up.stdout).toMatch(/\+ 6 created/); // the five and the stack
    const cloud = await attachments(t.emulator);
    expect(cloud.alicloud.vpcs.find((v: any) => v.vpcId === "vpc-demo00001").classicLinkEnabled).toBe(true);
    expect(cloud.alicloud.classicLinks).toEqual([expect.objectContaining({ instanceId: "i-classic0001", vpcId: "vpc-demo00001" })]);
    expect(cloud.alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-second0001")).toMatchObject({ instanceId: "i-vpc0001", status: "InUse" });
    expect(cloud.tencentcloud.classicLinks).toEqual([expect.objectContaining({ instanceId: "ins-basic001", vpcId: "vpc-demo0002" })]);
    expect(cloud.tencentcloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-tcsec001")).toMatchObject({ instanceId: "ins-vpc00001" });

    const state = await t.stack.exportState();
    const managed = state.resources.filter((r) => r.type.startsWith("netattach:"));
    expect(managed.map((r) => r.type).sort()).toEqual([...TYPES].sort());
    expect(state.resources.some((r) => r.type === "pulumi:providers:netattach")).toBe(true);
    const byType = Object.fromEntries(managed.map((r) => [r.type, r]));
    expect(byType["netattach:alicloud:EniAttachment"].id).toBe("eni-second0001:i-vpc0001");
    expect(byType["netattach:tencentcloud:ClassicLinkAttachment"].id).toBe("vpc-demo0002#ins-basic001");
    expect(byType["netattach:tencentcloud:EniAttachment"].id).toBe("eni-tcsec001+ins-vpc00001");
    for (const r of managed) expect(r.outputs.__provider).toBeUndefined();
    for (const secret of [account.alicloud.accessKeySecret, account.tencentcloud.secretKey]) {
      expect(state.text).not.toContain(secret);
      for (const file of t.stack.backendFiles()) expect(fs.readFileSync(file, "utf8")).not.toContain(secret);
    }
    expect(await t.stack.outputs()).toMatchObject({ aliClassicLinkId: "i-classic0001:vpc-demo00001", aliEniStatus: "InUse", tcEniId: "eni-tcsec001+ins-vpc00001" });
  });

  test("the next preview and a refresh show no changes", async () => {
    await t.stack.ok("preview", "--expect-no-changes");
    await t.stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  });

  test("a replace of the ENI's instance deletes first (one ENI, one instance): detach, then attach", async () => {
    await t.emulator.control.clearRequests();
    await t.stack.ok("config", "set", "aliVpcInstanceId", "i-vpc0002");
    const preview = await t.stack.ok("preview", "--diff");
    expect(preview.stdout).toMatch(/\+-netattach:alicloud:EniAttachment: \(replace\)/);
    await t.stack.ok("up", "--yes", "--skip-preview");
    const log = (await t.emulator.control.requests()).filter((r) => !r.errorCode && r.status < 400).map((r) => r.action);
    expect(log.filter((a) => !/^Describe/.test(a))).toEqual(["DetachNetworkInterface", "AttachNetworkInterface"]);
    const cloud = await attachments(t.emulator);
    expect(cloud.alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-second0001")).toMatchObject({ instanceId: "i-vpc0002", status: "InUse" });
    await t.stack.ok("preview", "--expect-no-changes");
  });

  test("a bad input fails check with the same message as the dynamic resource, before any call", async () => {
    await t.emulator.control.clearRequests();
    await t.stack.ok("config", "set", "tcEniId", "eni-bp17pdijfczax1huji5b");
    const preview = await t.stack.run("preview");
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain('"eni-bp17pdijfczax1huji5b" looks like an Alibaba Cloud ENI ID; tencentcloud.EniAttachment is for Tencent Cloud');
    expect(await t.emulator.control.requests()).toEqual([]);
    await t.stack.ok("config", "rm", "tcEniId");
  });

  test("destroy detaches everything and leaves the cloud as seeded", async () => {
    await t.stack.ok("destroy", "--yes", "--skip-preview");
    expect(await attachments(t.emulator)).toEqual(seeded);
  });
});
