// The stack is never wrong about the cloud (issue 8), for the Tencent resources: every accepted
// change returned or recorded as partial state, a FAILED task recorded and surfaced, a pending
// resource finished by the next update through its task, reads (InternalError too) retried, a
// conflict that waiting cannot resolve named at once, and the moved-ENI rule.

import { StateError, TaskFailedError, UnconfirmedChangeError, WaitTimeoutError } from "../../provider/core/errors";
import { invoke } from "../../provider/index";
import { classicLinkAttachment, ClassicLinkAttachmentOutputs } from "../../provider/resources/tencentcloud/classicLinkAttachment";
import { eniAttachment, EniAttachmentOutputs } from "../../provider/resources/tencentcloud/eniAttachment";
import { harness, REGION, rejection } from "./tencentcloud-fixtures";

const h = harness();
let ctx: ReturnType<typeof h.ctx>;
const eni = () => eniAttachment(ctx);
const link = () => classicLinkAttachment(ctx);

const eniState = async (id: string) => (await h.emu.control.state()).tencentcloud?.networkInterfaces?.find((e) => e.networkInterfaceId === id);
const linksOf = async (instanceId: string) => ((await h.emu.control.state()).tencentcloud?.classicLinks ?? []).filter((l) => l.instanceId === instanceId);
const tasks = async () => ((await h.emu.control.state()).tencentcloud as { tasks?: Array<{ status: string }> } | undefined)?.tasks ?? [];

