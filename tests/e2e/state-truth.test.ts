// The stack is never wrong about the cloud (issue 8), through the real CLI and the packed package
// against the emulator: faults and outages made through its control API or a restart. Every
// scenario asserts the exact stack state (pulumi stack export), the cloud state (the emulator's
// dump), 0 orphans after destroy and 0 changes accepted twice (the request log).
// One stack per describe block; several resources per program (tests/e2e/programs/declared).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, RunningEmulator } from "../../emulator";
import { ensurePulumi } from "../../scripts/lib/pulumi-cli";
import { controlClient, LoggedRequest, TestEmulator } from "../helpers/emulator";
import { declaredProgram, fleet, fleetSeed, ids, ResourceSpec, specOf, TENCENT_VPC2, writeSpecs } from "../helpers/fleet";
import { EmulatedStack, providerEnv, Stack, useEmulatedStack } from "../helpers/stack";
import { cloudMismatches, collectRequests, duplicates, dynamicResources, expectedId, nameOf, orphans, stackMismatches, StackResource } from "../helpers/truth";

jest.setTimeout(15 * 60_000);

const UP = ["up", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];
const REFRESH = ["refresh", "--yes", "--skip-preview"];

let binDir: string;
beforeAll(() => {
  binDir = ensurePulumi();
});

/** One CLI command with the request log cleared before it: its result and every request it made. */
async function logged(t: EmulatedStack, ...args: string[]): Promise<{ code: number | null; output: string; requests: LoggedRequest[] }> {
  const log = collectRequests(t.emulator.emulator);
  const result = await t.stack.run(...args);
  return { code: result.code, output: result.output, requests: log.stop() };
}

async function stackResources(stack: Stack): Promise<StackResource[]> {
  return dynamicResources((await stack.exportState()).resources as StackResource[]);
}

const cloud = (t: EmulatedStack): Promise<any> => t.emulator.control.state();
const sent = (requests: LoggedRequest[], action: string, cloudName?: string) =>
  requests.filter((r) => r.action === action && (cloudName === undefined || r.cloud === cloudName));

/** Destroy: exit 0, nothing left in the stack, nothing left in the cloud, nothing done twice. */
async function expectCleanDestroy(t: EmulatedStack, before: any): Promise<void> {
  const destroy = await logged(t, ...DESTROY);
  expect(destroy.code === 0 ? "" : destroy.output.slice(-3000)).toBe("");
  expect(duplicates(destroy.requests)).toEqual([]);
  expect(await stackResources(t.stack)).toEqual([]);
  expect(orphans(before, await cloud(t))).toEqual([]);
}

