// What users meet around the lifecycle: reviewing a change in a pull request (`preview --diff`
// and a `preview --json` digest a CI job can post), upgrading the package under a live stack (no
// replacement, no spurious diff, and refresh/destroy then run the new code), credentials from
// secret stack config, and a create that runs out of time.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { consumerOfThisRepo, pack, placeProgram } from "../helpers/consumer";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { providerEnv, Seed, Stack, useEmulatedStack } from "../helpers/stack";

jest.setTimeout(10 * 60_000);

const seed: Seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), "utf8"));

interface PreviewStep {
  op: string;
  urn: string;
  replaceReasons?: string[];
  diffReasons?: string[];
  detailedDiff?: Record<string, unknown>;
}

/** The lines a CI job would post on a pull request, from `pulumi preview --json`. */
function digest(previewJson: string): string[] {
  const preview = JSON.parse(previewJson) as { steps: PreviewStep[]; changeSummary: Record<string, number> };
  const lines = preview.steps
    .filter((s) => s.op !== "same")
    .map((s) => {
      const name = s.urn.split("::").pop();
      const type = s.urn.split("::")[2];
      const why = s.replaceReasons?.length ? ` (replaces on ${s.replaceReasons.join(", ")})` : "";
      return `${s.op} ${type} ${name}${why}`;
    });
  const summary = Object.entries(preview.changeSummary).map(([op, n]) => `${op}: ${n}`).join(", ");
  return [...lines, summary];
}

/** A program with all five resources: the root demo program. */
function demoProgramDir(parent: string): string {
  const dir = fs.mkdtempSync(path.join(parent, "demo-program-"));
  fs.copyFileSync(path.join(REPO_ROOT, "demo", "index.js"), path.join(dir, "index.js"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: netattach-demo\nruntime: nodejs\n");
  return dir;
}

let binDir: string;
beforeAll(() => {
  binDir = ensurePulumi();
});

describe("reviewing a change in a pull request", () => {
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeProgram(consumerOfThisRepo(), path.join(REPO_ROOT, "examples", "tencentcloud-eni-attachment"), "review"),
  });

  beforeAll(async () => {
    await t.stack.ok("up", "--yes", "--skip-preview");
    await t.stack.setConfig({ instanceId: "ins-vpc00002" });
  });

  test("preview --diff shows the resource, the operation and the old and new value", async () => {
    const { stdout } = await t.stack.ok("preview", "--diff");
    expect(stdout).toContain("pulumi-nodejs:dynamic/tencentcloud:EniAttachment: (replace)");
    expect(stdout).toMatch(/instanceId\s*:\s*"ins-vpc00001" => "ins-vpc00002"/);
    expect(stdout).toMatch(/1 to replace/);
  });

  test("preview --json gives a digest a CI job can post", async () => {
    const { stdout } = await t.stack.ok("preview", "--json");
    const lines = digest(stdout);
    console.log(`preview digest:\n${lines.join("\n")}`);
    expect(lines).toContain("replace pulumi-nodejs:dynamic/tencentcloud:EniAttachment cvm-eni (replaces on instanceId)");
    expect(lines[lines.length - 1]).toContain("replace: 1");
  });

  test("preview calls no mutating API", async () => {
    await t.emulator.control.clearRequests();
    await t.stack.ok("preview", "--diff");
    const mutations = (await t.emulator.control.requests()).filter((r) => !/^Describe/.test(r.action));
    expect(mutations).toEqual([]);
  });
});

