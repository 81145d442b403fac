// Each example program through Pulumi's own lifecycle with the real CLI, from the packed
// package installed in a consumer project, against the emulator:
// preview --diff, up, preview --expect-no-changes, refresh --expect-no-changes, an in-place
// update, a replace (in a safe order), drift seen by refresh and repaired by up, destroy, and the
// cloud back to the seed. State is checked for credentials and __provider size.

import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { consumerOfThisRepo, placeProgram } from "../helpers/consumer";
import { LoggedRequest } from "../helpers/emulator";
import { Seed, useEmulatedStack } from "../helpers/stack";
import { scenarios, Scenario } from "./scenarios";

jest.setTimeout(10 * 60_000);

const seed: Seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "emulator-seed.json"), "utf8"));
const secrets = seed.accounts.flatMap((a) => [a.alicloud.accessKeyId, a.alicloud.accessKeySecret, a.tencentcloud.secretId, a.tencentcloud.secretKey]);
const providerSizes: Record<string, number> = {};

let binDir: string;
let consumerDir: string;

beforeAll(() => {
  binDir = ensurePulumi();
  consumerDir = consumerOfThisRepo().dir;
});

afterAll(() => {
  // A figure for the README and the CI log, not an assertion.
  console.log(`__provider sizes (bytes): ${JSON.stringify(providerSizes)}`);
});

/** The resource sections of a dump, without bookkeeping such as finished tasks. */
function cloudResources(state: any) {
  const pick = (section: any) => ({
    instances: section?.instances ?? [],
    vpcs: section?.vpcs ?? [],
    classicLinks: section?.classicLinks ?? [],
    networkInterfaces: section?.networkInterfaces ?? [],
  });
  return { alicloud: pick(state.alicloud), tencentcloud: pick(state.tencentcloud) };
}

function indexOfAction(log: LoggedRequest[], action: string): number {
  return log.findIndex((r) => r.action === action && r.status < 400 && !r.errorCode);
}

describe.each(scenarios(seed))("$name", (scenario: Scenario) => {
  const t = useEmulatedStack({
    seed,
    binDir: () => binDir,
    programDir: () => placeProgram({ dir: consumerDir, tarball: "" }, path.join(REPO_ROOT, "examples", scenario.name), scenario.name),
  });
  let seedState: ReturnType<typeof cloudResources>;

  beforeAll(async () => {
    seedState = cloudResources(await t.emulator.control.state());
  });

  test("preview --diff shows what will be created, and sends no mutation", async () => {
    const preview = await t.stack.ok("preview", "--diff");
    for (const type of scenario.types) expect(preview.stdout).toContain(`+ ${type}`);
    const mutations = (await t.emulator.control.requests()).filter((r) => !/^Describe/.test(r.action));
    expect(mutations).toEqual([]);
  });

  test("up creates, and the cloud shows it", async () => {
    await t.stack.ok("up", "--yes", "--skip-preview");
    await scenario.expectCreated(await t.emulator.control.state());
  });

  test("a second preview and a refresh show no changes", async () => {
    await t.stack.ok("preview", "--expect-no-changes");
    await t.stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  });

  test("state holds no credential, and each __provider is tiny", async () => {
    const state = await t.stack.exportState();
    for (const secret of secrets) expect(state.text).not.toContain(secret);
    for (const file of t.stack.backendFiles()) {
      const text = fs.readFileSync(file, "utf8");
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    const dynamic = state.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(dynamic.map((r) => r.type).sort()).toEqual([...scenario.types].sort());
    for (const resource of dynamic) {
      const size = Buffer.byteLength(String(resource.outputs.__provider));
      providerSizes[resource.type] = size;
      expect(size).toBeLessThanOrEqual(2048);
    }
  });

  test("an in-place update changes without replacing", async () => {
    await t.stack.setConfig(scenario.update.config);
    const preview = await t.stack.ok("preview", "--diff");
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic/);
    expect(preview.stdout).not.toMatch(/\+-pulumi-nodejs|--pulumi-nodejs|-\+pulumi-nodejs/);
    await t.stack.ok("up", "--yes", "--skip-preview");
    await scenario.update.expect?.(await t.emulator.control.state(), await t.stack.outputs());
    await t.stack.ok("preview", "--expect-no-changes");
  });

  test("a replace runs in a safe order", async () => {
    await t.emulator.control.clearRequests();
    await t.stack.setConfig(scenario.replace.config);
    const preview = await t.stack.ok("preview", "--diff");
    expect(preview.stdout).toMatch(/replace/);
    await t.stack.ok("up", "--yes", "--skip-preview");
    const log = await t.emulator.control.requests();
    const positions = scenario.replace.order.map((action) => indexOfAction(log, action));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    await scenario.replace.expect(await t.emulator.control.state());
    await t.stack.ok("preview", "--expect-no-changes");
  });

  test("drift made behind Pulumi's back is seen by refresh and repaired by up", async () => {
    await scenario.drift.make(t.emulator);
    const refresh = await t.stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    expect(refresh.code).not.toBe(0); // refresh found a difference
    await t.stack.ok("up", "--yes", "--skip-preview");
    await scenario.replace.expect(await t.emulator.control.state());
    await t.stack.ok("preview", "--expect-no-changes");
  });

  test("destroy leaves the cloud as seeded", async () => {
    await t.stack.ok("destroy", "--yes", "--skip-preview");
    expect(cloudResources(await t.emulator.control.state())).toEqual(seedState);
  });
});