describe("three lost answers in a row on every change of all five resources (two before the cloud applies it, one after)", () => {
  const { seed, specs } = fleet(5);
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("lost-answers", specs) });
  const lostThrice = (changes: Array<[string, string]>) =>
    changes.flatMap(([cloudName, action]) => [
      { cloud: cloudName, action, phase: "before", count: 2, effect: { type: "reset" } },
      { cloud: cloudName, action, phase: "after", count: 1, effect: { type: "reset" } },
    ]);

  // A Tencent ClassicLink is listed only once its task succeeds (and stays listed while its detach
  // task runs), so after the third lost answer no read can tell: its change is resent (the cloud
  // answers ActionLocked while the task runs) until the link shows. Every resource must succeed.
  const SETTLED: Record<string, string> = { "setting-0": "Enabled", "alink-0": "Linked", "aeni-0": "InUse", "tlink-0": "linked", "teni-0": "attached" };
  // The first three sends of each change are lost; Tencent's ClassicLink sends go on, refused by the cloud.
  const sendsOf = (requests: LoggedRequest[], cloudName: string, action: string) => {
    const outcomes = sent(requests, action, cloudName).map((r) => (r.outcome === "reset" ? "reset" : r.errorCode ?? "accepted"));
    const refusedRepeats = /^(ActionLocked|UnsupportedOperation\.ClassicInstanceIdAlreadyExists|ResourceNotFound)$/;
    return `${cloudName} ${action}: ${outcomes.slice(0, 3).join(" ")}${outcomes.slice(3).every((o) => refusedRepeats.test(o)) ? "" : ` then ${outcomes.slice(3).join(" ")}`}`;
  };
  const creates: Array<[string, string]> = [
    ["alicloud", "EnableVpcClassicLink"], ["alicloud", "AttachClassicLinkVpc"], ["alicloud", "AttachNetworkInterface"],
    ["tencentcloud", "AttachClassicLinkVpc"], ["tencentcloud", "AttachNetworkInterface"],
  ];

  test("up: each change's first three sends lost, none twice accepted; every resource recorded with its ID and settled", async () => {
    await t.emulator.control.faults({ faults: lostThrice(creates) });
    const up = await logged(t, ...UP, "--continue-on-error");
    const recorded = await stackResources(t.stack);
    // All findings at once, so a failure names every resource that went wrong.
    expect({
      ids: Object.fromEntries(recorded.map((r) => [nameOf(r), r.id])),
      statuses: Object.fromEntries(recorded.map((r) => [nameOf(r), r.outputs?.status])),
      cloud: cloudMismatches(await cloud(t), specs),
      duplicates: duplicates(up.requests),
      sends: creates.map(([cloudName, action]) => sendsOf(up.requests, cloudName, action)),
      exit: up.code === 0 ? "ok" : up.output.slice(-3000),
    }).toEqual({
      ids: Object.fromEntries(specs.map((s) => [s.name, expectedId(s)])),
      statuses: SETTLED,
      cloud: [],
      duplicates: [],
      sends: creates.map(([cloudName, action]) => `${cloudName} ${action}: reset reset reset`),
      exit: "ok",
    });
  });

  test("the next up finishes anything pending without sending a change again; stack and cloud then agree exactly", async () => {
    await t.emulator.control.faults({ faults: [] });
    const up = await logged(t, ...UP);
    expect(up.code === 0 ? "" : up.output.slice(-3000)).toBe("");
    expect(stackMismatches(await stackResources(t.stack), specs)).toEqual([]);
    expect(cloudMismatches(await cloud(t), specs)).toEqual([]);
    expect(up.requests.filter((r) => !/^Describe/.test(r.action))).toEqual([]);
    expect((await t.stack.run("preview", "--expect-no-changes")).code).toBe(0);
  });

  test("destroy under the same on every delete: every delete done, nothing left behind, nothing detached twice", async () => {
    const deletes: Array<[string, string]> = [
      ["alicloud", "DisableVpcClassicLink"], ["alicloud", "DetachClassicLinkVpc"], ["alicloud", "DetachNetworkInterface"],
      ["tencentcloud", "DetachClassicLinkVpc"], ["tencentcloud", "DetachNetworkInterface"],
    ];
    await t.emulator.control.faults({ faults: lostThrice(deletes) });
    const destroy = await logged(t, ...DESTROY, "--continue-on-error");
    expect({
      kept: (await stackResources(t.stack)).map(nameOf),
      orphans: orphans(seed, await cloud(t)),
      duplicates: duplicates(destroy.requests),
      sends: deletes.map(([cloudName, action]) => sendsOf(destroy.requests, cloudName, action)),
      exit: destroy.code === 0 ? "ok" : destroy.output.slice(-3000),
    }).toEqual({ kept: [], orphans: [], duplicates: [], sends: deletes.map(([cloudName, action]) => `${cloudName} ${action}: reset reset reset`), exit: "ok" });
  });
});

