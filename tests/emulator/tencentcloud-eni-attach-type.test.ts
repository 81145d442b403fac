// AttachNetworkInterface's AttachType (0 standard, 1 extended; default 0) on the Tencent emulator,
// through the real tencentcloud-sdk-nodejs: validated, kept with the attachment, reported by
// DescribeNetworkInterfaces next to Attachment.DeviceIndex, part of the ClientToken fingerprint.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { expectTencentError, ids, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

const client = () => vpcClient(emu.url);
const describe1 = async (id: string) => (await client().DescribeNetworkInterfaces({ NetworkInterfaceIds: [id] })).NetworkInterfaceSet?.[0];

describe("AttachType", () => {
  it.each([
    [undefined, 0],
    [0, 0],
    [1, 1],
  ])("AttachType %s -> DescribeNetworkInterfaces reports AttachType %i with Attachment.DeviceIndex", async (attachType, reported) => {
    await client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: attachType });
    const eni = await describe1(ids.freeEni);
    expect({ attachType: eni?.AttachType, attachment: eni?.Attachment?.InstanceId, deviceIndex: eni?.Attachment?.DeviceIndex }).toEqual({
      attachType: reported,
      attachment: ids.appInstance,
      deviceIndex: 1,
    });
  });

  it("belongs to the attachment: back to 0 once detached", async () => {
    await client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: 1 });
    await client().DetachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance });
    const eni = await describe1(ids.freeEni);
    expect({ attachType: eni?.AttachType, attachment: eni?.Attachment }).toEqual({ attachType: 0, attachment: null });
  });

  it.each([2, -1])("AttachType %i -> InvalidParameterValue.Range, nothing attached, no task", async (attachType) => {
    await expectTencentError(client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: attachType }), "InvalidParameterValue.Range");
    expect((await describe1(ids.freeEni))?.Attachment).toBeNull();
    const state = await emu.control.state();
    expect((state.tencentcloud as { tasks: unknown[] }).tasks).toEqual([]);
  });

  it("a string AttachType -> InvalidParameter (the API types it Integer)", async () => {
    await expectTencentError(client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: "1" as unknown as number }), "InvalidParameter");
  });

  it("the same ClientToken with another AttachType -> UnsupportedOperation.IdempotentParameterMismatch", async () => {
    await client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: 1, ClientToken: "attach-type-token" });
    await expectTencentError(
      client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: 0, ClientToken: "attach-type-token" }),
      "UnsupportedOperation.IdempotentParameterMismatch",
    );
  });

  it("a failed attach task rolls the AttachType back with the attachment", async () => {
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 1, effect: { type: "taskFailed", output: "no capacity" } }] });
    const { RequestId } = await client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: 1 });
    expect((await client().DescribeVpcTaskResult({ TaskId: RequestId as string })).Status).toBe("FAILED");
    const eni = await describe1(ids.freeEni);
    expect({ attachType: eni?.AttachType, attachment: eni?.Attachment }).toEqual({ attachType: 0, attachment: null });
  });

  it("seeded attachType survives GET state -> reset; a seeded 2 is refused (400)", async () => {
    await client().AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance, AttachType: 1 });
    const state = await emu.control.state();
    await emu.control.reset(state);
    expect((await describe1(ids.freeEni))?.AttachType).toBe(1);
    const bad = tencentSeed();
    (bad.tencentcloud.networkInterfaces[2] as Record<string, unknown>).attachType = 2;
    await expect(emu.control.reset(bad)).rejects.toMatchObject({ status: 400 });
  });
});
