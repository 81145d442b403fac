// alicloud.VpcClassicLinkSetting driven through its provider methods against the emulator.

import { vpcClassicLinkSetting, VpcClassicLinkSettingOutputs } from "../../provider/resources/alicloud/vpcClassicLinkSetting";
import { classicLinkAttachment } from "../../provider/resources/alicloud/classicLinkAttachment";
import { CloudError, StateError, WaitTimeoutError } from "../../provider/core/errors";
import { calls, expectNoSecret, failure, REGION, useAliEmulator } from "./alicloud-fixture";

const t = useAliEmulator();

const impl = () => vpcClassicLinkSetting(t.ctx);

async function flag(vpcId: string) {
  const state = await t.emu.control.state();
  return state.alicloud?.vpcs?.find((v) => v.vpcId === vpcId)?.classicLinkEnabled === true;
}

describe("create", () => {
  test("enables ClassicLink, reading the VPC first and confirming after", async () => {
    const { id, outs } = await impl().create({ vpcId: "vpc-linkoff01", enabled: true });
    expect(id).toBe("vpc-linkoff01");
    const [enable] = await calls(t.emu, "EnableVpcClassicLink");
    expect(outs).toEqual({ vpcId: "vpc-linkoff01", enabled: true, region: REGION, status: "Enabled", lastRequestId: enable.requestId, foundEnabled: false, adopted: false });
    expect(await flag("vpc-linkoff01")).toBe(true);
    expect(JSON.stringify(outs)).not.toMatch(/LTAI|secret/);
    expect((await t.emu.control.requests()).map((r) => r.action)).toEqual(["DescribeVpcAttribute", "EnableVpcClassicLink", "DescribeVpcAttribute"]);
  });

  test("enabled defaults to true", async () => {
    const { outs } = await impl().create({ vpcId: "vpc-linkoff01" });
    expect(outs.enabled).toBe(true);
  });

  test("a VPC already as asked is adopted with no call", async () => {
    const { outs } = await impl().create({ vpcId: "vpc-linkon001", enabled: true });
    expect(outs).toEqual({ vpcId: "vpc-linkon001", enabled: true, region: REGION, status: "Enabled", foundEnabled: true, adopted: true });
    expect(await calls(t.emu, "EnableVpcClassicLink")).toHaveLength(0);
  });

  test("enabled: false turns ClassicLink off", async () => {
    const { outs } = await impl().create({ vpcId: "vpc-linkon001", enabled: false });
    expect(outs.status).toBe("Disabled");
    expect(await flag("vpc-linkon001")).toBe(false);
  });

  test("a missing VPC names the region", async () => {
    const error = await failure(impl().create({ vpcId: "vpc-nonesuch1" }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain(`VPC vpc-nonesuch1 was not found in region ${REGION}`);
  });

  test("another account's VPC reads as missing", async () => {
    const error = await failure(impl().create({ vpcId: "vpc-foreign01" }));
    expect(error.message).toContain("was not found");
    expectNoSecret(error);
  });

  test("a lost response after the change: recovered by re-reading, sent once", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "EnableVpcClassicLink", phase: "after", count: 1, effect: { type: "reset" } }] });
    const { outs } = await impl().create({ vpcId: "vpc-linkoff01" });
    expect(outs.status).toBe("Enabled");
    expect(await calls(t.emu, "EnableVpcClassicLink")).toHaveLength(1);
  });

  test("a VPC that is changing (IncorrectVpcStatus) is waited out", async () => {
    await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "EnableVpcClassicLink", count: 2, effect: { type: "error", code: "IncorrectVpcStatus", status: 400 } }] });
    await impl().create({ vpcId: "vpc-linkoff01" });
    expect((await calls(t.emu, "EnableVpcClassicLink")).map((r) => r.errorCode ?? "ok")).toEqual(["IncorrectVpcStatus", "IncorrectVpcStatus", "ok"]);
  });

  test("a Pending VPC that never settles hits the deadline, naming it", async () => {
    await t.emu.control.alicloud("setVpcStatus", { vpcId: "vpc-linkoff01", status: "Pending" });
    const error = await failure(impl().create({ vpcId: "vpc-linkoff01", timeouts: { create: "10s" } }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ waitedFor: "VPC vpc-linkoff01 to be Available", lastSeen: "status Pending" });
    expect(await calls(t.emu, "EnableVpcClassicLink")).toHaveLength(0);
  });
});

