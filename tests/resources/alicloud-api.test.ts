// The typed ECS/VPC actions over real HTTP with pop-core: every error code of the Alibaba seed
// tables surfaces as a CloudError with its code, HTTP status and request id, and no secret.

import { AlicloudTarget, alicloudConnections, closeAlicloudClients } from "../../provider/clouds/alicloud/client";
import * as ecs from "../../provider/clouds/alicloud/ecs";
import * as vpc from "../../provider/clouds/alicloud/vpc";
import { CloudError } from "../../provider/core/errors";
import { ConfigurationError } from "../../provider/core/credentials";
import { aliSeed, aliContext, expectNoSecret, failure, REGION, SECRET_KEY, useAliEmulator } from "./alicloud-fixture";

const t = useAliEmulator();

function target(region = REGION, env: Record<string, string | undefined> = {}): AlicloudTarget {
  return { settings: aliContext(t.emu.url, env).settings, region };
}

const link = (instanceId: string, vpcId: string) => ({ instanceId, vpcId });
const pair = (networkInterfaceId: string, instanceId: string) => ({ networkInterfaceId, instanceId });

type Case = [code: string, status: number, setup: (() => Promise<unknown>) | null, call: () => Promise<unknown>];

const lock = () => t.emu.control.alicloud("lockInstance", { instanceId: "i-classic01" });

const cases: Case[] = [
  // AttachClassicLinkVpc (seed 003)
  ["Abs.InvalidInstanceId.MalFormed", 400, null, () => ecs.attachClassicLinkVpc(target(), link("i-classic03", "vpc-linkon001"))],
  ["InvalidInstanceId.MalFormed", 400, null, () => ecs.attachClassicLinkVpc(target(), link("i-vpcinst01", "vpc-linkon001"))],
  ["InvalidRegionId.Malformed", 400, null, () => ecs.attachClassicLinkVpc(target("eu-nowhere-9"), link("i-classic01", "vpc-linkon001"))],
  ["InvalidVpcId.Malformed", 400, null, () => ecs.attachClassicLinkVpc(target(), link("i-classic01", "vpc-nonesuch1"))],
  ["InvalidInstanceId.NotBelong", 403, null, () => ecs.attachClassicLinkVpc(target(), link("i-foreign01", "vpc-linkon001"))],
  ["InvalidStatus.InstanceLocked", 403, lock, () => ecs.attachClassicLinkVpc(target(), link("i-classic01", "vpc-linkon001"))],
  ["InvalidStatus.InstanceStatus", 403, null, () => ecs.attachClassicLinkVpc(target(), link("i-classicexp", "vpc-linkon001"))],
  ["OperationDenied", 403, null, () => ecs.attachClassicLinkVpc(target(), link("i-classic01", "vpc-linkoff01"))],
  ["InvalidInstanceId.NotFound", 404, null, () => ecs.attachClassicLinkVpc(target(), link("i-nonesuch01", "vpc-linkon001"))],
  // DetachClassicLinkVpc (seed 000)
  ["InvalidInstanceId.MalFormed", 400, null, () => ecs.detachClassicLinkVpc(target(), link("i-vpcinst01", "vpc-linkon001"))],
  ["InvalidRegionId.Malformed", 400, null, () => ecs.detachClassicLinkVpc(target("eu-nowhere-9"), link("i-classic03", "vpc-other0001"))],
  ["InvalidVpcId.Malformed", 400, null, () => ecs.detachClassicLinkVpc(target(), link("i-classic03", "vpc-nonesuch1"))],
  ["InvalidInstanceId.NotBelong", 403, null, () => ecs.detachClassicLinkVpc(target(), link("i-foreign01", "vpc-linkon001"))],
  ["InvalidStatus.InstanceLocked", 403, lock, () => ecs.detachClassicLinkVpc(target(), link("i-classic01", "vpc-linkon001"))],
  ["InvalidStatus.InstanceStatus", 403, null, () => ecs.detachClassicLinkVpc(target(), link("i-classicexp", "vpc-linkon001"))],
  ["InvalidInstanceId.NotFound", 404, null, () => ecs.detachClassicLinkVpc(target(), link("i-nonesuch01", "vpc-linkon001"))],
  // DisableVpcClassicLink (seed 002)
  ["InvalidRegionId.NotFound", 404, null, () => vpc.disableVpcClassicLink(target("eu-nowhere-9"), "vpc-linkon001", "t1")],
  ["Forbbiden", 403, null, () => vpc.disableVpcClassicLink(target(), "vpc-foreign01", "t2")],
  ["IncorrectVpcStatus", 400, () => t.emu.control.alicloud("setVpcStatus", { vpcId: "vpc-linkon001", status: "Pending" }), () => vpc.disableVpcClassicLink(target(), "vpc-linkon001", "t3")],
  ["InvalidVpcId.NotFound", 404, null, () => vpc.disableVpcClassicLink(target(), "vpc-nonesuch1", "t4")],
  ["DependencyViolation.Instance", 404, null, () => vpc.disableVpcClassicLink(target(), "vpc-other0001", "t5")],
  [
    "InternalError",
    500,
    () => t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DisableVpcClassicLink", count: 1, effect: { type: "error", code: "InternalError", status: 500 } }] }),
    () => vpc.disableVpcClassicLink(target(), "vpc-linkon001", "t6"),
  ],
  // DetachNetworkInterface (seed 004)
  ["InvalidOperation.InvalidEcsState", 400, () => t.emu.control.alicloud("lockInstance", { instanceId: "i-vpcinst01" }), () => ecs.detachNetworkInterface(target(), pair("eni-second002", "i-vpcinst01"))],
  ["InvalidOperation.InvalidEniState", 400, null, () => ecs.detachNetworkInterface(target(), pair("eni-second001", "i-vpcinst01"))],
  ["InvalidOperation.DetachPrimaryEniNotAllowed", 400, null, () => ecs.detachNetworkInterface(target(), pair("eni-primary01", "i-vpcinst01"))],
  ["InvalidEcsId.NotFound", 404, null, () => ecs.detachNetworkInterface(target(), pair("eni-second002", "i-nonesuch01"))],
  ["InvalidEniId.NotFound", 404, null, () => ecs.detachNetworkInterface(target(), pair("eni-nonesuch1", "i-vpcinst01"))],
  ["InvalidParams.EniId", 400, null, () => ecs.detachNetworkInterface(target(), pair("eni_bad", "i-vpcinst01"))],
  ["InvalidInstanceId.MalFormed", 400, null, () => ecs.detachNetworkInterface(target(), pair("eni-second002", "i_bad"))],
  ["InvalidOperation.InvalidRegion", 400, null, () => ecs.detachNetworkInterface(target("eu-nowhere-9"), pair("eni-second002", "i-vpcinst01"))],
  // AttachNetworkInterface (documented in the same family)
  ["InvalidOperation.AvailabilityZoneMismatch", 403, null, () => ecs.attachNetworkInterface(target(), pair("eni-zonei0001", "i-vpcinst01"))],
  ["InvalidOperation.VpcMismatch", 403, null, () => ecs.attachNetworkInterface(target(), pair("eni-othervpc1", "i-vpcinst01"))],
  ["InvalidOperation.InvalidEniType", 403, null, () => ecs.attachNetworkInterface(target(), pair("eni-primary01", "i-vpcinst02"))],
  // Signature with the wrong secret.
  ["SignatureDoesNotMatch", 400, null, () => ecs.describeInstance(target(REGION, { ALICLOUD_SECRET_KEY: "a-wrong-secret-value" }), "i-classic01")],
];

