// ClassicLink on the Tencent emulator: AttachClassicLinkVpc / DetachClassicLinkVpc as async tasks,
// DescribeClassicLinkInstances, DescribeVpcTaskResult, and every rule's error code.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { expectTencentError, ids, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

const client = () => vpcClient(emu.url);
const linksOf = async (vpcId: string) =>
  (await client().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] })).ClassicLinkInstanceSet?.map((l) => l.InstanceId);
const attach = (instanceId: string, vpcId = ids.linkableVpc) => client().AttachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [instanceId] });
const detach = (instanceId: string, vpcId = ids.linkableVpc) => client().DetachClassicLinkVpc({ VpcId: vpcId, InstanceIds: [instanceId] });
const task = async (taskId: string) => {
  const { Status, Output } = await client().DescribeVpcTaskResult({ TaskId: taskId });
  return [Status, Output];
};

describe("attach and detach complete through their task", () => {
  it("immediate: the task id is the RequestId and is SUCCESS at once", async () => {
    const attached = await attach(ids.classicRunning);
    expect(Object.keys(attached)).toEqual(["RequestId"]);
    expect(await task(attached.RequestId as string)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(await linksOf(ids.linkableVpc)).toEqual([ids.classicRunning]);
    const detached = await detach(ids.classicRunning);
    expect(await task(detached.RequestId as string)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(await linksOf(ids.linkableVpc)).toEqual([]);
  });

  it("polls: the task is RUNNING for N polls; the link appears only when it succeeds", async () => {
    await emu.control.clock({ mode: "polls", polls: 2 });
    const { RequestId } = await attach(ids.classicStopped);
    expect(await task(RequestId as string)).toEqual(["RUNNING", ""]);
    expect(await linksOf(ids.linkableVpc)).toEqual([]); // second poll (Describe of the link counts too)
    expect(await task(RequestId as string)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(await linksOf(ids.linkableVpc)).toEqual([ids.classicStopped]);

    const detached = await detach(ids.classicStopped);
    expect(await linksOf(ids.linkableVpc)).toEqual([ids.classicStopped]); // still linked while detaching
    expect(await task(detached.RequestId as string)).toEqual(["RUNNING", ""]);
    expect(await task(detached.RequestId as string)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(await linksOf(ids.linkableVpc)).toEqual([]);
  });

  it("ms: the task settles once emulator time has moved on", async () => {
    await emu.control.clock({ mode: "ms", ms: 60_000 });
    const { RequestId } = await attach(ids.classicRunning);
    expect(await task(RequestId as string)).toEqual(["RUNNING", ""]);
    expect(await task(RequestId as string)).toEqual(["RUNNING", ""]);
    await emu.control.clock({ advanceMs: 60_000 });
    expect(await task(RequestId as string)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(await linksOf(ids.linkableVpc)).toEqual([ids.classicRunning]);
  });

  it("a taskFailed fault ends the task FAILED with its Output and creates no link", async () => {
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "InternalError: route table busy" } }] });
    const { RequestId } = await attach(ids.classicRunning);
    expect(await task(RequestId as string)).toEqual(["FAILED", "InternalError: route table busy"]);
    expect(await linksOf(ids.linkableVpc)).toEqual([]);
  });

  it("the task fails, and the link is not created, when the instance is locked while it runs", async () => {
    await emu.control.clock({ mode: "polls", polls: 1 });
    const { RequestId } = await attach(ids.classicRunning);
    await emu.control.tencentcloud("lockInstance", { instanceId: ids.classicRunning });
    expect(await task(RequestId as string)).toEqual(["RUNNING", ""]);
    expect(await task(RequestId as string)).toEqual(["FAILED", `instance ${ids.classicRunning} is locked`]);
    expect(await linksOf(ids.linkableVpc)).toEqual([]);
  });

  it("a detach task fails, and the link stays, when the instance is locked while it runs", async () => {
    await emu.control.clock({ mode: "polls", polls: 1 });
    const { RequestId } = await detach(ids.classicLinked, ids.linkableVpc2);
    await emu.control.tencentcloud("lockInstance", { instanceId: ids.classicLinked });
    await client().DescribeVpcTaskResult({ TaskId: RequestId as string });
    expect((await task(RequestId as string))[0]).toBe("FAILED");
    expect(await linksOf(ids.linkableVpc2)).toEqual([ids.classicLinked]);
  });

  it("an unknown task id is ResourceNotFound", async () => {
    await expectTencentError(client().DescribeVpcTaskResult({ TaskId: "00000000-0000-4000-8000-000000000000" }), "ResourceNotFound");
  });
});

