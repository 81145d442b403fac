// alicloud.EniAttachment's AttachNetworkInterface options (networkCardIndex,
// trunkNetworkInstanceId, waitForNetworkConfigurationReady) and the documented instance
// constraints, through the provider methods against the in-process emulator: checked, sent, read
// back, shown with deviceIndex; identity options replace; each precheck fails before any attach.

import { StateError } from "../../provider/core/errors";
import { eniAttachment, EniAttachmentOutputs } from "../../provider/resources/alicloud/eniAttachment";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { aliVpcBuilders, withAlicloud } from "../helpers/seed";
import { aliContext, aliSeed, calls, failure, REGION, TestContext } from "./alicloud-fixture";

const { instance: vpcInstance, eni } = aliVpcBuilders({ region: REGION, zone: "cn-hangzhou-h", vpcId: "vpc-main00001" });

function seed(): Record<string, unknown> {
  return withAlicloud(aliSeed(), {
    instances: [
      vpcInstance("i-multicard1", { instanceType: "ecs.ebmgn7ex.32xlarge", networkCardQuantity: 2, maxEnis: 6 }),
      vpcInstance("i-t5running1", { instanceType: "ecs.t5-lc1m1.small" }),
      vpcInstance("i-t5stopped1", { instanceType: "ecs.t5-lc1m1.small", status: "Stopped" }),
      vpcInstance("i-oldstart01", { startTime: "2018-02-01T08:00Z" }),
      vpcInstance("i-oldstopped", { startTime: "2018-02-01T08:00Z", status: "Stopped" }),
    ],
    networkInterfaces: [
      eni("eni-trunk0001", { type: "Trunk", status: "InUse", instanceId: "i-multicard1" }),
      eni("eni-trunkidle", { type: "Trunk" }),
      eni("eni-member001"),
      eni("eni-oncard000", { status: "InUse", instanceId: "i-multicard1", networkCardIndex: 0 }),
    ],
  });
}

let emu: TestEmulator;
let ctx: TestContext;
beforeAll(async () => {
  emu = await startTestEmulator(seed());
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset(seed());
  ctx = aliContext(emu.url);
});

const impl = () => eniAttachment(ctx);
const eniState = async (id: string) => (await emu.control.state()).alicloud?.networkInterfaces?.find((n) => n.networkInterfaceId === id);
const attachCalls = () => calls(emu, "AttachNetworkInterface");

describe("check", () => {
  const base = { instanceId: "i-multicard1", networkInterfaceId: "eni-second001" };

  test("accepts the options and leaves unset ones out", async () => {
    const all = await impl().check({}, { ...base, networkCardIndex: 1, trunkNetworkInstanceId: "eni-trunk0001", waitForNetworkConfigurationReady: true });
    expect(all.failures ?? []).toEqual([]);
    expect(all.inputs).toMatchObject({ networkCardIndex: 1, trunkNetworkInstanceId: "eni-trunk0001", waitForNetworkConfigurationReady: true });
    const none = await impl().check({}, base);
    expect(Object.keys(none.inputs ?? {})).not.toEqual(expect.arrayContaining(["networkCardIndex"]));
    expect(none.inputs).not.toHaveProperty("trunkNetworkInstanceId");
    expect(none.inputs).not.toHaveProperty("waitForNetworkConfigurationReady");
  });

  test.each([
    ["networkCardIndex", -1, /networkCardIndex must be a whole number 0 or more/],
    ["networkCardIndex", 1.5, /networkCardIndex must be a whole number/],
    ["networkCardIndex", "1", /networkCardIndex must be a whole number/],
    ["trunkNetworkInstanceId", "trunk-1", /is not an Alibaba Cloud ENI ID/],
    ["trunkNetworkInstanceId", "eni-gtlvkjvz", /looks like a Tencent Cloud ENI ID/],
    ["waitForNetworkConfigurationReady", "yes", /waitForNetworkConfigurationReady must be true or false/],
  ])("%s = %p is refused, naming the property", async (property, value, reason) => {
    const result = await impl().check({}, { ...base, [property]: value });
    expect(result.failures).toEqual([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]);
  });
});