describe("an 8 s outage of both endpoints in the middle of up (the emulator stopped, restarted on the same port from its state file)", () => {
  // Eight ENI attachments, as in the issue; latency spreads them over a few seconds so the outage lands mid-up.
  const seed = { ...fleetSeed(4), latencyMs: 150 };
  const specs = [0, 1, 2, 3].flatMap((g) => [specOf(g * 5 + 2), specOf(g * 5 + 4)]);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-outage-"));
  const statePath = path.join(stateDir, "state.json");
  let running: RunningEmulator;
  let stack: Stack;
  const t = {
    get emulator(): TestEmulator {
      return { url: running.url, port: running.port, control: controlClient(running.url), emulator: running, close: () => running.close() };
    },
    get stack() {
      return stack;
    },
  } as EmulatedStack;

  beforeAll(async () => {
    running = await startEmulator({ seed, port: 0, host: "127.0.0.1", statePath });
    stack = new Stack(declaredProgram("outage", specs), binDir, providerEnv(running.url, seed));
    await stack.init();
  });
  afterAll(async () => {
    await stack?.run(...DESTROY);
    stack?.cleanup();
    await running?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  test("up rides out the outage: all eight recorded and attached, nothing accepted twice", async () => {
    const log = collectRequests(running);
    let finished = false;
    const up = stack.run(...UP).finally(() => {
      finished = true;
    });
    // The outage starts once the first attach has been sent.
    while (!finished && !log.seen().some((r) => r.action === "AttachNetworkInterface")) await new Promise((r) => setTimeout(r, 50));
    const port = running.port;
    log.switchTo(running);
    await running.close();
    const outageStarted = Date.now();
    await new Promise((r) => setTimeout(r, 8_000));
    running = await startEmulator({ seed, port, host: "127.0.0.1", statePath });
    log.switchTo(running);
    console.log(`outage: ${((Date.now() - outageStarted) / 1000).toFixed(1)} s`);
    const result = await up;
    const requests = log.stop();
    expect(result.code === 0 ? "" : result.output.slice(-3000)).toBe("");
    expect(stackMismatches(await stackResources(stack), specs)).toEqual([]);
    expect(cloudMismatches(await t.emulator.control.state(), specs)).toEqual([]);
    expect(duplicates(requests)).toEqual([]);
  });

  test("destroy leaves nothing behind", async () => {
    await expectCleanDestroy(t, seed);
  });
});

describe("a 10 calls/s rate limit per cloud over 170 resources", () => {
  const { seed, specs } = fleet(170);
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("rate-limit", specs) });
  const limits = { rateLimits: [{ cloud: "alicloud", limit: 10, windowMs: 1000 }, { cloud: "tencentcloud", limit: 10, windowMs: 1000 }] };

  test("up: all 170 recorded exactly and attached, nothing accepted twice", async () => {
    await t.emulator.control.faults(limits);
    const started = Date.now();
    const up = await logged(t, ...UP);
    const throttled = up.requests.filter((r) => /^(Throttling|RequestLimitExceeded)/.test(r.errorCode ?? "")).length;
    console.log(`rate-limited up: ${((Date.now() - started) / 1000).toFixed(0)} s, ${up.requests.length} requests, ${throttled} throttled`);
    expect(up.code === 0 ? "" : up.output.slice(-3000)).toBe("");
    expect(throttled).toBeGreaterThan(0);
    expect(stackMismatches(await stackResources(t.stack), specs)).toEqual([]);
    expect(cloudMismatches(await cloud(t), specs)).toEqual([]);
    expect(duplicates(up.requests)).toEqual([]);
  });

  test("destroy under the same limit leaves nothing behind", async () => {
    await t.emulator.control.faults(limits);
    await expectCleanDestroy(t, seed);
  });
});

