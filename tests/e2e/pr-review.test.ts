// Pull-request review with the real CLI: `pulumi preview --json --show-replacement-steps` of real
// changes turned into the comment by the installed `netattach-pr-comment` bin, and preflight
// (netattach:preflight) failing real previews where `up` would fail, and only there.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { consumerOfThisRepo, placeProgram } from "../helpers/consumer";
import { Seed, useEmulatedStack } from "../helpers/stack";
import { preflightSeed } from "../preflight/seed";

jest.setTimeout(10 * 60_000);

const exampleSeed: Seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), "utf8"));
const PROGRAM = path.join(__dirname, "pr-review-program");
const PREVIEW_JSON = ["preview", "--json", "--show-replacement-steps"];

let binDir: string;
let consumerDir: string;
beforeAll(() => {
  binDir = ensurePulumi();
  consumerDir = consumerOfThisRepo().dir;
});

/** The comment, from the bin as a consumer project has it installed. */
function comment(previewJson: string, ...args: string[]): { markdown: string; stderr: string } {
  const result = runBin(previewJson, ...args);
  if (result.status !== 0) throw new Error(`netattach-pr-comment exited ${result.status}: ${result.stderr}`);
  return { markdown: result.stdout, stderr: result.stderr };
}

function runBin(previewJson: string, ...args: string[]) {
  const bin = path.join(consumerDir, "node_modules", ".bin", "netattach-pr-comment");
  return spawnSync(bin, args, { input: previewJson, encoding: "utf8" });
}

const rowOf = (markdown: string, name: string) => markdown.split("\n").find((l) => l.startsWith("| <code>") && l.includes(`</code> | ${name} | `));

