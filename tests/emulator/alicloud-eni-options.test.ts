// AttachNetworkInterface's options (NetworkCardIndex, TrunkNetworkInstanceId,
// WaitForNetworkConfigurationReady) and the doc's instance constraints (Stopped-only instance
// types, a reboot for instances last started before 2018-04-01), through the real pop-core SDK:
// each error with its code and HTTP status, each success with what DescribeNetworkInterfaces
// reports afterwards.

import { ControlCallError, startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { aliVpcBuilders, withAlicloud } from "../helpers/seed";
import { aliSeed, clients, expectAliError, POST, REGION, type Clients } from "./alicloud-fixture";

const { instance: vpcInstance, eni } = aliVpcBuilders({ region: REGION, zone: "cn-hangzhou-b", vpcId: "vpc-one" });

function seed(): Record<string, unknown> {
  return withAlicloud(aliSeed(), {
    instances: [
      vpcInstance("i-multicard", { instanceType: "ecs.ebmgn7ex.32xlarge", networkCardQuantity: 2, maxEnis: 6 }),
      vpcInstance("i-t5running", { instanceType: "ecs.t5-lc1m1.small" }),
      vpcInstance("i-t5stopped", { instanceType: "ecs.t5-lc1m1.small", status: "Stopped" }),
      vpcInstance("i-n4running", { instanceType: "ecs.n4.small" }),
      vpcInstance("i-old", { startTime: "2018-03-01T08:00Z" }),
      vpcInstance("i-oldstopped", { startTime: "2018-03-01T08:00Z", status: "Stopped" }),
      vpcInstance("i-recent", { startTime: "2018-04-01T00:00Z" }),
    ],
    networkInterfaces: [
      eni("eni-trunk", { type: "Trunk", status: "InUse", instanceId: "i-multicard" }),
      eni("eni-trunkidle", { type: "Trunk" }),
      eni("eni-trunkelsewhere", { type: "Trunk", status: "InUse", instanceId: "i-recent" }),
      eni("eni-member"),
    ],
  });
}

let emu: TestEmulator;
let alice: Clients;

beforeAll(async () => {
  emu = await startTestEmulator(seed());
  alice = clients(emu.url);
});
beforeEach(() => emu.control.reset(seed()));
afterAll(() => emu.close());

const attach = (NetworkInterfaceId: string, InstanceId: string, options: Record<string, string | number | boolean> = {}) =>
  alice.ecs.request("AttachNetworkInterface", { RegionId: REGION, NetworkInterfaceId, InstanceId, ...options }, POST);

interface EniItem {
  Status: string;
  InstanceId: string;
  Attachment?: { InstanceId: string; DeviceIndex: number; NetworkCardIndex?: number; TrunkNetworkInterfaceId?: string };
}

async function describeEni(id: string): Promise<EniItem> {
  const res = (await alice.ecs.request("DescribeNetworkInterfaces", { RegionId: REGION, "NetworkInterfaceId.1": id }, POST)) as {
    NetworkInterfaceSets: { NetworkInterfaceSet: EniItem[] };
  };
  return res.NetworkInterfaceSets.NetworkInterfaceSet[0];
}

describe("NetworkCardIndex", () => {
  test("an index the instance type has is stored and reported as Attachment.NetworkCardIndex, next to DeviceIndex", async () => {
    await attach("eni-free", "i-multicard", { NetworkCardIndex: 1 });
    expect((await describeEni("eni-free")).Attachment).toEqual({ InstanceId: "i-multicard", DeviceIndex: 2, NetworkCardIndex: 1 });
  });

  test("without it, Attachment has no NetworkCardIndex (the doc: empty when none was given)", async () => {
    await attach("eni-free", "i-vpc");
    expect((await describeEni("eni-free")).Attachment).toEqual({ InstanceId: "i-vpc", DeviceIndex: 2 });
  });

  test("it is dropped with the attachment on detach", async () => {
    await emu.control.clock({ mode: "immediate" });
    await attach("eni-free", "i-multicard", { NetworkCardIndex: 0 });
    await alice.ecs.request("DetachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: "eni-free", InstanceId: "i-multicard" }, POST);
    const after = await describeEni("eni-free");
    expect({ status: after.Status, attachment: after.Attachment }).toEqual({ status: "Available", attachment: undefined });
  });

  test.each([
    ["past the instance type's last card", "i-multicard", 2],
    ["on an instance type without network cards", "i-vpc", 0],
    ["negative", "i-multicard", -1],
    ["not a number", "i-multicard", "first"],
  ])("%s -> InvalidParameter 400, nothing attached", async (_why, instanceId, index) => {
    const body = await expectAliError(attach("eni-free", instanceId, { NetworkCardIndex: index }), "InvalidParameter", 400);
    expect(String(body.Message)).toContain("NetworkCardIndex");
    expect((await describeEni("eni-free")).Status).toBe("Available");
  });

  test("DescribeInstanceTypes reports NetworkCardQuantity and the cards of a type that has them, nothing for one that has none", async () => {
    const res = (await alice.ecs.request("DescribeInstanceTypes", { RegionId: REGION, "InstanceTypes.1": "ecs.ebmgn7ex.32xlarge", "InstanceTypes.2": "ecs.g6.large" }, POST)) as {
      InstanceTypes: { InstanceType: Record<string, unknown>[] };
    };
    const byId = Object.fromEntries(res.InstanceTypes.InstanceType.map((t) => [t.InstanceTypeId, t]));
    expect(byId["ecs.ebmgn7ex.32xlarge"]).toMatchObject({ NetworkCardQuantity: 2, NetworkCards: { NetworkCardInfo: [{ NetworkCardIndex: 0 }, { NetworkCardIndex: 1 }] }, EniQuantity: 6 });
    expect(byId["ecs.g6.large"].NetworkCardQuantity).toBeUndefined();
  });
});

describe("TrunkNetworkInstanceId", () => {
  test("a Trunk ENI InUse on the instance: attached through it, reported as Attachment.TrunkNetworkInterfaceId", async () => {
    await attach("eni-member", "i-multicard", { TrunkNetworkInstanceId: "eni-trunk" });
    expect((await describeEni("eni-member")).Attachment).toMatchObject({ InstanceId: "i-multicard", TrunkNetworkInterfaceId: "eni-trunk" });
  });

  test.each([
    ["a trunk ENI that does not exist", "eni-nowhere", "InvalidEniId.NotFound", 404],
    ["another account's ENI", "eni-bob", "InvalidEniId.NotFound", 404],
    ["a Secondary ENI", "eni-free2", "InvalidOperation.InvalidEniType", 403],
    ["a Trunk ENI attached to nothing", "eni-trunkidle", "InvalidParameter", 400],
    ["a Trunk ENI on another instance", "eni-trunkelsewhere", "InvalidParameter", 400],
    ["not an ENI id", "trunk-1", "InvalidParameter", 400],
  ])("%s -> %s %i, nothing attached", async (_why, trunk, code, status) => {
    await expectAliError(attach("eni-member", "i-multicard", { TrunkNetworkInstanceId: trunk }), code as string, status as number);
    expect((await describeEni("eni-member")).Status).toBe("Available");
  });
});

describe("WaitForNetworkConfigurationReady (deprecated: accepted, no effect)", () => {
  test.each([true, false])("%s is accepted", async (wait) => {
    await attach("eni-free", "i-vpc", { WaitForNetworkConfigurationReady: wait });
    expect((await describeEni("eni-free")).Attachment?.InstanceId).toBe("i-vpc");
  });

  test("anything but true/false -> InvalidParameter 400", async () => {
    await expectAliError(attach("eni-free", "i-vpc", { WaitForNetworkConfigurationReady: "soon" }), "InvalidParameter", 400);
  });
});

describe("instance constraints", () => {
  test.each([["i-t5running", "ecs.t5-lc1m1.small"], ["i-n4running", "ecs.n4.small"]])(
    "%s (%s) takes an ENI only while Stopped: Running -> InvalidOperation.InvalidEcsState 400",
    async (instanceId, instanceType) => {
      const body = await expectAliError(attach("eni-free", instanceId), "InvalidOperation.InvalidEcsState", 400);
      expect(String(body.Message)).toContain(instanceType);
    },
  );

  test("the same instance type Stopped takes it", async () => {
    await attach("eni-free", "i-t5stopped");
    expect((await describeEni("eni-free")).Attachment?.InstanceId).toBe("i-t5stopped");
  });

  test("Running, last started before 2018-04-01 -> InvalidOperation.InvalidEcsState 400 naming RebootInstance; after RebootInstance it attaches", async () => {
    await emu.control.clock({ mode: "immediate" });
    const body = await expectAliError(attach("eni-free", "i-old"), "InvalidOperation.InvalidEcsState", 400);
    expect(String(body.Message)).toContain("RebootInstance");
    await alice.ecs.request("RebootInstance", { InstanceId: "i-old" }, POST);
    const described = (await alice.ecs.request("DescribeInstances", { RegionId: REGION, InstanceIds: JSON.stringify(["i-old"]) }, POST)) as {
      Instances: { Instance: { Status: string; StartTime: string }[] };
    };
    const instance = described.Instances.Instance[0];
    expect(instance.Status).toBe("Running");
    expect(Date.parse(instance.StartTime)).toBeGreaterThanOrEqual(Date.parse("2018-04-01T00:00Z"));
    await attach("eni-free", "i-old");
    expect((await describeEni("eni-free")).Status).toBe("InUse");
  });

  test("the old start time does not matter while Stopped, nor from 2018-04-01 on", async () => {
    await attach("eni-free", "i-oldstopped");
    await attach("eni-free2", "i-recent");
    expect([(await describeEni("eni-free")).InstanceId, (await describeEni("eni-free2")).InstanceId]).toEqual(["i-oldstopped", "i-recent"]);
  });

  test("RebootInstance of an instance that is not Running -> IncorrectInstanceStatus 403", async () => {
    await expectAliError(alice.ecs.request("RebootInstance", { InstanceId: "i-oldstopped" }, POST), "IncorrectInstanceStatus", 403);
  });
});

describe("seed", () => {
  test("GET state -> reset keeps NetworkCardIndex, TrunkNetworkInterfaceId and the instance attributes", async () => {
    await attach("eni-free", "i-multicard", { NetworkCardIndex: 1 });
    await attach("eni-member", "i-multicard", { TrunkNetworkInstanceId: "eni-trunk" });
    const state = await emu.control.state();
    await emu.control.reset(state);
    expect(await emu.control.state()).toEqual(state);
    expect((await describeEni("eni-free")).Attachment).toMatchObject({ NetworkCardIndex: 1 });
    expect((await describeEni("eni-member")).Attachment).toMatchObject({ TrunkNetworkInterfaceId: "eni-trunk" });
  });

  test.each([
    ["a negative networkCardIndex", { networkInterfaces: [eni("eni-x", { status: "InUse", instanceId: "i-multicard", networkCardIndex: -1 })] }],
    ["a networkCardQuantity that is not an integer", { instances: [vpcInstance("i-x", { networkCardQuantity: 1.5 })] }],
    ["a startTime that is not a time", { instances: [vpcInstance("i-x", { startTime: "yesterday" })] }],
  ])("%s -> 400", async (_why, extra) => {
    await expect(emu.control.reset(withAlicloud(seed(), extra))).rejects.toMatchObject({ status: 400 });
  });

  test("a Trunk ENI is an Alibaba type only", async () => {
    const tencent = {
      accounts: [{ name: "alice", tencentcloud: { secretId: "AKIDx", secretKey: "k" } }],
      tencentcloud: { vpcs: [{ vpcId: "vpc-aaaaaaaa", region: "ap-guangzhou", cidrBlock: "10.0.0.0/16" }], networkInterfaces: [{ networkInterfaceId: "eni-aaaaaaaa", region: "ap-guangzhou", zone: "ap-guangzhou-3", vpcId: "vpc-aaaaaaaa", type: "Trunk", status: "AVAILABLE" }] },
    };
    const error = await emu.control.reset(tencent).catch((e: ControlCallError) => e);
    expect(error).toBeInstanceOf(ControlCallError);
    expect((error as ControlCallError).status).toBe(400);
  });
});

describe("DetachNetworkInterface and trunks", () => {
  const detach = (NetworkInterfaceId: string, InstanceId: string, options: Record<string, string> = {}) =>
    alice.ecs.request("DetachNetworkInterface", { RegionId: REGION, NetworkInterfaceId, InstanceId, ...options }, POST);

  beforeEach(() => emu.control.clock({ mode: "immediate" }));

  test("a trunk ENI with a member attached -> InvalidOperation.HasMemberEniAttached 400; after the member goes, it detaches", async () => {
    await attach("eni-member", "i-multicard", { TrunkNetworkInstanceId: "eni-trunk" });
    await expectAliError(detach("eni-trunk", "i-multicard"), "InvalidOperation.HasMemberEniAttached", 400);
    await detach("eni-member", "i-multicard", { TrunkNetworkInstanceId: "eni-trunk" });
    await detach("eni-trunk", "i-multicard");
    expect((await describeEni("eni-trunk")).Status).toBe("Available");
  });

  test("TrunkNetworkInstanceId on detach must be the member's trunk -> else InvalidParameter 400", async () => {
    await attach("eni-member", "i-multicard", { TrunkNetworkInstanceId: "eni-trunk" });
    await expectAliError(detach("eni-member", "i-multicard", { TrunkNetworkInstanceId: "eni-trunkelsewhere" }), "InvalidParameter", 400);
    expect((await describeEni("eni-member")).Status).toBe("InUse");
  });
});