describe("a Tencent task that ends FAILED after its create was recorded pending", () => {
  const seed = fleetSeed(1, { clock: { mode: "ms", ms: 3_600_000 } });
  const wanted = [specOf(3), specOf(4)];
  const quick = wanted.map((s) => ({ ...s, args: { ...s.args, timeouts: { create: "3s" } } }));
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("failed-after-pending", quick) });
  const outputs = { AttachClassicLinkVpc: "ClassicLink quota of the VPC is exhausted", AttachNetworkInterface: "no free device index on the instance" };

  test("up times out: both recorded pending with their IDs", async () => {
    await t.emulator.control.faults({
      faults: Object.entries(outputs).map(([action, output]) => ({ cloud: "tencentcloud", action, count: 1, effect: { type: "taskFailed", output } })),
    });
    const up = await logged(t, ...UP);
    expect(up.code).not.toBe(0);
    const recorded = await stackResources(t.stack);
    expect(recorded.map((r) => [nameOf(r), r.id, r.outputs?.status]).sort()).toEqual(wanted.map((s) => [s.name, expectedId(s), "pending"]).sort());
  });

  test("once the tasks end FAILED, the next up reads them and fails with their Output; it never claims health", async () => {
    await t.emulator.control.clock({ advanceMs: 3_600_000 });
    await t.emulator.control.clock({ mode: "immediate" });
    expect(cloudMismatches(await cloud(t), wanted)).toHaveLength(2);
    writeSpecs(t.stack.programDir, wanted);
    const up = await logged(t, ...UP);
    expect(up.code).not.toBe(0);
    for (const output of Object.values(outputs)) expect(up.output).toContain(output);
    // Finishing a pending create reads the task; it sends no new attach.
    expect(sent(up.requests, "AttachClassicLinkVpc").length + sent(up.requests, "AttachNetworkInterface").length).toBe(0);
    // Still recorded (an unfinished change is never forgotten) and never shown healthy.
    const recorded = await stackResources(t.stack);
    expect(recorded.map((r) => [nameOf(r), r.id]).sort()).toEqual(wanted.map((s) => [s.name, expectedId(s)]).sort());
    for (const r of recorded) {
      const healthy = !["pending", "failed"].includes(r.outputs?.status) && !r.initErrors?.length;
      expect({ name: nameOf(r), healthy }).toEqual({ name: nameOf(r), healthy: false });
    }
    expect((await t.stack.run("preview", "--expect-no-changes")).code).not.toBe(0);
  });

  test("refresh then up attaches them for real; destroy leaves nothing behind", async () => {
    expect((await t.stack.run(...REFRESH)).code).toBe(0);
    const up = await logged(t, ...UP);
    expect(up.code === 0 ? "" : up.output.slice(-3000)).toBe("");
    expect(stackMismatches(await stackResources(t.stack), wanted)).toEqual([]);
    expect(cloudMismatches(await cloud(t), wanted)).toEqual([]);
    expect(duplicates(up.requests)).toEqual([]);
    await expectCleanDestroy(t, seed);
  });
});

describe("an ENI already attached to another instance (both clouds)", () => {
  const seed = fleetSeed(2);
  const wanted = [specOf(2), specOf(4)]; // aeni-0, teni-0: ENIs of group 0 on group 0's instances
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("eni-in-use", wanted) });

  test("up fails at once naming where it is attached and the remedy; nothing recorded, nothing changed", async () => {
    const g0 = ids(0);
    const g1 = ids(1);
    await t.emulator.control.alicloud("moveNetworkInterface", { networkInterfaceId: g0.aliEni, instanceId: g1.aliVm });
    await t.emulator.control.tencentcloud("moveNetworkInterface", { networkInterfaceId: g0.tcEni, instanceId: g1.tcVm });
    const before = await cloud(t);
    const up = await logged(t, ...UP);
    expect(up.code).not.toBe(0);
    expect(up.output).toContain(`attached to ${g1.aliVm}`);
    expect(up.output).toContain(`attached to ${g1.tcVm}`);
    expect(up.output).toMatch(/detach it from/);
    expect(up.output).not.toMatch(/retried until the timeout/);
    // At once: no attach waited out as a conflict.
    expect(sent(up.requests, "AttachNetworkInterface", "alicloud").length).toBeLessThanOrEqual(1);
    expect(sent(up.requests, "AttachNetworkInterface", "tencentcloud").length).toBeLessThanOrEqual(1);
    expect(up.requests.length).toBeLessThan(30);
    expect(await stackResources(t.stack)).toEqual([]);
    expect(orphans(before, await cloud(t))).toEqual([]);
    await expectCleanDestroy(t, before);
  });
});

