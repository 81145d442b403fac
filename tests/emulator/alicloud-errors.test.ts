// Every documented error code for the ClassicLink, VPC ClassicLink and ENI actions, each reached
// from a real state through the real pop-core SDK, asserting code AND HTTP status.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { aliSeed, BOB, clients, expectAliError, POST, REGION, type Clients } from "./alicloud-fixture";

let emu: TestEmulator;
let alice: Clients;

beforeAll(async () => {
  emu = await startTestEmulator(aliSeed());
  alice = clients(emu.url);
});
beforeEach(() => emu.control.reset(aliSeed()));
afterAll(() => emu.close());

const link = (InstanceId: string, VpcId: string, RegionId = REGION) => alice.ecs.request("AttachClassicLinkVpc", { RegionId, InstanceId, VpcId }, POST);
const unlink = (InstanceId: string, VpcId: string, RegionId = REGION) => alice.ecs.request("DetachClassicLinkVpc", { RegionId, InstanceId, VpcId }, POST);
const disable = (VpcId: string, RegionId = REGION) => alice.vpc.request("DisableVpcClassicLink", { RegionId, VpcId }, POST);
const enable = (VpcId: string, RegionId = REGION) => alice.vpc.request("EnableVpcClassicLink", { RegionId, VpcId }, POST);
const attachEni = (NetworkInterfaceId: string, InstanceId: string, RegionId = REGION) =>
  alice.ecs.request("AttachNetworkInterface", { RegionId, NetworkInterfaceId, InstanceId }, POST);
const detachEni = (NetworkInterfaceId: string, InstanceId: string, RegionId = REGION) =>
  alice.ecs.request("DetachNetworkInterface", { RegionId, NetworkInterfaceId, InstanceId }, POST);

describe("AttachClassicLinkVpc (seed doc 003)", () => {
  test.each([
    ["already linked to another VPC", "i-linked", "vpc-one", "Abs.InvalidInstanceId.MalFormed", 400],
    ["not a classic instance", "i-vpc", "vpc-one", "InvalidInstanceId.MalFormed", 400],
    ["unknown VPC", "i-classic", "vpc-nowhere", "InvalidVpcId.Malformed", 400],
    ["another account's VPC", "i-classic", "vpc-bob", "InvalidVpcId.Malformed", 400],
    ["another account's instance", "i-bob", "vpc-one", "InvalidInstanceId.NotBelong", 403],
    ["locked instance", "i-locked", "vpc-one", "InvalidStatus.InstanceLocked", 403],
    ["instance neither Running nor Stopped", "i-pending", "vpc-one", "InvalidStatus.InstanceStatus", 403],
    ["VPC without ClassicLink", "i-classic", "vpc-off", "OperationDenied", 403],
    ["unknown instance", "i-nowhere", "vpc-one", "InvalidInstanceId.NotFound", 404],
    ["instance in another region", "i-shanghai", "vpc-one", "InvalidInstanceId.NotFound", 404],
  ])("%s (%s, %s) -> %s %i", async (_why, instanceId, vpcId, code, status) => {
    await expectAliError(link(instanceId, vpcId), code as string, status as number);
  });

  test("unknown region -> InvalidRegionId.Malformed 400", async () => {
    await expectAliError(link("i-classic", "vpc-one", "xx-nowhere-1"), "InvalidRegionId.Malformed", 400);
  });

  test("missing VpcId -> MissingParameter 400", async () => {
    await expectAliError(alice.ecs.request("AttachClassicLinkVpc", { RegionId: REGION, InstanceId: "i-classic" }, POST), "MissingParameter", 400);
  });

  test("a Stopped classic instance links", async () => {
    await link("i-stopped", "vpc-one");
    const state = await emu.control.state();
    expect(state.alicloud?.classicLinks).toContainEqual({ instanceId: "i-stopped", vpcId: "vpc-one" });
  });

  test("linking the same pair again succeeds and changes nothing (README choice)", async () => {
    await link("i-linked", "vpc-two");
    expect((await emu.control.state()).alicloud?.classicLinks).toEqual([{ instanceId: "i-linked", vpcId: "vpc-two" }]);
  });

  test("the 1001st link in a VPC -> QuotaExceeded 403", async () => {
    const seed = aliSeed();
    const section = seed.alicloud as { instances: unknown[]; classicLinks: unknown[] };
    for (let n = 0; n < 1000; n++) {
      const id = `i-fill${n}`;
      section.instances.push({ instanceId: id, region: REGION, zone: "cn-hangzhou-b", networkType: "classic", status: "Running" });
      section.classicLinks.push({ instanceId: id, vpcId: "vpc-one" });
    }
    await emu.control.reset(seed);
    await expectAliError(link("i-classic", "vpc-one"), "QuotaExceeded", 403);
  });
});

