// tencentcloud.EniAttachment's attachType (AttachNetworkInterface AttachType: 0 standard, the
// default, or 1 extended) through the provider methods against the in-process emulator: checked,
// sent, read back, shown with deviceIndex; a change replaces; state from before the option existed
// shows no change.

import { StateError } from "../../provider/core/errors";
import { eniAttachment, EniAttachmentOutputs } from "../../provider/resources/tencentcloud/eniAttachment";
import { harness, REGION, rejection } from "./tencentcloud-fixtures";

const h = harness();
const resource = () => eniAttachment(h.ctx());
const eniState = async (id: string) => (await h.emu.control.state()).tencentcloud?.networkInterfaces?.find((e) => e.networkInterfaceId === id);

beforeEach(() => h.reset());

describe("check", () => {
  const base = { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" };

  test("attachType unset stays unset (the cloud default 0 is not sent); 1 is accepted", async () => {
    expect((await resource().check({}, base)).inputs).not.toHaveProperty("attachType");
    expect((await resource().check({}, { ...base, attachType: 1 })).inputs).toMatchObject({ attachType: 1 });
  });

  test.each([2, -1, 0.5, "1"])("attachType %p is refused, naming the property and the values", async (attachType) => {
    const result = await resource().check({}, { ...base, attachType });
    expect(result.failures).toEqual([expect.objectContaining({ property: "attachType", reason: expect.stringMatching(/attachType must be a whole number 0\.\.1 \(0 standard, 1 extended\)/) })]);
  });
});

describe("diff", () => {
  const olds = { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, status: "attached", attachType: 0, deviceIndex: 1 } as EniAttachmentOutputs;

  test("a new attachType replaces, deleting first (the same ENI)", async () => {
    const diff = await resource().diff("eni-second01+ins-vpcinst1", olds, { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, attachType: 1 });
    expect(diff).toMatchObject({ changes: true, replaces: ["attachType"], deleteBeforeReplace: true });
  });

  test("state written before attachType existed reads as 0: no change", async () => {
    const before: EniAttachmentOutputs = { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, status: "attached" };
    const diff = await resource().diff("eni-second01+ins-vpcinst1", before, { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, attachType: 0 });
    expect(diff.changes).toBe(false);
  });
});

describe("create, read", () => {
  test("attachType 1 is sent; the outputs show it with the device index; refresh reads both back", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, attachType: 1 });
    expect(await eniState("eni-second01")).toMatchObject({ instanceId: "ins-vpcinst1", attachType: 1, deviceIndex: 1 });
    expect(outs).toMatchObject({ attachType: 1, deviceIndex: 1, status: "attached" });
    const read = await resource().read(id, outs);
    expect(read.props).toMatchObject({ attachType: 1, deviceIndex: 1 });
    expect(read.inputs).toMatchObject({ attachType: 1 });
  });

  test("an attachment made as standard shows 0", async () => {
    const { outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, attachType: 0 });
    expect(outs).toMatchObject({ attachType: 0, deviceIndex: 1 });
  });

  test("an ENI already attached here is adopted only with the attach type asked for", async () => {
    const adopted = await resource().create({ instanceId: "ins-vpcinst2", networkInterfaceId: "eni-attached", region: REGION, attachType: 0 });
    expect(adopted.outs).toMatchObject({ attachType: 0, deviceIndex: 1 });
    const error = await rejection(resource().create({ instanceId: "ins-vpcinst2", networkInterfaceId: "eni-attached", region: REGION, attachType: 1 }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(/attached to ins-vpcinst2 as standard \(attachType 0\), not extended \(1\)/);
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(0);
  });
});

test("a program that leaves attachType unset shows no change against an attachment read back as 0", async () => {
  const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION });
  expect(outs.attachType).toBe(0);
  const read = await resource().read(id, outs);
  const checked = await resource().check({}, { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION });
  expect((await resource().diff(id, read.props as EniAttachmentOutputs, checked.inputs!)).changes).toBe(false);
});
