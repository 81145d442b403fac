// alicloud.ClassicLinkAttachment driven through its provider methods against the emulator.

import { classicLinkAttachment, ClassicLinkAttachmentOutputs } from "../../provider/resources/alicloud/classicLinkAttachment";
import { vpcClassicLinkSetting } from "../../provider/resources/alicloud/vpcClassicLinkSetting";
import { CloudError, StateError, WaitTimeoutError } from "../../provider/core/errors";
import { calls, expectNoSecret, failure, REGION, useAliEmulator } from "./alicloud-fixture";

const t = useAliEmulator();

const impl = () => classicLinkAttachment(t.ctx);
const wanted = { instanceId: "i-classic01", vpcId: "vpc-linkon001" };

async function linksOf(instanceId: string) {
  const state = await t.emu.control.state();
  return (state.alicloud?.classicLinks ?? []).filter((l) => l.instanceId === instanceId);
}

describe("create", () => {
  test("links a classic instance and waits until DescribeClassicLinkInstances shows it", async () => {
    const { id, outs } = await impl().create(wanted);
    expect(id).toBe("i-classic01:vpc-linkon001");
    const [attach] = await calls(t.emu, "AttachClassicLinkVpc");
    expect(outs).toEqual({ ...wanted, region: REGION, status: "Linked", lastRequestId: attach.requestId, adopted: false });
    expect(await linksOf("i-classic01")).toEqual([{ instanceId: "i-classic01", vpcId: "vpc-linkon001" }]);
    const actions = (await t.emu.control.requests()).map((r) => r.action);
    expect(actions.indexOf("DescribeInstances")).toBeLessThan(actions.indexOf("AttachClassicLinkVpc"));
    expect(actions.lastIndexOf("DescribeClassicLinkInstances")).toBeGreaterThan(actions.indexOf("AttachClassicLinkVpc"));
  });

  test("a Stopped instance links too, and timeouts are echoed", async () => {
    const { outs } = await impl().create({ instanceId: "i-classic02", vpcId: "vpc-linkon001", timeouts: { create: "5m" } });
    expect(outs).toMatchObject({ instanceId: "i-classic02", timeouts: { create: "5m" }, status: "Linked" });
  });

  test("an existing link exactly as asked is adopted without a call", async () => {
    await t.emu.control.alicloud("addLink", wanted);
    const { id, outs } = await impl().create(wanted);
    expect(id).toBe("i-classic01:vpc-linkon001");
    expect(outs.lastRequestId).toBeUndefined();
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(0);
  });

  test("an instance linked to another VPC is a clear error naming that VPC", async () => {
    const error = await failure(impl().create({ instanceId: "i-classic03", vpcId: "vpc-linkon001" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("vpc-other0001");
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(0);
  });

  test("a VPC without ClassicLink tells the user to add a VpcClassicLinkSetting", async () => {
    const error = await failure(impl().create({ instanceId: "i-classic01", vpcId: "vpc-linkoff01" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(/VpcClassicLinkSetting.*dependsOn/);
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(0);
  });

  test("links made one after another share one VPC read (ClassicLink on); this process's own Disable makes the next precheck read again", async () => {
    const first = await impl().create(wanted);
    const second = await impl().create({ instanceId: "i-classic02", vpcId: "vpc-linkon001" });
    expect(await calls(t.emu, "DescribeVpcAttribute")).toHaveLength(1);
    await impl().delete(first.id, first.outs);
    await impl().delete(second.id, second.outs);
    await vpcClassicLinkSetting(t.ctx).create({ vpcId: "vpc-linkon001", enabled: false });
    const readsBefore = (await calls(t.emu, "DescribeVpcAttribute")).length;
    const error = await failure(impl().create(wanted));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("does not have ClassicLink enabled");
    expect(await calls(t.emu, "DescribeVpcAttribute")).toHaveLength(readsBefore + 1);
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(2);
  });

  test("a VPC instance is refused: ClassicLink is for classic instances", async () => {
    const error = await failure(impl().create({ instanceId: "i-vpcinst01", vpcId: "vpc-linkon001" }));
    expect(error.message).toMatch(/classic network/);
  });

  test("a missing instance names the region to check", async () => {
    const error = await failure(impl().create({ instanceId: "i-nonesuch01", vpcId: "vpc-linkon001" }));
    expect(error.message).toContain(`not found in region ${REGION}`);
  });

  test("a missing VPC names the region to check", async () => {
    const error = await failure(impl().create({ instanceId: "i-classic01", vpcId: "vpc-nonesuch1" }));
    expect(error.message).toContain("VPC vpc-nonesuch1 was not found");
  });

  test("an instance in a state other than Running/Stopped fails fast, naming the state", async () => {
    const error = await failure(impl().create({ instanceId: "i-classicexp", vpcId: "vpc-linkon001" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("is Expired");
    expect(t.ctx.runtime.sleeps).toHaveLength(0); // one read, no sleep before it, no waiting
  });

  test("a transitional instance (Starting) is waited out", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 3 });
    await t.emu.control.alicloud("setInstanceStatus", { instanceId: "i-classic01", status: "Starting" });
    const { outs } = await impl().create(wanted);
    expect(outs.status).toBe("Linked");
    expect((await calls(t.emu, "DescribeInstances")).length).toBeGreaterThanOrEqual(3);
  });

  test("the wrong region surfaces the cloud's region error with code and status", async () => {
    const error = await failure(impl().create({ ...wanted, region: "eu-nowhere-9" }));
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: "InvalidRegionId.NotFound", httpStatus: 404 });
    expectNoSecret(error);
  });
});

describe("retries", () => {
  test("a lost response after the link was made is recovered by re-reading: Attach is sent exactly once", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
    const { outs } = await impl().create(wanted);
    expect(outs.status).toBe("Linked");
    const attaches = await calls(t.emu, "AttachClassicLinkVpc");
    expect(attaches).toHaveLength(1);
    expect(attaches[0].outcome).toBe("reset");
  });

  test("a lost request (reset before it was applied) is resent once the re-read shows nothing happened", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "before", count: 1, effect: { type: "reset" } }] });
    await impl().create(wanted);
    expect((await calls(t.emu, "AttachClassicLinkVpc")).map((r) => r.outcome)).toEqual(["reset", "response"]);
  });

  test("throttling is retried", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "error", code: "Throttling", status: 400 } }] });
    await impl().create(wanted);
    expect((await calls(t.emu, "AttachClassicLinkVpc")).map((r) => r.errorCode ?? "ok")).toEqual(["Throttling", "ok"]);
  });

  test("a locked instance is waited out", async () => {
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "AttachClassicLinkVpc", count: 3, effect: { type: "error", code: "InvalidStatus.InstanceLocked", status: 403 } }],
    });
    await impl().create(wanted);
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(4);
  });

  test("an instance that stays locked fails at the deadline with the cloud's code", async () => {
    await t.emu.control.alicloud("lockInstance", { instanceId: "i-classic01" });
    const error = await failure(impl().create({ ...wanted, timeouts: { create: "20s" } }));
    expect(error).toMatchObject({ code: "InvalidStatus.InstanceLocked", httpStatus: 403, retryClass: "conflict" });
    expect(t.ctx.runtime.elapsed()).toBeLessThanOrEqual(20_000);
    expect((await calls(t.emu, "AttachClassicLinkVpc")).length).toBeGreaterThan(1);
  });
});

