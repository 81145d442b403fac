// tencentcloud.EniAttachment driven through its provider methods against the emulator, with the
// real SDK over HTTP.

import { CloudError, StateError, TaskFailedError, WaitTimeoutError } from "../../provider/core/errors";
import { eniAttachment, EniAttachmentOutputs } from "../../provider/resources/tencentcloud/eniAttachment";
import { harness, REGION, rejection } from "./tencentcloud-fixtures";

const h = harness();
const resource = () => eniAttachment(h.ctx());

const eniState = async (id: string) => (await h.emu.control.state()).tencentcloud?.networkInterfaces?.find((e) => e.networkInterfaceId === id);
const outsFor = (networkInterfaceId: string, instanceId: string): EniAttachmentOutputs => ({ networkInterfaceId, instanceId, region: REGION, status: "attached" });

beforeEach(() => h.reset());

describe("create", () => {
  test("attaches, polls the task to SUCCESS, confirms Attachment and AVAILABLE", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    expect(id).toBe("eni-second01+ins-vpcinst1");
    const attach = await h.calls("AttachNetworkInterface");
    expect(attach).toHaveLength(1);
    expect(outs).toEqual({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, status: "attached", lastTaskId: attach[0].requestId, adopted: false, attachType: 0, deviceIndex: 1 });
    expect(await eniState("eni-second01")).toMatchObject({ instanceId: "ins-vpcinst1", status: "AVAILABLE" });
    expect((attach[0].params as { ClientToken?: string }).ClientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("polls through ATTACHING (polls clock)", async () => {
    await h.reset({ clock: { mode: "polls", polls: 3 } });
    await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    expect((await h.calls("DescribeVpcTaskResult")).length).toBeGreaterThanOrEqual(3);
    expect(await eniState("eni-second01")).toMatchObject({ instanceId: "ins-vpcinst1", status: "AVAILABLE" });
  });

  test("an ENI already attached to this instance is adopted without a mutation", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst2", networkInterfaceId: "eni-attached" });
    expect(id).toBe("eni-attached+ins-vpcinst2");
    expect(outs.lastTaskId).toBeUndefined();
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(0);
  });

  test("an ENI attached to another instance is a clear error naming it", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-attached" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("attached to ins-vpcinst2");
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(0);
  });

  test.each([
    ["a primary ENI", "ins-vpcinst1", "eni-primary2", /primary ENI/],
    ["an ENI in another zone", "ins-vpcinst1", "eni-zone0004", /zone ap-guangzhou-4/],
    ["an ENI in another VPC", "ins-vpcinst1", "eni-othervpc", /vpc-second01/],
    ["a basic-network instance", "ins-classic1", "eni-second01", /basic network/],
    ["an unknown ENI", "ins-vpcinst1", "eni-nothere1", /ENI eni-nothere1 was not found/],
    ["an unknown instance", "ins-nothere1", "eni-second01", /ins-nothere1 was not found/],
    ["an instance that is SHUTDOWN", "ins-shutdown", "eni-second01", /SHUTDOWN/],
  ])("prechecks refuse %s before any mutation", async (_what, instanceId, networkInterfaceId, message) => {
    const error = await rejection(resource().create({ instanceId, networkInterfaceId }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(message);
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(0);
  });

  test("a transitional instance state (STOPPING) is waited out", async () => {
    await h.reset({ clock: { mode: "polls", polls: 2 } });
    await h.emu.control.tencentcloud("detachNetworkInterface", { networkInterfaceId: "eni-second02" });
    const { outs } = await resource().create({ instanceId: "ins-stopping", networkInterfaceId: "eni-second02" });
    expect(outs.status).toBe("attached");
  });

  test("the instance's ENI limit surfaces as LimitExceeded with a hint", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-fullenis", networkInterfaceId: "eni-second01" }));
    expect(error).toBeInstanceOf(CloudError);
    expect(error.code).toBe("LimitExceeded");
    expect(error.retryClass).toBe("fatal");
    expect(error.hint).toMatch(/quota/);
  });

  test("a FAILED task is an error carrying Output, and the ENI is left free", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 1, effect: { type: "taskFailed", output: "no free device index" } }] });
    const error = await rejection(resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" }));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.output).toBe("no free device index");
    expect(error.taskId).toBe((await h.calls("AttachNetworkInterface"))[0].requestId);
    expect((await eniState("eni-second01"))?.instanceId).toBeUndefined();
  });

  test("a lost response after the change was applied is recovered: attach sent exactly once", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } }] });
    const { outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    expect(outs.status).toBe("attached");
    const attach = await h.calls("AttachNetworkInterface");
    expect(attach.map((c) => c.outcome)).toEqual(["reset"]);
    expect(await eniState("eni-second01")).toMatchObject({ instanceId: "ins-vpcinst1", status: "AVAILABLE" });
  });

  test("a lost request is resent with the same ClientToken after the re-read proves nothing happened", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", phase: "before", count: 1, effect: { type: "reset" } }] });
    await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    const attach = await h.calls("AttachNetworkInterface");
    expect(attach.map((c) => c.outcome)).toEqual(["reset", "response"]);
    const tokens = attach.map((c) => (c.params as { ClientToken: string }).ClientToken);
    expect(tokens[0]).toBe(tokens[1]);
  });

  test("throttling on a read (RequestLimitExceeded) is retried", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeNetworkInterfaces", count: 1, effect: { type: "error", code: "RequestLimitExceeded", status: 200 } }] });
    const { outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    expect(outs.status).toBe("attached");
    expect((await h.calls("DescribeNetworkInterfaces"))[0].errorCode).toBe("RequestLimitExceeded");
  });

  test("an HTTP 502 from a gateway on a read is retried", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeInstances", count: 1, effect: { type: "error", code: "BadGateway", status: 502 } }] });
    const { outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    expect(outs.status).toBe("attached");
    expect((await h.calls("DescribeInstances")).map((c) => c.status)).toEqual(expect.arrayContaining([502, 200]));
  });

  test("UnsupportedOperation.InvalidState on attach is waited out as a conflict", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 2, effect: { type: "error", code: "UnsupportedOperation.InvalidState", status: 200 } }] });
    await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    expect((await h.calls("AttachNetworkInterface")).map((c) => c.errorCode ?? "ok")).toEqual(["UnsupportedOperation.InvalidState", "UnsupportedOperation.InvalidState", "ok"]);
  });

  test("a task stuck RUNNING hits the deadline: WaitTimeoutError names the wait and the last state", async () => {
    await h.reset({ clock: { mode: "polls", polls: 10_000 } });
    const error = await rejection(resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", timeouts: { create: "3s" } }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.waitedFor).toContain("AttachNetworkInterface task");
    expect(error.lastSeen).toBe("task RUNNING");
    expect(error.elapsedMs).toBeLessThanOrEqual(3_000);
    expect(error.id).toBe("eni-second01+ins-vpcinst1");
  });
});

