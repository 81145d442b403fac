// Coalescing across resources of one provider process, driven through the resources' provider
// methods against the emulator with the real SDKs: many resources at once share calls, and each
// still gets its own result and its own error.

import { classicLinkAttachment } from "../../provider/resources/tencentcloud/classicLinkAttachment";
import { eniAttachment } from "../../provider/resources/tencentcloud/eniAttachment";
import { closeTencentcloudClients, IDLE_SOCKET_MS, tencentcloudConnections } from "../../provider/clouds/tencentcloud/client";
import { describeInstance } from "../../provider/clouds/tencentcloud/cvm";
import { describeVpc } from "../../provider/clouds/tencentcloud/vpc";
import { realRuntime } from "../../provider/core/runtime";
import { harness, OTHER_SECRET_ID, OTHER_SECRET_KEY, REGION, seed, ZONE } from "./tencentcloud-fixtures";

const h = harness();
const FLEET = Array.from({ length: 12 }, (_, i) => `ins-fleet${String(i).padStart(3, "0")}`);
const ENIS = Array.from({ length: 6 }, (_, i) => `eni-fleet${String(i).padStart(3, "0")}`);
const VPC_INSTANCES = ENIS.map((_, i) => `ins-fleetv${String(i).padStart(2, "0")}`);

/** The fixtures' seed plus a fleet of basic-network instances (one locked) and of VPC instances with free ENIs. */
async function resetFleet(extra: { faults?: unknown[]; locked?: string } = {}) {
  const base = seed({ faults: extra.faults }) as ReturnType<typeof seed> & { tencentcloud: Record<string, unknown[]> };
  const tc = base.tencentcloud;
  tc.instances = [
    ...tc.instances,
    ...FLEET.map((instanceId) => ({ instanceId, region: REGION, zone: ZONE, networkType: "classic", status: "RUNNING", ...(instanceId === extra.locked ? { locked: true } : {}) })),
    ...VPC_INSTANCES.map((instanceId) => ({ instanceId, region: REGION, zone: ZONE, networkType: "vpc", vpcId: "vpc-main0001", subnetId: "subnet-main0001", status: "RUNNING" })),
  ];
  tc.networkInterfaces = [
    ...tc.networkInterfaces,
    ...ENIS.map((networkInterfaceId) => ({ networkInterfaceId, region: REGION, zone: ZONE, vpcId: "vpc-main0001", subnetId: "subnet-main0001", type: "Secondary", status: "AVAILABLE" })),
  ];
  await h.emu.control.reset(base);
  await h.emu.control.clearRequests();
}

const linkedTo = async () => new Map(((await h.emu.control.state()).tencentcloud?.classicLinks ?? []).map((l) => [l.instanceId, l.vpcId]));
const instanceIdsOf = (call: { params?: unknown }) => (call.params as { InstanceIds: string[] }).InstanceIds;