describe("upgrading the package under a live stack", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let consumerDir: string;
  let marker: string;

  beforeAll(async () => {
    emulator = await startTestEmulator(seed);
    // A private copy of the consumer project: this suite installs another version into it.
    consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-upgrade-"));
    fs.cpSync(consumerOfThisRepo().dir, consumerDir, { recursive: true, verbatimSymlinks: true });
    marker = path.join(consumerDir, "calls-by-new-version.log");
    const programDir = placeProgram({ dir: consumerDir, tarball: "" }, demoProgramDir(consumerDir), "upgrade");
    stack = new Stack(programDir, binDir, { ...providerEnv(emulator.url, seed), NETATTACH_UPGRADE_MARKER: marker });
    await stack.init();
    await stack.ok("up", "--yes", "--skip-preview");
  });

  afterAll(async () => {
    await stack?.run("destroy", "--yes", "--skip-preview");
    stack?.cleanup();
    await emulator?.close();
    fs.rmSync(consumerDir, { recursive: true, force: true });
  });

  /** Version 0.1.1-upgrade-test: the same package with an implementation that records each call. */
  function packChangedVersion(): string {
    const work = fs.mkdtempSync(path.join(consumerDir, "v2-"));
    execFileSync("tar", ["-xzf", pack(REPO_ROOT, work), "-C", work]);
    const pkgDir = path.join(work, "package");
    const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    manifest.version = "0.1.1-upgrade-test";
    fs.writeFileSync(path.join(pkgDir, "package.json"), JSON.stringify(manifest, null, 2));
    const entry = path.join(pkgDir, "dist", "provider", "index.js");
    const source = fs.readFileSync(entry, "utf8");
    const changed = source.replace(
      /async function invoke\((\w+), (\w+), (\w+), (\w+)\) \{/,
      (head, kind, method) => `${head}\n    require("fs").appendFileSync(process.env.NETATTACH_UPGRADE_MARKER, ${kind} + " " + ${method} + "\\n");`,
    );
    expect(changed).not.toBe(source);
    fs.writeFileSync(entry, changed);
    return pack(pkgDir, work);
  }

  test("state before the upgrade", async () => {
    const state = await stack.exportState();
    expect(state.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))).toHaveLength(5);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("after installing a new version, preview shows no changes and refresh and destroy run the new code", async () => {
    const before = await stack.exportState();
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", packChangedVersion()], { cwd: consumerDir });
    const installed = JSON.parse(fs.readFileSync(path.join(consumerDir, "node_modules", "pulumi-netattach", "package.json"), "utf8"));
    expect(installed.version).toBe("0.1.1-upgrade-test");

    await stack.ok("preview", "--expect-no-changes");
    await stack.ok("up", "--yes", "--skip-preview", "--expect-no-changes");
    const after = await stack.exportState();
    const providers = (s: typeof before) => Object.fromEntries(s.resources.filter((r) => r.outputs?.__provider).map((r) => [r.urn, r.outputs.__provider]));
    expect(providers(after)).toEqual(providers(before));

    fs.rmSync(marker, { force: true });
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    expect(fs.readFileSync(marker, "utf8")).toMatch(/ read\n/);

    fs.rmSync(marker, { force: true });
    await stack.ok("destroy", "--yes", "--skip-preview");
    const calls = fs.readFileSync(marker, "utf8").trim().split("\n");
    expect(calls.filter((c) => c.endsWith(" delete"))).toHaveLength(5);
  });
});

describe("credentials from stack config instead of the environment", () => {
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeProgram(consumerOfThisRepo(), path.join(REPO_ROOT, "examples", "alicloud-eni-attachment"), "config-credentials"),
    env: (url) => {
      const endpointsOnly = Object.fromEntries(Object.entries(providerEnv(url, seed)).filter(([name]) => name.endsWith("_ENDPOINT")));
      // Blank values hide any credentials the machine's own environment might hold.
      const noCredentials = { ALICLOUD_ACCESS_KEY: "", ALICLOUD_SECRET_KEY: "", ALICLOUD_REGION: "", ALIBABA_CLOUD_ACCESS_KEY_ID: "", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "" };
      return { ...endpointsOnly, ...noCredentials };
    },
  });

  test("without credentials, up fails naming both ways to set them, and nothing is sent", async () => {
    await t.stack.ok("config", "set", "alicloud:region", "cn-hangzhou");
    const result = await t.stack.run("up", "--yes", "--skip-preview");
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("alicloud:accessKey");
    expect(result.output).toContain("ALICLOUD_ACCESS_KEY");
    expect(await t.emulator.control.requests()).toEqual([]);
  });

  test("secret stack config reaches configure; the secret is in neither state nor output", async () => {
    const account = seed.accounts[0].alicloud;
    await t.stack.ok("config", "set", "--secret", "alicloud:accessKey", account.accessKeyId);
    await t.stack.ok("config", "set", "--secret", "alicloud:secretKey", account.accessKeySecret);
    const up = await t.stack.ok("up", "--yes", "--skip-preview");
    expect(up.output).not.toContain(account.accessKeySecret);
    expect((await t.emulator.control.state() as any).alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-second0001"))
      .toMatchObject({ instanceId: "i-vpc0001", status: "InUse" });
    for (const file of t.stack.backendFiles()) {
      const text = fs.readFileSync(file, "utf8");
      expect(text).not.toContain(account.accessKeySecret);
      expect(text).not.toContain(account.accessKeyId);
    }
  });
});