const wantedEni = { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" };
const ENI_ID = "eni-second01+ins-vpcinst1";
const wantedLink = { instanceId: "ins-classic1", vpcId: "vpc-main0001" };
const LINK_ID = "vpc-main0001#ins-classic1";

beforeEach(async () => {
  await h.reset();
  ctx = h.ctx();
});

describe("a change the cloud may have accepted is never forgotten", () => {
  test("ENI: three lost answers (two before, one after the cloud applied it): recovered, one attachment, one task", async () => {
    await h.emu.control.faults({
      faults: [
        { cloud: "tencentcloud", action: "AttachNetworkInterface", phase: "before", count: 2, effect: { type: "reset" } },
        { cloud: "tencentcloud", action: "AttachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } },
      ],
    });
    const { id, outs } = await eni().create(wantedEni);
    expect(id).toBe(ENI_ID);
    expect(outs).toMatchObject({ status: "attached", adopted: false });
    const attaches = await h.calls("AttachNetworkInterface");
    expect(attaches.map((c) => c.outcome)).toEqual(["reset", "reset", "reset"]);
    // One ClientToken for every resend.
    expect(new Set(attaches.map((c) => (c.params as { ClientToken?: string }).ClientToken)).size).toBe(1);
    expect(await eniState("eni-second01")).toMatchObject({ instanceId: "ins-vpcinst1", status: "AVAILABLE" });
    expect(await tasks()).toHaveLength(1);
  });

  test("ClassicLink: a lost answer while the task runs (the link is not listed yet) is recorded as pending, never forgotten", async () => {
    await h.reset({ clock: { mode: "polls", polls: 1000 } });
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", phase: "after", effect: { type: "reset" } }] });
    const error = await rejection(invoke("tencentcloud:ClassicLinkAttachment", "create", [{ ...wantedLink, timeouts: { create: "20s" }, __provider: "p" }], ctx));
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.lostAnswer).toMatchObject({ code: "ClientError.NetworkError", ambiguous: true });
    expect(error.id).toBe(LINK_ID);
    expect(error.properties).toMatchObject({ ...wantedLink, status: "pending", __provider: "p" });
    // The cloud has the task (the first send landed; resends met ActionLocked or were lost).
    expect((await tasks()).length).toBeGreaterThanOrEqual(1);
    // destroy finds it: the detach waits out the attach task, then removes the link.
    await h.emu.control.faults({ faults: [] });
    await h.emu.control.clock({ mode: "polls", polls: 2 });
    await link().delete(LINK_ID, error.properties);
    expect(await linksOf("ins-classic1")).toHaveLength(0);
    expect((await h.calls("DetachClassicLinkVpc")).filter((c) => !c.errorCode).length).toBe(1);
  });

  // A Tencent link is listed only once its attach task succeeds and stays listed until its detach
  // task succeeds: after the third lost answer no read can tell. The cloud refuses a repeat while
  // the task runs (ActionLocked) and after it (already linked / not found), so the resends go on.
  const lostThrice = (action: string) => [
    { cloud: "tencentcloud", action, phase: "before", count: 2, effect: { type: "reset" } },
    { cloud: "tencentcloud", action, phase: "after", count: 1, effect: { type: "reset" } },
  ];
  const linkTasks = async (kind: string) => (await tasks()).filter((t) => (t as { kind?: string }).kind === kind);

  test("ClassicLink create: three lost answers while the task runs: resent until ActionLocked gives way to the link; linked, one task", async () => {
    await h.reset({ clock: { mode: "polls", polls: 4 } });
    await h.emu.control.faults({ faults: lostThrice("AttachClassicLinkVpc") });
    const { id, outs } = await link().create(wantedLink);
    expect(id).toBe(LINK_ID);
    expect(outs).toMatchObject({ status: "linked", adopted: false });
    const attaches = await h.calls("AttachClassicLinkVpc");
    expect(attaches.slice(0, 3).map((c) => c.outcome)).toEqual(["reset", "reset", "reset"]);
    // Every later send was refused by the cloud (HTTP 200 with a code): none made a second link.
    expect(attaches.slice(3).map((c) => `${c.status} ${c.errorCode}`)).toEqual(attaches.slice(3).map(() => expect.stringMatching(/^200 (ActionLocked|UnsupportedOperation\.ClassicInstanceIdAlreadyExists)$/)));
    expect(attaches.length).toBeGreaterThan(3);
    expect(await linksOf("ins-classic1")).toEqual([expect.objectContaining({ vpcId: "vpc-main0001" })]);
    expect(await linkTasks("ClassicLinkAttach")).toEqual([expect.objectContaining({ status: "SUCCESS" })]);
  });

  test("ClassicLink delete: three lost answers while the detach task runs (the link still listed): resent until done; unlinked, one task", async () => {
    await h.reset({ clock: { mode: "polls", polls: 4 } });
    await h.emu.control.faults({ faults: lostThrice("DetachClassicLinkVpc") });
    const linked: ClassicLinkAttachmentOutputs = { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked" };
    await link().delete("vpc-main0001#ins-linked01", linked);
    const detaches = await h.calls("DetachClassicLinkVpc");
    expect(detaches.slice(0, 3).map((c) => c.outcome)).toEqual(["reset", "reset", "reset"]);
    expect(detaches.slice(3).map((c) => `${c.status} ${c.errorCode}`)).toEqual(detaches.slice(3).map(() => expect.stringMatching(/^200 (ActionLocked|ResourceNotFound)$/)));
    expect(detaches.length).toBeGreaterThan(3);
    expect(await linksOf("ins-linked01")).toEqual([]);
    expect(await linkTasks("ClassicLinkDetach")).toEqual([expect.objectContaining({ status: "SUCCESS" })]);
  });

  test("ClassicLink delete: the detach task outlives the deadline after three lost answers: UnconfirmedChangeError, the link kept for the next destroy", async () => {
    await h.reset({ clock: { mode: "polls", polls: 1000 } });
    await h.emu.control.faults({ faults: lostThrice("DetachClassicLinkVpc") });
    const linked: ClassicLinkAttachmentOutputs = { instanceId: "ins-linked01", vpcId: "vpc-main0001", region: REGION, status: "linked", timeouts: { delete: "30s" } };
    const error = await rejection(link().delete("vpc-main0001#ins-linked01", linked));
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.lostAnswer).toMatchObject({ code: "ClientError.NetworkError", ambiguous: true, httpStatus: undefined });
    // The last answer is the cloud's own refusal of a repeat (an API answer: HTTP 200, which the SDK
    // does not pass on, so httpStatus is unset as for every Tencent API code), not a lost one.
    expect(error.lastError).toMatchObject({ code: "ActionLocked", httpStatus: undefined, retryClass: "conflict", requestId: expect.any(String) });
    const detaches = await h.calls("DetachClassicLinkVpc");
    expect(detaches.find((c) => c.requestId === error.lastError.requestId)).toMatchObject({ status: 200, errorCode: "ActionLocked" });
    expect(error.message).toContain("`pulumi destroy` finishes it");
    expect(await linksOf("ins-linked01")).toHaveLength(1);
    expect(await linkTasks("ClassicLinkDetach")).toEqual([expect.objectContaining({ status: "RUNNING" })]);
    // The next destroy (the task done meanwhile) finds it gone or finishes it; nothing detached twice.
    await h.emu.control.faults({ faults: [] });
    await h.emu.control.clock({ mode: "polls", polls: 1 });
    await link().delete("vpc-main0001#ins-linked01", linked);
    expect(await linksOf("ins-linked01")).toEqual([]);
    expect(await linkTasks("ClassicLinkDetach")).toEqual([expect.objectContaining({ status: "SUCCESS" })]);
  });

  test("ClassicLink: destroy of a pending link whose task still runs waits for the task, then unlinks", async () => {
    await h.reset({ clock: { mode: "polls", polls: 1000 } });
    const pending = (await rejection(link().create({ ...wantedLink, timeouts: { create: "3s" } }))).properties as ClassicLinkAttachmentOutputs;
    await h.emu.control.clock({ mode: "polls", polls: 2 });
    await link().delete(LINK_ID, pending);
    expect(await linksOf("ins-classic1")).toHaveLength(0);
    expect(await h.calls("DetachClassicLinkVpc")).toHaveLength(1);
  });

  test("ENI: a lost answer whose confirming reads keep failing is UnconfirmedChangeError with partial state; update finishes it", async () => {
    await h.emu.control.faults({
      faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } }],
      // The precheck's one ENI read passes; later reads in the window are throttled.
      rateLimits: [{ cloud: "tencentcloud", action: "DescribeNetworkInterfaces", limit: 1, windowMs: 3_600_000 }],
    });
    const error = await rejection(invoke("tencentcloud:EniAttachment", "create", [{ ...wantedEni, timeouts: { create: "1m" }, __provider: "p" }], ctx));
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.readError).toMatchObject({ code: "RequestLimitExceeded" });
    expect(error).toMatchObject({ id: ENI_ID });
    expect(error.properties).toEqual({ ...wantedEni, region: REGION, timeouts: { create: "1m" }, status: "pending", adopted: false, __provider: "p" });
    await h.emu.control.faults({ rateLimits: [] });
    const pending = error.properties as EniAttachmentOutputs;
    expect((await eni().diff(ENI_ID, pending, wantedEni)).changes).toBe(true);
    expect((await eni().update(ENI_ID, pending, wantedEni)).outs).toMatchObject({ status: "attached", adopted: false });
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(1);
  });

  test("a task that ends FAILED after the cloud accepted the attach keeps the id (status failed, the Output in the error); the next update attaches anew", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 1, effect: { type: "taskFailed", output: "no free device index" } }] });
    const error = await rejection(invoke("tencentcloud:EniAttachment", "create", [{ ...wantedEni, __provider: "p" }], ctx));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.message).toContain("no free device index");
    expect(error).toMatchObject({ id: ENI_ID, reasons: [error.message] });
    expect(error.properties).toMatchObject({ status: "failed", lastTaskId: error.taskId, __provider: "p" });
    expect((await eniState("eni-second01"))?.instanceId).toBeUndefined();
    const failed = error.properties as EniAttachmentOutputs;
    expect((await eni().diff(ENI_ID, failed, wantedEni)).changes).toBe(true);
    const { outs } = await eni().update(ENI_ID, failed, wantedEni);
    expect(outs).toMatchObject({ status: "attached", adopted: false });
    expect(outs.lastTaskId).not.toBe(failed.lastTaskId);
    expect(await eniState("eni-second01")).toMatchObject({ instanceId: "ins-vpcinst1", status: "AVAILABLE" });
  });

  test("an 8 s outage of the whole endpoint (every call reset) at the start of a create: ridden out, one attach, one task", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", effect: { type: "reset" } }] });
    const sleep = ctx.runtime.sleep.bind(ctx.runtime);
    let lifted = false;
    ctx.runtime.sleep = async (ms) => {
      await sleep(ms);
      if (!lifted && ctx.runtime.elapsed() >= 8_000) {
        lifted = true;
        await h.emu.control.faults({ faults: [] });
      }
    };
    const { outs } = await eni().create(wantedEni);
    expect(outs.status).toBe("attached");
    expect(ctx.runtime.elapsed()).toBeGreaterThanOrEqual(8_000);
    expect((await h.calls()).filter((c) => c.outcome === "reset").length).toBeGreaterThan(5);
    expect((await h.calls("AttachNetworkInterface")).filter((c) => c.outcome === "response")).toHaveLength(1);
    expect(await tasks()).toHaveLength(1);
  });

  test("InternalError on DescribeVpcTaskResult is a read: retried, and the create succeeds", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeVpcTaskResult", count: 2, effect: { type: "error", code: "InternalError", status: 200 } }] });
    const { outs } = await eni().create(wantedEni);
    expect(outs.status).toBe("attached");
    expect((await h.calls("DescribeVpcTaskResult")).map((c) => c.errorCode ?? "ok")).toEqual(["InternalError", "InternalError", "ok"]);
  });
});

