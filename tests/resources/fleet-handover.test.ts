// A fleet the engine hands over one operation at a time, as `pulumi destroy` hands over the links
// that depend on a VpcClassicLinkSetting at 1,000 resources (one every 60 to 120 ms, each done in
// 40 ms), driven through the provider's entry point (which counts operations) against the
// emulator: the operations' reads still share calls. Its own file: the process's operation counts are global.

import { invoke } from "../../provider";
import { realRuntime } from "../../provider/core/runtime";
import { closeAlicloudClients } from "../../provider/clouds/alicloud/client";
import { aliContext, aliSeed, calls, REGION } from "./alicloud-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

const FLEET = Array.from({ length: 120 }, (_, i) => `i-handover${String(i).padStart(3, "0")}`);
const VPC = "vpc-linkon001";
let emu: TestEmulator;

beforeAll(async () => {
  const seed = aliSeed() as { alicloud: { instances: unknown[]; classicLinks: unknown[] } };
  seed.alicloud.instances.push(...FLEET.map((instanceId) => ({ instanceId, region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Running" })));
  seed.alicloud.classicLinks.push(...FLEET.map((instanceId) => ({ instanceId, vpcId: VPC })));
  emu = await startTestEmulator(seed);
});

afterAll(async () => {
  closeAlicloudClients();
  await emu?.close();
});

test("120 link deletes handed over 50 ms apart, each alone: their lookups and confirmations share calls, and every link is gone", async () => {
  // The coalescer's windows run on the real clock, so the operations do too.
  const ctx = { ...aliContext(emu.url), runtime: realRuntime };
  const deletes: Promise<unknown>[] = [];
  for (const instanceId of FLEET) {
    deletes.push(invoke("alicloud:ClassicLinkAttachment", "delete", [`${instanceId}:${VPC}`, { instanceId, vpcId: VPC, region: REGION }], ctx));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await Promise.all(deletes);

  const state = await emu.control.state();
  expect((state.alicloud?.classicLinks ?? []).filter((l) => FLEET.includes(l.instanceId))).toEqual([]);
  expect(await calls(emu, "DetachClassicLinkVpc")).toHaveLength(FLEET.length);
  // Alone, each delete reads its link twice (lookup, confirmation) and its instance once: 240 and
  // 120 calls (before this process counted starts). From the 40th start within 8 s the process
  // knows it serves a fleet, and a read waits for the next operation's: 137 and 76 here.
  const lookups = await calls(emu, "DescribeClassicLinkInstances");
  const instanceReads = await calls(emu, "DescribeInstances");
  expect(lookups.length).toBeLessThanOrEqual(0.8 * 2 * FLEET.length);
  expect(instanceReads.length).toBeLessThanOrEqual(0.9 * FLEET.length);
});
