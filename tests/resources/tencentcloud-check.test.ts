// check and diff of the Tencent resources: pure, no API call. The emulator's request log proves
// that bad input never reaches the cloud.

import { ConfigurationError } from "../../provider/core/credentials";
import { UNKNOWN } from "../../provider/resources/common";
import { classicLinkAttachment, ClassicLinkAttachmentOutputs } from "../../provider/resources/tencentcloud/classicLinkAttachment";
import { eniAttachment, EniAttachmentOutputs } from "../../provider/resources/tencentcloud/eniAttachment";
import { harness, REGION, rejection, SECRET_ID, SECRET_KEY } from "./tencentcloud-fixtures";

const h = harness();
beforeEach(() => h.reset());

type Case = [string, "classicLink" | "eni", Record<string, unknown>, string, RegExp];

const CL = { instanceId: "ins-classic1", vpcId: "vpc-main0001" };
const ENI = { instanceId: "ins-vpcinst1", networkInterfaceId: "eni-second01" };

const BAD_INPUTS: Case[] = [
  ["missing instanceId", "classicLink", { vpcId: CL.vpcId }, "instanceId", /required.*ins-/],
  ["missing vpcId", "classicLink", { instanceId: CL.instanceId }, "vpcId", /required.*vpc-/],
  ["empty instanceId", "classicLink", { ...CL, instanceId: "" }, "instanceId", /required/],
  ["Alibaba instance ID", "classicLink", { ...CL, instanceId: "i-bp1hfc2ghzsl0ahu3vzc" }, "instanceId", /Alibaba Cloud.*netattach\.alicloud/],
  ["Alibaba VPC ID", "classicLink", { ...CL, vpcId: "vpc-bp1m7v25emi1h5mtcxyz" }, "vpcId", /Alibaba Cloud/],
  ["instance ID of the wrong shape", "classicLink", { ...CL, instanceId: "ins-ABC" }, "instanceId", /expected the form "ins-0h3a5new"/],
  ["VPC ID passed as instance", "classicLink", { ...CL, instanceId: "vpc-main0001" }, "instanceId", /not a Tencent Cloud instance ID/],
  ["number as vpcId", "classicLink", { ...CL, vpcId: 42 }, "vpcId", /must be a string/],
  ["bad region", "classicLink", { ...CL, region: "guangzhou" }, "region", /region ID like "ap-guangzhou"/],
  ["Alibaba region", "classicLink", { ...CL, region: "cn-hangzhou" }, "region", /is a region of Alibaba Cloud/],
  ["upper-case region", "classicLink", { ...CL, region: "AP-GUANGZHOU" }, "region", /not a Tencent Cloud region/],
  ["timeouts not an object", "classicLink", { ...CL, timeouts: "10m" }, "timeouts", /must be an object/],
  ["timeouts with a bad duration", "classicLink", { ...CL, timeouts: { create: "ten minutes" } }, "timeouts.create", /not a duration/],
  ["unknown timeout key", "classicLink", { ...CL, timeouts: { read: "1m" } }, "timeouts.read", /only create, update and delete/],
  ["typo in a property name", "classicLink", { ...CL, instanceID: "ins-classic1" }, "instanceID", /did you mean "instanceId"/],
  ["unknown property", "classicLink", { ...CL, networkInterfaceId: "eni-second01" }, "networkInterfaceId", /takes instanceId, vpcId, region, timeouts/],
  ["missing networkInterfaceId", "eni", { instanceId: ENI.instanceId }, "networkInterfaceId", /required.*eni-/],
  ["missing instanceId (ENI)", "eni", { networkInterfaceId: ENI.networkInterfaceId }, "instanceId", /required/],
  ["Alibaba ENI ID", "eni", { ...ENI, networkInterfaceId: "eni-bp17pdijfczax1huji5b" }, "networkInterfaceId", /Alibaba Cloud/],
  ["ENI ID of the wrong shape", "eni", { ...ENI, networkInterfaceId: "eni_second01" }, "networkInterfaceId", /expected the form "eni-gtlvkjvz"/],
  ["instance ID passed as ENI", "eni", { ...ENI, networkInterfaceId: "ins-vpcinst1" }, "networkInterfaceId", /not a Tencent Cloud ENI ID/],
  ["Alibaba instance (ENI)", "eni", { ...ENI, instanceId: "i-bp1hfc2ghzsl0ahu3vzc" }, "instanceId", /Alibaba Cloud/],
  ["vpcId on an ENI attachment", "eni", { ...ENI, vpcId: "vpc-main0001" }, "vpcId", /unknown property/],
  ["boolean region", "eni", { ...ENI, region: true }, "region", /not a Tencent Cloud region/],
  ["negative-looking duration", "eni", { ...ENI, timeouts: { delete: "-5m" } }, "timeouts.delete", /not a duration/],
  ["timeouts as an array", "eni", { ...ENI, timeouts: ["10m"] }, "timeouts", /must be an object/],
  ["a 100,000-character region", "eni", { ...ENI, region: "ap-" + "g".repeat(100_000) }, "region", /too long for a region ID \(at most 32 characters\)/],
  ["a 100,000-character instance ID", "classicLink", { ...CL, instanceId: "ins-" + "a".repeat(100_000) }, "instanceId", /too long.*at most 64/],
  ["a 100,000-character duration", "eni", { ...ENI, timeouts: { create: "1".repeat(100_000) + "s" } }, "timeouts.create", /too long \(at most 16 characters\)/],
  ["a timeout over a day", "eni", { ...ENI, timeouts: { delete: "25h" } }, "timeouts.delete", /longer than the 24h/],
];