describe("read", () => {
  test("reports the live attachment with props and inputs", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    const read = await resource().read(id, outs);
    expect(read).toEqual({ id, props: outs, inputs: { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", region: REGION, attachType: 0 } });
  });

  test("an ENI moved to another instance is no longer this attachment: it reads as gone (README: A moved ENI)", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    await h.emu.control.tencentcloud("moveNetworkInterface", { networkInterfaceId: "eni-second01", instanceId: "ins-vpcinst2" });
    expect(await resource().read(id, outs)).toEqual({});
    // State written by an earlier version (props naming the new instance, ID the old): the ID decides.
    expect(await resource().read(id, { ...outs, instanceId: "ins-vpcinst2" })).toEqual({});
  });

  test("a detached ENI reads as gone (no id)", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    await h.emu.control.tencentcloud("detachNetworkInterface", { networkInterfaceId: "eni-second01" });
    expect(await resource().read(id, outs)).toEqual({});
  });

  test("a deleted ENI reads as gone", async () => {
    expect(await resource().read("eni-nothere1+ins-vpcinst1", outsFor("eni-nothere1", "ins-vpcinst1"))).toEqual({});
  });
});

describe("update", () => {
  test("changes timeouts in place and returns the full outputs, re-reading the cloud but changing nothing", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" });
    await h.emu.control.clearRequests();
    const { outs: updated } = await resource().update(id, outs, { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01", timeouts: { create: "1m" } });
    expect(updated).toEqual({ ...outs, timeouts: { create: "1m" } });
    expect((await h.calls()).map((c) => c.action)).toEqual(["DescribeNetworkInterfaces"]);
  });
});

describe("delete", () => {
  test("detaches, polls the task to SUCCESS, waits for AVAILABLE with no Attachment", async () => {
    await h.reset({ clock: { mode: "polls", polls: 2 } });
    await resource().delete("eni-attached+ins-vpcinst2", outsFor("eni-attached", "ins-vpcinst2"));
    const detach = await h.calls("DetachNetworkInterface");
    expect(detach).toHaveLength(1);
    expect((await h.calls("DescribeVpcTaskResult")).length).toBeGreaterThanOrEqual(1);
    const eni = await eniState("eni-attached");
    expect(eni?.instanceId).toBeUndefined();
    expect(eni?.status).toBe("AVAILABLE");
  });

  test("already detached is success with no detach sent", async () => {
    await resource().delete("eni-second01+ins-vpcinst1", outsFor("eni-second01", "ins-vpcinst1"));
    expect(await h.calls("DetachNetworkInterface")).toHaveLength(0);
  });

  test("an ENI moved to another instance is not detached from there", async () => {
    await resource().delete("eni-attached+ins-vpcinst1", outsFor("eni-attached", "ins-vpcinst1"));
    expect(await h.calls("DetachNetworkInterface")).toHaveLength(0);
    expect((await eniState("eni-attached"))?.instanceId).toBe("ins-vpcinst2");
  });

  test("a deleted ENI is success", async () => {
    await resource().delete("eni-nothere1+ins-vpcinst1", outsFor("eni-nothere1", "ins-vpcinst1"));
  });

  test("a detach task that FAILED is an error carrying Output", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DetachNetworkInterface", count: 1, effect: { type: "taskFailed", output: "instance busy" } }] });
    const error = await rejection(resource().delete("eni-attached+ins-vpcinst2", outsFor("eni-attached", "ins-vpcinst2")));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.output).toBe("instance busy");
  });

  test("a lost detach response is recovered by re-reading: sent once", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DetachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } }] });
    await resource().delete("eni-attached+ins-vpcinst2", outsFor("eni-attached", "ins-vpcinst2"));
    expect(await h.calls("DetachNetworkInterface")).toHaveLength(1);
    expect((await eniState("eni-attached"))?.instanceId).toBeUndefined();
  });

  test("an instance that is not RUNNING/STOPPED fails fast with the state named", async () => {
    await h.emu.control.tencentcloud("setInstanceStatus", { instanceId: "ins-vpcinst2", status: "SHUTDOWN" });
    const error = await rejection(resource().delete("eni-attached+ins-vpcinst2", outsFor("eni-attached", "ins-vpcinst2")));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("SHUTDOWN");
  });
});