describe("a pending resource is finished or failed by the next update", () => {
  test("ENI: the task outlived create, then ended FAILED: update fails with its Output and records failed; read drops it", async () => {
    await h.reset({ clock: { mode: "polls", polls: 1000 } });
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 1, effect: { type: "taskFailed", output: "subnet has no free IP" } }] });
    const timedOut = await rejection(eni().create({ ...wantedEni, timeouts: { create: "3s" } }));
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    const pending = timedOut.properties as EniAttachmentOutputs;
    expect(pending).toMatchObject({ status: "pending", lastTaskId: expect.any(String) });
    // While the task runs, a refresh keeps it.
    expect((await eni().read(ENI_ID, pending)).props).toMatchObject({ status: expect.stringMatching(/pending|attaching/) });
    await h.emu.control.clock({ mode: "polls", polls: 1 });
    const error = await rejection(invoke("tencentcloud:EniAttachment", "update", [ENI_ID, pending, { ...wantedEni, __provider: "p" }], ctx));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.output).toBe("subnet has no free IP");
    expect(error.properties).toMatchObject({ status: "failed", lastTaskId: pending.lastTaskId, __provider: "p" });
    expect(await h.calls("AttachNetworkInterface")).toHaveLength(1);
    expect(await eni().read(ENI_ID, error.properties)).toEqual({});
  });

  test("ClassicLink: the task outlived create and succeeded: diff shows it, update confirms it", async () => {
    await h.reset({ clock: { mode: "polls", polls: 1000 } });
    const timedOut = await rejection(link().create({ ...wantedLink, timeouts: { create: "3s" } }));
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    const pending = timedOut.properties as ClassicLinkAttachmentOutputs;
    expect(pending.status).toBe("pending");
    // A link is not listed while its task runs: refresh keeps it because the task still runs.
    expect((await link().read(LINK_ID, pending)).id).toBe(LINK_ID);
    expect((await link().diff(LINK_ID, pending, wantedLink)).changes).toBe(true);
    await h.emu.control.clock({ mode: "polls", polls: 1 });
    const { outs } = await link().update(LINK_ID, pending, wantedLink);
    expect(outs).toMatchObject({ status: "linked", lastTaskId: pending.lastTaskId, adopted: false });
    expect(await h.calls("AttachClassicLinkVpc")).toHaveLength(1);
    expect(await linksOf("ins-classic1")).toHaveLength(1);
    expect((await link().diff(LINK_ID, outs, wantedLink)).changes).toBe(false);
  });

  test("ClassicLink: the task outlived create and FAILED: update fails with its Output, nothing linked", async () => {
    await h.reset({ clock: { mode: "polls", polls: 1000 } });
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "taskFailed", output: "backend refused the link" } }] });
    const pending = (await rejection(link().create({ ...wantedLink, timeouts: { create: "3s" } }))).properties as ClassicLinkAttachmentOutputs;
    await h.emu.control.clock({ mode: "polls", polls: 1 });
    const error = await rejection(link().update(LINK_ID, pending, wantedLink));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.output).toBe("backend refused the link");
    expect(error.properties).toMatchObject({ status: "failed" });
    expect(await linksOf("ins-classic1")).toHaveLength(0);
  });
});

