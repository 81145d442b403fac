// A fleet the engine hands over one operation at a time, as `pulumi destroy` hands over the links
// that depend on a VpcClassicLinkSetting at 1,000 resources (one every 60 to 120 ms, each done in
// 40 ms), driven through the provider's entry point (which counts operations) against the
// emulator: the operations' reads still share calls, and so do Tencent link changes. Its own file:
// the process's operation counts are global.

import { invoke } from "../../provider";
import { realRuntime } from "../../provider/core/runtime";
import { closeAlicloudClients } from "../../provider/clouds/alicloud/client";
import { closeTencentcloudClients } from "../../provider/clouds/tencentcloud/client";
import { detachClassicLinkVpc } from "../../provider/clouds/tencentcloud/vpc";
import { FLEET_STARTS, operationStarted } from "../../provider/core/activity";
import { aliContext, aliSeed, calls, REGION } from "./alicloud-fixture";
import { REGION as TC_REGION, seed as tencentSeed, tencentContext, ZONE as TC_ZONE } from "./tencentcloud-fixtures";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

const FLEET = Array.from({ length: 120 }, (_, i) => `i-handover${String(i).padStart(3, "0")}`);
const VPC = "vpc-linkon001";
let emu: TestEmulator;

/** `seed` with `fleet` added as running classic instances, each linked to `vpcId`. */
function withLinkedFleet(seed: unknown, cloud: "alicloud" | "tencentcloud", fleet: string[], vpcId: string, place: { region: string; zone: string; status: string }) {
  const model = (seed as Record<typeof cloud, { instances: unknown[]; classicLinks: unknown[] }>)[cloud];
  model.instances.push(...fleet.map((instanceId) => ({ instanceId, ...place, networkType: "classic" })));
  model.classicLinks.push(...fleet.map((instanceId) => ({ instanceId, vpcId })));
  return seed;
}

beforeAll(async () => {
  emu = await startTestEmulator(withLinkedFleet(aliSeed(), "alicloud", FLEET, VPC, { region: REGION, zone: "cn-hangzhou-h", status: "Running" }));
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
  // 120 calls (before this process counted starts). From the 24th start within 4 s the process
  // knows it serves a fleet, and a read waits for the next operations' while fewer than 4 run:
  // 86 to 91 and 60 here (137 and 76 when only a lone operation waited, two gaps, from the 40th
  // start in 8 s).
  const lookups = await calls(emu, "DescribeClassicLinkInstances");
  const instanceReads = await calls(emu, "DescribeInstances");
  expect(lookups.length).toBeLessThanOrEqual(0.7 * 2 * FLEET.length);
  expect(instanceReads.length).toBeLessThanOrEqual(0.8 * FLEET.length);
});

describe("Tencent ClassicLinks", () => {
  const TC_FLEET = Array.from({ length: 3 }, (_, i) => `ins-hand${String(i).padStart(4, "0")}`);
  const TC_VPC = "vpc-main0001";
  let tc: TestEmulator;

  beforeAll(async () => {
    tc = await startTestEmulator(withLinkedFleet(tencentSeed(), "tencentcloud", TC_FLEET, TC_VPC, { region: TC_REGION, zone: TC_ZONE, status: "RUNNING" }));
  });

  afterAll(async () => {
    closeTencentcloudClients();
    await tc?.close();
  });

  test("link changes 150 ms apart while the engine hands a fleet over one at a time: once company is seen, a detach waits for it", async () => {
    // The process has started a fleet's worth of operations within the horizon and runs one now.
    let now = Date.now() - 4_000;
    for (let i = 0; i < FLEET_STARTS; i++, now += 50) operationStarted(now)();
    const running = operationStarted(Date.now());
    try {
      const op = { settings: tencentContext(tc.url).settings, region: TC_REGION, runtime: realRuntime, deadline: Date.now() + 60_000 };
      const accepted: Promise<unknown>[] = [];
      for (const instanceId of TC_FLEET) {
        accepted.push(detachClassicLinkVpc(op, { vpcId: TC_VPC, instanceId }));
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      await Promise.all(accepted);
      // The first goes alone (no other instance's change seen yet); the second expects more and
      // waits up to the budget (400 ms), so the third shares its call and its task. With the
      // fixed 100 ms window alone, each would be its own call and its own task.
      const detaches = await tc.control.requests({ cloud: "tencentcloud", action: "DetachClassicLinkVpc" });
      expect(detaches.map((r) => r.params?.InstanceIds)).toEqual([TC_FLEET.slice(0, 1), TC_FLEET.slice(1)]);
      expect(await tc.control.requests({ cloud: "tencentcloud", action: "DescribeVpcTaskResult" })).toHaveLength(1);
      expect((await tc.control.state()).tencentcloud?.classicLinks?.filter((l) => TC_FLEET.includes(l.instanceId))).toEqual([]);
    } finally {
      running();
    }
  });
});