describe("a pull-request comment from real previews", () => {
  const t = useEmulatedStack({ seed: exampleSeed, binDir: () => binDir, programDir: () => placeProgram({ dir: consumerDir, tarball: "" }, PROGRAM, "pr-comment") });

  test("a new stack: every resource to create, with its inputs", async () => {
    const { stdout } = await t.stack.ok(...PREVIEW_JSON);
    const { markdown } = comment(stdout);
    console.log(`comment for a new stack:\n${markdown}`);
    expect(markdown).toContain("**5 to create** · 0 unchanged (not listed)");
    expect(rowOf(markdown, "db-eni")).toBe('| <code>alicloud:EniAttachment</code> | db-eni | create | instanceId: + <code>"i-vpc0001"</code><br>networkInterfaceId: + <code>"eni-second0001"</code> | — |');
    // web's vpcId comes from the setting being created: known in a preview of a dynamic resource.
    expect(rowOf(markdown, "web")).toContain('vpcId: + <code>"vpc-demo00001"</code>');
    expect(markdown).not.toContain("Outage window");
    expect(markdown).not.toContain("__provider");
    await t.stack.ok("up", "--yes", "--skip-preview");
  });

  test("refresh drift: ClassicLink turned off behind Pulumi's back shows as it is now and as the program wants it", async () => {
    await t.emulator.control.alicloud("setVpcClassicLink", { vpcId: "vpc-demo00001", enabled: false });
    // preview --refresh: the refresh steps are not listed; the drift shows in the setting's step.
    const withRefresh = comment((await t.stack.ok(...PREVIEW_JSON, "--refresh")).stdout).markdown;
    expect(withRefresh).toContain("**1 to update** · 4 unchanged (not listed) · refreshed 5 from the cloud first");
    expect(rowOf(withRefresh, "vpc")).toBe("| <code>alicloud:VpcClassicLinkSetting</code> | vpc | update | enabled: <code>false</code> → <code>true</code> | — |");
    await t.stack.ok("refresh", "--yes", "--skip-preview");
    const { markdown } = comment((await t.stack.ok(...PREVIEW_JSON)).stdout);
    console.log(`comment after refresh drift:\n${markdown}`);
    expect(markdown).toContain("**1 to update** · 4 unchanged (not listed)");
    expect(rowOf(markdown, "vpc")).toBe("| <code>alicloud:VpcClassicLinkSetting</code> | vpc | update | enabled: <code>false</code> → <code>true</code> | — |");
    expect(markdown).not.toContain("Outage window");
    await t.stack.ok("up", "--yes", "--skip-preview");
  });

  test("replace with delete first, update, delete, and a secret input, in one preview", async () => {
    await t.stack.setConfig({ "cvm-eni.instanceId": "ins-vpc00002", omit: "cvm" });
    await t.stack.ok("config", "set", "--secret", "createTimeout", "7m");
    const preview = await t.stack.ok(...PREVIEW_JSON);
    // Pulumi itself prints the secret config value in the dynamic resource's inputs...
    expect(preview.stdout).toContain('"create": "7m"');
    // ...so the bin refuses to run without the config's secret values,
    const refused = runBin(preview.stdout);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("--secrets-from");
    expect(refused.stdout).toBe("");
    // and masks them when it has them.
    const secretsFile = path.join(t.stack.workspace.root, "config.json");
    fs.writeFileSync(secretsFile, (await t.stack.ok("config", "--json", "--show-secrets")).stdout);
    const { markdown } = comment(preview.stdout, "--secrets-from", secretsFile);
    console.log(`comment for replace, update and delete:\n${markdown}`);
    expect(markdown).toContain("**1 to update · 1 to replace · 1 to delete** · 2 unchanged (not listed)");
    expect(rowOf(markdown, "cvm-eni")).toBe(
      '| <code>tencentcloud:EniAttachment</code> | cvm-eni | **replace, delete first** ⚠️ | **instanceId**: <code>"ins-vpc00001"</code> → <code>"ins-vpc00002"</code> | <code>instanceId</code> |',
    );
    expect(markdown).toContain("> **Outage window:** this replacement deletes the old resource before the new one exists");
    expect(rowOf(markdown, "db-eni")).toBe('| <code>alicloud:EniAttachment</code> | db-eni | update | timeouts: + <code>{"create":"[secret]"}</code> | — |');
    expect(rowOf(markdown, "cvm")).toBe("| <code>tencentcloud:ClassicLinkAttachment</code> | cvm | delete | deletes <code>vpc-demo0002#ins-basic001</code> | — |");
    expect(rowOf(markdown, "vpc")).toBeUndefined();
    expect(markdown).not.toContain("7m");
  });

  test("without --show-replacement-steps the comment infers the order and the bin names the missing flag", async () => {
    const secretsFile = path.join(t.stack.workspace.root, "config.json");
    const { markdown, stderr } = comment((await t.stack.ok("preview", "--json")).stdout, "--secrets-from", secretsFile);
    expect(rowOf(markdown, "cvm-eni")).toContain("**replace, delete first** ⚠️ (inferred)");
    expect(markdown).toContain("This preview was made without <code>--show-replacement-steps</code>");
    expect(stderr).toContain("pulumi preview --json --show-replacement-steps");
  });

  test("the previews called no mutating API", async () => {
    await t.emulator.control.clearRequests();
    await t.stack.ok(...PREVIEW_JSON);
    const log = await t.emulator.control.requests();
    expect(log.filter((r) => !r.action.startsWith("Describe"))).toEqual([]);
  });
});

