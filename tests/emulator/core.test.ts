// Emulator core: seed validation, fault book, clock, control API, persistence across a restart,
// and the netattach-emulator CLI.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorClock } from "../../emulator/core/clock";
import { FaultBook } from "../../emulator/core/faults";
import { SeededRandom } from "../../emulator/core/random";
import { SeedError, validateSeed } from "../../emulator/core/seed";
import { ControlCallError, startTestEmulator } from "../helpers/emulator";
import { aliSeed, clients, expectAliError, POST, REGION } from "./alicloud-fixture";
import { ensureBuiltCli, outputUntilEnvLines, ROOT } from "./built-cli";
import { expectTencentError, ids as tcIds, tencentSeed, vpcClient as tcVpcClient } from "./tencentcloud-fixtures";


describe("seed validation", () => {
  test("rejects a seed without accounts, a bad networkType, an unknown account, a bad fault", () => {
    expect(() => validateSeed({})).toThrow(SeedError);
    const bad = (patch: Record<string, unknown>) => () => validateSeed({ ...aliSeed(), ...patch });
    expect(bad({ alicloud: { instances: [{ instanceId: "i-1", region: "r", zone: "z", status: "Running", networkType: "lan" }] } })).toThrow(/networkType/);
    expect(bad({ alicloud: { vpcs: [{ vpcId: "v", region: "r", cidrBlock: "c", account: "carol" }] } })).toThrow(/unknown account/);
    expect(bad({ faults: [{ effect: { type: "explode" } }] })).toThrow(/effect.type/);
    expect(() => validateSeed(aliSeed())).not.toThrow();
  });
});

describe("fault book", () => {
  test("count, phase, cloud/action matching; decide() never returns a taskFailed rule", () => {
    const random = new SeededRandom(1);
    const book = new FaultBook(() => random.next(), () => 0);
    book.load({
      faults: [
        { cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "boom" } },
        { action: "X", phase: "after", effect: { type: "reset" } },
      ],
      rateLimits: [],
    });
    expect(book.decide({ cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "before" })).toEqual({ kind: "none" });
    expect(book.decide({ cloud: "tencentcloud", action: "AttachClassicLinkVpc", phase: "before" })).toEqual({ kind: "none" });
    expect(book.dump().faults[0].count).toBe(1); // not used up by decide()
    expect(book.decide({ cloud: "alicloud", action: "X", phase: "before" })).toEqual({ kind: "none" });
    expect(book.decide({ cloud: "alicloud", action: "X", phase: "after" })).toEqual({ kind: "reset" });
  });
  test("taskFailure(): only Tencent, consumes the count only when asked; a rule without cloud is not used up by Alibaba", () => {
    const book = new FaultBook(() => 0, () => 0);
    book.load({ faults: [{ action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "boom" } }], rateLimits: [] });
    expect(book.taskFailure("alicloud", "AttachClassicLinkVpc")).toBeUndefined();
    expect(book.decide({ cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "before" })).toEqual({ kind: "none" });
    expect(book.taskFailure("tencentcloud", "DetachClassicLinkVpc")).toBeUndefined();
    expect(book.dump().faults[0].count).toBe(1);
    expect(book.taskFailure("tencentcloud", "AttachClassicLinkVpc")).toBe("boom");
    expect(book.taskFailure("tencentcloud", "AttachClassicLinkVpc")).toBeUndefined();
  });
  test("a taskFailed rule with phase \"after\" is invalid (seed and POST faults: 400)", async () => {
    const rule = { cloud: "tencentcloud", action: "AttachClassicLinkVpc", phase: "after", effect: { type: "taskFailed", output: "x" } };
    expect(() => validateSeed({ ...aliSeed(), faults: [rule] })).toThrow(/phase/);
    const emu = await startTestEmulator(aliSeed());
    try {
      await expect(emu.control.faults({ faults: [rule] })).rejects.toMatchObject({ status: 400 });
      await expect(emu.control.reset({ ...aliSeed(), faults: [rule] })).rejects.toMatchObject({ status: 400 });
      expect((await emu.control.state()).faults).toEqual([]);
    } finally {
      await emu.close();
    }
  });
  test("latency lookup order: cloud:Action, Action, cloud:*, *", () => {
    const book = new FaultBook(() => 0, () => 0);
    book.load({ faults: [], rateLimits: [], latencyMs: { "alicloud:A": 1, A: 2, "tencentcloud:*": 3, "*": 4 } });
    expect([book.latencyFor("alicloud", "A"), book.latencyFor("tencentcloud", "A"), book.latencyFor("tencentcloud", "B"), book.latencyFor("alicloud", "B")]).toEqual([1, 2, 3, 4]);
  });
});

describe("clock", () => {
  test("advance moves emulator time, never wall time", () => {
    let wall = 1000;
    const clock = new EmulatorClock(() => wall);
    clock.load({ mode: "ms", ms: 10 });
    clock.advance(500);
    wall = 1100;
    expect([clock.now(), clock.wallNow()]).toEqual([1600, 1100]);
    expect(clock.dump()).toEqual({ mode: "ms", ms: 10, offsetMs: 500 });
  });
});

