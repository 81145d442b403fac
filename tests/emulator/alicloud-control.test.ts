// Alibaba out-of-band control ops: they keep the rules the seed loader enforces (so whatever they
// build survives GET state -> POST reset and a restart with a state file), answer 400/404/409 with
// nothing changed, and ENIs carry a device index from attach to detach.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALICLOUD_CONTROL_OPS } from "../../emulator/alicloud/control";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { aliSeed, clients, POST, REGION } from "./alicloud-fixture";

async function expectControlError(call: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await expect(call).rejects.toMatchObject({ status, body: { error: expect.stringMatching(message) } });
}

describe("every control op leaves a state the loader accepts", () => {
  test("all ops, then GET state -> POST reset and a restart with the state file give the same state", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-alictl-"));
    const statePath = path.join(dir, "state.json");
    const first = await startTestEmulator(aliSeed(), { statePath });
    const used = new Set<string>();
    const op = (name: string, body: Record<string, unknown>) => {
      used.add(name);
      return first.control.alicloud(name, body);
    };
    try {
      await op("setInstanceStatus", { instanceId: "i-stopped", status: "Starting" }); // in flight (clock: 1 h)
      await op("lockInstance", { instanceId: "i-classic2" });
      await op("unlockInstance", { instanceId: "i-locked" });
      await op("deleteInstance", { instanceId: "i-vpcfull" });
      await op("addLink", { instanceId: "i-classic", vpcId: "vpc-one" });
      await op("addLink", { instanceId: "i-classic", vpcId: "vpc-one" }); // same pair again: no-op
      await op("removeLink", { instanceId: "i-linked" });
      await op("setVpcClassicLink", { vpcId: "vpc-off", enabled: true });
      await op("setVpcStatus", { vpcId: "vpc-two", status: "Pending" });
      await op("moveNetworkInterface", { networkInterfaceId: "eni-free", instanceId: "i-vpcstopped" });
      await op("detachNetworkInterface", { networkInterfaceId: "eni-inuse" });
      await op("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free2", status: "Detaching", instanceId: "i-vpc", stuck: true });
      await op("setNetworkInterfaceStatus", { networkInterfaceId: "eni-zonec", status: "Attaching", instanceId: "i-otherzone" });
      await op("deleteNetworkInterface", { networkInterfaceId: "eni-bob" });
      // Refused, so they cannot leave a state the loader rejects:
      await expectControlError(first.control.alicloud("addLink", { instanceId: "i-classic", vpcId: "vpc-two" }), 409, /more than one VPC/);
      await expectControlError(first.control.alicloud("addLink", { instanceId: "i-vpc", vpcId: "vpc-one" }), 409, /not a classic instance/);
      await expectControlError(first.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", status: "InUse", instanceId: "i-ghost" }), 404, /i-ghost/);
      await expectControlError(first.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-free", instanceId: "i-ghost" }), 404, /i-ghost/);
      expect([...used].sort()).toEqual([...ALICLOUD_CONTROL_OPS].sort());

      const dump = await first.control.state();
      const s = dump.alicloud!;
      expect(s.classicLinks).toEqual([{ instanceId: "i-classic", vpcId: "vpc-one" }]);
      expect(s.networkInterfaces?.find((n) => n.networkInterfaceId === "eni-free")).toMatchObject({ instanceId: "i-vpcstopped", status: "InUse", deviceIndex: 1 });
      expect(s.networkInterfaces?.find((n) => n.networkInterfaceId === "eni-free2")).toMatchObject({ instanceId: "i-vpc", status: "Detaching", stuck: true, deviceIndex: 1 });
      expect(s.networkInterfaces?.find((n) => n.networkInterfaceId === "eni-inuse")).not.toHaveProperty("deviceIndex");

      await first.control.reset(dump);
      expect(await first.control.state()).toEqual(dump);
      await first.close();

      const second = await startTestEmulator({ accounts: [{ name: "someone-else" }] }, { statePath });
      try {
        expect(await second.control.state()).toEqual(dump);
      } finally {
        await second.close();
      }
    } finally {
      await first.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("control ops refuse what the loader would refuse", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed());
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.control.reset(aliSeed()));

  test("addLink: 409 for a second VPC or a non-classic instance, 404 for unknown ids, 400 for a bad body; nothing changed", async () => {
    const before = await emu.control.state();
    await expectControlError(emu.control.alicloud("addLink", { instanceId: "i-linked", vpcId: "vpc-one" }), 409, /more than one VPC/);
    await expectControlError(emu.control.alicloud("addLink", { instanceId: "i-vpc", vpcId: "vpc-one" }), 409, /not a classic instance/);
    await expectControlError(emu.control.alicloud("addLink", { instanceId: "i-nowhere", vpcId: "vpc-one" }), 404, /i-nowhere/);
    await expectControlError(emu.control.alicloud("addLink", { instanceId: "i-classic", vpcId: "vpc-nowhere" }), 404, /vpc-nowhere/);
    await expectControlError(emu.control.alicloud("addLink", { instanceId: "i-classic" }), 400, /vpcId/);
    await expectControlError(emu.control.alicloud("addLink", { instanceId: 7, vpcId: "vpc-one" }), 400, /instanceId/);
    expect(await emu.control.state()).toEqual(before);
  });

  test("setNetworkInterfaceStatus / moveNetworkInterface: 404 for an unknown instance, 400 for a bad body; nothing changed", async () => {
    const before = await emu.control.state();
    await expectControlError(emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", status: "InUse", instanceId: "i-nowhere" }), 404, /i-nowhere/);
    await expectControlError(emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", status: "InUse", instanceId: 42 }), 400, /instanceId/);
    await expectControlError(emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", instanceId: "i-vpc" }), 400, /status/);
    await expectControlError(emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", status: "Detaching", stuck: "yes" }), 400, /stuck/);
    await expectControlError(emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-nowhere", status: "InUse" }), 404, /eni-nowhere/);
    await expectControlError(emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-free", instanceId: "i-nowhere" }), 404, /i-nowhere/);
    await expectControlError(emu.control.alicloud("moveNetworkInterface", { networkInterfaceId: "eni-free" }), 400, /instanceId/);
    expect(await emu.control.state()).toEqual(before);
    // And the state still loads.
    await emu.control.reset(before);
  });

  test("a seed with a bad deviceIndex is rejected (400)", async () => {
    const seed = aliSeed();
    const section = seed.alicloud as { networkInterfaces: Record<string, unknown>[] };
    section.networkInterfaces = section.networkInterfaces.map((n) => (n.networkInterfaceId === "eni-inuse" ? { ...n, deviceIndex: -1 } : n));
    await expect(emu.control.reset(seed)).rejects.toMatchObject({ status: 400, body: { error: expect.stringMatching(/deviceIndex/) } });
  });
});

describe("ENI device index", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed({ clock: { mode: "immediate" } }));
  });
  afterAll(() => emu.close());

  const deviceIndexes = async (instanceId: string): Promise<Record<string, number>> => {
    const { ecs } = clients(emu.url);
    const res = await ecs.request<{ NetworkInterfaceSets: { NetworkInterfaceSet: { NetworkInterfaceId: string; Attachment?: { DeviceIndex: number } }[] } }>(
      "DescribeNetworkInterfaces",
      { RegionId: REGION, InstanceId: instanceId },
      POST,
    );
    return Object.fromEntries(res.NetworkInterfaceSets.NetworkInterfaceSet.map((n) => [n.NetworkInterfaceId, n.Attachment?.DeviceIndex ?? -1]));
  };

  test("primary 0, secondaries the lowest free index from 1, stored on attach; kept through GET state -> reset", async () => {
    // Seeded attachments without an index get one on load, in seed order.
    expect(await deviceIndexes("i-vpc")).toEqual({ "eni-primary": 0, "eni-inuse": 1 });

    const { ecs } = clients(emu.url);
    const attach = (eni: string) => ecs.request("AttachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: eni, InstanceId: "i-vpcstopped" }, POST);
    const detach = (eni: string) => ecs.request("DetachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: eni, InstanceId: "i-vpcstopped" }, POST);
    await attach("eni-free");
    await attach("eni-free2");
    expect(await deviceIndexes("i-vpcstopped")).toEqual({ "eni-free": 1, "eni-free2": 2 });
    await detach("eni-free");
    expect(await deviceIndexes("i-vpcstopped")).toEqual({ "eni-free2": 2 });
    const state = await emu.control.state();
    expect(state.alicloud?.networkInterfaces?.find((n) => n.networkInterfaceId === "eni-free")).not.toHaveProperty("deviceIndex");
    await emu.control.reset(state);
    expect(await emu.control.state()).toEqual(state);
    expect(await deviceIndexes("i-vpcstopped")).toEqual({ "eni-free2": 2 });
    await attach("eni-free"); // the lowest free index again
    expect(await deviceIndexes("i-vpcstopped")).toEqual({ "eni-free": 1, "eni-free2": 2 });
  });
});