describe("a create that runs out of time while the cloud is still working", () => {
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeProgram(consumerOfThisRepo(), path.join(REPO_ROOT, "examples", "tencentcloud-eni-attachment"), "slow-create"),
  });

  test("up fails naming what it waited for, and the attachment is recorded as pending", async () => {
    await t.emulator.control.clock({ mode: "ms", ms: 3_600_000 });
    await t.stack.setConfig({ createTimeout: "3s" });
    const up = await t.stack.run("up", "--yes", "--skip-preview");
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/timed out after .* waiting for/);
    const recorded = (await t.stack.exportState()).resources.find((r) => r.type === "pulumi-nodejs:dynamic/tencentcloud:EniAttachment");
    expect(recorded?.id).toBe("eni-tcsec001+ins-vpc00001");
    expect(recorded?.outputs).toMatchObject({ status: "pending" });
    expect(typeof recorded?.outputs.__provider).toBe("string");
  });

  test("once the cloud finishes, refresh reads it, up completes and destroy undoes it", async () => {
    await t.emulator.control.clock({ advanceMs: 3_600_000 });
    await t.emulator.control.clock({ mode: "immediate" });
    await t.stack.ok("refresh", "--yes", "--skip-preview");
    const refreshed = (await t.stack.exportState()).resources.find((r) => r.type === "pulumi-nodejs:dynamic/tencentcloud:EniAttachment");
    expect(refreshed?.outputs).toMatchObject({ status: "attached", instanceId: "ins-vpc00001" });
    await t.stack.setConfig({ createTimeout: "10m" });
    await t.stack.ok("up", "--yes", "--skip-preview");
    await t.stack.ok("preview", "--expect-no-changes");
    await t.stack.ok("destroy", "--yes", "--skip-preview");
    const eni = (await t.emulator.control.state() as any).tencentcloud.networkInterfaces.find((n: any) => n.networkInterfaceId === "eni-tcsec001");
    expect(eni.instanceId).toBeUndefined();
  });
});

describe("a Tencent task that ends FAILED", () => {
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeProgram(consumerOfThisRepo(), path.join(REPO_ROOT, "examples", "tencentcloud-classic-link"), "failed-task"),
  });

  test("up fails with the task's Output and records the resource as failed; the next up makes the link", async () => {
    await t.emulator.control.faults({
      faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "ClassicLink quota of the VPC is exhausted" } }],
    });
    const failed = await t.stack.run("up", "--yes", "--skip-preview");
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("FAILED: ClassicLink quota of the VPC is exhausted");
    // The send was accepted, so the stack keeps the resource (never forgets a change the cloud had),
    // marked failed with the task's Output as its init error; the cloud has no link.
    const kept = (await t.stack.exportState()).resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(kept).toHaveLength(1);
    expect(kept[0].id).toBe("vpc-demo0002#ins-basic001");
    expect(kept[0].outputs.status).toBe("failed");
    expect((kept[0] as any).initErrors).toEqual([expect.stringContaining("FAILED: ClassicLink quota of the VPC is exhausted")]);
    expect((await t.emulator.control.state() as any).tencentcloud.classicLinks).toEqual([]);
    // Never shown healthy: the preview has work to do.
    expect((await t.stack.run("preview", "--expect-no-changes")).code).not.toBe(0);

    await t.stack.ok("up", "--yes", "--skip-preview");
    expect((await t.emulator.control.state() as any).tencentcloud.classicLinks).toEqual([{ instanceId: "ins-basic001", vpcId: "vpc-demo0002" }]);
    const healed = (await t.stack.exportState()).resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(healed[0].outputs.status).toBe("linked");
    expect((healed[0] as any).initErrors).toBeUndefined();
    await t.stack.ok("preview", "--expect-no-changes");
  });
});