describe("a conflict that waiting cannot resolve fails at once with its true cause", () => {
  test("ENI attached to another instance between the precheck and the attach: named, not a bare AttachmentAlreadyExists", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachNetworkInterface", count: 1, phase: "before", effect: { type: "delay", ms: 400 } }] });
    const created = rejection(eni().create(wantedEni));
    // Once the precheck has read the ENI, move it while the attach is held.
    while ((await h.calls("DescribeNetworkInterfaces")).length === 0) await new Promise((r) => setTimeout(r, 5));
    await h.emu.control.tencentcloud("moveNetworkInterface", { networkInterfaceId: "eni-second01", instanceId: "ins-vpcinst2" });
    const error = await created;
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("attached to ins-vpcinst2");
    expect(error.id).toBeUndefined();
    expect((await h.calls("AttachNetworkInterface")).map((c) => c.errorCode)).toEqual(["UnsupportedOperation.AttachmentAlreadyExists"]);
  });

  test("ClassicLink: instance linked to another VPC: named at once", async () => {
    const error = await rejection(link().create({ instanceId: "ins-linked02", vpcId: "vpc-main0001" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("already linked to vpc-other001");
    expect(await h.calls("AttachClassicLinkVpc")).toHaveLength(0);
  });
});

describe("a moved ENI (README: A moved ENI)", () => {
  const attached: EniAttachmentOutputs = { instanceId: "ins-vpcinst2", networkInterfaceId: "eni-attached", region: REGION, status: "attached" };
  const ID = "eni-attached+ins-vpcinst2";
  const moveAway = () => h.emu.control.tencentcloud("moveNetworkInterface", { networkInterfaceId: "eni-attached", instanceId: "ins-vpcinst1" });

  test("refresh drops it; the next up fails naming where it is and never detaches it; destroy leaves it", async () => {
    await moveAway();
    expect(await eni().read(ID, attached)).toEqual({});
    const error = await rejection(eni().create({ instanceId: "ins-vpcinst2", networkInterfaceId: "eni-attached" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("attached to ins-vpcinst1");
    await eni().delete(ID, attached);
    await eni().delete(ID, { ...attached, instanceId: "ins-vpcinst1" });
    expect(await h.calls("DetachNetworkInterface")).toHaveLength(0);
    expect(await eniState("eni-attached")).toMatchObject({ instanceId: "ins-vpcinst1" });
  });
});