describe("preflight in real previews", () => {
  const t = useEmulatedStack({ seed: preflightSeed(), binDir: () => binDir, programDir: () => placeProgram({ dir: consumerDir, tarball: "" }, PROGRAM, "preflight") });
  const mutations = async () => (await t.emulator.control.requests()).filter((r) => !r.action.startsWith("Describe"));

  test("no false failure: ClassicLink off but turned on by the program's setting, and an instance still unknown", async () => {
    await t.stack.setConfig({ "netattach:preflight": "true", "cvm-eni.instanceFromCvm": "ins-nothere1" });
    await t.emulator.control.clearRequests();
    const preview = await t.stack.run("preview", "--diff");
    expect(preview.output).not.toContain("preflight:");
    expect(preview.code).toBe(0);
    const log = await t.emulator.control.requests();
    expect(log.some((r) => r.action === "DescribeVpcAttribute")).toBe(true); // preflight did read
    expect(await mutations()).toEqual([]);
    await t.stack.ok("config", "rm", "cvm-eni.instanceFromCvm");
  });

  test("an ENI attached elsewhere fails the preview naming the resource, the ID and the fix; the comment shows it", async () => {
    await t.stack.setConfig({ "db-eni.networkInterfaceId": "eni-inuse00001" });
    await t.emulator.control.clearRequests();
    const preview = await t.stack.run(...PREVIEW_JSON);
    expect(preview.code).not.toBe(0);
    const { markdown } = comment(preview.stdout);
    console.log(`comment for a preflight failure:\n${markdown}`);
    expect(markdown).toContain("> [!CAUTION]\n> **The preview failed**");
    expect(markdown).toMatch(
      /resource 'db-eni': property networkInterfaceId value \{eni-inuse00001\} has a problem: preflight: alicloud\.EniAttachment "db-eni" \(ID eni-inuse00001:i-vpc0001\): ENI eni-inuse00001 is attached to i-vpc0002 \(InUse\); an ENI attaches to one instance at a time\. Fix: detach it from i-vpc0002 first/,
    );
    expect(await mutations()).toEqual([]);
  });

  test("with preflight off the same preview passes and reads nothing", async () => {
    await t.stack.setConfig({ "netattach:preflight": "false" });
    await t.emulator.control.clearRequests();
    await t.stack.ok("preview");
    expect(await t.emulator.control.requests()).toEqual([]);
  });

  test("a VPC instance given to a ClassicLink fails the preview, and up fails the same way", async () => {
    await t.stack.setConfig({ "netattach:preflight": "true", "db-eni.networkInterfaceId": "eni-second0001", "cvm.instanceId": "ins-vpc00002" });
    const preview = await t.stack.run("preview");
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain('preflight: tencentcloud.ClassicLinkAttachment "cvm" (ID vpc-demo0002#ins-vpc00002): CVM instance ins-vpc00002 is in a VPC (vpc-demo0002), not the basic network');
    await t.stack.ok("config", "rm", "cvm.instanceId");
    // Proof that up fails where preflight said it would: preflight off, up.
    await t.stack.setConfig({ "netattach:preflight": "false", "cvm.instanceId": "ins-vpc00002" });
    const up = await t.stack.run("up", "--yes", "--skip-preview");
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("ins-vpc00002");
    await t.stack.ok("config", "rm", "cvm.instanceId");
    await t.stack.ok("config", "set", "netattach:preflight", "true");
  });

  test("after up, a replace that moves the stack's own ENI passes preflight (its old attachment goes first)", async () => {
    await t.stack.ok("up", "--yes", "--skip-preview");
    await t.stack.setConfig({ "cvm-eni.instanceId": "ins-vpc00002", "db-eni.instanceId": "i-vpc0002" });
    await t.emulator.control.clearRequests();
    const preview = await t.stack.run("preview", "--diff");
    expect(preview.output).not.toContain("preflight:");
    expect(preview.code).toBe(0);
    expect(await mutations()).toEqual([]);
  });
});