describe("a VpcClassicLinkSetting that adopts a VPC whose ClassicLink was already on", () => {
  const seed = fleetSeed(2);
  const wanted = [specOf(0), specOf(1)]; // setting-0, alink-0
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("adopted-setting", wanted) });
  const g0 = ids(0);
  const outsider = ids(1).aliClassic;

  test("up adopts it without a change; destroy leaves ClassicLink on and the outside link alone", async () => {
    await t.emulator.control.alicloud("setVpcClassicLink", { vpcId: g0.aliVpc, enabled: true });
    await t.emulator.control.alicloud("addLink", { instanceId: outsider, vpcId: g0.aliVpc });
    const before = await cloud(t);
    const up = await logged(t, ...UP);
    expect(up.code === 0 ? "" : up.output.slice(-3000)).toBe("");
    expect(sent(up.requests, "EnableVpcClassicLink")).toEqual([]);
    expect(stackMismatches(await stackResources(t.stack), wanted)).toEqual([]);
    expect(cloudMismatches(await cloud(t), wanted)).toEqual([]);

    const destroy = await logged(t, ...DESTROY);
    expect(destroy.code === 0 ? "" : destroy.output.slice(-3000)).toBe("");
    expect(sent(destroy.requests, "DisableVpcClassicLink")).toEqual([]);
    expect(await stackResources(t.stack)).toEqual([]);
    const after = await cloud(t);
    expect(after.alicloud.vpcs.find((v: any) => v.vpcId === g0.aliVpc).classicLinkEnabled).toBe(true);
    expect(after.alicloud.classicLinks).toEqual([{ instanceId: outsider, vpcId: g0.aliVpc }]);
    expect(orphans(before, after)).toEqual([]);
  });
});

describe("turning ClassicLink off and removing its links in the same change", () => {
  const seed = fleetSeed(2);
  const g0 = ids(0);
  const g1 = ids(1);
  const secondLink: ResourceSpec = { name: "alink-1", type: "alicloud.ClassicLinkAttachment", args: { instanceId: g1.aliClassic, vpcId: g0.aliVpc }, dependsOn: ["setting-0"] };
  const linked = [specOf(0), specOf(1), secondLink];
  const off: ResourceSpec = { ...specOf(0), args: { vpcId: g0.aliVpc, enabled: false } };
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("disable-and-unlink", linked) });

  test("the precheck refuses it before any Disable is sent, naming the linked instances; stack and cloud still agree", async () => {
    expect((await t.stack.run(...UP)).code).toBe(0);
    writeSpecs(t.stack.programDir, [off]);
    const up = await logged(t, ...UP);
    expect(up.code).not.toBe(0);
    expect(sent(up.requests, "DisableVpcClassicLink")).toEqual([]);
    expect(up.output).toContain(g0.aliClassic);
    expect(up.output).toContain(g1.aliClassic);
    // The old hint ("delete their ClassicLinkAttachments first") is wrong here: this change does delete them.
    expect(up.output).not.toMatch(/delete their ClassicLinkAttachments first \(give each attachment dependsOn/);
    const recorded = await stackResources(t.stack);
    const state = await cloud(t);
    expect(state.alicloud.vpcs.find((v: any) => v.vpcId === g0.aliVpc).classicLinkEnabled).toBe(true);
    const recordedLinks = recorded.filter((r) => r.type.endsWith("ClassicLinkAttachment")).map((r) => r.id).sort();
    const cloudLinks = state.alicloud.classicLinks.map((l: any) => `${l.instanceId}:${l.vpcId}`).sort();
    expect(recordedLinks).toEqual(cloudLinks);
  });

  test("the remedy (remove the links in one up, turn ClassicLink off in the next) works; destroy leaves nothing", async () => {
    writeSpecs(t.stack.programDir, [specOf(0)]);
    expect((await logged(t, ...UP)).code).toBe(0);
    writeSpecs(t.stack.programDir, [off]);
    const up = await logged(t, ...UP);
    expect(up.code === 0 ? "" : up.output.slice(-3000)).toBe("");
    expect(stackMismatches(await stackResources(t.stack), [off])).toEqual([]);
    expect(cloudMismatches(await cloud(t), [off])).toEqual([]);
    expect((await cloud(t)).alicloud.classicLinks).toEqual([]);
    await expectCleanDestroy(t, seed);
  });
});

