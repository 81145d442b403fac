// ENI attachment on the Tencent emulator: AttachNetworkInterface / DetachNetworkInterface with
// ATTACHING / DETACHING states and tasks, ClientToken idempotency, DescribeNetworkInterfaces.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { expectTencentError, ids, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

const client = () => vpcClient(emu.url);
const attach = (eni: string, instance: string, ClientToken?: string) => client().AttachNetworkInterface({ NetworkInterfaceId: eni, InstanceId: instance, ClientToken });
const detach = (eni: string, instance: string, ClientToken?: string) => client().DetachNetworkInterface({ NetworkInterfaceId: eni, InstanceId: instance, ClientToken });
const eniView = async (id: string) => {
  const eni = (await client().DescribeNetworkInterfaces({ NetworkInterfaceIds: [id] })).NetworkInterfaceSet?.[0];
  return { state: eni?.State, networkInterfaceState: eni?.NetworkInterfaceState, instanceId: eni?.Attachment?.InstanceId ?? null };
};
const taskStatus = async (taskId: string) => (await client().DescribeVpcTaskResult({ TaskId: taskId })).Status;

describe("attach and detach", () => {
  it("immediate: attached ENI is AVAILABLE / INUSE with an Attachment", async () => {
    const { RequestId } = await attach(ids.freeEni, ids.appInstance);
    expect(await taskStatus(RequestId as string)).toBe("SUCCESS");
    const eni = (await client().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.freeEni] })).NetworkInterfaceSet?.[0];
    expect(eni).toMatchObject({ State: "AVAILABLE", NetworkInterfaceState: "INUSE", Primary: false });
    expect(eni?.Attachment).toMatchObject({ InstanceId: ids.appInstance, DeviceIndex: 1, InstanceAccountId: "alice", AttachTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
    await detach(ids.freeEni, ids.appInstance);
    expect(await eniView(ids.freeEni)).toEqual({ state: "AVAILABLE", networkInterfaceState: "AVAILABLE", instanceId: null });
  });

  it("polls: ATTACHING for N Describe polls of the ENI or the task, then AVAILABLE; DETACHING likewise", async () => {
    await emu.control.clock({ mode: "polls", polls: 2 });
    const { RequestId } = await attach(ids.freeEni, ids.appInstance);
    expect(await eniView(ids.freeEni)).toEqual({ state: "ATTACHING", networkInterfaceState: "ATTACHING", instanceId: ids.appInstance });
    expect(await taskStatus(RequestId as string)).toBe("RUNNING");
    expect(await eniView(ids.freeEni)).toEqual({ state: "AVAILABLE", networkInterfaceState: "INUSE", instanceId: ids.appInstance });
    expect(await taskStatus(RequestId as string)).toBe("SUCCESS");

    const detached = await detach(ids.freeEni, ids.appInstance);
    expect((await eniView(ids.freeEni)).state).toBe("DETACHING");
    expect(await taskStatus(detached.RequestId as string)).toBe("RUNNING");
    expect(await eniView(ids.freeEni)).toEqual({ state: "AVAILABLE", networkInterfaceState: "AVAILABLE", instanceId: null });
  });

  it("ms: ATTACHING until emulator time passes", async () => {
    await emu.control.clock({ mode: "ms", ms: 10_000 });
    await attach(ids.freeEni, ids.appInstance);
    expect((await eniView(ids.freeEni)).state).toBe("ATTACHING");
    await emu.control.clock({ advanceMs: 9_000 });
    expect((await eniView(ids.freeEni)).state).toBe("ATTACHING");
    await emu.control.clock({ advanceMs: 1_000 });
    expect(await eniView(ids.freeEni)).toEqual({ state: "AVAILABLE", networkInterfaceState: "INUSE", instanceId: ids.appInstance });
  });

  it("a taskFailed fault: the task ends FAILED and the ENI is back to AVAILABLE, unattached", async () => {
    await emu.control.clock({ mode: "polls", polls: 1 });
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 1, effect: { type: "taskFailed", output: "attach failed on host" } }] });
    const { RequestId } = await attach(ids.freeEni, ids.appInstance);
    expect((await eniView(ids.freeEni)).state).toBe("ATTACHING");
    const result = await client().DescribeVpcTaskResult({ TaskId: RequestId as string });
    expect([result.Status, result.Output]).toEqual(["FAILED", "attach failed on host"]);
    expect(await eniView(ids.freeEni)).toEqual({ state: "AVAILABLE", networkInterfaceState: "AVAILABLE", instanceId: null });
  });

  it("the instance deleted out of band while attaching: FAILED and rolled back", async () => {
    await emu.control.clock({ mode: "polls", polls: 1 });
    const { RequestId } = await attach(ids.freeEni, ids.appInstance);
    await emu.control.tencentcloud("deleteInstance", { instanceId: ids.appInstance });
    expect(await taskStatus(RequestId as string)).toBe("RUNNING");
    const result = await client().DescribeVpcTaskResult({ TaskId: RequestId as string });
    expect([result.Status, result.Output]).toEqual(["FAILED", `instance ${ids.appInstance} no longer exists`]);
    expect(await eniView(ids.freeEni)).toEqual({ state: "AVAILABLE", networkInterfaceState: "AVAILABLE", instanceId: null });
  });
});

