// Accounts, persistence of the Tencent model (dump/load with work in flight) and out-of-band
// control operations.

import { ControlCallError, startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { BOB, cvmClient, expectTencentError, ids, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

const alice = () => vpcClient(emu.url);
const bob = () => vpcClient(emu.url, { credentials: BOB });
const stateOf = async (id: string) => (await cvmClient(emu.url).DescribeInstances({ InstanceIds: [id] })).InstanceSet?.[0].InstanceState;

describe("accounts", () => {
  it("another account's instance, VPC and ENI do not exist for the caller (ResourceNotFound)", async () => {
    await expectTencentError(alice().AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicBob] }), "ResourceNotFound");
    await expectTencentError(alice().AttachClassicLinkVpc({ VpcId: ids.bobVpc, InstanceIds: [ids.classicRunning] }), "ResourceNotFound");
    await expectTencentError(alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.bobEni] }), "ResourceNotFound");
    await expectTencentError(bob().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance }), "ResourceNotFound");
    await expectTencentError(cvmClient(emu.url, { credentials: BOB }).StopInstances({ InstanceIds: [ids.classicRunning] }), "InvalidInstanceId.NotFound");
  });

  it("lists only the caller's resources, and seeds without `account` belong to the first account", async () => {
    const bobsVpcs = await bob().DescribeVpcs({});
    expect(bobsVpcs.VpcSet?.map((v) => v.VpcId)).toEqual([ids.bobVpc]);
    const bobsInstances = await cvmClient(emu.url, { credentials: BOB }).DescribeInstances({});
    expect(bobsInstances.InstanceSet?.map((i) => i.InstanceId)).toEqual([ids.classicBob]);
    await bob().AttachClassicLinkVpc({ VpcId: ids.bobVpc, InstanceIds: [ids.classicBob] });
    expect((await alice().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.bobVpc] }] })).TotalCount).toBe(0);
  });

  it("another account's task is not found", async () => {
    const { RequestId } = await alice().AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] });
    await expectTencentError(bob().DescribeVpcTaskResult({ TaskId: RequestId as string }), "ResourceNotFound");
  });

  it("resources of another region are not visible", async () => {
    await expectTencentError(vpcClient(emu.url, { region: "ap-shanghai" }).AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] }), "ResourceNotFound");
  });
});

describe("dump and load", () => {
  it("round-trips the section, with a running task, an ATTACHING ENI and a STARTING instance", async () => {
    await emu.control.clock({ mode: "polls", polls: 2 });
    const link = await alice().AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] });
    const eni = await alice().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, ClientToken: "t-1" });
    await cvmClient(emu.url).StartInstances({ InstanceIds: [ids.classicStopped] });
    await alice().DescribeVpcTaskResult({ TaskId: link.RequestId as string }); // one poll recorded

    const dumped = await emu.control.state();
    await emu.control.reset(tencentSeed());
    await emu.control.reset(dumped);
    expect((await emu.control.state()).tencentcloud).toEqual(dumped.tencentcloud);

    expect((await alice().DescribeVpcTaskResult({ TaskId: link.RequestId as string })).Status).toBe("RUNNING");
    expect((await alice().DescribeVpcTaskResult({ TaskId: link.RequestId as string })).Status).toBe("SUCCESS");
    const eniNow = (await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.freeEni] })).NetworkInterfaceSet?.[0];
    expect(eniNow?.State).toBe("ATTACHING");
    expect((await cvmClient(emu.url).DescribeInstances({ InstanceIds: [ids.classicStopped] })).InstanceSet?.[0].InstanceState).toBe("STARTING");
    await expectTencentError(
      alice().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni2, InstanceId: ids.appInstance, ClientToken: "t-1" }),
      "UnsupportedOperation.IdempotentParameterMismatch",
    );
    expect((await alice().DescribeVpcTaskResult({ TaskId: eni.RequestId as string })).Status).toBe("RUNNING");
  });
});

