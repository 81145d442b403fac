// The stack is never wrong about the cloud (issue 8), for the Alibaba resources: a change the cloud
// may have accepted is always returned or recorded as partial state; reads ride out faults until
// the deadline; a pending resource is finished by the next update; conflicts that waiting cannot
// resolve fail at once with their true cause; a moved ENI follows the README's rule.

import { StateError, UnconfirmedChangeError, WaitTimeoutError } from "../../provider/core/errors";
import { invoke } from "../../provider/index";
import { classicLinkAttachment, ClassicLinkAttachmentOutputs } from "../../provider/resources/alicloud/classicLinkAttachment";
import { eniAttachment, EniAttachmentOutputs } from "../../provider/resources/alicloud/eniAttachment";
import { vpcClassicLinkSetting, VpcClassicLinkSettingOutputs } from "../../provider/resources/alicloud/vpcClassicLinkSetting";
import { calls, failure, REGION, useAliEmulator } from "./alicloud-fixture";

const t = useAliEmulator();
const eni = () => eniAttachment(t.ctx);
const link = () => classicLinkAttachment(t.ctx);
const setting = () => vpcClassicLinkSetting(t.ctx);
const wanted = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second001" };
const ENI_ID = "eni-second001:i-vpcinst01";

async function vpcFlag(vpcId: string) {
  return (await t.emu.control.state()).alicloud?.vpcs?.find((v) => v.vpcId === vpcId)?.classicLinkEnabled === true;
}

async function linksOfVpc(vpcId: string) {
  return ((await t.emu.control.state()).alicloud?.classicLinks ?? []).filter((l) => l.vpcId === vpcId).map((l) => l.instanceId);
}

async function eniState(id: string) {
  return (await t.emu.control.state()).alicloud?.networkInterfaces?.find((n) => n.networkInterfaceId === id);
}

/** Runs `action` once, at the first sleep after `trigger` appears in the request log. */
function onceAfter(trigger: string, action: () => Promise<unknown>): void {
  const sleep = t.ctx.runtime.sleep.bind(t.ctx.runtime);
  let done = false;
  t.ctx.runtime.sleep = async (ms) => {
    if (!done && (await calls(t.emu, trigger)).length > 0) {
      done = true;
      await action();
    }
    await sleep(ms);
  };
}