describe("every preflight failure in a real preview", () => {
  // One stack, nothing deployed: each case keeps only the resources it needs (omit) and points one
  // input at what the preflight seed holds wrong. Pulumi stops a preview at its first failed
  // resource, so each failure gets its own preview.
  const t = useEmulatedStack({ seed: preflightSeed(), binDir: () => binDir, programDir: () => placeProgram({ dir: consumerDir, tarball: "" }, PROGRAM, "preflight-each") });
  const ALL = ["vpc", "web", "db-eni", "cvm", "cvm-eni"];
  const only = (...keep: string[]) => ALL.filter((name) => !keep.includes(name)).join(",");
  const cases: Array<[string, Record<string, string>, string]> = [
    ["instance missing", { omit: only("vpc", "web"), "web.instanceId": "i-nothere0001" },
      'alicloud.ClassicLinkAttachment "web" (ID i-nothere0001:vpc-demo00001): instance i-nothere0001 was not found in region cn-hangzhou. Fix: check the ID'],
    ["wrong state", { omit: only("cvm"), "cvm.instanceId": "ins-shutdwn1" },
      'tencentcloud.ClassicLinkAttachment "cvm" (ID vpc-demo0002#ins-shutdwn1): CVM instance ins-shutdwn1 is SHUTDOWN; attaching needs it RUNNING or STOPPED'],
    ["VPC missing", { omit: only("cvm"), "cvm.vpcId": "vpc-nothere1" },
      'tencentcloud.ClassicLinkAttachment "cvm" (ID vpc-nothere1#ins-basic001): VPC vpc-nothere1 was not found in region ap-guangzhou'],
    ["ClassicLink off with no setting in the program", { omit: only("web") },
      'alicloud.ClassicLinkAttachment "web" (ID i-classic0001:vpc-demo00001): VPC vpc-demo00001 does not have ClassicLink enabled, and no VpcClassicLinkSetting in this program turns it on'],
    ["ENI missing", { omit: only("cvm-eni"), "cvm-eni.networkInterfaceId": "eni-nothere1" },
      'tencentcloud.EniAttachment "cvm-eni" (ID eni-nothere1+ins-vpc00001): ENI eni-nothere1 was not found in region ap-guangzhou'],
    ["ENI primary", { omit: only("db-eni"), "db-eni.networkInterfaceId": "eni-primary0002" },
      'alicloud.EniAttachment "db-eni" (ID eni-primary0002:i-vpc0001): ENI eni-primary0002 is a Primary ENI; only Secondary ENIs can be attached and detached'],
    ["ENI in another zone", { omit: only("db-eni"), "db-eni.instanceId": "i-vpczonec01" },
      'alicloud.EniAttachment "db-eni" (ID eni-second0001:i-vpczonec01): ENI eni-second0001 is in zone cn-hangzhou-b but instance i-vpczonec01 is in zone cn-hangzhou-c'],
    ["ENI in another VPC", { omit: only("cvm-eni"), "cvm-eni.instanceId": "ins-othvpc01" },
      'tencentcloud.EniAttachment "cvm-eni" (ID eni-tcsec001+ins-othvpc01): ENI eni-tcsec001 is in vpc-demo0002 but CVM instance ins-othvpc01 is in vpc-demo0004'],
    ["instance already linked to another VPC", { omit: only("cvm"), "cvm.instanceId": "ins-basic002" },
      'tencentcloud.ClassicLinkAttachment "cvm" (ID vpc-demo0002#ins-basic002): CVM instance ins-basic002 is already linked to vpc-demo0004'],
    ["VPC link quota", { omit: only("web"), "web.vpcId": "vpc-full00001" },
      'alicloud.ClassicLinkAttachment "web" (ID i-classic0001:vpc-full00001): VPC vpc-full00001 already has 1000 linked instances; a VPC takes at most 1000'],
  ];

  beforeAll(async () => {
    await t.stack.setConfig({ "netattach:preflight": "true" });
  });

  test.each(cases)("%s", async (_title, config, message) => {
    await t.stack.setConfig(config);
    try {
      const preview = await t.stack.run("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.output).toContain(`preflight: ${message}`);
      expect(preview.output).toMatch(/preflight: [^\n]*\. Fix: /);
    } finally {
      for (const key of Object.keys(config)) await t.stack.ok("config", "rm", key);
    }
  });

  test("none of these previews changed anything", async () => {
    const log = await t.emulator.control.requests();
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((r) => !r.action.startsWith("Describe"))).toEqual([]);
  });
});