describe("control operations (drift)", () => {
  it("add and remove a link, move and detach an ENI, set status", async () => {
    await emu.control.tencentcloud("addLink", { instanceId: ids.classicRunning, vpcId: ids.linkableVpc });
    expect((await alice().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] })).TotalCount).toBe(1);
    await emu.control.tencentcloud("removeLink", { instanceId: ids.classicRunning });
    expect((await alice().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] })).TotalCount).toBe(0);

    await emu.control.tencentcloud("moveNetworkInterface", { networkInterfaceId: ids.attachedEni, instanceId: ids.appInstance });
    const moved = (await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.attachedEni] })).NetworkInterfaceSet?.[0];
    expect(moved?.Attachment?.InstanceId).toBe(ids.appInstance);
    await emu.control.tencentcloud("detachNetworkInterface", { networkInterfaceId: ids.attachedEni });
    expect((await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.attachedEni] })).NetworkInterfaceSet?.[0].Attachment).toBeNull();

    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "STOPPED" });
    expect((await cvmClient(emu.url).DescribeInstances({ InstanceIds: [ids.classicRunning] })).InstanceSet?.[0].InstanceState).toBe("STOPPED");
  });

  it("rejects unknown operations and ids with a control status", async () => {
    await expect(emu.control.tencentcloud("paintItBlue", {})).rejects.toMatchObject({ status: 404 });
    await expect(emu.control.tencentcloud("lockInstance", { instanceId: "ins-nothere1" })).rejects.toMatchObject({ status: 404 });
    await expect(emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "Running" })).rejects.toMatchObject({ status: 400 });
  });
});

type Section = ReturnType<typeof tencentSeed>["tencentcloud"];

describe("seed validation (reset answers 400 and changes nothing)", () => {
  const bad = (mutate: (section: Record<string, unknown[]>) => void) => {
    const seed = tencentSeed({ mode: "polls", polls: 7 });
    mutate(seed.tencentcloud as unknown as Record<string, unknown[]>);
    return seed;
  };
  const instance: Record<string, unknown> = { instanceId: "ins-extra001", region: "ap-guangzhou", zone: "ap-guangzhou-3", networkType: "classic", status: "RUNNING" };
  const eni: Record<string, unknown> = { networkInterfaceId: "eni-extra001", region: "ap-guangzhou", zone: "ap-guangzhou-3", vpcId: ids.appVpc, type: "Secondary", status: "AVAILABLE" };
  const cases: [string, ReturnType<typeof bad>, RegExp][] = [
    ["a link to an unknown VPC", bad((s) => s.classicLinks.push({ instanceId: ids.classicRunning, vpcId: "vpc-nothere1" })), /unknown VPC vpc-nothere1/],
    ["a link of an unknown instance", bad((s) => s.classicLinks.push({ instanceId: "ins-nothere1", vpcId: ids.linkableVpc })), /unknown instance ins-nothere1/],
    ["a link of a VPC (non-classic) instance", bad((s) => s.classicLinks.push({ instanceId: ids.vpcInstance, vpcId: ids.linkableVpc })), /not a basic-network/],
    ["two links for one instance", bad((s) => s.classicLinks.push({ instanceId: ids.classicLinked, vpcId: ids.linkableVpc })), /linked more than once/],
    ["an ENI on an unknown instance", bad((s) => s.networkInterfaces.push({ ...eni, instanceId: "ins-nothere1" })), /unknown instance ins-nothere1/],
    ["an ENI in an unknown VPC", bad((s) => s.networkInterfaces.push({ ...eni, vpcId: "vpc-nothere1" })), /unknown VPC vpc-nothere1/],
    ["a duplicate instance id", bad((s) => s.instances.push({ ...instance, instanceId: ids.classicRunning })), /duplicate id/],
    ["a duplicate VPC id", bad((s) => s.vpcs.push({ vpcId: ids.appVpc, region: "ap-guangzhou", cidrBlock: "10.9.0.0/16" })), /duplicate id/],
    ["a duplicate ENI id", bad((s) => s.networkInterfaces.push({ ...eni, networkInterfaceId: ids.freeEni })), /duplicate id/],
    ["an instance status Alibaba-style (Running)", bad((s) => s.instances.push({ ...instance, status: "Running" })), /not a Tencent InstanceState/],
    ["an unknown ENI status (InUse)", bad((s) => s.networkInterfaces.push({ ...eni, status: "InUse" })), /not a Tencent network interface State/],
    ["an ATTACHING ENI without an instance", bad((s) => s.networkInterfaces.push({ ...eni, status: "ATTACHING" })), /needs the instance/],
  ];

  it.each(cases)("%s", async (_name, seed, message) => {
    const before = await emu.control.state();
    const rejected = await emu.control.reset(seed).then(
      () => undefined,
      (error: ControlCallError) => error,
    );
    expect(rejected).toBeInstanceOf(ControlCallError);
    expect(rejected?.status).toBe(400);
    expect(rejected?.body).toMatchObject({ error: expect.stringMatching(message), path: expect.stringMatching(/^tencentcloud\./) });
    expect(await emu.control.state()).toEqual(before);
  });
});