test.each(cases)("%s (HTTP %s) surfaces as a CloudError", async (code, status, setup, call) => {
  if (setup) await setup();
  const error = await failure(call());
  expect(error).toBeInstanceOf(CloudError);
  expect(error).toMatchObject({ cloud: "alicloud", code, httpStatus: status });
  expect(error.requestId).toMatch(/\S/);
  expect(error.message).toContain(code);
  expect(error.message).toContain(error.requestId);
  expectNoSecret(error);
});

test("QuotaExceeded (HTTP 403) when a VPC already has 1000 links", async () => {
  const seed = aliSeed() as any;
  for (let i = 0; i < 1000; i++) {
    const id = `i-quota${String(i).padStart(4, "0")}`;
    seed.alicloud.instances.push({ instanceId: id, region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Running" });
    seed.alicloud.classicLinks.push({ instanceId: id, vpcId: "vpc-linkon001" });
  }
  await t.emu.control.reset(seed);
  const error = await failure(ecs.attachClassicLinkVpc(target(), link("i-classic01", "vpc-linkon001")));
  expect(error).toMatchObject({ code: "QuotaExceeded", httpStatus: 403, retryClass: "fatal" });
  // Paging follows every page of links.
  expect(await ecs.describeClassicLinks(target(), { vpcId: "vpc-linkon001" })).toHaveLength(1000);
});

test("reads return typed records", async () => {
  expect(await ecs.describeInstance(target(), "i-vpcinst01")).toEqual({ instanceId: "i-vpcinst01", status: "Running", networkType: "vpc", zoneId: "cn-hangzhou-h", vpcId: "vpc-main00001", instanceType: "ecs.g6.large" });
  expect(await ecs.describeInstance(target(), "i-classic01")).toMatchObject({ networkType: "classic", vpcId: undefined });
  expect(await ecs.describeInstance(target(), "i-nonesuch01")).toBeUndefined();
  expect(await ecs.describeNetworkInterface(target(), "eni-second002")).toEqual({
    networkInterfaceId: "eni-second002", status: "InUse", type: "Secondary", zoneId: "cn-hangzhou-h", vpcId: "vpc-main00001", instanceId: "i-vpcinst01", deviceIndex: 1,
  });
  expect(await ecs.describeNetworkInterface(target(), "eni-nonesuch1")).toBeUndefined();
  expect(await vpc.describeVpcAttribute(target(), "vpc-linkon001")).toEqual({ vpcId: "vpc-linkon001", status: "Available", classicLinkEnabled: true });
  expect(await vpc.describeVpcAttribute(target(), "vpc-nonesuch1")).toBeUndefined();
  expect(await ecs.describeClassicLinks(target(), { instanceId: "i-classic03" })).toEqual([{ instanceId: "i-classic03", vpcId: "vpc-other0001" }]);
});

test("requests are POSTed: the signed parameters never appear in a URL", async () => {
  const error = await failure(ecs.attachClassicLinkVpc(target(), link("i-classic01", "vpc-linkoff01")));
  expect(error.message).not.toMatch(/AccessKeyId=|Signature=/);
});

test("a read that meets one connection reset is sent once more (a pooled socket may be reset)", async () => {
  await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DescribeInstances", count: 1, effect: { type: "reset" } }] });
  await t.emu.control.clearRequests();
  expect((await ecs.describeInstance(target(), "i-classic01"))?.status).toBe("Running");
  expect((await t.emu.control.requests({ action: "DescribeInstances" })).map((r) => r.outcome)).toEqual(["reset", "response"]);
});

test("a connection reset is a transient, ambiguous CloudError", async () => {
  await t.emu.control.faults({ faults: [{ cloud: "alicloud", action: "DescribeInstances", count: 2, effect: { type: "reset" } }] });
  const error = await failure(ecs.describeInstance(target(), "i-classic01"));
  expect(error).toMatchObject({ code: "ECONNRESET", retryClass: "transient", ambiguous: true });
  expectNoSecret(error);
});

test("an endpoint that refuses connections is transient and not ambiguous", async () => {
  const error = await failure(ecs.describeInstance(target(REGION, { ALICLOUD_ECS_ENDPOINT: "http://127.0.0.1:1" }), "i-classic01"));
  expect(error).toMatchObject({ code: "ECONNREFUSED", retryClass: "transient", ambiguous: false });
});

describe("missing credentials", () => {
  test("a missing secret key names the stack config and the environment variables, and no request is sent", async () => {
    await t.emu.control.clearRequests();
    const error = await failure(ecs.describeInstance(target(REGION, { ALICLOUD_SECRET_KEY: undefined }), "i-classic01"));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("alicloud:secretKey");
    expect(error.message).toContain("ALICLOUD_SECRET_KEY");
    expect(await t.emu.control.requests()).toHaveLength(0);
  });

  test("a missing access key names both ways and never prints the secret that is set", async () => {
    const error = await failure(ecs.describeInstance(target(REGION, { ALICLOUD_ACCESS_KEY: undefined }), "i-classic01"));
    expect(error.message).toContain("alicloud:accessKey");
    expect(error.message).toContain("ALICLOUD_ACCESS_KEY");
    expect(error.message).not.toContain(SECRET_KEY);
  });
});

describe("across calls of the process", () => {
  test("reads made at once share one call per action (ID lists), each caller getting its own answer; an unknown ID is just undefined", async () => {
    await t.emu.control.clearRequests();
    const [a, b, missing] = await Promise.all([
      ecs.describeInstance(target(), "i-classic01"),
      ecs.describeInstance(target(), "i-vpcinst01"),
      ecs.describeInstance(target(), "i-nonesuch01"),
    ]);
    expect([a?.instanceId, b?.instanceId, missing]).toEqual(["i-classic01", "i-vpcinst01", undefined]);
    const calls = await t.emu.control.requests({ action: "DescribeInstances" });
    expect(calls).toHaveLength(1);
    expect(JSON.parse((calls[0].params as { InstanceIds: string }).InstanceIds).sort()).toEqual(["i-classic01", "i-nonesuch01", "i-vpcinst01"]);
  });

  test("one client per account, region and service, its kept-alive socket reused", async () => {
    closeAlicloudClients();
    await ecs.describeInstance(target(), "i-classic01");
    const first = alicloudConnections();
    await ecs.describeInstance(target(), "i-vpcinst01");
    expect(alicloudConnections()).toEqual(first);
    expect(first.clients).toBe(1);
    expect(first.idleSockets).toHaveLength(1);
  });
});