describe("DetachClassicLinkVpc (seed doc 000)", () => {
  test.each([
    ["not a classic instance", "i-vpc", "vpc-one", "InvalidInstanceId.MalFormed", 400],
    ["unknown VPC", "i-linked", "vpc-nowhere", "InvalidVpcId.Malformed", 400],
    ["another account's instance", "i-bob", "vpc-one", "InvalidInstanceId.NotBelong", 403],
    ["locked instance", "i-locked", "vpc-one", "InvalidStatus.InstanceLocked", 403],
    ["instance neither Running nor Stopped", "i-pending", "vpc-one", "InvalidStatus.InstanceStatus", 403],
    ["unknown instance", "i-nowhere", "vpc-one", "InvalidInstanceId.NotFound", 404],
    ["pair not linked (README choice)", "i-classic", "vpc-one", "InvalidParameter.InvalidInstanceIdAndVpcId", 403],
  ])("%s (%s, %s) -> %s %i", async (_why, instanceId, vpcId, code, status) => {
    await expectAliError(unlink(instanceId, vpcId), code as string, status as number);
  });

  test("unknown region -> InvalidRegionId.Malformed 400", async () => {
    await expectAliError(unlink("i-linked", "vpc-two", "xx-nowhere-1"), "InvalidRegionId.Malformed", 400);
  });

  test("detaching a linked pair removes the link", async () => {
    await unlink("i-linked", "vpc-two");
    expect((await emu.control.state()).alicloud?.classicLinks).toEqual([]);
  });
});