describe("control API", () => {
  test("reset/state round trip, invalid seeds rejected with 400 and nothing changed, requests log and clear", async () => {
    const emu = await startTestEmulator(aliSeed());
    try {
      const dump = await emu.control.state();
      await emu.control.reset(dump);
      expect(await emu.control.state()).toEqual(dump);
      await expect(emu.control.reset({ accounts: [] })).rejects.toMatchObject({ status: 400 });
      await expect(emu.control.reset({ ...aliSeed(), alicloud: { instances: [], vpcs: [], classicLinks: [{ instanceId: "i-x", vpcId: "vpc-y" }] } })).rejects.toBeInstanceOf(ControlCallError);
      expect(await emu.control.state()).toEqual(dump);
      const { vpc } = clients(emu.url);
      await vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
      expect(await emu.control.requests({ cloud: "alicloud" })).toEqual([expect.objectContaining({ cloud: "alicloud", service: "vpc", action: "DescribeVpcs", account: "alice", status: 200 })]);
      await emu.control.clearRequests();
      expect(await emu.control.requests()).toEqual([]);
      await expect(emu.control.alicloud("noSuchOp", {})).rejects.toMatchObject({ status: 404 });
      await expect(emu.control.alicloud("lockInstance", { instanceId: "i-nowhere" })).rejects.toMatchObject({ status: 404 });
    } finally {
      await emu.close();
    }
  });

  test("out-of-band ops change what the API answers", async () => {
    const emu = await startTestEmulator(aliSeed({ clock: { mode: "immediate" } }));
    try {
      await emu.control.alicloud("addLink", { instanceId: "i-classic", vpcId: "vpc-one" });
      await emu.control.alicloud("removeLink", { instanceId: "i-linked" });
      await emu.control.alicloud("lockInstance", { instanceId: "i-stopped" });
      await emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-inuse", instanceId: "i-vpcstopped" });
      await emu.control.alicloud("setVpcClassicLink", { vpcId: "vpc-off", enabled: true });
      const s = (await emu.control.state()).alicloud!;
      expect(s.classicLinks).toEqual([{ instanceId: "i-classic", vpcId: "vpc-one" }]);
      expect(s.instances?.find((i) => i.instanceId === "i-stopped")?.locked).toBe(true);
      expect(s.networkInterfaces?.find((n) => n.networkInterfaceId === "eni-inuse")).toMatchObject({ status: "InUse", instanceId: "i-vpcstopped" });
      expect(s.vpcs?.find((v) => v.vpcId === "vpc-off")?.classicLinkEnabled).toBe(true);
    } finally {
      await emu.close();
    }
  });
});

describe("fault decisions are independent of other traffic", () => {
  // alice's Tencent credentials in aliSeed(), and a Tencent region the emulator knows.
  const TC_ALICE = { secretId: "AKIDalice", secretKey: "alice-tc" };
  const tcSection = { vpcs: [{ vpcId: "vpc-tc0001", region: "ap-guangzhou", cidrBlock: "10.0.0.0/16" }] };
  const seed = () =>
    aliSeed({
      tencentcloud: tcSection,
      randomSeed: 4242,
      faults: [{ cloud: "alicloud", action: "DescribeVpcs", probability: 0.5, effect: { type: "error", code: "ServiceUnavailable", status: 503 } }],
    });

  async function pattern(url: string, tencentBetween: boolean): Promise<string[]> {
    const { vpc } = clients(url);
    const tc = tcVpcClient(url, { credentials: TC_ALICE });
    const out: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      if (tencentBetween) {
        // Each Tencent call draws its RequestId; that must not move the fault stream.
        await tc.DescribeVpcs({});
        await tc.DescribeVpcs({});
      }
      try {
        await vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
        out.push("ok");
      } catch (e) {
        const { code, entry } = e as { code?: string; entry?: { response?: { statusCode?: number } } };
        out.push(`${code}/${entry?.response?.statusCode}`);
      }
    }
    return out;
  }

  test("same randomSeed + a probability-0.5 Alibaba fault: the same fire pattern with and without Tencent calls in between", async () => {
    const emu = await startTestEmulator(seed());
    try {
      const alone = await pattern(emu.url, false);
      expect(alone).toContain("ok");
      expect(alone).toContain("ServiceUnavailable/503");
      await emu.control.reset(seed());
      const interleaved = await pattern(emu.url, true);
      expect(interleaved).toEqual(alone);
      expect((await emu.control.requests({ cloud: "tencentcloud" })).length).toBe(32);
    } finally {
      await emu.close();
    }
  });
});