describe("transitional states settle by the clock even without a transition", () => {
  const transitionalSeed = (clock: Record<string, unknown>) => {
    const seed = tencentSeed(clock);
    const section = seed.tencentcloud as unknown as Record<string, unknown[]>;
    const at = (instanceId: string, status: string) => ({ instanceId, region: "ap-guangzhou", zone: "ap-guangzhou-3", networkType: "classic", status });
    section.instances.push(at("ins-seedstart", "STARTING"), at("ins-seedstop", "STOPPING"), at("ins-seedpend", "PENDING"), at("ins-seedboot", "REBOOTING"));
    const eni = (networkInterfaceId: string, status: string, instanceId: string, deviceIndex: number) => ({
      networkInterfaceId,
      region: "ap-guangzhou",
      zone: "ap-guangzhou-3",
      vpcId: ids.appVpc,
      type: "Secondary",
      status,
      instanceId,
      deviceIndex,
    });
    section.networkInterfaces.push(eni("eni-seedattach", "ATTACHING", ids.appInstance, 1), eni("eni-seeddetach", "DETACHING", ids.appInstance2, 2));
    return seed;
  };
  const seeded = ["ins-seedstart", "ins-seedstop", "ins-seedpend", "ins-seedboot"];
  const states = async () => {
    const found = (await cvmClient(emu.url).DescribeInstances({ InstanceIds: seeded })).InstanceSet ?? [];
    return Object.fromEntries(found.map((i) => [i.InstanceId, i.InstanceState]));
  };
  const enis = async () => {
    const found = (await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: ["eni-seedattach", "eni-seeddetach"] })).NetworkInterfaceSet ?? [];
    return found.map((e) => [e.NetworkInterfaceId, e.State, e.Attachment?.InstanceId ?? null]);
  };
  const transitional = { "ins-seedstart": "STARTING", "ins-seedstop": "STOPPING", "ins-seedpend": "PENDING", "ins-seedboot": "REBOOTING" };
  const settled = { "ins-seedstart": "RUNNING", "ins-seedstop": "STOPPED", "ins-seedpend": "RUNNING", "ins-seedboot": "RUNNING" };
  const enisMoving = [
    ["eni-seedattach", "ATTACHING", ids.appInstance],
    ["eni-seeddetach", "DETACHING", ids.appInstance2],
  ];
  const enisSettled = [
    ["eni-seedattach", "AVAILABLE", ids.appInstance],
    ["eni-seeddetach", "AVAILABLE", null],
  ];

  it("immediate: seeded STARTING/STOPPING/PENDING/REBOOTING instances and ATTACHING/DETACHING ENIs are settled at once", async () => {
    await emu.control.reset(transitionalSeed({ mode: "immediate" }));
    expect(await states()).toEqual(settled);
    expect(await enis()).toEqual(enisSettled);
    const attached = (await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: ["eni-seedattach"] })).NetworkInterfaceSet?.[0];
    expect(attached?.NetworkInterfaceState).toBe("INUSE");
    expect(attached?.Attachment?.AttachTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it("polls: N Describe calls that return them show the seeded state, the next one the settled state", async () => {
    await emu.control.reset(transitionalSeed({ mode: "polls", polls: 2 }));
    expect(await states()).toEqual(transitional);
    expect(await states()).toEqual(transitional);
    expect(await states()).toEqual(settled);
    expect(await enis()).toEqual(enisMoving);
    expect(await enis()).toEqual(enisMoving);
    expect(await enis()).toEqual(enisSettled);
  });

  it("ms: settled once the emulator time has moved on", async () => {
    await emu.control.reset(transitionalSeed({ mode: "ms", ms: 5_000 }));
    expect(await states()).toEqual(transitional);
    expect(await enis()).toEqual(enisMoving);
    await emu.control.clock({ advanceMs: 4_000 });
    expect(await states()).toEqual(transitional);
    await emu.control.clock({ advanceMs: 1_000 });
    expect(await states()).toEqual(settled);
    expect(await enis()).toEqual(enisSettled);
  });

  it("a seeded `stuck: true` keeps the state under every clock", async () => {
    const seed = transitionalSeed({ mode: "immediate" });
    for (const instance of (seed.tencentcloud as Section).instances) if (instance.instanceId === "ins-seedstop") Object.assign(instance, { stuck: true });
    await emu.control.reset(seed);
    await emu.control.clock({ advanceMs: 60_000 });
    expect((await states())["ins-seedstop"]).toBe("STOPPING");
  });

  it("setInstanceStatus with a transitional status starts its transition (each clock mode); `to` and `stuck` change it", async () => {
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "STOPPING" });
    expect(await stateOf(ids.classicRunning)).toBe("STOPPED");

    await emu.control.clock({ mode: "polls", polls: 1 });
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "STARTING" });
    expect(await stateOf(ids.classicRunning)).toBe("STARTING");
    expect(await stateOf(ids.classicRunning)).toBe("RUNNING");

    await emu.control.clock({ mode: "ms", ms: 1_000 });
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "REBOOTING", to: "STOPPED" });
    expect(await stateOf(ids.classicRunning)).toBe("REBOOTING");
    await emu.control.clock({ advanceMs: 1_000 });
    expect(await stateOf(ids.classicRunning)).toBe("STOPPED");

    await emu.control.clock({ mode: "immediate" });
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "STOPPING", stuck: true });
    await emu.control.clock({ advanceMs: 60_000 });
    expect(await stateOf(ids.classicRunning)).toBe("STOPPING");
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "STOPPING" });
    expect(await stateOf(ids.classicRunning)).toBe("STOPPED");

    await expect(emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "STOPPING", stuck: "yes" })).rejects.toMatchObject({ status: 400 });
    await expect(emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "RUNNING", to: "STOPPED" })).rejects.toMatchObject({ status: 400 });
  });

  it("setNetworkInterfaceStatus: DETACHING settles unattached, ATTACHING attached, unless stuck", async () => {
    await emu.control.clock({ mode: "polls", polls: 1 });
    await emu.control.tencentcloud("setNetworkInterfaceStatus", { networkInterfaceId: ids.attachedEni, status: "DETACHING" });
    await emu.control.tencentcloud("setNetworkInterfaceStatus", { networkInterfaceId: ids.freeEni, status: "ATTACHING", instanceId: ids.appInstance });
    const view = async () => ((await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.attachedEni, ids.freeEni] })).NetworkInterfaceSet ?? []).map((e) => [e.State, e.Attachment?.InstanceId ?? null]);
    expect(await view()).toEqual([
      ["DETACHING", ids.appInstance2],
      ["ATTACHING", ids.appInstance],
    ]);
    expect(await view()).toEqual([
      ["AVAILABLE", null],
      ["AVAILABLE", ids.appInstance],
    ]);
    await emu.control.tencentcloud("setNetworkInterfaceStatus", { networkInterfaceId: ids.freeEni, status: "DETACHING", stuck: true });
    await emu.control.clock({ mode: "immediate" });
    expect((await view())[1]).toEqual(["DETACHING", ids.appInstance]);
    await expect(emu.control.tencentcloud("setNetworkInterfaceStatus", { networkInterfaceId: ids.freeEni2, status: "ATTACHING" })).rejects.toMatchObject({ status: 400 });
    await expect(emu.control.tencentcloud("setNetworkInterfaceStatus", { networkInterfaceId: ids.freeEni2, status: "InUse" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("control operations: deleteInstance and lockInstance", () => {
  it("deleteInstance removes the primary ENI and its link; secondary ENIs fall back to AVAILABLE, unattached", async () => {
    await alice().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance });
    await emu.control.tencentcloud("deleteInstance", { instanceId: ids.appInstance });
    await expectTencentError(alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.primaryEni] }), "ResourceNotFound");
    const secondary = (await alice().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.freeEni] })).NetworkInterfaceSet?.[0];
    expect([secondary?.State, secondary?.Attachment]).toEqual(["AVAILABLE", null]);
    const state = (await emu.control.state()).tencentcloud as Section;
    expect(state.networkInterfaces.filter((e) => (e as { instanceId?: string }).instanceId === ids.appInstance)).toEqual([]);

    await emu.control.tencentcloud("deleteInstance", { instanceId: ids.classicLinked });
    expect((await alice().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc2] }] })).TotalCount).toBe(0);
  });

  it("lockInstance takes a boolean `locked` (default true); anything else is 400", async () => {
    await expect(emu.control.tencentcloud("lockInstance", { instanceId: ids.classicRunning, locked: "yes" })).rejects.toMatchObject({ status: 400 });
    await expect(emu.control.tencentcloud("lockInstance", { instanceId: ids.classicRunning, locked: 1 })).rejects.toMatchObject({ status: 400 });
    expect(await emu.control.tencentcloud("lockInstance", { instanceId: ids.classicRunning })).toMatchObject({ locked: true });
    expect(await emu.control.tencentcloud("lockInstance", { instanceId: ids.classicRunning, locked: false })).toMatchObject({ locked: false });
  });
});