describe("attach rules", () => {
  it("unknown VPC or instance: ResourceNotFound", async () => {
    await expectTencentError(attach(ids.classicRunning, "vpc-nothere1"), "ResourceNotFound");
    await expectTencentError(attach("ins-nothere1"), "ResourceNotFound");
  });

  it("malformed ids: InvalidParameterValue.Malformed", async () => {
    await expectTencentError(attach(ids.classicRunning, "vpc_bad"), "InvalidParameterValue.Malformed");
    await expectTencentError(attach("i-123"), "InvalidParameterValue.Malformed");
  });

  it("more than 100 instances in one call: InvalidParameterValue.LimitExceeded", async () => {
    const many = Array.from({ length: 101 }, (_, n) => `ins-full${String(n).padStart(4, "0")}`);
    await expectTencentError(client().AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: many }), "InvalidParameterValue.LimitExceeded");
  });

  it("a VPC instance: UnsupportedOperation", async () => {
    await expectTencentError(attach(ids.vpcInstance), "UnsupportedOperation");
  });

  it("a VPC outside 10.[0-47].0.0/16: UnsupportedOperation.CIDRUnSupportedClassicLink", async () => {
    await expectTencentError(attach(ids.classicRunning, ids.noLinkVpc), "UnsupportedOperation.CIDRUnSupportedClassicLink");
    await attach(ids.classicRunning, ids.linkableVpc2); // 10.47.0.0/16 is the last range that links
  });

  it("an instance already linked: UnsupportedOperation.ClassicInstanceIdAlreadyExists", async () => {
    await expectTencentError(attach(ids.classicLinked), "UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    await expectTencentError(attach(ids.classicLinked, ids.linkableVpc2), "UnsupportedOperation.ClassicInstanceIdAlreadyExists");
  });

  it("a VPC with 1000 linked instances: LimitExceeded", async () => {
    await expectTencentError(attach(ids.classicRunning, ids.fullVpc), "LimitExceeded");
  });

  it("an instance neither RUNNING nor STOPPED: UnsupportedOperation.InvalidState", async () => {
    await expectTencentError(attach(ids.classicPending), "UnsupportedOperation.InvalidState");
    await emu.control.tencentcloud("setInstanceStatus", { instanceId: ids.classicRunning, status: "SHUTDOWN" });
    await expectTencentError(attach(ids.classicRunning), "UnsupportedOperation.InvalidState");
  });

  it("a locked instance, or one with a link task in flight: ActionLocked", async () => {
    await expectTencentError(attach(ids.classicLocked), "ActionLocked");
    await emu.control.clock({ mode: "polls", polls: 5 });
    await attach(ids.classicRunning);
    await expectTencentError(attach(ids.classicRunning, ids.linkableVpc2), "ActionLocked");
    await expectTencentError(detach(ids.classicRunning), "ActionLocked");
  });
});

describe("detach rules", () => {
  it("a pair that is not linked: ResourceNotFound", async () => {
    await expectTencentError(detach(ids.classicRunning), "ResourceNotFound");
    await expectTencentError(detach(ids.classicLinked, ids.linkableVpc), "ResourceNotFound");
  });

  it("unknown or malformed ids", async () => {
    await expectTencentError(detach("ins-nothere1"), "ResourceNotFound");
    await expectTencentError(detach(ids.classicLinked, "vpc-nothere1"), "ResourceNotFound");
    await expectTencentError(detach(ids.classicLinked, "vpcX"), "InvalidParameterValue.Malformed");
  });

  it("a locked instance: ActionLocked", async () => {
    await emu.control.tencentcloud("lockInstance", { instanceId: ids.classicLinked });
    await expectTencentError(detach(ids.classicLinked, ids.linkableVpc2), "ActionLocked");
  });
});

describe("DescribeClassicLinkInstances", () => {
  it("filters by vm-ip and pages with string Offset/Limit", async () => {
    await attach(ids.classicRunning);
    const byIp = await client().DescribeClassicLinkInstances({ Filters: [{ Name: "vm-ip", Values: ["10.100.0.11"] }] });
    expect(byIp.ClassicLinkInstanceSet).toEqual([{ VpcId: ids.linkableVpc, InstanceId: ids.classicRunning }]);
    const page = await client().DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.fullVpc] }], Offset: "990", Limit: "100" });
    expect([page.TotalCount, page.ClassicLinkInstanceSet?.length]).toEqual([1000, 10]);
  });

  it("rejects unknown filters and a Limit above 100", async () => {
    await expectTencentError(client().DescribeClassicLinkInstances({ Filters: [{ Name: "instance-id", Values: ["x"] }] }), "InvalidParameter.FilterInvalidKey");
    await expectTencentError(client().DescribeClassicLinkInstances({ Limit: "101" }), "InvalidParameterValue.LimitExceeded");
  });
});