describe("Tencent ClassicLink across resources", () => {
  test("12 links made at once: one DescribeInstances, one DescribeVpcs, one AttachClassicLinkVpc with 12 InstanceIds and one task; each resource gets its own outputs", async () => {
    await resetFleet();
    const results = await Promise.all(FLEET.map((instanceId) => classicLinkAttachment(h.ctx()).create({ instanceId, vpcId: "vpc-main0001" })));
    expect(results.map((r) => r.id)).toEqual(FLEET.map((i) => `vpc-main0001#${i}`));
    expect(results.map((r) => r.outs.instanceId)).toEqual(FLEET);
    const attach = await h.calls("AttachClassicLinkVpc");
    expect(attach).toHaveLength(1);
    expect(instanceIdsOf(attach[0]).sort()).toEqual(FLEET);
    expect(new Set(results.map((r) => r.outs.lastTaskId))).toEqual(new Set([attach[0].requestId]));
    expect(await h.calls("DescribeInstances")).toHaveLength(1);
    expect(await h.calls("DescribeVpcs")).toHaveLength(1);
    // Link lookups filtered by vm-ip, five instances per call; one poll of the one task.
    expect((await h.calls("DescribeClassicLinkInstances")).length).toBe(Math.ceil(FLEET.length / 5));
    expect(await h.calls("DescribeVpcTaskResult")).toHaveLength(1);
    const links = await linkedTo();
    for (const instanceId of FLEET) expect(links.get(instanceId)).toBe("vpc-main0001");
  });

  test("links made one after another share one DescribeVpcs (a precheck takes an earlier \"it exists\"); a VPC not found is asked again", async () => {
    await resetFleet();
    const ctx = h.ctx();
    for (const instanceId of FLEET.slice(0, 3)) await classicLinkAttachment(ctx).create({ instanceId, vpcId: "vpc-main0001" });
    expect(await h.calls("DescribeVpcs")).toHaveLength(1);
    for (const instanceId of FLEET.slice(3, 5)) {
      await expect(classicLinkAttachment(ctx).create({ instanceId, vpcId: "vpc-nothere1" })).rejects.toThrow("VPC vpc-nothere1 was not found");
    }
    expect(await h.calls("DescribeVpcs")).toHaveLength(3);
  });

  test("a batch refused because of one locked instance is split: the other 11 link, the locked one fails alone with its own code", async () => {
    const locked = FLEET[5];
    await resetFleet({ locked });
    const results = await Promise.allSettled(
      FLEET.map((instanceId) => classicLinkAttachment(h.ctx()).create({ instanceId, vpcId: "vpc-main0001", timeouts: { create: "20s" } })),
    );
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [[FLEET[i], r.reason]] : []));
    expect(failed.map(([id]) => id)).toEqual([locked]);
    expect(failed[0][1]).toMatchObject({ cloud: "tencentcloud", action: "AttachClassicLinkVpc", code: "ActionLocked" });
    const attach = await h.calls("AttachClassicLinkVpc");
    expect(instanceIdsOf(attach[0])).toHaveLength(12);
    expect(attach[0].errorCode).toBe("ActionLocked");
    // Then each alone: 11 answered with their own task, the locked one refused (and retried alone until its deadline).
    const alone = attach.slice(1);
    expect(alone.every((c) => instanceIdsOf(c).length === 1)).toBe(true);
    expect(alone.filter((c) => !c.errorCode).map((c) => instanceIdsOf(c)[0]).sort()).toEqual(FLEET.filter((i) => i !== locked));
    expect(alone.filter((c) => c.errorCode).every((c) => instanceIdsOf(c)[0] === locked && c.errorCode === "ActionLocked")).toBe(true);
    const taskIds = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.outs.lastTaskId] : []));
    expect(new Set(taskIds).size).toBe(11);
    const links = await linkedTo();
    for (const instanceId of FLEET) expect(links.get(instanceId)).toBe(instanceId === locked ? undefined : "vpc-main0001");
  });

  test("a batch whose task ends FAILED (rolled back) is sent again instance by instance; every link is made once", async () => {
    await resetFleet({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "quota check failed" } }] });
    const results = await Promise.all(FLEET.map((instanceId) => classicLinkAttachment(h.ctx()).create({ instanceId, vpcId: "vpc-main0001" })));
    const attach = await h.calls("AttachClassicLinkVpc");
    expect(instanceIdsOf(attach[0])).toHaveLength(12);
    expect(attach.slice(1).map((c) => instanceIdsOf(c)[0]).sort()).toEqual(FLEET);
    expect(new Set(results.map((r) => r.outs.lastTaskId)).size).toBe(12);
    expect(results.every((r) => r.outs.lastTaskId !== attach[0].requestId)).toBe(true);
    const links = await linkedTo();
    for (const instanceId of FLEET) expect(links.get(instanceId)).toBe("vpc-main0001");
  });

  test("12 links removed at once: one DetachClassicLinkVpc; a link already gone is no call at all", async () => {
    await resetFleet();
    const made = await Promise.all(FLEET.map((instanceId) => classicLinkAttachment(h.ctx()).create({ instanceId, vpcId: "vpc-main0001" })));
    await h.emu.control.tencentcloud("removeLink", { instanceId: FLEET[0] });
    await h.emu.control.clearRequests();
    await Promise.all(made.map((m) => classicLinkAttachment(h.ctx()).delete(m.id, m.outs)));
    const detach = await h.calls("DetachClassicLinkVpc");
    expect(detach).toHaveLength(1);
    expect(instanceIdsOf(detach[0]).sort()).toEqual(FLEET.slice(1));
    expect(await linkedTo()).toEqual(new Map([["ins-linked01", "vpc-main0001"], ["ins-linked02", "vpc-other001"]]));
  });

  test("a link removed by a process that has not read its instance: one DescribeInstances serves the link lookup (private IP) and the state precheck", async () => {
    await resetFleet();
    const outs = { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked", adopted: true };
    await classicLinkAttachment(h.ctx()).delete("vpc-main0001#ins-linked01", outs as never);
    expect(await h.calls("DescribeInstances")).toHaveLength(1);
    expect(await h.calls("DetachClassicLinkVpc")).toHaveLength(1);
    expect((await linkedTo()).has("ins-linked01")).toBe(false);
  });
});

