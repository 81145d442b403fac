// alicloud.EniAttachment driven through its provider methods against the emulator.

import { eniAttachment, EniAttachmentOutputs, DETACH_RESEND_EVERY_POLLS } from "../../provider/resources/alicloud/eniAttachment";
import { StateError, WaitTimeoutError } from "../../provider/core/errors";
import { calls, expectNoSecret, failure, REGION, useAliEmulator } from "./alicloud-fixture";

const t = useAliEmulator();

const impl = () => eniAttachment(t.ctx);
const wanted = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second001" };
const attached: EniAttachmentOutputs = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION, status: "InUse", deviceIndex: 1 };

async function eniState(id: string) {
  const state = await t.emu.control.state();
  return state.alicloud?.networkInterfaces?.find((n) => n.networkInterfaceId === id);
}

describe("create", () => {
  test("attaches and waits until the ENI is InUse on that instance", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 3 });
    const { id, outs } = await impl().create(wanted);
    expect(id).toBe("eni-second001:i-vpcinst01");
    const [attach] = await calls(t.emu, "AttachNetworkInterface");
    expect(outs).toEqual({ ...wanted, region: REGION, status: "InUse", lastRequestId: attach.requestId, adopted: false, deviceIndex: 2 });
    expect(await eniState("eni-second001")).toMatchObject({ status: "InUse", instanceId: "i-vpcinst01" });
    expect((await calls(t.emu, "DescribeNetworkInterfaces")).length).toBeGreaterThanOrEqual(3);
  });

  test("an ENI already InUse on that instance is adopted without a call", async () => {
    const { id, outs } = await impl().create({ instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002" });
    expect(id).toBe("eni-second002:i-vpcinst01");
    expect(outs).toEqual({ ...attached, adopted: true });
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(0);
  });

  test("an ENI attached to another instance is a clear error naming it", async () => {
    const error = await failure(impl().create({ instanceId: "i-vpcinst02", networkInterfaceId: "eni-second002" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("attached to i-vpcinst01");
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(0);
  });

  test.each([
    ["a primary ENI", { instanceId: "i-vpcinst02", networkInterfaceId: "eni-primary01" }, /Primary ENI.*Secondary/],
    ["another zone", { instanceId: "i-vpcinst01", networkInterfaceId: "eni-zonei0001" }, /zone cn-hangzhou-i.*zone cn-hangzhou-h/],
    ["another VPC", { instanceId: "i-vpcinst01", networkInterfaceId: "eni-othervpc1" }, /vpc-other0001.*vpc-main00001/],
    ["a classic instance", { instanceId: "i-classic01", networkInterfaceId: "eni-second001" }, /classic network/],
    ["a missing ENI", { instanceId: "i-vpcinst01", networkInterfaceId: "eni-nonesuch1" }, /ENI eni-nonesuch1 was not found in region cn-hangzhou/],
    ["a missing instance", { instanceId: "i-nonesuch01", networkInterfaceId: "eni-second001" }, /instance i-nonesuch01 was not found/],
  ])("%s is refused before any attach", async (_name, inputs, message) => {
    const error = await failure(impl().create(inputs));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(message);
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(0);
  });

  test("an ENI still Detaching is waited out, then attached", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 2 });
    await t.emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-second002", status: "Detaching" });
    const { outs } = await impl().create({ instanceId: "i-vpcinst02", networkInterfaceId: "eni-second002" });
    expect(outs).toMatchObject({ instanceId: "i-vpcinst02", status: "InUse" });
  });

  test("a lost response after the attach was applied: attach sent exactly once, create succeeds", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } }] });
    const { outs } = await impl().create(wanted);
    expect(outs.status).toBe("InUse");
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
  });

  test("a busy ENI (InvalidEniState) is waited out", async () => {
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", count: 2, effect: { type: "error", code: "InvalidOperation.InvalidEniState", status: 400 } }],
    });
    await impl().create(wanted);
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(3);
  });

  test("a 503 on a read is retried", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DescribeNetworkInterfaces", count: 1, effect: { type: "error", code: "ServiceUnavailable", status: 503 } }] });
    await impl().create(wanted);
    expect((await calls(t.emu, "DescribeNetworkInterfaces"))[0].errorCode).toBe("ServiceUnavailable");
  });

  test("an attach that never completes hits the deadline, naming what it waited for and the last state", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 1000 });
    const error = await failure(impl().create({ ...wanted, timeouts: { create: "4s" } }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ waitedFor: "ENI eni-second001 to be InUse on i-vpcinst01", lastSeen: "ENI status Attaching on i-vpcinst01" });
    expect(t.ctx.runtime.elapsed()).toBeLessThanOrEqual(4_000);
    expectNoSecret(error);
  });
});