describe("read", () => {
  test("reports the live flag, and its drift", async () => {
    const { id, outs } = await impl().create({ vpcId: "vpc-linkoff01" });
    expect(await impl().read(id, outs)).toEqual({ id, props: outs, inputs: { vpcId: "vpc-linkoff01", enabled: true, region: REGION } });
    await t.emu.control.alicloud("setVpcClassicLink", { vpcId: "vpc-linkoff01", enabled: false });
    const drifted = await impl().read(id, outs);
    expect(drifted.props).toMatchObject({ enabled: false, status: "Disabled" });
  });

  test("a VPC that is gone reads as gone", async () => {
    expect(await impl().read("vpc-nonesuch1", { vpcId: "vpc-nonesuch1", enabled: true, region: REGION, status: "Enabled" })).toEqual({});
  });
});

describe("update and diff", () => {
  const olds: VpcClassicLinkSettingOutputs = { vpcId: "vpc-linkon001", enabled: true, region: REGION, status: "Enabled" };

  test("enabled changes in place", async () => {
    expect(await impl().diff("vpc-linkon001", olds, { vpcId: "vpc-linkon001", enabled: false })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs } = await impl().update("vpc-linkon001", olds, { vpcId: "vpc-linkon001", enabled: false });
    const [disable] = await calls(t.emu, "DisableVpcClassicLink");
    expect(outs).toEqual({ vpcId: "vpc-linkon001", enabled: false, region: REGION, status: "Disabled", lastRequestId: disable.requestId });
  });

  test("timeouts alone change in place with no cloud change", async () => {
    const { outs } = await impl().update("vpc-linkon001", olds, { vpcId: "vpc-linkon001", enabled: true, timeouts: { update: "2m" } });
    expect(outs).toEqual({ ...olds, timeouts: { update: "2m" } });
    expect(await calls(t.emu, "EnableVpcClassicLink")).toHaveLength(0);
  });

  test("enabled left unset equals the default: no diff", async () => {
    expect(await impl().diff("vpc-linkon001", olds, { vpcId: "vpc-linkon001" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("the same VPC in another region deletes first, so the new setting is not switched off by the old one's delete", async () => {
    expect(await impl().diff("vpc-linkon001", olds, { vpcId: "vpc-linkon001", enabled: true, region: "cn-shanghai" })).toEqual({
      changes: true,
      replaces: ["region"],
      deleteBeforeReplace: true,
    });
  });

  test("another VPC replaces, creating first", async () => {
    expect(await impl().diff("vpc-linkon001", olds, { vpcId: "vpc-linkoff01", enabled: true })).toEqual({ changes: true, replaces: ["vpcId"], deleteBeforeReplace: false });
  });
});

describe("delete", () => {
  test("restores ClassicLink to off", async () => {
    const { id, outs } = await impl().create({ vpcId: "vpc-linkoff01" });
    await impl().delete(id, outs);
    expect(await flag("vpc-linkoff01")).toBe(false);
  });

  test("already off, or the VPC gone, is success with no call", async () => {
    await impl().delete("vpc-linkoff01", { vpcId: "vpc-linkoff01", enabled: true, region: REGION, status: "Enabled", foundEnabled: false });
    await impl().delete("vpc-nonesuch1", { vpcId: "vpc-nonesuch1", enabled: true, region: REGION, status: "Enabled", foundEnabled: false });
    expect(await calls(t.emu, "DisableVpcClassicLink")).toHaveLength(0);
  });

  test("instances still linked: fails before sending, naming them and the remedy", async () => {
    const error = await failure(impl().delete("vpc-other0001", { vpcId: "vpc-other0001", enabled: true, region: REGION, status: "Enabled", foundEnabled: false }));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toContain("ClassicLink of vpc-other0001 cannot be turned off while classic instances are linked to it (i-classic03)");
    expect(error.message).toContain("dependsOn");
    expect(error.message).toContain("retainOnDelete");
    expect(await calls(t.emu, "DisableVpcClassicLink")).toHaveLength(0);
    expect(await flag("vpc-other0001")).toBe(true);
  });

  test("setting then attachment, torn down in reverse: the whole ClassicLink story", async () => {
    const setting = await impl().create({ vpcId: "vpc-linkoff01" });
    const attachments = classicLinkAttachment(t.ctx);
    const link = await attachments.create({ instanceId: "i-classic01", vpcId: "vpc-linkoff01" });
    await attachments.delete(link.id, link.outs);
    await impl().delete(setting.id, setting.outs);
    expect(await flag("vpc-linkoff01")).toBe(false);
  });
});