describe("Enable/DisableVpcClassicLink (seed doc 002)", () => {
  test("unknown region -> InvalidRegionId.NotFound 404", async () => {
    await expectAliError(disable("vpc-one", "xx-nowhere-1"), "InvalidRegionId.NotFound", 404);
    await expectAliError(enable("vpc-one", "xx-nowhere-1"), "InvalidRegionId.NotFound", 404);
  });
  test("another account's VPC -> Forbbiden 403 (the doc's spelling)", async () => {
    await expectAliError(disable("vpc-bob"), "Forbbiden", 403);
    await expectAliError(enable("vpc-bob"), "Forbbiden", 403);
  });
  test("VPC not Available -> IncorrectVpcStatus 400", async () => {
    await expectAliError(disable("vpc-pending"), "IncorrectVpcStatus", 400);
    await expectAliError(enable("vpc-pending"), "IncorrectVpcStatus", 400);
  });
  test("unknown VPC -> InvalidVpcId.NotFound 404", async () => {
    await expectAliError(disable("vpc-nowhere"), "InvalidVpcId.NotFound", 404);
    await expectAliError(enable("vpc-nowhere"), "InvalidVpcId.NotFound", 404);
  });
  test("instances still linked -> DependencyViolation.Instance 404", async () => {
    await expectAliError(disable("vpc-two"), "DependencyViolation.Instance", 404);
  });
  test("InternalError 500 is reachable through a fault rule", async () => {
    await emu.control.faults({ faults: [{ action: "DisableVpcClassicLink", count: 1, effect: { type: "error", code: "InternalError", status: 500, message: "The request processing has failed due to some unknown error." } }] });
    await expectAliError(disable("vpc-one"), "InternalError", 500);
    await disable("vpc-one");
  });
  test("enable twice and disable twice succeed (README choice); DescribeVpcAttribute follows", async () => {
    await enable("vpc-off");
    await enable("vpc-off");
    const on = await alice.vpc.request<{ ClassicLinkEnabled: boolean }>("DescribeVpcAttribute", { RegionId: REGION, VpcId: "vpc-off" }, POST);
    expect(on.ClassicLinkEnabled).toBe(true);
    await disable("vpc-off");
    await disable("vpc-off");
    const off = await alice.vpc.request<{ ClassicLinkEnabled: boolean }>("DescribeVpcAttribute", { RegionId: REGION, VpcId: "vpc-off" }, POST);
    expect(off.ClassicLinkEnabled).toBe(false);
  });
  test("ClientToken: a replay answers the first RequestId without re-running; other params -> IdempotentParameterMismatch 400", async () => {
    const first = await alice.vpc.request<{ RequestId: string }>("EnableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-off", ClientToken: "tok-1" }, POST);
    await emu.control.alicloud("setVpcClassicLink", { vpcId: "vpc-off", enabled: false });
    const replay = await alice.vpc.request<{ RequestId: string }>("EnableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-off", ClientToken: "tok-1" }, POST);
    expect(replay.RequestId).toBe(first.RequestId);
    const vpc = (await emu.control.state()).alicloud?.vpcs?.find((v) => v.vpcId === "vpc-off");
    expect(vpc?.classicLinkEnabled).toBe(false);
    await expectAliError(alice.vpc.request("DisableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-off", ClientToken: "tok-1" }, POST), "IdempotentParameterMismatch", 400);
    await expectAliError(alice.vpc.request("EnableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-one", ClientToken: "tok-1" }, POST), "IdempotentParameterMismatch", 400);
  });
  test("DescribeVpcAttribute of an unknown VPC -> InvalidVpcId.NotFound 404", async () => {
    await expectAliError(alice.vpc.request("DescribeVpcAttribute", { RegionId: REGION, VpcId: "vpc-nowhere" }, POST), "InvalidVpcId.NotFound", 404);
  });
});

describe("AttachNetworkInterface", () => {
  test.each([
    ["primary ENI", "eni-primary", "i-vpc", "InvalidOperation.InvalidEniType", 403],
    ["ENI already InUse", "eni-inuse", "i-vpc", "InvalidOperation.InvalidEniState", 400],
    ["instance Stopping", "eni-free", "i-vpcstopping", "InvalidOperation.InvalidEcsState", 400],
    ["instance locked", "eni-free", "i-vpclocked", "InvalidOperation.InvalidEcsState", 400],
    ["zone mismatch", "eni-free", "i-otherzone", "InvalidOperation.AvailabilityZoneMismatch", 403],
    ["VPC mismatch", "eni-vpctwo", "i-vpc", "InvalidOperation.VpcMismatch", 403],
    ["classic instance", "eni-free", "i-classic", "InvalidOperation.VpcMismatch", 403],
    ["per-instance ENI limit", "eni-free", "i-vpcfull", "EniPerInstanceLimitExceeded", 403],
    ["unknown instance", "eni-free", "i-nowhere", "InvalidEcsId.NotFound", 404],
    ["unknown ENI", "eni-nowhere", "i-vpc", "InvalidEniId.NotFound", 404],
    ["another account's ENI", "eni-bob", "i-vpc", "InvalidEniId.NotFound", 404],
    ["malformed ENI id", "nic-1", "i-vpc", "InvalidParams.EniId", 400],
    ["malformed instance id", "eni-free", "ins-1", "InvalidInstanceID.Malformed", 400],
  ])("%s (%s, %s) -> %s %i", async (_why, eniId, instanceId, code, status) => {
    await expectAliError(attachEni(eniId, instanceId), code as string, status as number);
  });
  test("unknown region -> InvalidOperation.InvalidRegion 400", async () => {
    await expectAliError(attachEni("eni-free", "i-vpc", "xx-nowhere-1"), "InvalidOperation.InvalidRegion", 400);
  });
  test("a Stopped instance takes an ENI", async () => {
    await attachEni("eni-free", "i-vpcstopped");
  });
});

