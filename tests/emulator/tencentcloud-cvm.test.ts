// CVM on the Tencent emulator: DescribeInstances and the STARTING / STOPPING transitions of
// StartInstances / StopInstances under each clock mode.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { cvmClient, expectTencentError, ids, tencentSeed } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

const client = () => cvmClient(emu.url);
const stateOf = async (id: string) => (await client().DescribeInstances({ InstanceIds: [id] })).InstanceSet?.[0]?.InstanceState;

describe("DescribeInstances", () => {
  it("shows a basic-network instance with an empty VirtualPrivateCloud and a VPC instance with its VPC", async () => {
    const { InstanceSet } = await client().DescribeInstances({ InstanceIds: [ids.classicRunning, ids.vpcInstance] });
    expect(InstanceSet?.map((i) => [i.InstanceId, i.VirtualPrivateCloud?.VpcId, i.VirtualPrivateCloud?.SubnetId])).toEqual([
      [ids.classicRunning, "", ""],
      [ids.vpcInstance, ids.linkableVpc, ""],
    ]);
  });

  it("filters by vpc-id and instance-state, and answers unknown ids with an empty set", async () => {
    const inVpc = await client().DescribeInstances({ Filters: [{ Name: "vpc-id", Values: [ids.appVpc] }, { Name: "instance-state", Values: ["RUNNING"] }] });
    expect(inVpc.InstanceSet?.map((i) => i.InstanceId)).toEqual([ids.appInstance, ids.appInstance2, ids.appInstanceFull, ids.appInstanceOtherZone]);
    expect((await client().DescribeInstances({ InstanceIds: ["ins-nothere1"] })).TotalCount).toBe(0);
  });

  it("rejects malformed ids, ids with filters, and unknown filters", async () => {
    await expectTencentError(client().DescribeInstances({ InstanceIds: ["i-bad"] }), "InvalidInstanceId.Malformed");
    await expectTencentError(client().DescribeInstances({ InstanceIds: [ids.classicRunning], Filters: [{ Name: "zone", Values: ["x"] }] }), "InvalidParameter");
    await expectTencentError(client().DescribeInstances({ Filters: [{ Name: "colour", Values: ["x"] }] }), "InvalidFilter");
  });
});

describe("StartInstances / StopInstances", () => {
  it("immediate: STOPPED -> RUNNING -> STOPPED at once", async () => {
    await client().StartInstances({ InstanceIds: [ids.classicStopped] });
    expect(await stateOf(ids.classicStopped)).toBe("RUNNING");
    await client().StopInstances({ InstanceIds: [ids.classicStopped] });
    expect(await stateOf(ids.classicStopped)).toBe("STOPPED");
  });

  it("polls: STARTING for N DescribeInstances, LatestOperationState OPERATING then SUCCESS", async () => {
    await emu.control.clock({ mode: "polls", polls: 2 });
    const { RequestId } = await client().StartInstances({ InstanceIds: [ids.classicStopped] });
    const first = (await client().DescribeInstances({ InstanceIds: [ids.classicStopped] })).InstanceSet?.[0];
    expect([first?.InstanceState, first?.LatestOperation, first?.LatestOperationState, first?.LatestOperationRequestId]).toEqual(["STARTING", "StartInstances", "OPERATING", RequestId]);
    expect(await stateOf(ids.classicStopped)).toBe("STARTING");
    const settled = (await client().DescribeInstances({ InstanceIds: [ids.classicStopped] })).InstanceSet?.[0];
    expect([settled?.InstanceState, settled?.LatestOperationState]).toEqual(["RUNNING", "SUCCESS"]);
  });

  it("ms: STOPPING until emulator time passes", async () => {
    await emu.control.clock({ mode: "ms", ms: 30_000 });
    await client().StopInstances({ InstanceIds: [ids.classicRunning], ForceStop: true });
    expect(await stateOf(ids.classicRunning)).toBe("STOPPING");
    await emu.control.clock({ advanceMs: 30_000 });
    expect(await stateOf(ids.classicRunning)).toBe("STOPPED");
  });

  it("answers wrong states, unknown and locked instances with CVM's codes", async () => {
    await expectTencentError(client().StartInstances({ InstanceIds: [ids.classicRunning] }), "UnsupportedOperation.InstanceStateRunning");
    await expectTencentError(client().StopInstances({ InstanceIds: [ids.classicStopped] }), "UnsupportedOperation.InstanceStateStopped");
    await expectTencentError(client().StopInstances({ InstanceIds: [ids.classicPending] }), "UnsupportedOperation.InstanceStatePending");
    await expectTencentError(client().StartInstances({ InstanceIds: ["ins-nothere1"] }), "InvalidInstanceId.NotFound");
    await expectTencentError(client().StartInstances({ InstanceIds: ["nothing"] }), "InvalidInstanceId.Malformed");
    await expectTencentError(client().StopInstances({ InstanceIds: [ids.classicLocked] }), "OperationDenied.InstanceOperationInProgress");
    await emu.control.clock({ mode: "polls", polls: 5 });
    await client().StopInstances({ InstanceIds: [ids.classicRunning] });
    await expectTencentError(client().StartInstances({ InstanceIds: [ids.classicRunning] }), "UnsupportedOperation.InstanceStateStopping");
  });
});
