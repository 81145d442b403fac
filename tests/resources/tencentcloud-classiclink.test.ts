// tencentcloud.ClassicLinkAttachment driven through its provider methods against the emulator,
// with the real SDK over HTTP.

import { CloudError, StateError, TaskFailedError, WaitTimeoutError } from "../../provider/core/errors";
import { classicLinkAttachment, ClassicLinkAttachmentOutputs } from "../../provider/resources/tencentcloud/classicLinkAttachment";
import { settledInstance } from "../../provider/resources/tencentcloud/shared";
import { VirtualRuntime } from "../helpers/runtime";
import { harness, REGION, rejection, SECRET_KEY } from "./tencentcloud-fixtures";

const h = harness();
const resource = () => classicLinkAttachment(h.ctx());

const linksOf = async (instanceId: string) =>
  ((await h.emu.control.state()).tencentcloud?.classicLinks ?? []).filter((l) => l.instanceId === instanceId);

beforeEach(() => h.reset());

describe("create", () => {
  test("links a basic-network instance, polls the task to SUCCESS and confirms the link", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect(id).toBe("vpc-main0001#ins-classic1");
    const attach = await h.calls("AttachClassicLinkVpc");
    expect(attach).toHaveLength(1);
    expect(outs).toEqual({ instanceId: "ins-classic1", vpcId: "vpc-main0001", region: REGION, status: "linked", lastTaskId: attach[0].requestId, adopted: false });
    expect(await linksOf("ins-classic1")).toEqual([{ instanceId: "ins-classic1", vpcId: "vpc-main0001" }]);
    const tasks = await h.calls("DescribeVpcTaskResult");
    expect(tasks.length).toBeGreaterThanOrEqual(1);
    expect(tasks.every((t) => (t.params as { TaskId: string }).TaskId === attach[0].requestId)).toBe(true);
  });

  test("a STOPPED instance can be linked", async () => {
    const { outs } = await resource().create({ instanceId: "ins-classic2", vpcId: "vpc-main0001" });
    expect(outs.status).toBe("linked");
  });

  test("polls a RUNNING task several times before SUCCESS (polls clock)", async () => {
    await h.reset({ clock: { mode: "polls", polls: 3 } });
    await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect((await h.calls("DescribeVpcTaskResult")).length).toBeGreaterThanOrEqual(3);
    expect(await linksOf("ins-classic1")).toHaveLength(1);
  });

  test("an existing link to the same VPC is adopted without a mutation", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-linked01", vpcId: "vpc-main0001" });
    expect(id).toBe("vpc-main0001#ins-linked01");
    expect(outs.status).toBe("linked");
    expect(outs.lastTaskId).toBeUndefined();
    expect(await h.calls("AttachClassicLinkVpc")).toHaveLength(0);
  });

  test("a link to another VPC is a clear error naming that VPC", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-linked02", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("vpc-other001");
    expect(error.message).toContain("What to do");
    expect(await h.calls("AttachClassicLinkVpc")).toHaveLength(0);
  });

  test("a VPC instance is refused: ClassicLink needs the basic network", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-vpcinst1", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(/basic network/);
  });

  test("an instance in a state that is not RUNNING/STOPPED fails fast with the state named", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-shutdown", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("SHUTDOWN");
    expect(await h.calls("AttachClassicLinkVpc")).toHaveLength(0);
  });

  test("a transitional instance state (STARTING) is waited out", async () => {
    await h.reset({ clock: { mode: "polls", polls: 2 } });
    const { outs } = await resource().create({ instanceId: "ins-starting", vpcId: "vpc-main0001" });
    expect(outs.status).toBe("linked");
    expect((await h.calls("DescribeInstances")).length).toBeGreaterThanOrEqual(2);
  });

  test("a transitional instance is read once per poll: every read after the first follows a wait (no second read of the same state)", async () => {
    await h.reset({ clock: { mode: "polls", polls: 2 } });
    const op = h.op();
    const instance = await settledInstance(op, "ins-starting", "link it to a VPC");
    expect(instance?.state).toBe("RUNNING");
    const reads = await h.calls("DescribeInstances");
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect((op.runtime as VirtualRuntime).sleeps).toHaveLength(reads.length - 1);
    // Missing at the first read: undefined, for the caller to judge (no wait).
    expect(await settledInstance(h.op(), "ins-nothere1", "link it to a VPC")).toBeUndefined();
  });

  test("an instance in another region, or another account, is not found (with the region named)", async () => {
    for (const instanceId of ["ins-shanghai", "ins-otheracc", "ins-nothere1"]) {
      const error = await rejection(resource().create({ instanceId, vpcId: "vpc-main0001" }));
      expect(error).toBeInstanceOf(StateError);
      expect(error.message).toContain(`${instanceId} was not found in region ${REGION}`);
    }
  });

  test("an unknown VPC is a clear error", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-nothere1" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("VPC vpc-nothere1 was not found");
  });

  test("a VPC whose CIDR cannot take ClassicLink surfaces the cloud's code with a hint", async () => {
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-nolink01" }));
    expect(error).toBeInstanceOf(CloudError);
    expect(error.code).toBe("UnsupportedOperation.CIDRUnSupportedClassicLink");
    expect(error.retryClass).toBe("fatal");
    expect(error.httpStatus).toBeUndefined();
    expect(error.requestId).toBeTruthy();
    expect(error.hint).toMatch(/CIDR/);
  });

  test("a race (linked elsewhere between precheck and attach) names where", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "error", code: "UnsupportedOperation.ClassicInstanceIdAlreadyExists", status: 200 } }] });
    // Not linked anywhere after all: the cloud's error passes through.
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(CloudError);
    expect(error.code).toBe("UnsupportedOperation.ClassicInstanceIdAlreadyExists");
    expect(error.hint).toMatch(/one VPC/);
  });

  test("a FAILED task is an error carrying the task's Output and id", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "backend refused the link: quota" } }] });
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(TaskFailedError);
    const [attach] = await h.calls("AttachClassicLinkVpc");
    expect(error.taskId).toBe(attach.requestId);
    expect(error.output).toBe("backend refused the link: quota");
    expect(error.message).toContain("backend refused the link: quota");
    expect(await linksOf("ins-classic1")).toHaveLength(0);
  });

  test("a task id not yet visible (ResourceNotFound on the first polls) is polled again", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", count: 2, effect: { type: "error", code: "ResourceNotFound", status: 200 } }] });
    const { outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect(outs.status).toBe("linked");
    expect((await h.calls("DescribeVpcTaskResult")).map((c) => c.errorCode ?? "ok")).toEqual(["ResourceNotFound", "ResourceNotFound", "ok"]);
  });

  test("a task id that stays unknown is an error, not an endless wait", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", effect: { type: "error", code: "ResourceNotFound", status: 200 } }] });
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(CloudError);
    expect(error.code).toBe("ResourceNotFound");
    expect(error.action).toBe("DescribeVpcTaskResult");
  });

  test("a lost response after the change was applied is recovered by re-reading: attach sent once", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
    const { id, outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect(id).toBe("vpc-main0001#ins-classic1");
    expect(outs.status).toBe("linked");
    const attach = await h.calls("AttachClassicLinkVpc");
    expect(attach).toHaveLength(1);
    expect(attach[0].outcome).toBe("reset");
    expect(await linksOf("ins-classic1")).toHaveLength(1);
  });

  test("a lost response while the task still runs: the resend meets ActionLocked, re-reads, and stops once linked", async () => {
    await h.reset({ clock: { mode: "polls", polls: 3 } });
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
    const { outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect(outs.status).toBe("linked");
    const attach = await h.calls("AttachClassicLinkVpc");
    // Only the first call changed anything; every later one was refused (ActionLocked while its
    // task ran, then ClassicInstanceIdAlreadyExists, which re-reads and adopts the link).
    expect(attach[0].outcome).toBe("reset");
    expect(attach.slice(1).map((c) => c.errorCode)).toContain("ActionLocked");
    expect(attach.slice(1).every((c) => c.errorCode !== undefined)).toBe(true);
    expect(await linksOf("ins-classic1")).toEqual([{ instanceId: "ins-classic1", vpcId: "vpc-main0001" }]);
  });

  test("a lost request (reset before the change) is resent after the re-read proves nothing happened", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", phase: "before", count: 1, effect: { type: "reset" } }] });
    await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect((await h.calls("AttachClassicLinkVpc")).map((c) => c.outcome)).toEqual(["reset", "response"]);
  });

  test("throttling (RequestLimitExceeded) is retried", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "error", code: "RequestLimitExceeded", status: 200 } }] });
    const { outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect(outs.status).toBe("linked");
    expect((await h.calls("AttachClassicLinkVpc")).map((c) => c.errorCode ?? "ok")).toEqual(["RequestLimitExceeded", "ok"]);
  });

  test("a locked instance (ActionLocked) is waited out until it clears", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 2, effect: { type: "error", code: "ActionLocked", status: 200 } }] });
    await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    expect((await h.calls("AttachClassicLinkVpc")).map((c) => c.errorCode ?? "ok")).toEqual(["ActionLocked", "ActionLocked", "ok"]);
  });

  test("a lock that never clears ends at the deadline with ActionLocked", async () => {
    await h.emu.control.tencentcloud("lockInstance", { instanceId: "ins-classic1" });
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001", timeouts: { create: "20s" } }));
    expect(error).toBeInstanceOf(CloudError);
    expect(error.code).toBe("ActionLocked");
    expect(error.retryClass).toBe("conflict");
    expect((await h.calls("AttachClassicLinkVpc")).length).toBeGreaterThan(1);
  });

  test("a task that never finishes hits the create deadline: the error names the wait and the last state, and keeps the id", async () => {
    await h.reset({ clock: { mode: "polls", polls: 10_000 } });
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001", timeouts: { create: "5s" } }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.waitedFor).toContain("AttachClassicLinkVpc task");
    expect(error.lastSeen).toBe("task RUNNING");
    expect(error.message).toContain("timeouts");
    expect(error.polls).toBeGreaterThan(1);
    // Partial state: Pulumi records the resource instead of forgetting a link that may appear.
    expect(error.id).toBe("vpc-main0001#ins-classic1");
    expect(error.properties.lastTaskId).toBe((await h.calls("AttachClassicLinkVpc"))[0].requestId);
  });

  test("errors never contain the secret key", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeInstances", count: 1, effect: { type: "error", code: "InvalidParameter", status: 200, message: `echoing ${SECRET_KEY} back` } }] });
    const error = await rejection(resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" }));
    expect(error.code).toBe("InvalidParameter");
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.cloudMessage).toContain("***");
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
  });
});