describe("DetachNetworkInterface (seed doc 004)", () => {
  test.each([
    ["primary ENI", "eni-primary", "i-vpc", "InvalidOperation.DetachPrimaryEniNotAllowed", 400],
    ["ENI Available (README choice)", "eni-free", "i-vpc", "InvalidOperation.InvalidEniState", 400],
    ["ENI attached to another instance", "eni-inuse", "i-vpcstopped", "InvalidOperation.InvalidEniState", 400],
    ["instance locked", "eni-inuse", "i-vpclocked", "InvalidOperation.InvalidEcsState", 400],
    ["unknown instance", "eni-inuse", "i-nowhere", "InvalidEcsId.NotFound", 404],
    ["unknown ENI", "eni-nowhere", "i-vpc", "InvalidEniId.NotFound", 404],
    ["malformed ENI id", "nic-1", "i-vpc", "InvalidParams.EniId", 400],
    ["malformed instance id", "eni-inuse", "ins-1", "InvalidInstanceId.MalFormed", 400],
  ])("%s (%s, %s) -> %s %i", async (_why, eniId, instanceId, code, status) => {
    await expectAliError(detachEni(eniId, instanceId), code as string, status as number);
  });
  test("instance not Running/Stopped -> InvalidOperation.InvalidEcsState 400", async () => {
    await emu.control.alicloud("setInstanceStatus", { instanceId: "i-vpc", status: "Stopping" });
    await expectAliError(detachEni("eni-inuse", "i-vpc"), "InvalidOperation.InvalidEcsState", 400);
  });
  test("unknown region -> InvalidOperation.InvalidRegion 400", async () => {
    await expectAliError(detachEni("eni-inuse", "i-vpc", "xx-nowhere-1"), "InvalidOperation.InvalidRegion", 400);
  });
  test("missing InstanceId -> MissingParameter 400", async () => {
    await expectAliError(alice.ecs.request("DetachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: "eni-inuse" }, POST), "MissingParameter", 400);
  });
});

describe("StartInstance / StopInstance", () => {
  test("wrong status -> IncorrectInstanceStatus 403; locked -> InstanceLockedForSecurity 403; unknown -> InvalidInstanceId.NotFound 404", async () => {
    await expectAliError(alice.ecs.request("StartInstance", { InstanceId: "i-classic" }, POST), "IncorrectInstanceStatus", 403);
    await expectAliError(alice.ecs.request("StopInstance", { InstanceId: "i-stopped" }, POST), "IncorrectInstanceStatus", 403);
    await expectAliError(alice.ecs.request("StopInstance", { InstanceId: "i-locked" }, POST), "InstanceLockedForSecurity", 403);
    await expectAliError(alice.ecs.request("StartInstance", { InstanceId: "i-nowhere" }, POST), "InvalidInstanceId.NotFound", 404);
  });
});

describe("cross-account refusal", () => {
  test("bob cannot touch alice's instance and does not see it", async () => {
    const bob = clients(emu.url, BOB);
    await expectAliError(bob.ecs.request("AttachClassicLinkVpc", { RegionId: REGION, InstanceId: "i-classic", VpcId: "vpc-bob" }, POST), "InvalidInstanceId.NotBelong", 403);
    await expectAliError(bob.ecs.request("StopInstance", { InstanceId: "i-classic" }, POST), "InvalidInstanceId.NotBelong", 403);
    await expectAliError(bob.ecs.request("DescribeClassicLinkInstances", { RegionId: REGION, InstanceId: "i-linked" }, POST), "InvalidInstanceId.NotBelong", 403);
    await expectAliError(bob.ecs.request("AttachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: "eni-bob", InstanceId: "i-vpc" }, POST), "InvalidEcsId.NotFound", 404);
    const seen = await bob.ecs.request<{ Instances: { Instance: { InstanceId: string }[] } }>("DescribeInstances", { RegionId: REGION }, POST);
    expect(seen.Instances.Instance.map((i) => i.InstanceId)).toEqual(["i-bob"]);
    const log = await emu.control.requests({ action: "AttachClassicLinkVpc" });
    expect(log[0]).toMatchObject({ account: "bob", status: 403, errorCode: "InvalidInstanceId.NotBelong" });
  });
});