describe("diff", () => {
  const olds: EniAttachmentOutputs = { instanceId: "i-multicard1", networkInterfaceId: "eni-second001", region: REGION, status: "InUse", networkCardIndex: 1, deviceIndex: 1 } as EniAttachmentOutputs;
  const news = { instanceId: "i-multicard1", networkInterfaceId: "eni-second001", region: REGION, networkCardIndex: 1 };

  test.each([
    ["networkCardIndex", { networkCardIndex: 0 }],
    ["trunkNetworkInstanceId", { trunkNetworkInstanceId: "eni-trunk0001" }],
  ])("a new %s replaces, deleting first (the same ENI)", async (field, change) => {
    const diff = await impl().diff("eni-second001:i-multicard1", olds, { ...news, ...change });
    expect(diff).toMatchObject({ changes: true, replaces: [field], deleteBeforeReplace: true });
  });

  test("waitForNetworkConfigurationReady updates in place", async () => {
    const diff = await impl().diff("eni-second001:i-multicard1", olds, { ...news, waitForNetworkConfigurationReady: true });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  test("state written before the options existed shows no change for a program that does not set them", async () => {
    const before: EniAttachmentOutputs = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION, status: "InUse" };
    const diff = await impl().diff("eni-second002:i-vpcinst01", before, { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION });
    expect(diff.changes).toBe(false);
  });
});

describe("create", () => {
  test("networkCardIndex is sent; the outputs show it with the device index the cloud gave", async () => {
    const { outs } = await impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-second001", region: REGION, networkCardIndex: 1 });
    expect(await eniState("eni-second001")).toMatchObject({ status: "InUse", instanceId: "i-multicard1", networkCardIndex: 1, deviceIndex: 3 });
    expect(outs).toMatchObject({ status: "InUse", networkCardIndex: 1, deviceIndex: 3 });
  });

  test("trunkNetworkInstanceId and waitForNetworkConfigurationReady are sent and kept", async () => {
    const { outs } = await impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-member001", region: REGION, trunkNetworkInstanceId: "eni-trunk0001", waitForNetworkConfigurationReady: true });
    expect(await eniState("eni-member001")).toMatchObject({ status: "InUse", trunkNetworkInterfaceId: "eni-trunk0001" });
    expect(outs).toMatchObject({ trunkNetworkInstanceId: "eni-trunk0001", waitForNetworkConfigurationReady: true, deviceIndex: expect.any(Number) });
  });

  test.each([
    ["a network card past the type's last", { instanceId: "i-multicard1", networkCardIndex: 2 }, /networkCardIndex 2 is out of range: instance type ecs.ebmgn7ex.32xlarge has network cards 0..1/, /from 0 to 1/],
    ["a network card on a type without any", { instanceId: "i-vpcinst01", networkCardIndex: 0 }, /instance type ecs.g6.large has no network cards/, /remove networkCardIndex/],
    ["a trunk ENI that does not exist", { instanceId: "i-multicard1", trunkNetworkInstanceId: "eni-nonesuch1" }, /trunk ENI eni-nonesuch1 \(trunkNetworkInstanceId\) was not found/, /Trunk ENI/],
    ["a trunk that is a Secondary ENI", { instanceId: "i-multicard1", trunkNetworkInstanceId: "eni-second002" }, /is a Secondary ENI, not a Trunk ENI/, /Trunk ENI/],
    ["a trunk ENI attached to nothing", { instanceId: "i-multicard1", trunkNetworkInstanceId: "eni-trunkidle" }, /trunk ENI eni-trunkidle is not attached to instance i-multicard1/, /attach the trunk ENI/],
    ["a Running instance of a Stopped-only type", { instanceId: "i-t5running1" }, /ecs.t5-lc1m1.small\) is Running; instances of this type take an ENI only while Stopped/, /stop the instance/],
    ["a Running instance last started before 2018-04-01", { instanceId: "i-oldstart01" }, /last started at 2018-02-01T08:00Z, before 2018-04-01/, /reboot the instance/],
  ])("%s fails before any attach, naming the fix", async (_why, inputs, message, fix) => {
    const error = await failure(impl().create({ networkInterfaceId: "eni-member001", region: REGION, ...inputs }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(message);
    expect(`${error.message} ${(error as StateError).hint ?? ""}`).toMatch(fix);
    expect(await attachCalls()).toHaveLength(0);
    expect(await eniState("eni-member001")).toMatchObject({ status: "Available" });
  });

  test.each([["i-t5stopped1"], ["i-oldstopped"]])("the same constraints do not stop a Stopped instance (%s)", async (instanceId) => {
    await impl().create({ instanceId, networkInterfaceId: "eni-member001", region: REGION });
    expect(await eniState("eni-member001")).toMatchObject({ status: "InUse", instanceId });
  });

  test("an ENI already on the instance is adopted only on the network card asked for", async () => {
    const adopted = await impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-oncard000", region: REGION, networkCardIndex: 0 });
    expect(adopted.outs).toMatchObject({ networkCardIndex: 0, deviceIndex: expect.any(Number) });
    const error = await failure(impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-oncard000", region: REGION, networkCardIndex: 1 }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("network card 0, not 1");
    expect(await attachCalls()).toHaveLength(0);
  });
});

describe("a refusal at the call", () => {
  test("an InvalidParameter the prechecks could not foresee keeps its code and status and gets a hint naming the options", async () => {
    await emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", count: 1, effect: { type: "error", code: "InvalidParameter", status: 400 } }] });
    const error = await failure(impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-member001", region: REGION, networkCardIndex: 1, trunkNetworkInstanceId: "eni-trunk0001" }));
    expect(error).toMatchObject({ code: "InvalidParameter", httpStatus: 400, action: "AttachNetworkInterface" });
    expect(error.hint).toMatch(/networkCardIndex 1 must be one of the instance type's network cards.*trunkNetworkInstanceId eni-trunk0001 must be a Trunk ENI attached to the instance/);
    expect(await eniState("eni-member001")).toMatchObject({ status: "Available" });
  });

  test("without options the error table's hint stays", async () => {
    await emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", count: 1, effect: { type: "error", code: "InvalidParameter", status: 400 } }] });
    const error = await failure(impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-member001", region: REGION }));
    expect(error).toMatchObject({ code: "InvalidParameter", httpStatus: 400 });
    expect(error.hint ?? "").not.toMatch(/networkCardIndex/);
  });
});

describe("read and update", () => {
  test("refresh reads networkCardIndex, the trunk and the device index back from the cloud; waitForNetworkConfigurationReady is kept", async () => {
    const { id, outs } = await impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-member001", region: REGION, networkCardIndex: 1, trunkNetworkInstanceId: "eni-trunk0001", waitForNetworkConfigurationReady: false });
    const read = await impl().read(id, outs);
    expect(read.props).toMatchObject({ networkCardIndex: 1, trunkNetworkInstanceId: "eni-trunk0001", deviceIndex: outs.deviceIndex, waitForNetworkConfigurationReady: false });
    expect(read.inputs).toMatchObject({ networkCardIndex: 1, trunkNetworkInstanceId: "eni-trunk0001", waitForNetworkConfigurationReady: false });
  });

  test("changing waitForNetworkConfigurationReady sends nothing and updates the output", async () => {
    const { id, outs } = await impl().create({ instanceId: "i-multicard1", networkInterfaceId: "eni-second001", region: REGION });
    await emu.control.clearRequests();
    const updated = await impl().update(id, outs, { instanceId: "i-multicard1", networkInterfaceId: "eni-second001", region: REGION, waitForNetworkConfigurationReady: true });
    expect(updated.outs).toMatchObject({ waitForNetworkConfigurationReady: true, deviceIndex: outs.deviceIndex });
    const mutations = (await emu.control.requests({ cloud: "alicloud" })).filter((r) => !/^Describe/.test(r.action));
    expect(mutations).toEqual([]);
  });
});
