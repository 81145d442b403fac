// Transitions (Starting/Stopping, ENI Attaching/Detaching) under each clock mode. No test sleeps:
// "polls" counts Describe calls, "ms" moves emulator time with POST /__emulator/clock {advanceMs}.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { aliSeed, clients, POST, REGION, type Clients } from "./alicloud-fixture";

let emu: TestEmulator;
let alice: Clients;
beforeAll(async () => {
  emu = await startTestEmulator(aliSeed());
  alice = clients(emu.url);
});
afterAll(() => emu.close());

const eniStatus = async (id: string) =>
  (await alice.ecs.request<any>("DescribeNetworkInterfaces", { RegionId: REGION, NetworkInterfaceId: [id] }, POST)).NetworkInterfaceSets.NetworkInterfaceSet[0].Status as string;
const instStatus = async (id: string) =>
  (await alice.ecs.request<any>("DescribeInstances", { RegionId: REGION, InstanceIds: JSON.stringify([id]) }, POST)).Instances.Instance[0].Status as string;
const attach = () => alice.ecs.request("AttachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: "eni-free", InstanceId: "i-vpc" }, POST);
const detach = () => alice.ecs.request("DetachNetworkInterface", { RegionId: REGION, NetworkInterfaceId: "eni-free", InstanceId: "i-vpc" }, POST);
const start = () => alice.ecs.request("StartInstance", { InstanceId: "i-vpcstopped" }, POST);
const stop = () => alice.ecs.request("StopInstance", { InstanceId: "i-vpcstopped" }, POST);

describe("immediate", () => {
  beforeEach(() => emu.control.reset(aliSeed({ clock: { mode: "immediate" } })));
  test("ENI attach -> InUse, detach -> Available at once", async () => {
    await attach();
    expect(await eniStatus("eni-free")).toBe("InUse");
    await detach();
    expect(await eniStatus("eni-free")).toBe("Available");
  });
  test("Start -> Running, Stop -> Stopped at once", async () => {
    await start();
    expect(await instStatus("i-vpcstopped")).toBe("Running");
    await stop();
    expect(await instStatus("i-vpcstopped")).toBe("Stopped");
  });
});

describe("polls", () => {
  beforeEach(() => emu.control.reset(aliSeed({ clock: { mode: "polls", polls: 2 } })));
  test("ENI Attaching for 2 Describe calls, then InUse; Detaching for 2, then Available", async () => {
    await attach();
    expect([await eniStatus("eni-free"), await eniStatus("eni-free"), await eniStatus("eni-free")]).toEqual(["Attaching", "Attaching", "InUse"]);
    await detach();
    expect([await eniStatus("eni-free"), await eniStatus("eni-free"), await eniStatus("eni-free")]).toEqual(["Detaching", "Detaching", "Available"]);
  });
  test("Starting and Stopping count DescribeInstances polls", async () => {
    await start();
    expect([await instStatus("i-vpcstopped"), await instStatus("i-vpcstopped"), await instStatus("i-vpcstopped")]).toEqual(["Starting", "Starting", "Running"]);
    await stop();
    expect([await instStatus("i-vpcstopped"), await instStatus("i-vpcstopped"), await instStatus("i-vpcstopped")]).toEqual(["Stopping", "Stopping", "Stopped"]);
  });
  test("a Describe that does not return the resource does not count", async () => {
    await attach();
    await alice.ecs.request("DescribeNetworkInterfaces", { RegionId: REGION, NetworkInterfaceId: ["eni-inuse"] }, POST);
    expect(await eniStatus("eni-free")).toBe("Attaching");
  });
  test("re-sending Detach while Detaching is accepted and does not restart the transition", async () => {
    await emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", status: "InUse", instanceId: "i-vpc" });
    await detach();
    expect(await eniStatus("eni-free")).toBe("Detaching");
    await detach();
    expect([await eniStatus("eni-free"), await eniStatus("eni-free")]).toEqual(["Detaching", "Available"]);
  });
});

describe("a stuck detach", () => {
  beforeEach(() => emu.control.reset(aliSeed({ clock: { mode: "ms", ms: 1000 } })));
  test("stays Detaching whatever the clock, until a re-sent Detach frees it", async () => {
    await emu.control.alicloud("setNetworkInterfaceStatus", { networkInterfaceId: "eni-free", status: "Detaching", instanceId: "i-vpc", stuck: true });
    await emu.control.clock({ advanceMs: 3_600_000 });
    expect([await eniStatus("eni-free"), await eniStatus("eni-free")]).toEqual(["Detaching", "Detaching"]);
    await detach();
    expect(await eniStatus("eni-free")).toBe("Detaching");
    await emu.control.clock({ advanceMs: 1000 });
    expect(await eniStatus("eni-free")).toBe("Available");
  });
});

describe("ms", () => {
  beforeEach(() => emu.control.reset(aliSeed({ clock: { mode: "ms", ms: 5000 } })));
  test("ENI settles once T ms of emulator time pass", async () => {
    await attach();
    expect(await eniStatus("eni-free")).toBe("Attaching");
    await emu.control.clock({ advanceMs: 4000 });
    expect(await eniStatus("eni-free")).toBe("Attaching");
    await emu.control.clock({ advanceMs: 1000 });
    expect(await eniStatus("eni-free")).toBe("InUse");
    await detach();
    expect(await eniStatus("eni-free")).toBe("Detaching");
    await emu.control.clock({ advanceMs: 5000 });
    expect(await eniStatus("eni-free")).toBe("Available");
  });
  test("Start and Stop settle by time; GET state shows the settled state after advancing", async () => {
    await start();
    expect(await instStatus("i-vpcstopped")).toBe("Starting");
    await emu.control.clock({ advanceMs: 5000 });
    const state = await emu.control.state();
    expect(state.alicloud?.instances?.find((i) => i.instanceId === "i-vpcstopped")?.status).toBe("Running");
    await stop();
    await emu.control.clock({ advanceMs: 5000 });
    expect(await instStatus("i-vpcstopped")).toBe("Stopped");
  });
  test("switching the clock to immediate settles pending transitions", async () => {
    await attach();
    await emu.control.clock({ mode: "immediate" });
    expect(await eniStatus("eni-free")).toBe("InUse");
  });
  test("a transitional state round-trips through GET state -> POST reset", async () => {
    await attach();
    const dump = await emu.control.state();
    const eni = dump.alicloud?.networkInterfaces?.find((n) => n.networkInterfaceId === "eni-free");
    expect(eni).toMatchObject({ status: "Attaching", instanceId: "i-vpc", transition: { to: "InUse", polls: 0 } });
    await emu.control.reset(dump);
    expect(await emu.control.state()).toEqual(dump);
    expect(await eniStatus("eni-free")).toBe("Attaching");
    await emu.control.clock({ advanceMs: 5000 });
    expect(await eniStatus("eni-free")).toBe("InUse");
  });
});