describe("attach rules", () => {
  it("unknown or malformed ids", async () => {
    await expectTencentError(attach("eni-nothere1", ids.appInstance), "ResourceNotFound");
    await expectTencentError(attach(ids.freeEni, "ins-nothere1"), "ResourceNotFound");
    await expectTencentError(attach("eni_1", ids.appInstance), "InvalidParameterValue.Malformed");
  });

  it("a primary ENI: UnsupportedOperation", async () => {
    await emu.control.tencentcloud("detachNetworkInterface", { networkInterfaceId: ids.primaryEni });
    await expectTencentError(attach(ids.primaryEni, ids.appInstance2), "UnsupportedOperation");
    await expectTencentError(detach(ids.fullPrimaryEni, ids.appInstanceFull), "UnsupportedOperation");
  });

  it("an attached ENI: UnsupportedOperation.AttachmentAlreadyExists; a transitional one: UnsupportedOperation.InvalidState", async () => {
    await expectTencentError(attach(ids.attachedEni, ids.appInstance), "UnsupportedOperation.AttachmentAlreadyExists");
    await emu.control.clock({ mode: "polls", polls: 3 });
    await attach(ids.freeEni, ids.appInstance);
    await expectTencentError(attach(ids.freeEni, ids.appInstance2), "UnsupportedOperation.InvalidState");
    await expectTencentError(detach(ids.freeEni, ids.appInstance), "UnsupportedOperation.InvalidState");
  });

  it("zone and VPC mismatches, and a basic-network instance", async () => {
    await expectTencentError(attach(ids.otherZoneEni, ids.appInstance), "UnsupportedOperation.ZoneMismatch");
    await expectTencentError(attach(ids.freeEni, ids.appInstanceOtherZone), "UnsupportedOperation.ZoneMismatch");
    await expectTencentError(attach(ids.otherVpcEni, ids.appInstance), "UnsupportedOperation.VpcMismatch");
    await expectTencentError(attach(ids.freeEni, ids.classicRunning), "UnsupportedOperation.VpcMismatch");
  });

  it("an instance neither RUNNING nor STOPPED: UnsupportedOperation.InvalidState; locked: ActionLocked", async () => {
    await emu.control.clock({ mode: "polls", polls: 5 }); // STARTING settles by the clock: keep it STARTING here
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.appInstance, status: "STARTING" });
    await expectTencentError(attach(ids.freeEni, ids.appInstance), "UnsupportedOperation.InvalidState");
    await emu.control.tencentcloud("lockInstance", { instanceId: ids.appInstance2 });
    await expectTencentError(attach(ids.freeEni, ids.appInstance2), "ActionLocked");
  });

  it("the instance's ENI limit: LimitExceeded", async () => {
    await expectTencentError(attach(ids.freeEni, ids.appInstanceFull), "LimitExceeded");
  });
});

describe("ClientToken idempotency", () => {
  it("a replay answers for the same task; other parameters: IdempotentParameterMismatch", async () => {
    const first = await attach(ids.freeEni, ids.appInstance, "token-1");
    const replay = await attach(ids.freeEni, ids.appInstance, "token-1");
    expect(replay.RequestId).not.toBe(first.RequestId);
    expect(await taskStatus(replay.RequestId as string)).toBe("SUCCESS");
    await expectTencentError(attach(ids.freeEni2, ids.appInstance, "token-1"), "UnsupportedOperation.IdempotentParameterMismatch");
  });

  it("a replay while the first call's task runs: IdempotentProcessing", async () => {
    await emu.control.clock({ mode: "polls", polls: 3 });
    await detach(ids.attachedEni, ids.appInstance2, "token-2");
    await expectTencentError(detach(ids.attachedEni, ids.appInstance2, "token-2"), "UnsupportedOperation.IdempotentProcessing");
  });
});

describe("detach rules", () => {
  it("an ENI not attached to that instance: ResourceNotFound", async () => {
    await expectTencentError(detach(ids.freeEni, ids.appInstance), "ResourceNotFound");
    await expectTencentError(detach(ids.attachedEni, ids.appInstance), "ResourceNotFound");
  });
});

describe("DescribeNetworkInterfaces", () => {
  it("filters by attachment.instance-id, vpc-id and network-interface-id", async () => {
    const byInstance = await client().DescribeNetworkInterfaces({ Filters: [{ Name: "attachment.instance-id", Values: [ids.appInstanceFull] }] });
    expect(byInstance.NetworkInterfaceSet?.map((e) => e.NetworkInterfaceId)).toEqual([ids.fullPrimaryEni, ids.fullSecondaryEni]);
    const byVpc = await client().DescribeNetworkInterfaces({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] });
    expect(byVpc.NetworkInterfaceSet?.map((e) => e.NetworkInterfaceId)).toEqual([ids.otherVpcEni]);
    const byId = await vpcClient(emu.url, { reqMethod: "GET" }).DescribeNetworkInterfaces({ Filters: [{ Name: "network-interface-id", Values: [ids.freeEni, ids.freeEni2] }], Limit: 1 });
    expect([byId.TotalCount, byId.NetworkInterfaceSet?.length]).toEqual([2, 1]);
  });

  it("rejects ids with filters (InvalidParameter.Coexist), unknown ids and unknown filters", async () => {
    await expectTencentError(client().DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.freeEni], Filters: [{ Name: "vpc-id", Values: [ids.appVpc] }] }), "InvalidParameter.Coexist");
    await expectTencentError(client().DescribeNetworkInterfaces({ NetworkInterfaceIds: ["eni-nothere1"] }), "ResourceNotFound");
    await expectTencentError(client().DescribeNetworkInterfaces({ Filters: [{ Name: "colour", Values: ["red"] }] }), "InvalidParameter.FilterInvalidKey");
  });
});