describe("check rejects bad inputs with no request reaching the cloud", () => {
  test.each(BAD_INPUTS)("%s", async (_what, kind, news, property, reason) => {
    const impl = kind === "classicLink" ? classicLinkAttachment(h.ctx()) : eniAttachment(h.ctx());
    const result = await impl.check({}, news);
    expect(result.inputs).toBeUndefined();
    const failure = result.failures?.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure?.reason).toMatch(reason);
    // The request log was cleared before this case: nothing reached the emulator.
    expect(await h.calls()).toEqual([]);
  });

  test("at least 16 cases", () => expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(16));
});

describe("check accepts and normalises", () => {
  test("trims IDs and keeps only known inputs", async () => {
    const result = await classicLinkAttachment(h.ctx()).check({}, { instanceId: " ins-classic1 ", vpcId: "vpc-main0001", region: "ap-shanghai", timeouts: { create: "5m" }, __provider: "x" });
    expect(result).toEqual({ inputs: { instanceId: "ins-classic1", vpcId: "vpc-main0001", region: "ap-shanghai", timeouts: { create: "5m" } } });
  });

  test("tolerates unknown values during preview", async () => {
    expect(await eniAttachment(h.ctx()).check({}, { instanceId: UNKNOWN, networkInterfaceId: UNKNOWN, region: UNKNOWN })).toEqual({
      inputs: { instanceId: UNKNOWN, networkInterfaceId: UNKNOWN, region: UNKNOWN },
    });
  });

  test("needs no credentials and sends nothing", async () => {
    const ctx = h.ctx({ TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined });
    expect((await eniAttachment(ctx).check({}, ENI)).inputs).toEqual({ ...ENI, region: REGION });
    expect(await h.calls()).toEqual([]);
  });
});

