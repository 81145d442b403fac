// `pulumi import` through the plugin adopts attachments made out of band on both clouds with the
// README's ID forms and sends no mutating call; destroy then removes them. And Pulumi's
// customTimeouts on a YAML resource reach the provider's waits.

import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { Consumer, consumerOfThisRepo } from "../helpers/consumer";
import { attachments, consumerBin, emptyYamlProject, mutatingCalls, placeYamlProgram } from "../helpers/plugin";
import { providerEnv, Seed, useEmulatedStack } from "../helpers/stack";

jest.setTimeout(10 * 60_000);

const baseSeed: Seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), "utf8"));

/** The example seed with a link and a secondary ENI attachment on each cloud, made out of band. */
function attachedSeed(): Seed {
  const seed = JSON.parse(JSON.stringify(baseSeed));
  seed.alicloud.vpcs.find((v: any) => v.vpcId === "vpc-demo00001").classicLinkEnabled = true;
  seed.alicloud.classicLinks = [{ instanceId: "i-classic0001", vpcId: "vpc-demo00001" }];
  Object.assign(seed.alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-second0001"), { status: "InUse", instanceId: "i-vpc0002" });
  seed.tencentcloud.classicLinks = [{ instanceId: "ins-basic001", vpcId: "vpc-demo0002" }];
  Object.assign(seed.tencentcloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-tcsec001"), { instanceId: "ins-vpc00002" });
  return seed;
}

let binDir: string;
let consumer: Consumer;

beforeAll(() => {
  binDir = ensurePulumi();
  consumer = consumerOfThisRepo();
});

// The plugin found on PATH (node_modules/.bin), the other way the README documents.
const onPath = (url: string, seed: Seed): Record<string, string> => ({ ...providerEnv(url, seed), PATH: `${consumerBin(consumer)}${path.delimiter}${binDir}${path.delimiter}${process.env.PATH}` });

describe("pulumi import of out-of-band attachments on both clouds", () => {
  const seed = attachedSeed();
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeYamlProgram(consumer, "import", emptyYamlProject("netattach-import")),
    env: (url) => onPath(url, seed),
  });

  test("pulumi import <type> <name> <id> adopts each with no mutating call", async () => {
    await t.stack.ok("import", "netattach:alicloud:EniAttachment", "aliEni", "eni-second0001:i-vpc0002", "--yes", "--protect=false", "--generate-code=false");
    await t.stack.ok("import", "netattach:tencentcloud:EniAttachment", "tcEni", "eni-tcsec001+ins-vpc00002", "--yes", "--protect=false", "--generate-code=false");
    // Several at once, with the code Pulumi generates for them (YAML here).
    const file = path.join(t.stack.workspace.root, "import.json");
    fs.writeFileSync(file, JSON.stringify({
      resources: [
        { type: "netattach:alicloud:ClassicLinkAttachment", name: "aliLink", id: "i-classic0001:vpc-demo00001" },
        { type: "netattach:tencentcloud:ClassicLinkAttachment", name: "tcLink", id: "vpc-demo0002#ins-basic001" },
        { type: "netattach:alicloud:VpcClassicLinkSetting", name: "aliSetting", id: "vpc-demo00001" },
      ],
    }));
    const generated = path.join(t.stack.workspace.root, "generated.yaml");
    await t.stack.ok("import", "--file", file, "--yes", "--protect=false", "--out", generated);
    expect(fs.readFileSync(generated, "utf8")).toMatch(/type: netattach:tencentcloud:ClassicLinkAttachment[\s\S]*vpcId: vpc-demo0002/);

    expect(mutatingCalls(await t.emulator.control.requests())).toEqual([]);
    const state = await t.stack.exportState();
    const imported = Object.fromEntries(state.resources.filter((r) => r.type.startsWith("netattach:")).map((r) => [r.id, r.outputs]));
    expect(imported["eni-second0001:i-vpc0002"]).toMatchObject({ instanceId: "i-vpc0002", networkInterfaceId: "eni-second0001", region: "cn-hangzhou", status: "InUse" });
    expect(imported["eni-tcsec001+ins-vpc00002"]).toMatchObject({ instanceId: "ins-vpc00002", networkInterfaceId: "eni-tcsec001", region: "ap-guangzhou" });
    expect(imported["i-classic0001:vpc-demo00001"]).toMatchObject({ instanceId: "i-classic0001", vpcId: "vpc-demo00001" });
    expect(imported["vpc-demo0002#ins-basic001"]).toMatchObject({ instanceId: "ins-basic001", vpcId: "vpc-demo0002" });
    expect(imported["vpc-demo00001"]).toMatchObject({ vpcId: "vpc-demo00001", enabled: true, status: "Enabled" });
  });

  test("an ID that names no attachment fails the import, naming it, and imports nothing", async () => {
    // No such ENI; and an ENI that is attached, but to another instance than the ID names.
    for (const id of ["eni-nosuch00001:i-vpc0001", "eni-second0001:i-vpc0001"]) {
      const result = await t.stack.run("import", "netattach:alicloud:EniAttachment", "ghost", id, "--yes", "--protect=false", "--generate-code=false");
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(id);
      expect(result.output).toMatch(/does not exist/);
    }
    expect((await t.stack.exportState()).resources.some((r) => r.urn.endsWith("::ghost"))).toBe(false);
    expect(mutatingCalls(await t.emulator.control.requests())).toEqual([]);
  });

  test("destroy removes the imported attachments and leaves ClassicLink on (the stack never turned it on)", async () => {
    await t.stack.ok("destroy", "--yes", "--skip-preview");
    const cloud = await attachments(t.emulator);
    expect(cloud.alicloud.vpcs.find((v: any) => v.vpcId === "vpc-demo00001").classicLinkEnabled).toBe(true);
    expect(cloud.alicloud.classicLinks).toEqual([]);
    expect(cloud.tencentcloud.classicLinks).toEqual([]);
    expect(cloud.alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-second0001")).toMatchObject({ status: "Available" });
    expect(cloud.alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-second0001").instanceId).toBeUndefined();
    expect(cloud.tencentcloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-tcsec001").instanceId).toBeUndefined();
  });
});

describe("customTimeouts on a YAML resource reach its waits; the README's alicloud:* keys reach the plugin through an explicit default provider", () => {
  const account = baseSeed.accounts[0].alicloud;
  const t = useEmulatedStack({
    seed: baseSeed,
    binDir: () => binDir,
    programDir: () =>
      placeYamlProgram(consumer, "timeouts", `name: netattach-timeouts
runtime: yaml
resources:
  netattach:
    type: pulumi:providers:netattach
    defaultProvider: true
    properties:
      alicloudAccessKey: \${alicloud:accessKey}
      alicloudSecretKey: \${alicloud:secretKey}
  slowEni:
    type: netattach:alicloud:EniAttachment
    properties:
      instanceId: i-vpc0001
      networkInterfaceId: eni-second0001
    options:
      customTimeouts:
        create: 4s
`),
    // No Alibaba credential in the environment: only the stack config the README names has them.
    env: (url) => {
      const { ALICLOUD_ACCESS_KEY: _id, ALICLOUD_SECRET_KEY: _secret, ...env } = onPath(url, baseSeed);
      return env;
    },
  });

  beforeAll(async () => {
    await t.stack.ok("config", "set", "alicloud:accessKey", account.accessKeyId);
    await t.stack.ok("config", "set", "--secret", "alicloud:secretKey", account.accessKeySecret);
  });

  test("a create slower than customTimeouts.create fails after that long, not the 10m default, and is recorded pending", async () => {
    // Attaching takes ten minutes of emulator time.
    await t.emulator.control.clock({ mode: "ms", ms: 600_000 });
    const started = Date.now();
    const up = await t.stack.run("up", "--yes", "--skip-preview").finally(() => t.emulator.control.clock({ mode: "immediate" }));
    const took = Date.now() - started;
    expect(up.code).not.toBe(0);
    // The 4 s deadline covers the whole create; the attach wait is its last part.
    expect(up.output).toMatch(/timed out after [0-4]\.\ds \(\d+ polls\) waiting for ENI eni-second0001 to be InUse on i-vpc0001/);
    expect(took).toBeLessThan(60_000);
    const state = await t.stack.exportState();
    const eni = state.resources.find((r) => r.type === "netattach:alicloud:EniAttachment");
    expect(eni).toMatchObject({ id: "eni-second0001:i-vpc0001", outputs: expect.objectContaining({ status: "pending" }) });
    // Secret config stays secret through the provider's inputs: state holds it encrypted.
    expect(state.text).not.toContain(account.accessKeySecret);
  });
});