describe("Tencent ENI attachments across resources", () => {
  test("6 attachments at once share their reads; one with an unknown ENI fails alone with its own error, the rest attach", async () => {
    await resetFleet();
    const pairs = ENIS.map((networkInterfaceId, i) => ({ networkInterfaceId, instanceId: VPC_INSTANCES[i] }));
    pairs[2] = { networkInterfaceId: "eni-nothere9", instanceId: VPC_INSTANCES[2] };
    const results = await Promise.allSettled(pairs.map((p) => eniAttachment(h.ctx()).create(p)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason.message).toContain("ENI eni-nothere9 was not found");
    // One batched DescribeNetworkInterfaces refused as a whole (ResourceNotFound), then split.
    const reads = await h.calls("DescribeNetworkInterfaces");
    expect(reads[0].errorCode).toBe("ResourceNotFound");
    // ...plus one coalesced read of the five attached ENIs after their tasks succeed, for the
    // deviceIndex and attachType the outputs report.
    expect(reads.length).toBe(1 + pairs.length + 1);
    expect(await h.calls("DescribeInstances")).toHaveLength(1);
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(5);
    const enis = new Map(((await h.emu.control.state()).tencentcloud?.networkInterfaces ?? []).map((e) => [e.networkInterfaceId, e.instanceId]));
    pairs.forEach((p, i) => i !== 2 && expect(enis.get(p.networkInterfaceId)).toBe(p.instanceId));
  });
});

describe("connections", () => {
  test("one SDK client per account, region and service, its socket kept alive and reused across calls and resources", async () => {
    await resetFleet();
    closeTencentcloudClients();
    await describeInstance(h.op(), FLEET[0]);
    expect(tencentcloudConnections().clients).toBe(1);
    const [socket] = tencentcloudConnections().idleSockets;
    expect(socket).toBeDefined();
    for (const instanceId of FLEET.slice(1, 4)) await describeInstance(h.op(), instanceId);
    expect(tencentcloudConnections()).toEqual({ clients: 1, idleSockets: [socket] });
    await describeVpc(h.op(), "vpc-main0001");
    expect(tencentcloudConnections().clients).toBe(2); // VPC is another service
    const other = { ...h.op(), settings: h.ctx({ TENCENTCLOUD_SECRET_ID: OTHER_SECRET_ID, TENCENTCLOUD_SECRET_KEY: OTHER_SECRET_KEY }).settings };
    await describeInstance(other, "ins-otheracc");
    expect(tencentcloudConnections().clients).toBe(3); // another account
  });

  test("an idle pooled socket is closed by the client after IDLE_SOCKET_MS, before a server would reset it", async () => {
    await describeInstance(h.op(), FLEET[0]);
    expect(tencentcloudConnections().idleSockets.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SOCKET_MS + 500));
    expect(tencentcloudConnections().idleSockets).toEqual([]);
  }, 15_000);
});

describe("rate limits", () => {
  // The real clock, as in the provider process: the governor (one per clock) paces in real time,
  // like the emulator's rate windows.
  const attachAll = (env: Record<string, string> = {}) => {
    const pairs = ENIS.map((networkInterfaceId, i) => ({ networkInterfaceId, instanceId: VPC_INSTANCES[i] }));
    return Promise.allSettled(pairs.map((p) => eniAttachment({ ...h.ctx(env), runtime: realRuntime }).create(p)));
  };
  const throttledAnswers = async () => (await h.calls()).filter((c) => c.errorCode === "RequestLimitExceeded");

  test("the governor paces to the limits set in netattach:rateLimits: under the same emulator limits, no call is throttled", async () => {
    await resetFleet();
    const limits = [{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", limit: 2, windowMs: 1_000 }, { cloud: "tencentcloud", action: "AttachNetworkInterface", limit: 2, windowMs: 1_000 }];
    await h.emu.control.faults({ rateLimits: limits });
    const results = await attachAll({ NETATTACH_RATE_LIMITS: JSON.stringify(limits) });
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await throttledAnswers()).toEqual([]);
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(ENIS.length);
  }, 30_000);

  test("a cloud stricter than the presets: its throttle answers are waited out (the governor slows down), no resource fails", async () => {
    await resetFleet();
    await h.emu.control.faults({ rateLimits: [{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", limit: 2, windowMs: 1_000 }] });
    const results = await attachAll();
    expect(results.map((r) => r.status)).toEqual(ENIS.map(() => "fulfilled"));
    expect((await throttledAnswers()).length).toBeGreaterThan(0);
    const enis = new Map(((await h.emu.control.state()).tencentcloud?.networkInterfaces ?? []).map((e) => [e.networkInterfaceId, e.instanceId]));
    ENIS.forEach((eniId, i) => expect(enis.get(eniId)).toBe(VPC_INSTANCES[i]));
  }, 30_000);
});