describe("an ENI moved out of band, then refresh, then an up interrupted by a failure (both clouds)", () => {
  // The rule (README, "A moved ENI"): an ENI someone else moved is not this attachment any more.
  // Refresh drops it, the stack never detaches it from where it now is, and an up that wants it
  // back fails at once naming that instance, so it is never left attached nowhere.
  const seed = fleetSeed(2);
  // Deadlines of a minute: a wait that should not happen shows as a timeout naming what it waited for.
  const quick = (spec: ResourceSpec): ResourceSpec => ({ ...spec, args: { ...spec.args, timeouts: { create: "1m", update: "1m", delete: "1m" } } });
  const enis = [quick(specOf(2)), quick(specOf(4))]; // aeni-0, teni-0
  const unrelated = quick(specOf(3)); // tlink-0
  const relinked = { ...unrelated, args: { ...unrelated.args, vpcId: TENCENT_VPC2 } };
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("moved-eni", [...enis, unrelated]) });
  const g0 = ids(0);
  const g1 = ids(1);
  const whereAreTheEnis = async () => {
    const state = await cloud(t);
    return [
      state.alicloud.networkInterfaces.find((n: any) => n.networkInterfaceId === g0.aliEni).instanceId,
      state.tencentcloud.networkInterfaces.find((n: any) => n.networkInterfaceId === g0.tcEni).instanceId,
    ];
  };

  test("refresh drops the moved attachments; the IDs left in the stack all agree with the cloud", async () => {
    expect((await t.stack.run(...UP)).code).toBe(0);
    await t.emulator.control.alicloud("moveNetworkInterface", { networkInterfaceId: g0.aliEni, instanceId: g1.aliVm });
    await t.emulator.control.tencentcloud("moveNetworkInterface", { networkInterfaceId: g0.tcEni, instanceId: g1.tcVm });
    const refresh = await logged(t, ...REFRESH);
    expect(refresh.code).toBe(0);
    expect(refresh.requests.filter((r) => !/^Describe/.test(r.action))).toEqual([]);
    expect(stackMismatches(await stackResources(t.stack), [unrelated])).toEqual([]);
    expect(await whereAreTheEnis()).toEqual([g1.aliVm, g1.tcVm]);
  });

  test("an up interrupted by an unrelated failure fails the ENIs at once naming where they are, and leaves them there", async () => {
    await t.emulator.control.faults({
      faults: [{ cloud: "tencentcloud", action: "DetachClassicLinkVpc", count: 1, effect: { type: "error", code: "UnauthorizedOperation", status: 200 } }],
    });
    writeSpecs(t.stack.programDir, [...enis, relinked]);
    // Pulumi stops starting steps after the first failure, so not every resource may be tried
    // (not with --continue-on-error: Pulumi's engine then hangs after tlink-0's failed delete-before-replace,
    // README "Known limit").
    const up = await logged(t, ...UP);
    expect(up.code).not.toBe(0);
    const tried = [g1.aliVm, g1.tcVm].filter((where) => up.output.includes(`attached to ${where}`));
    expect(tried.length).toBeGreaterThan(0);
    expect(up.output).toMatch(/What to do: detach it from (i-alvm000001|ins-v0000001) first/);
    expect(sent(up.requests, "DetachNetworkInterface")).toEqual([]);
    expect(await whereAreTheEnis()).toEqual([g1.aliVm, g1.tcVm]);
    expect(duplicates(up.requests)).toEqual([]);
    // tlink-0's replace fails at its detach or is never started: the old link is recorded and in the cloud either way.
    expect(stackMismatches(await stackResources(t.stack), [unrelated])).toEqual([]);
    expect(cloudMismatches(await cloud(t), [unrelated])).toEqual([]);
  });

  test("once the ENIs are freed where they were moved, up puts them where the program says; no changes after; destroy leaves nothing", async () => {
    await t.emulator.control.faults({ faults: [] });
    await t.emulator.control.alicloud("detachNetworkInterface", { networkInterfaceId: g0.aliEni });
    await t.emulator.control.tencentcloud("detachNetworkInterface", { networkInterfaceId: g0.tcEni });
    const wanted = [...enis, relinked];
    const up = await logged(t, ...UP);
    expect(up.code === 0 ? "" : up.output.slice(-3000)).toBe("");
    expect(stackMismatches(await stackResources(t.stack), wanted)).toEqual([]);
    expect(cloudMismatches(await cloud(t), wanted)).toEqual([]);
    expect(duplicates(up.requests)).toEqual([]);
    expect((await t.stack.run("preview", "--expect-no-changes")).code).toBe(0);
    await expectCleanDestroy(t, seed);
  });
});