describe("read", () => {
  test("reports a live link with props and inputs", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    const read = await resource().read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual({ instanceId: "ins-classic1", vpcId: "vpc-main0001", region: REGION });
  });

  test("a link removed behind our back reads as gone (no id)", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    await h.emu.control.tencentcloud("removeLink", { instanceId: "ins-classic1" });
    expect(await resource().read(id, outs)).toEqual({});
  });

  test("an id alone (no props) is enough to read", async () => {
    const read = await resource().read("vpc-main0001#ins-linked01", {} as ClassicLinkAttachmentOutputs);
    expect(read.props).toMatchObject({ instanceId: "ins-linked01", vpcId: "vpc-main0001", status: "linked" });
  });
});

describe("update", () => {
  test("changes timeouts in place and returns the full outputs, re-reading the cloud but changing nothing", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    await h.emu.control.clearRequests();
    const { outs: updated } = await resource().update(id, outs, { instanceId: "ins-classic1", vpcId: "vpc-main0001", timeouts: { delete: "30m" } });
    expect(updated).toEqual({ ...outs, timeouts: { delete: "30m" } });
    expect((await h.calls()).map((c) => c.action)).toEqual(["DescribeClassicLinkInstances"]);
  });
});

describe("delete", () => {
  test("detaches, polls the task to SUCCESS and confirms the link is gone", async () => {
    const { id, outs } = await resource().create({ instanceId: "ins-classic1", vpcId: "vpc-main0001" });
    await h.emu.control.clearRequests();
    await resource().delete(id, outs);
    const detach = await h.calls("DetachClassicLinkVpc");
    expect(detach).toHaveLength(1);
    expect((await h.calls("DescribeVpcTaskResult")).every((t) => (t.params as { TaskId: string }).TaskId === detach[0].requestId)).toBe(true);
    expect(await linksOf("ins-classic1")).toHaveLength(0);
  });

  test("an already removed link is success with no detach sent", async () => {
    await resource().delete("vpc-main0001#ins-classic1", { instanceId: "ins-classic1", vpcId: "vpc-main0001", region: REGION, status: "linked" });
    expect(await h.calls("DetachClassicLinkVpc")).toHaveLength(0);
  });

  test("a detach task that FAILED is an error carrying Output", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DetachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "route table busy" } }] });
    const error = await rejection(resource().delete("vpc-main0001#ins-linked01", { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked" }));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.output).toBe("route table busy");
  });

  test("a lost detach response while the task runs is recovered without a second detach taking effect", async () => {
    await h.reset({ clock: { mode: "polls", polls: 3 } });
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DetachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
    await resource().delete("vpc-main0001#ins-linked01", { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked" });
    const detach = await h.calls("DetachClassicLinkVpc");
    expect(detach[0].outcome).toBe("reset");
    expect(detach.slice(1).every((c) => c.errorCode !== undefined)).toBe(true);
    expect(await linksOf("ins-linked01")).toHaveLength(0);
  });

  test("an instance that is not RUNNING/STOPPED fails fast with the state named", async () => {
    await h.emu.control.tencentcloud("setInstanceStatus", { instanceId: "ins-linked01", status: "TERMINATING" });
    const error = await rejection(resource().delete("vpc-main0001#ins-linked01", { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("TERMINATING");
  });

  test("a lost detach response is recovered by re-reading", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DetachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
    await resource().delete("vpc-main0001#ins-linked01", { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked" });
    expect(await h.calls("DetachClassicLinkVpc")).toHaveLength(1);
    expect(await linksOf("ins-linked01")).toHaveLength(0);
  });
});