describe("a change the cloud may have accepted is never forgotten", () => {
  test("ENI detach: four 503s in a row before the cloud acts (each re-read proves nothing landed): resent with backoff, detached once", async () => {
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "DetachNetworkInterface", phase: "before", count: 4, effect: { type: "error", code: "ServiceUnavailable", status: 503 } }],
    });
    const attached: EniAttachmentOutputs = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION, status: "InUse" };
    await eni().delete("eni-second002:i-vpcinst01", attached);
    const detaches = await calls(t.emu, "DetachNetworkInterface");
    expect(detaches.map((c) => `${c.status} ${c.errorCode ?? "accepted"}`)).toEqual([...Array(4).fill("503 ServiceUnavailable"), "200 accepted"]);
    expect(await eniState("eni-second002")).toMatchObject({ status: "Available" });
    expect((await eniState("eni-second002"))?.instanceId).toBeUndefined();
  });

  test("ENI detach: 503s on every send: after the bounded resends the final read proves nothing landed, and the 503 stands", async () => {
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "DetachNetworkInterface", phase: "before", effect: { type: "error", code: "ServiceUnavailable", status: 503 } }],
    });
    const attached: EniAttachmentOutputs = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION, status: "InUse" };
    const error = await failure(eni().delete("eni-second002:i-vpcinst01", attached));
    expect(error).toMatchObject({ code: "ServiceUnavailable", httpStatus: 503, ambiguous: true });
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(7);
    expect(await eniState("eni-second002")).toMatchObject({ status: "InUse", instanceId: "i-vpcinst01" });
  });

  test("three lost answers (two before the cloud applies it, one after): a final read finds it, one attach applied", async () => {
    await t.emu.control.faults({
      faults: [
        { cloud: "alicloud", action: "AttachNetworkInterface", phase: "before", count: 2, effect: { type: "reset" } },
        { cloud: "alicloud", action: "AttachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } },
      ],
    });
    const { id, outs } = await eni().create(wanted);
    expect(id).toBe(ENI_ID);
    expect(outs).toMatchObject({ ...wanted, status: "InUse", adopted: false });
    const attaches = await calls(t.emu, "AttachNetworkInterface");
    expect(attaches.map((c) => c.outcome)).toEqual(["reset", "reset", "reset"]);
    expect(await eniState("eni-second001")).toMatchObject({ status: "InUse", instanceId: "i-vpcinst01" });
  });

  test("a lost answer whose confirming reads are throttled until the deadline is recorded as pending, then finished by update", async () => {
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", phase: "after", count: 1, effect: { type: "reset" } }],
      // The precheck's one read passes; every later read in the window is throttled.
      rateLimits: [{ cloud: "alicloud", action: "DescribeNetworkInterfaces", limit: 1, windowMs: 3_600_000 }],
    });
    const error = await failure(invoke("alicloud:EniAttachment", "create", [{ ...wanted, timeouts: { create: "2m" }, __provider: "p" }], t.ctx));
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.lostAnswer).toMatchObject({ code: "ECONNRESET" });
    expect(error.readError).toMatchObject({ code: "Throttling.User", httpStatus: 400 });
    expect(error.id).toBe(ENI_ID);
    expect(error.properties).toEqual({ ...wanted, region: REGION, timeouts: { create: "2m" }, status: "pending", adopted: false, __provider: "p" });
    expect(error.reasons).toEqual([error.message]);
    expect(t.ctx.runtime.elapsed()).toBeLessThanOrEqual(120_000);
    expect(t.ctx.runtime.elapsed()).toBeGreaterThan(60_000);
    expect(await eniState("eni-second001")).toMatchObject({ status: "InUse", instanceId: "i-vpcinst01" });

    // The next `up`: diff does not hide it, update re-reads and finishes it; nothing is sent again.
    await t.emu.control.faults({ rateLimits: [] });
    const pending = error.properties as EniAttachmentOutputs;
    expect((await eni().diff(ENI_ID, pending, wanted)).changes).toBe(true);
    const { outs } = await eni().update(ENI_ID, pending, wanted);
    expect(outs).toMatchObject({ ...wanted, status: "InUse", adopted: false });
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
  });

  test("a wait that fails on a read error after the attach (not a timeout) still keeps the id", async () => {
    onceAfter("AttachNetworkInterface", () =>
      t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DescribeNetworkInterfaces", effect: { type: "error", code: "InvalidParameter", status: 400 } }] }),
    );
    await t.emu.control.clock({ mode: "polls", polls: 5 });
    const error = await failure(invoke("alicloud:EniAttachment", "create", [{ ...wanted, __provider: "p" }], t.ctx));
    expect(error).toMatchObject({ code: "InvalidParameter", httpStatus: 400, id: ENI_ID });
    expect(error.properties).toMatchObject({ status: "pending", __provider: "p" });
  });

  test("an attach refused before anything happened records nothing", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", effect: { type: "error", code: "EniPerInstanceLimitExceeded", status: 403 } }] });
    const error = await failure(invoke("alicloud:EniAttachment", "create", [{ ...wanted, __provider: "p" }], t.ctx));
    expect(error).toMatchObject({ code: "EniPerInstanceLimitExceeded", httpStatus: 403 });
    expect(error.id).toBeUndefined();
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
  });
});

describe("reads ride out faults until the deadline", () => {
  test("six resets in a row on the ENI read and four 503s on the instance read (past the old 5-attempt cap): the create succeeds", async () => {
    await t.emu.control.faults({
      faults: [
        { cloud: "alicloud", action: "DescribeInstances", count: 4, effect: { type: "error", code: "ServiceUnavailable", status: 503 } },
        { cloud: "alicloud", action: "DescribeNetworkInterfaces", count: 6, effect: { type: "reset" } },
      ],
    });
    const { outs } = await eni().create(wanted);
    expect(outs.status).toBe("InUse");
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
    expect((await calls(t.emu, "DescribeNetworkInterfaces")).filter((c) => c.outcome === "reset")).toHaveLength(6);
  });

  test("an 8 s outage of the whole endpoint (every call reset) at the start of a create: ridden out, one attach", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", effect: { type: "reset" } }] });
    const sleep = t.ctx.runtime.sleep.bind(t.ctx.runtime);
    let lifted = false;
    t.ctx.runtime.sleep = async (ms) => {
      await sleep(ms);
      if (!lifted && t.ctx.runtime.elapsed() >= 8_000) {
        lifted = true;
        await t.emu.control.faults({ faults: [] });
      }
    };
    const { outs } = await eni().create(wanted);
    expect(outs.status).toBe("InUse");
    expect(t.ctx.runtime.elapsed()).toBeGreaterThanOrEqual(8_000);
    const log = await t.emu.control.requests({ cloud: "alicloud" });
    expect(log.filter((c) => c.outcome === "reset").length).toBeGreaterThan(5);
    expect((await calls(t.emu, "AttachNetworkInterface")).filter((c) => c.outcome === "response")).toHaveLength(1);
  });

  test("throttled reads and a throttled attach are retried (with the throttling backoff) until they pass", async () => {
    await t.emu.control.faults({
      faults: [
        { cloud: "alicloud", action: "AttachNetworkInterface", count: 8, effect: { type: "error", code: "Throttling.User", status: 400 } },
        { cloud: "alicloud", action: "DescribeNetworkInterfaces", count: 8, effect: { type: "error", code: "Throttling", status: 400 } },
      ],
    });
    const { outs } = await eni().create(wanted);
    expect(outs.status).toBe("InUse");
    const attaches = await calls(t.emu, "AttachNetworkInterface");
    expect(attaches.filter((c) => !c.errorCode)).toHaveLength(1);
    expect(attaches).toHaveLength(9);
  });
});