describe("inputs through the CLI: the region after refresh, a provider-region change, unknowns, bounds", () => {
  const { seed, specs } = fleet(5);
  // teni-0's timeouts.create is an output of tlink-0: unknown during the first preview.
  const program = specs.map((s) => (s.name === "teni-0" ? { ...s, createTimeoutFrom: "tlink-0" } : s));
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => declaredProgram("inputs", program) });

  test("a nested unknown timeouts.create previews cleanly, never printing Pulumi's placeholder", async () => {
    const preview = await logged(t, "preview", "--diff");
    expect(preview.code === 0 ? "" : preview.output.slice(-3000)).toBe("");
    expect(preview.output).not.toContain("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(preview.requests.filter((r) => !/^Describe/.test(r.action))).toEqual([]);
  });

  test("after up and refresh the stored inputs carry the region, and a change shows no `- region`", async () => {
    expect((await t.stack.run(...UP)).code).toBe(0);
    expect((await t.stack.run(...REFRESH, "--expect-no-changes")).code).toBe(0);
    const recorded = await stackResources(t.stack);
    expect(recorded.map((r) => [nameOf(r), r.inputs.region]).sort()).toEqual(
      specs.map((s) => [s.name, s.type.startsWith("alicloud") ? "cn-hangzhou" : "ap-guangzhou"]).sort(),
    );
    writeSpecs(t.stack.programDir, program.map((s) => ({ ...s, args: { ...s.args, timeouts: { delete: "30m" } } })));
    const preview = await t.stack.ok("preview", "--diff");
    expect(preview.stdout).toMatch(/5 to update/);
    expect(preview.stdout).not.toMatch(/[-+]\s*region/);
    writeSpecs(t.stack.programDir, program);
    expect((await t.stack.run("preview", "--expect-no-changes")).code).toBe(0);
  });

  test("changing the provider's region shows as a replace on region", async () => {
    await t.stack.setConfig({ "alicloud:region": "cn-shanghai", "tencentcloud:region": "ap-shanghai" });
    const preview = JSON.parse((await t.stack.ok("preview", "--json")).stdout) as { steps: Array<{ op: string; urn: string; replaceReasons?: string[] }> };
    const steps = preview.steps.filter((s) => s.urn.includes("dynamic"));
    expect(steps.map((s) => [s.urn.split("::").pop(), s.op, s.replaceReasons]).sort()).toEqual(
      specs.map((s) => [s.name, "replace", ["region"]]).sort(),
    );
    await t.stack.ok("config", "rm", "alicloud:region");
    await t.stack.ok("config", "rm", "tencentcloud:region");
  });

  test("a 100,000-character region fails check with a short, clear error and nothing is sent", async () => {
    writeSpecs(t.stack.programDir, program.map((s) => (s.name === "aeni-0" ? { ...s, args: { ...s.args, region: "cn-" + "h".repeat(100_000) } } : s)));
    const preview = await logged(t, "preview");
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/too long for a region ID \(at most 32 characters\)/);
    // Pulumi itself prints the value ("property region value {…} has a problem:"); the provider's reason quotes it cut short.
    const failure = preview.output.split("\n").find((line) => line.includes("too long for a region ID"))!;
    const reason = failure.slice(failure.indexOf("has a problem:"));
    expect(reason).toContain("… (100003 characters) is too long");
    expect(reason.length).toBeLessThan(400);
    expect(preview.requests).toEqual([]);
    writeSpecs(t.stack.programDir, program);
  });

  test("destroy leaves nothing behind", async () => {
    await expectCleanDestroy(t, seed);
  });
});