describe("POST faults", () => {
  test("keeps the rate-limit windows when rateLimits is not given; restarts them when it is", async () => {
    const emu = await startTestEmulator(aliSeed({ rateLimits: [{ cloud: "alicloud", action: "DescribeVpcs", limit: 1, windowMs: 3_600_000 }] }));
    try {
      const { vpc } = clients(emu.url);
      await vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
      await expectAliError(vpc.request("DescribeVpcs", { RegionId: REGION }, POST), "Throttling.User", 400);
      await emu.control.faults({ faults: [], latencyMs: 0 });
      await expectAliError(vpc.request("DescribeVpcs", { RegionId: REGION }, POST), "Throttling.User", 400);
      await emu.control.faults({ rateLimits: [{ cloud: "alicloud", action: "DescribeVpcs", limit: 1, windowMs: 3_600_000 }] });
      await vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
      await expectAliError(vpc.request("DescribeVpcs", { RegionId: REGION }, POST), "Throttling.User", 400);
    } finally {
      await emu.close();
    }
  });
});

describe("taskFailed rules are used up only by a task actually created", () => {
  test("count 1: a call rejected with ActionLocked leaves it; the next valid call's task ends FAILED; Alibaba calls never use it", async () => {
    const emu = await startTestEmulator(tencentSeed());
    try {
      await emu.control.faults({ faults: [{ action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "InternalError: route table busy" } }] });
      const tc = tcVpcClient(emu.url);
      await expectTencentError(tc.AttachClassicLinkVpc({ VpcId: tcIds.linkableVpc, InstanceIds: [tcIds.classicLocked] }), "ActionLocked");
      expect(((await emu.control.faults({})) as { faults: { count?: number }[] }).faults[0].count).toBe(1);
      const { RequestId } = await tc.AttachClassicLinkVpc({ VpcId: tcIds.linkableVpc, InstanceIds: [tcIds.classicRunning] });
      const result = await tc.DescribeVpcTaskResult({ TaskId: RequestId as string });
      expect([result.Status, result.Output]).toEqual(["FAILED", "InternalError: route table busy"]);
      expect(((await emu.control.faults({})) as { faults: { count?: number }[] }).faults[0].count).toBe(0);
      // Used up: the next attach succeeds.
      const again = await tc.AttachClassicLinkVpc({ VpcId: tcIds.linkableVpc, InstanceIds: [tcIds.classicStopped] });
      expect((await tc.DescribeVpcTaskResult({ TaskId: again.RequestId as string })).Status).toBe("SUCCESS");
    } finally {
      await emu.close();
    }
  });
});

describe("persistence", () => {
  test("state survives a restart with the same statePath (the file wins over the seed)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-emu-"));
    const statePath = path.join(dir, "state.json");
    const first = await startTestEmulator(aliSeed({ clock: { mode: "ms", ms: 60_000 } }), { statePath });
    const { ecs, vpc } = clients(first.url);
    const enabled = await vpc.request<{ RequestId: string }>("EnableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-off", ClientToken: "persist-1" }, POST);
    await ecs.request("AttachClassicLinkVpc", { RegionId: REGION, InstanceId: "i-classic", VpcId: "vpc-off" }, POST);
    await ecs.request("AttachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: "eni-free", InstanceId: "i-vpc" }, POST);
    await first.control.clock({ advanceMs: 1234 });
    const before = await first.control.state();
    await first.close();

    const second = await startTestEmulator({ accounts: [{ name: "someone-else" }] }, { statePath });
    try {
      expect(await second.control.state()).toEqual(before);
      const replay = await clients(second.url).vpc.request<{ RequestId: string }>("EnableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-off", ClientToken: "persist-1" }, POST);
      // The first call's RequestId again, not a fresh one: the token survived the restart.
      expect(enabled.RequestId).toEqual(expect.any(String));
      expect(replay.RequestId).toBe(enabled.RequestId);
    } finally {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CLI", () => {
  test("netattach-emulator --port 0 --seed examples/emulator-seed.json prints its URL and env lines", async () => {
    const cli = ensureBuiltCli();
    const child = spawn(process.execPath, [cli, "--port", "0", "--seed", path.join(ROOT, "examples/emulator-seed.json")], { cwd: ROOT });
    let out = "";
    try {
      out = await outputUntilEnvLines(child);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      for (const line of [
        "export ALICLOUD_ACCESS_KEY=LTAIdemoAccessKey01",
        "export ALICLOUD_SECRET_KEY=demoAlicloudSecret01",
        "export ALICLOUD_REGION=cn-hangzhou",
        `export ALICLOUD_ECS_ENDPOINT=${url}`,
        `export ALICLOUD_VPC_ENDPOINT=${url}`,
        "export TENCENTCLOUD_SECRET_ID=AKIDdemoSecretId0001",
        "export TENCENTCLOUD_SECRET_KEY=demoTencentSecretKey01",
        "export TENCENTCLOUD_REGION=ap-guangzhou",
        `export TENCENTCLOUD_VPC_ENDPOINT=${url}`,
        `export TENCENTCLOUD_CVM_ENDPOINT=${url}`,
      ]) {
        expect(out).toContain(line);
      }
      const state = (await (await fetch(`${url}/__emulator/state`)).json()) as { alicloud: { instances: { instanceId: string }[] } };
      expect(state.alicloud.instances.map((i) => i.instanceId)).toEqual(expect.arrayContaining(["i-classic0001", "i-vpc0001"]));
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }, 120_000);
});