describe("a pending resource is finished by the next update", () => {
  test("an attach that outlived the create deadline: diff shows it, update waits it out to InUse", async () => {
    await t.emu.control.clock({ mode: "polls", polls: 1000 });
    const error = await failure(eni().create({ ...wanted, timeouts: { create: "3s" } }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const pending = error.properties as EniAttachmentOutputs;
    expect(pending.status).toBe("pending");
    expect(await eni().diff(ENI_ID, pending, wanted)).toMatchObject({ changes: true, replaces: [] });
    await t.emu.control.clock({ mode: "polls", polls: 2 });
    const { outs } = await eni().update(ENI_ID, pending, wanted);
    expect(outs).toMatchObject({ status: "InUse", adopted: false, lastRequestId: pending.lastRequestId });
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
    // Settled: no diff any more.
    expect((await eni().diff(ENI_ID, outs, wanted)).changes).toBe(false);
  });

  test("a pending attach the cloud rolled back: update attaches again", async () => {
    await t.emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-second001", status: "Available" });
    const pending = { ...wanted, region: REGION, status: "pending", adopted: false };
    const { outs } = await eni().update(ENI_ID, pending, wanted);
    expect(outs).toMatchObject({ status: "InUse" });
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
  });
});

describe("a conflict that waiting cannot resolve fails at once with its true cause", () => {
  test("the ENI turns InUse on another instance between the precheck and the attach: fails naming it, not after the deadline", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachNetworkInterface", count: 1, effect: { type: "error", code: "InvalidOperation.InvalidEniState", status: 400 } }] });
    onceAfter("AttachNetworkInterface", () => t.emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-second001", instanceId: "i-vpcinst02" }));
    const error = await failure(invoke("alicloud:EniAttachment", "create", [{ ...wanted, __provider: "p" }], t.ctx));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("attached to i-vpcinst02");
    expect(error.message).toContain("detach it from i-vpcinst02 first");
    expect(error.id).toBeUndefined();
    expect(t.ctx.runtime.elapsed()).toBeLessThan(10_000);
    expect(await calls(t.emu, "AttachNetworkInterface")).toHaveLength(1);
  });
});

describe("ownership", () => {
  test("an attachment made by the stack records adopted: false, one found in place adopted: true; delete detaches both", async () => {
    const made = await eni().create(wanted);
    expect(made.outs.adopted).toBe(false);
    const found = await eni().create({ instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002" });
    expect(found.outs.adopted).toBe(true);
    await eni().delete(found.id, found.outs);
    expect(await eniState("eni-second002")).toMatchObject({ status: "Available" });
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(1);
  });
});

describe("a moved ENI (README: A moved ENI)", () => {
  const attached = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002", region: REGION, status: "InUse" };
  const program = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second002" };
  const ID = "eni-second002:i-vpcinst01";
  const moveAway = () => t.emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-second002", instanceId: "i-vpcinst02" });

  test("refresh drops the attachment; the next up fails naming where it is and never detaches it", async () => {
    await moveAway();
    expect(await eni().read(ID, attached)).toEqual({});
    const error = await failure(eni().create(program));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("attached to i-vpcinst02");
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(0);
    expect(await eniState("eni-second002")).toMatchObject({ instanceId: "i-vpcinst02", status: "InUse" });
  });

  test("without a refresh: an update fails naming where it is, destroy leaves it there", async () => {
    await moveAway();
    const error = await failure(eni().update(ID, attached, { ...program, timeouts: { delete: "1h" } }));
    expect(error.message).toContain("attached to i-vpcinst02");
    await eni().delete(ID, attached);
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(0);
    expect(await eniState("eni-second002")).toMatchObject({ instanceId: "i-vpcinst02", status: "InUse" });
  });

  test("state from an earlier version (ID the old instance, props the new): delete follows the ID and leaves the ENI", async () => {
    await moveAway();
    await eni().delete(ID, { ...attached, instanceId: "i-vpcinst02" });
    expect(await calls(t.emu, "DetachNetworkInterface")).toHaveLength(0);
    expect(await eniState("eni-second002")).toMatchObject({ instanceId: "i-vpcinst02", status: "InUse" });
  });

  test("moved back by hand: refresh finds it again under the same ID", async () => {
    await moveAway();
    await t.emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-second002", instanceId: "i-vpcinst01" });
    expect((await eni().read(ID, attached)).id).toBe(ID);
  });
});

describe("alicloud.ClassicLinkAttachment and VpcClassicLinkSetting", () => {
  const wantedLink = { instanceId: "i-classic01", vpcId: "vpc-linkon001" };
  const LINK_ID = "i-classic01:vpc-linkon001";

  test("ClassicLink: three lost answers, the last after it landed: recovered, linked once", async () => {
    await t.emu.control.faults({
      faults: [
        { cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "before", count: 2, effect: { type: "reset" } },
        { cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } },
      ],
    });
    const { id, outs } = await link().create(wantedLink);
    expect(id).toBe(LINK_ID);
    expect(outs).toMatchObject({ status: "Linked", adopted: false });
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(3);
    expect(await linksOfVpc("vpc-linkon001")).toEqual(["i-classic01"]);
  });

  test("ClassicLink: a lost answer, then reads throttled to the deadline: pending partial state, finished by update", async () => {
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }],
      rateLimits: [{ cloud: "alicloud", action: "DescribeClassicLinkInstances", limit: 1, windowMs: 3_600_000 }],
    });
    const error = await failure(invoke("alicloud:ClassicLinkAttachment", "create", [{ ...wantedLink, timeouts: { create: "1m" }, __provider: "p" }], t.ctx));
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.id).toBe(LINK_ID);
    expect(error.properties).toMatchObject({ ...wantedLink, status: "pending", adopted: false, __provider: "p" });
    await t.emu.control.faults({ rateLimits: [] });
    const pending = error.properties as ClassicLinkAttachmentOutputs;
    expect((await link().diff(LINK_ID, pending, wantedLink)).changes).toBe(true);
    expect((await link().update(LINK_ID, pending, wantedLink)).outs).toMatchObject({ status: "Linked", adopted: false });
    expect(await calls(t.emu, "AttachClassicLinkVpc")).toHaveLength(1);
  });

  test("ClassicLink: linked to another VPC between the precheck and the attach: fails at once naming that VPC", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DescribeVpcAttribute", count: 1, effect: { type: "error", code: "ServiceUnavailable", status: 503 } }] });
    onceAfter("DescribeVpcAttribute", () => t.emu.control.alicloud("addLink", { instanceId: "i-classic01", vpcId: "vpc-other0001" }));
    const error = await failure(invoke("alicloud:ClassicLinkAttachment", "create", [{ ...wantedLink, __provider: "p" }], t.ctx));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("already linked to vpc-other0001");
    expect(error.message).toContain("unlink it from vpc-other0001 first");
    expect(error.id).toBeUndefined();
    const [attach] = await calls(t.emu, "AttachClassicLinkVpc");
    expect(attach).toMatchObject({ errorCode: "Abs.InvalidInstanceId.MalFormed", status: 400 });
  });

  test("setting: an update whose answer is lost and whose reads fail is recorded as pending (with __provider), then finished", async () => {
    const olds: VpcClassicLinkSettingOutputs = { vpcId: "vpc-linkoff01", enabled: false, region: REGION, status: "Disabled", foundEnabled: false, adopted: true };
    const news = { vpcId: "vpc-linkoff01", enabled: true, timeouts: { update: "1m" }, __provider: "p" };
    await t.emu.control.faults({
      faults: [{ cloud: "alicloud", action: "EnableVpcClassicLink", phase: "after", count: 1, effect: { type: "reset" } }],
      rateLimits: [{ cloud: "alicloud", action: "DescribeVpcAttribute", limit: 1, windowMs: 3_600_000 }],
    });
    const error = await failure(invoke("alicloud:VpcClassicLinkSetting", "update", ["vpc-linkoff01", olds, news], t.ctx));
    expect(error).toBeInstanceOf(UnconfirmedChangeError);
    expect(error.id).toBe("vpc-linkoff01");
    expect(error.properties).toMatchObject({ enabled: true, status: "pending", foundEnabled: false, adopted: true, __provider: "p" });
    expect(await vpcFlag("vpc-linkoff01")).toBe(true);
    await t.emu.control.faults({ rateLimits: [] });
    const pending = error.properties as VpcClassicLinkSettingOutputs;
    expect((await setting().diff("vpc-linkoff01", pending, { vpcId: "vpc-linkoff01", enabled: true })).changes).toBe(true);
    expect((await setting().update("vpc-linkoff01", pending, { vpcId: "vpc-linkoff01", enabled: true })).outs).toMatchObject({ status: "Enabled", foundEnabled: false });
    expect(await calls(t.emu, "EnableVpcClassicLink")).toHaveLength(1);
  });

  test("setting that found ClassicLink on: delete leaves it on, with links from outside the stack", async () => {
    const { id, outs } = await setting().create({ vpcId: "vpc-other0001" });
    expect(outs).toMatchObject({ foundEnabled: true, adopted: true });
    await setting().delete(id, outs);
    expect(await vpcFlag("vpc-other0001")).toBe(true);
    expect(await calls(t.emu, "DisableVpcClassicLink")).toHaveLength(0);
  });

  test("setting that turned ClassicLink on: delete turns it off", async () => {
    const { id, outs } = await setting().create({ vpcId: "vpc-linkoff01" });
    expect(outs).toMatchObject({ foundEnabled: false, adopted: false });
    await setting().delete(id, outs);
    expect(await vpcFlag("vpc-linkoff01")).toBe(false);
  });

  test("setting: disabling while links exist (also when the same change removes their attachments) fails before sending, naming them and the two-step remedy", async () => {
    const made = await setting().create({ vpcId: "vpc-linkoff01" });
    const attached = await link().create({ instanceId: "i-classic01", vpcId: "vpc-linkoff01" });
    // The same `up` removes the attachment and sets enabled: false; Pulumi runs the update first.
    const error = await failure(setting().update(made.id, made.outs, { vpcId: "vpc-linkoff01", enabled: false }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("cannot be turned off while classic instances are linked to it (i-classic01)");
    expect(error.message).toContain("Remove the attachments in one `pulumi up` and set `enabled: false` in the next");
    expect(error.message).toContain("delete this VpcClassicLinkSetting instead");
    expect(await calls(t.emu, "DisableVpcClassicLink")).toHaveLength(0);
    // The remedy works: the attachment goes first, then the disable.
    await link().delete(attached.id, attached.outs);
    expect((await setting().update(made.id, made.outs, { vpcId: "vpc-linkoff01", enabled: false })).outs).toMatchObject({ status: "Disabled" });
    expect(await vpcFlag("vpc-linkoff01")).toBe(false);
  });

  test("setting: a link made between the disable precheck and the call gets the same named error for that operation (not the table's generic hint)", async () => {
    const made = await setting().create({ vpcId: "vpc-linkoff01" });
    // The first disable meets a busy VPC; while it waits, someone links an instance.
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DisableVpcClassicLink", count: 1, effect: { type: "error", code: "IncorrectVpcStatus", status: 400 } }] });
    onceAfter("DisableVpcClassicLink", () => t.emu.control.alicloud("addLink", { instanceId: "i-classic02", vpcId: "vpc-linkoff01" }));
    const error = await failure(setting().update(made.id, made.outs, { vpcId: "vpc-linkoff01", enabled: false }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("linked to it (i-classic02)");
    expect(error.message).toContain("in the next");
    expect((await calls(t.emu, "DisableVpcClassicLink")).map((c) => c.errorCode)).toEqual(["IncorrectVpcStatus", "DependencyViolation.Instance"]);
    expect((await calls(t.emu, "DisableVpcClassicLink"))[1].status).toBe(404);
    expect(await vpcFlag("vpc-linkoff01")).toBe(true);
  });

  test("an update of a link that is there needs nothing from the instance: an Expired instance does not fail it", async () => {
    const made = await link().create(wantedLink);
    await t.emu.control.alicloud("setInstanceStatus", { instanceId: "i-classic01", status: "Expired" });
    const { outs } = await link().update(LINK_ID, made.outs, { ...wantedLink, timeouts: { delete: "1h" } });
    expect(outs).toMatchObject({ status: "Linked", timeouts: { delete: "1h" } });
  });
});