describe("read", () => {
  test("reports the live link with inputs", async () => {
    const { id, outs } = await impl().create(wanted);
    const result = await impl().read(id, outs);
    expect(result).toEqual({ id, props: outs, inputs: { ...wanted, region: REGION } });
  });

  test("a link removed behind our back reads as gone", async () => {
    const { id, outs } = await impl().create(wanted);
    await t.emu.control.alicloud("removeLink", wanted);
    expect(await impl().read(id, outs)).toEqual({});
  });

  test("an instance that was released reads as gone", async () => {
    const { id, outs } = await impl().create(wanted);
    await t.emu.control.alicloud("deleteInstance", { instanceId: "i-classic01" });
    expect(await impl().read(id, outs)).toEqual({});
  });
});

describe("update and diff", () => {
  const olds: ClassicLinkAttachmentOutputs = { ...wanted, region: REGION, status: "Linked", lastRequestId: "R1" };

  test("only timeouts change: in place, with full outputs", async () => {
    const { id } = await impl().create(wanted);
    const diff = await impl().diff(id, olds, { ...wanted, timeouts: { delete: "1h" } });
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs } = await impl().update(id, olds, { ...wanted, timeouts: { delete: "1h" } });
    expect(outs).toEqual({ ...wanted, region: REGION, timeouts: { delete: "1h" }, status: "Linked", lastRequestId: "R1" });
  });

  test("a new VPC for the same instance replaces, deleting first", async () => {
    expect(await impl().diff("x", olds, { ...wanted, vpcId: "vpc-other0001" })).toEqual({ changes: true, replaces: ["vpcId"], deleteBeforeReplace: true });
  });

  test("a new instance for the same VPC replaces, creating first", async () => {
    expect(await impl().diff("x", olds, { ...wanted, instanceId: "i-classic02" })).toEqual({ changes: true, replaces: ["instanceId"], deleteBeforeReplace: false });
  });

  test("no change, and an unset region, give no diff", async () => {
    expect(await impl().diff("x", olds, wanted)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await impl().diff("x", olds, { ...wanted, region: "cn-shanghai" })).replaces).toEqual(["region"]);
  });
});

describe("delete", () => {
  test("unlinks and waits until the link is gone", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 2 });
    const { id, outs } = await impl().create(wanted);
    await impl().delete(id, outs);
    expect(await linksOf("i-classic01")).toEqual([]);
    expect(await calls(t.emu, "DetachClassicLinkVpc")).toHaveLength(1);
  });

  test("a link that is already gone is success, with no call", async () => {
    await impl().delete("i-classic01:vpc-linkon001", { ...wanted, region: REGION, status: "Linked" });
    expect(await calls(t.emu, "DetachClassicLinkVpc")).toHaveLength(0);
  });

  test("an instance in a bad state fails, naming it", async () => {
    await t.emu.control.alicloud("addLink", { instanceId: "i-classicexp", vpcId: "vpc-linkon001" });
    const error = await failure(impl().delete("i-classicexp:vpc-linkon001", { instanceId: "i-classicexp", vpcId: "vpc-linkon001", region: REGION, status: "Linked" }));
    expect(error.message).toContain("Expired");
  });

  test("a lost Detach answer is recovered by re-reading", async () => {
    const { id, outs } = await impl().create(wanted);
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DetachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
    await impl().delete(id, outs);
    expect(await calls(t.emu, "DetachClassicLinkVpc")).toHaveLength(1);
    expect(await linksOf("i-classic01")).toEqual([]);
  });
});

test("a wait that hits its deadline names what it waited for and the last state", async () => {
  await t.emu.control.clock({ mode: "polls", polls: 1000 });
  await t.emu.control.alicloud("setInstanceStatus", { instanceId: "i-classic01", status: "Starting" });
  const error = await failure(impl().create({ ...wanted, timeouts: { create: "3s" } }));
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(error.message).toContain("instance i-classic01 to be Running or Stopped");
  expect(error.message).toContain("instance status Starting");
  expect(t.ctx.runtime.elapsed()).toBeLessThanOrEqual(3_000);
});
