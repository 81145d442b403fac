// Accounts, persistence of the Tencent model (dump/load with work in flight) and out-of-band
// control operations.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { BOB, cvmClient, expectTencentError, ids, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

const alice = () => vpcClient(emu.url);
const bob = () => vpcClient(emu.url, { credentials: BOB });

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