describe("read", () => {
  test("reports the live attachment with inputs", async () => {
    const result = await impl().read("eni-second002:i-vpcinst01", attached);
    expect(result).toEqual({ id: "eni-second002:i-vpcinst01", props: attached, inputs: { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION } });
  });

  test("an ENI moved to another instance is no longer this attachment: it reads as gone (README: A moved ENI)", async () => {
    await t.emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-second002", instanceId: "i-vpcinst02" });
    expect(await impl().read("eni-second002:i-vpcinst01", attached)).toEqual({});
    // State written by an earlier version (props naming the new instance, ID the old): the ID decides.
    expect(await impl().read("eni-second002:i-vpcinst01", { ...attached, instanceId: "i-vpcinst02" })).toEqual({});
  });

  test("a detached ENI reads as gone", async () => {
    await t.emu.control.alicloud("detachNetworkInterface", { networkInterfaceId: "eni-second002" });
    expect(await impl().read("eni-second002:i-vpcinst01", attached)).toEqual({});
  });

  test("a deleted ENI reads as gone", async () => {
    await t.emu.control.alicloud("deleteNetworkInterface", { networkInterfaceId: "eni-second002" });
    expect(await impl().read("eni-second002:i-vpcinst01", attached)).toEqual({});
  });
});

describe("update and diff", () => {
  test("timeouts change in place and the full outputs come back", async () => {
    const news = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", timeouts: { delete: "45m" } };
    expect(await impl().diff("eni-second002:i-vpcinst01", attached, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await impl().update("eni-second002:i-vpcinst01", attached, news)).outs).toEqual({ ...attached, timeouts: { delete: "45m" } });
  });

  test("a different ENI for the instance replaces, creating first", async () => {
    expect(await impl().diff("x", attached, { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second001" })).toEqual({
      changes: true,
      replaces: ["networkInterfaceId"],
      deleteBeforeReplace: false,
    });
  });
});

describe("delete", () => {
  test("detaches and waits until the ENI is Available", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 2 });
    await impl().delete("eni-second002:i-vpcinst01", attached);
    expect(await eniState("eni-second002")).toMatchObject({ status: "Available" });
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(1);
  });

  test("an ENI that is already detached, or gone, is success with no call", async () => {
    await impl().delete("eni-second001:i-vpcinst01", { ...attached, networkInterfaceId: "eni-second001" });
    await impl().delete("eni-nonesuch1:i-vpcinst01", { ...attached, networkInterfaceId: "eni-nonesuch1" });
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(0);
  });

  test("an ENI now attached to another instance is left alone", async () => {
    await t.emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-second002", instanceId: "i-vpcinst02" });
    await impl().delete("eni-second002:i-vpcinst01", attached);
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(0);
    expect(await eniState("eni-second002")).toMatchObject({ instanceId: "i-vpcinst02", status: "InUse" });
  });

  test("an ENI slow in Detaching gets the detach re-sent every few polls, then finishes", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 3 * DETACH_RESEND_EVERY_POLLS });
    await impl().delete("eni-second002:i-vpcinst01", attached);
    expect(await eniState("eni-second002")).toMatchObject({ status: "Available" });
    expect((await calls(t.emu, "DetachNetworkInterface")).length).toBeGreaterThanOrEqual(3);
  });

  test("an ENI stuck in Detaching is freed by the re-sent detach (terraform-provider-alicloud#6436)", async () => {
    await t.emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-second002", status: "Detaching", instanceId: "i-vpcinst01", stuck: true });
    await impl().delete("eni-second002:i-vpcinst01", attached);
    expect(await eniState("eni-second002")).toMatchObject({ status: "Available" });
    expect((await calls(t.emu, "DetachNetworkInterface")).length).toBeGreaterThanOrEqual(1);
  });

  test("an ENI that never leaves Detaching: re-sent, then a timeout that says Detaching", async () => {
    // Far more polls than the deadline allows: every re-send is accepted, none completes in time.
    await t.emu.control.clock({ mode: "polls", polls: 10_000 });
    await t.emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-second002", status: "Detaching", instanceId: "i-vpcinst01" });
    const error = await failure(impl().delete("eni-second002:i-vpcinst01", { ...attached, timeouts: { delete: "1m" } }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.lastSeen).toBe("ENI status Detaching on i-vpcinst01");
    expect((await calls(t.emu, "DetachNetworkInterface")).length).toBeGreaterThanOrEqual(2);
  });

  test("a lost Detach answer is recovered by re-reading: sent once", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DetachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } }] });
    await impl().delete("eni-second002:i-vpcinst01", attached);
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(1);
    expect(await eniState("eni-second002")).toMatchObject({ status: "Available" });
  });
});
