// check() of the three Alibaba resources: bad input is rejected with the property and the fix,
// unknowns pass during preview, and nothing reaches the cloud (the emulator's log proves it).

import { classicLinkAttachment } from "../../provider/resources/alicloud/classicLinkAttachment";
import { eniAttachment } from "../../provider/resources/alicloud/eniAttachment";
import { vpcClassicLinkSetting } from "../../provider/resources/alicloud/vpcClassicLinkSetting";
import { UNKNOWN } from "../../provider/resources/common";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { aliContext, aliSeed } from "./alicloud-fixture";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(aliSeed());
});
afterAll(async () => {
  await emu?.close();
});

const link = { instanceId: "i-classic01", vpcId: "vpc-linkon001" };
const eni = { instanceId: "i-vpcinst01", networkInterfaceId: "eni-second001" };
const setting = { vpcId: "vpc-linkoff01" };

type Resource = "link" | "eni" | "setting";
// [resource, inputs, property the failure names, text the reason must contain]
const badInputs: [Resource, Record<string, unknown>, string, RegExp][] = [
  ["link", { vpcId: "vpc-linkon001" }, "instanceId", /required.*i-/],
  ["link", { ...link, instanceId: "ins-0h3a5new" }, "instanceId", /Tencent Cloud.*netattach\.tencentcloud/],
  ["link", { ...link, instanceId: "web-server-1" }, "instanceId", /expected the form "i-/],
  ["link", { ...link, instanceId: 42 }, "instanceId", /must be a string/],
  ["link", { ...link, instanceId: "" }, "instanceId", /required/],
  ["link", { instanceId: "i-classic01" }, "vpcId", /required.*vpc-/],
  ["link", { ...link, vpcId: "VPC-LINKON01" }, "vpcId", /expected the form "vpc-/],
  ["link", { ...link, vpcId: "i-classic02" }, "vpcId", /not an Alibaba Cloud VPC ID/],
  ["link", { ...link, region: "hangzhou" }, "region", /region ID like "cn-hangzhou"/],
  ["link", { ...link, region: "cn_hangzhou" }, "region", /region ID/],
  ["link", { ...link, region: "ap-guangzhou" }, "region", /is a region of Tencent Cloud/],
  ["link", { ...link, vpcId: "vpc-2ari9m7h" }, "vpcId", /looks like a Tencent Cloud VPC ID/],
  ["eni", { ...eni, networkInterfaceId: "eni-gtlvkjvz" }, "networkInterfaceId", /looks like a Tencent Cloud ENI ID/],
  ["link", { ...link, instanceID: "i-classic01" }, "instanceID", /did you mean "instanceId"/],
  ["link", { ...link, color: "blue" }, "color", /unknown property "color"/],
  ["link", { ...link, timeouts: "10m" }, "timeouts", /must be an object/],
  ["link", { ...link, timeouts: { create: "10 minutes" } }, "timeouts.create", /not a duration/],
  ["link", { ...link, timeouts: { destroy: "5m" } }, "timeouts.destroy", /only create, update and delete/],
  ["setting", {}, "vpcId", /required/],
  ["setting", { ...setting, enabled: "yes" }, "enabled", /true or false/],
  ["setting", { vpcId: "i-classic01" }, "vpcId", /expected the form "vpc-/],
  ["setting", { ...setting, vpcID: "vpc-linkoff01" }, "vpcID", /did you mean "vpcId"/],
  ["setting", { ...setting, region: 7 }, "region", /region/],
  ["eni", { instanceId: "i-vpcinst01" }, "networkInterfaceId", /required.*eni-/],
  ["eni", { ...eni, networkInterfaceId: "eni-ab" }, "networkInterfaceId", /expected the form "eni-/],
  ["eni", { ...eni, instanceId: "eni-second002" }, "instanceId", /expected the form "i-/],
  ["eni", { ...eni, instanceId: "ins-12345678" }, "instanceId", /Tencent Cloud/],
  ["eni", { ...eni, networkInterfaceId: null }, "networkInterfaceId", /required/],
  ["eni", { ...eni, timeouts: { delete: "forever" } }, "timeouts.delete", /not a duration/],
  ["eni", { ...eni, deviceIndex: 1 }, "deviceIndex", /unknown property/],
  ["link", { ...link, region: "cn-" + "h".repeat(100_000) }, "region", /too long for a region ID \(at most 32 characters\)/],
  ["eni", { ...eni, networkInterfaceId: "eni-" + "a".repeat(100_000) }, "networkInterfaceId", /too long.*at most 64/],
  ["setting", { ...setting, timeouts: { update: "9".repeat(40) + "h" } }, "timeouts.update", /too long \(at most 16 characters\)/],
  ["setting", { ...setting, timeouts: { create: "1000000h" } }, "timeouts.create", /longer than the 24h/],
];

function impl(resource: Resource) {
  const ctx = aliContext(emu.url);
  return resource === "link" ? classicLinkAttachment(ctx) : resource === "eni" ? eniAttachment(ctx) : vpcClassicLinkSetting(ctx);
}

describe("bad inputs never reach the cloud", () => {
  beforeAll(async () => {
    await emu.control.clearRequests();
  });

  test.each(badInputs)("%s %j: %s", async (resource, inputs, property, reason) => {
    const result = await impl(resource).check({}, inputs);
    expect(result.inputs).toBeUndefined();
    const failure = result.failures?.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  test("the emulator saw no request at all", async () => {
    expect(await emu.control.requests()).toEqual([]);
  });
});

test("every failure of one input is reported together", async () => {
  const result = await impl("link").check({}, { instanceId: "x", vpcId: "y", region: "z" });
  expect(result.failures?.map((f) => f.property).sort()).toEqual(["instanceId", "region", "vpcId"]);
});

test("unknown values pass during preview", async () => {
  expect((await impl("link").check({}, { instanceId: UNKNOWN, vpcId: UNKNOWN, region: UNKNOWN })).failures).toBeUndefined();
  expect((await impl("eni").check({}, { instanceId: UNKNOWN, networkInterfaceId: UNKNOWN })).failures).toBeUndefined();
  expect((await impl("setting").check({}, { vpcId: UNKNOWN, enabled: UNKNOWN })).failures).toBeUndefined();
});

test("good inputs are normalised: trimmed, defaults applied, __provider tolerated", async () => {
  expect(await impl("link").check({}, { instanceId: " i-classic01 ", vpcId: "vpc-linkon001", __provider: "x" })).toEqual({
    inputs: { instanceId: "i-classic01", vpcId: "vpc-linkon001", region: "cn-hangzhou" },
  });
  expect(await impl("setting").check({}, { vpcId: "vpc-linkoff01" })).toEqual({ inputs: { vpcId: "vpc-linkoff01", enabled: true, region: "cn-hangzhou" } });
  expect(await impl("eni").check({}, { ...eni, region: "cn-hangzhou", timeouts: { delete: "30m" } })).toEqual({
    inputs: { ...eni, region: "cn-hangzhou", timeouts: { delete: "30m" } },
  });
});

test("a failure quotes a long value cut short, never whole", async () => {
  const result = await impl("link").check({}, { ...link, region: "cn-" + "h".repeat(100_000) });
  expect(JSON.stringify(result).length).toBeLessThan(500);
  expect(result.failures![0].reason).toContain("(100003 characters)");
});

describe("region: resolved in check from the provider's settings", () => {
  test("unset: the provider's region (ALICLOUD_REGION or alicloud:region), so state stores what read() reports", async () => {
    expect((await impl("eni").check({}, eni)).inputs).toEqual({ ...eni, region: "cn-hangzhou" });
    const ctx = aliContext(emu.url, { ALICLOUD_REGION: undefined });
    const configured = { ...ctx, settings: { ...ctx.settings, config: { "alicloud:region": "cn-shanghai" } } };
    expect((await vpcClassicLinkSetting(configured).check({}, setting)).inputs).toEqual({ ...setting, enabled: true, region: "cn-shanghai" });
  });

  test("a change of the provider's region replaces, for all three resources", async () => {
    const shanghai = aliContext(emu.url, { ALICLOUD_REGION: "cn-shanghai" });
    const stored = { region: "cn-hangzhou", status: "x" };
    for (const [resource, news] of [["link", link], ["eni", eni], ["setting", setting]] as const) {
      const r = resource === "link" ? classicLinkAttachment(shanghai) : resource === "eni" ? eniAttachment(shanghai) : vpcClassicLinkSetting(shanghai);
      const checked = (await r.check({}, news)).inputs as any;
      expect(checked.region).toBe("cn-shanghai");
      expect((await r.diff("id", { ...news, enabled: true, ...stored } as any, checked)).replaces).toEqual(["region"]);
    }
  });

  test("no region configured anywhere: check leaves it unset (its verdict never depends on the settings); create names both ways to set it, sending nothing", async () => {
    const impl = eniAttachment(aliContext(emu.url, { ALICLOUD_REGION: undefined }));
    expect(await impl.check({}, eni)).toEqual({ inputs: eni });
    await emu.control.clearRequests();
    await expect(impl.create(eni)).rejects.toThrow(/alicloud:region.*ALICLOUD_REGION/);
    expect(await emu.control.requests()).toEqual([]);
  });
});

describe("unknowns at any depth during preview", () => {
  test("timeouts.create unknown (another resource's output) passes and is kept", async () => {
    expect(await impl("link").check({}, { ...link, timeouts: { create: UNKNOWN } })).toEqual({
      inputs: { ...link, region: "cn-hangzhou", timeouts: { create: UNKNOWN } },
    });
  });

  test("a wholly unknown timeouts is kept, not dropped", async () => {
    expect((await impl("setting").check({}, { ...setting, timeouts: UNKNOWN })).inputs).toMatchObject({ timeouts: UNKNOWN });
  });

  test("failures beside unknowns never print Pulumi's placeholder", async () => {
    const result = await impl("eni").check({}, { instanceId: UNKNOWN, networkInterfaceId: "eni-x", timeouts: { create: UNKNOWN, delete: "soon" } });
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["networkInterfaceId", "timeouts.delete"]);
    expect(JSON.stringify(result)).not.toContain(UNKNOWN);
  });
});