describe("the region is resolved in check from the provider's settings", () => {
  test("an unset region becomes the provider's, so it is stored as read() reports it", async () => {
    expect((await classicLinkAttachment(h.ctx({ TENCENTCLOUD_REGION: "ap-shanghai" })).check({}, CL)).inputs).toEqual({ ...CL, region: "ap-shanghai" });
    const ctx = h.ctx({ TENCENTCLOUD_REGION: undefined });
    const configured = { ...ctx, settings: { ...ctx.settings, config: { "tencentcloud:region": "ap-beijing" } } };
    expect((await eniAttachment(configured).check({}, ENI)).inputs).toEqual({ ...ENI, region: "ap-beijing" });
    expect(await h.calls()).toEqual([]);
  });

  test("a change of the provider's region replaces; the same region shows no change", async () => {
    const stored: EniAttachmentOutputs = { ...ENI, region: REGION, status: "attached" };
    const moved = eniAttachment(h.ctx({ TENCENTCLOUD_REGION: "ap-shanghai" }));
    expect(await moved.diff("id", stored, (await moved.check({}, ENI)).inputs!)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
    const same = eniAttachment(h.ctx());
    expect(await same.diff("id", stored, (await same.check({}, ENI)).inputs!)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("no region anywhere leaves it unset (create then names both ways to set it); a bad provider region is named as such", async () => {
    const none = await eniAttachment(h.ctx({ TENCENTCLOUD_REGION: undefined })).check({}, ENI);
    expect(none).toEqual({ inputs: ENI });
    const wrong = await eniAttachment(h.ctx({ TENCENTCLOUD_REGION: "cn-hangzhou" })).check({}, ENI);
    expect(wrong.failures).toEqual([{ property: "region", reason: expect.stringMatching(/^the provider's region "cn-hangzhou" is a region of Alibaba Cloud.*set tencentcloud:region/) }]);
    expect(await h.calls()).toEqual([]);
  });
});

describe("unknowns at any depth during preview", () => {
  test("a nested unknown timeout and a wholly unknown timeouts are accepted and kept", async () => {
    expect(await eniAttachment(h.ctx()).check({}, { ...ENI, timeouts: { create: UNKNOWN, delete: "5m" } })).toEqual({
      inputs: { ...ENI, region: REGION, timeouts: { create: UNKNOWN, delete: "5m" } },
    });
    expect(await classicLinkAttachment(h.ctx()).check({}, { ...CL, timeouts: UNKNOWN })).toEqual({ inputs: { ...CL, region: REGION, timeouts: UNKNOWN } });
  });

  test("an unknown timeout updates in place; the placeholder never appears in a failure", async () => {
    const stored: EniAttachmentOutputs = { ...ENI, region: REGION, status: "attached", timeouts: { create: "10m" } };
    expect(await eniAttachment(h.ctx()).diff("id", stored, { ...ENI, region: REGION, timeouts: { create: UNKNOWN } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const failed = await eniAttachment(h.ctx()).check({}, { instanceId: UNKNOWN, networkInterfaceId: "bad", timeouts: { create: UNKNOWN, read: UNKNOWN } });
    expect(failed.failures?.map((f) => f.property).sort()).toEqual(["networkInterfaceId", "timeouts.read"]);
    expect(JSON.stringify(failed)).not.toContain(UNKNOWN);
  });
});

describe("diff", () => {
  const clOld: ClassicLinkAttachmentOutputs = { ...CL, region: REGION, status: "linked", lastTaskId: "t-1" };
  const eniOld: EniAttachmentOutputs = { ...ENI, region: REGION, status: "attached" };
  const cl = () => classicLinkAttachment(h.ctx());
  const eni = () => eniAttachment(h.ctx());

  test("no change: status, lastTaskId and an unset region do not diff", async () => {
    expect(await cl().diff("id", clOld, { ...CL })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await eni().diff("id", eniOld, { ...ENI, region: REGION })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("ClassicLink: another VPC for the same instance replaces, deleting first (one VPC per instance)", async () => {
    expect(await cl().diff("id", clOld, { ...CL, vpcId: "vpc-other001" })).toEqual({ changes: true, replaces: ["vpcId"], deleteBeforeReplace: true });
  });

  test("ClassicLink: another instance replaces, and old and new can coexist", async () => {
    expect(await cl().diff("id", clOld, { ...CL, instanceId: "ins-classic2" })).toEqual({ changes: true, replaces: ["instanceId"], deleteBeforeReplace: false });
  });

  test("ENI: another instance for the same ENI replaces, deleting first (one instance per ENI)", async () => {
    expect(await eni().diff("id", eniOld, { ...ENI, instanceId: "ins-vpcinst2" })).toEqual({ changes: true, replaces: ["instanceId"], deleteBeforeReplace: true });
  });

  test("ENI: another ENI on the same instance replaces, and both can coexist", async () => {
    expect(await eni().diff("id", eniOld, { ...ENI, networkInterfaceId: "eni-second02" })).toEqual({ changes: true, replaces: ["networkInterfaceId"], deleteBeforeReplace: false });
  });

  test("an explicit region change replaces", async () => {
    expect((await eni().diff("id", eniOld, { ...ENI, region: "ap-shanghai" })).replaces).toEqual(["region"]);
  });

  test("timeouts change in place, never replace", async () => {
    expect(await cl().diff("id", clOld, { ...CL, timeouts: { create: "1h" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await eni().diff("id", eniOld, { ...ENI, timeouts: { delete: "1h" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("an unknown identity during preview replaces conservatively (delete first)", async () => {
    expect(await eni().diff("id", eniOld, { ...ENI, networkInterfaceId: UNKNOWN })).toEqual({ changes: true, replaces: ["networkInterfaceId"], deleteBeforeReplace: true });
  });
});

describe("credentials", () => {
  test("a missing credential names both ways to set it, holds no secret, and sends nothing", async () => {
    const ctx = h.ctx({ TENCENTCLOUD_SECRET_ID: undefined });
    const error = await rejection(classicLinkAttachment(ctx).create(CL));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("tencentcloud:secretId");
    expect(error.message).toContain("TENCENTCLOUD_SECRET_ID");
    expect(error.message).not.toContain(SECRET_KEY);
    expect(await h.calls()).toEqual([]);
  });

  test("a missing secret key on delete too", async () => {
    const ctx = h.ctx({ TENCENTCLOUD_SECRET_KEY: undefined });
    const error = await rejection(eniAttachment(ctx).delete("eni-second01+ins-vpcinst1", { ...ENI, region: REGION, status: "attached" }));
    expect(error.message).toContain("tencentcloud:secretKey");
    expect(error.message).toContain("TENCENTCLOUD_SECRET_KEY");
    expect(error.message).not.toContain(SECRET_ID);
  });

  test("no region anywhere is a clear error", async () => {
    const error = await rejection(eniAttachment(h.ctx({ TENCENTCLOUD_REGION: undefined })).create(ENI));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/region.*tencentcloud:region.*TENCENTCLOUD_REGION/);
  });

  test("credentials come from stack config as well", async () => {
    const ctx = h.ctx({ TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined });
    const configured = { ...ctx, settings: { ...ctx.settings, config: { "tencentcloud:secretId": SECRET_ID, "tencentcloud:secretKey": SECRET_KEY } } };
    const { outs } = await eniAttachment(configured).create(ENI);
    expect(outs.status).toBe("attached");
    expect(JSON.stringify(outs)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(outs)).not.toContain(SECRET_ID);
  });
});
