// The ENI attachment options through the real Pulumi CLI (examples/eni-attachment-options, from
// the packed package): Alibaba networkCardIndex and Tencent attachType are sent, read back by a
// refresh that finds no change, and shown with deviceIndex in the stack outputs; changing
// networkCardIndex replaces (detach first: same ENI); a network card the instance type lacks fails
// `pulumi up` before any attach is sent, naming the fix.

import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { consumerOfThisRepo, placeProgram } from "../helpers/consumer";
import { Seed, useEmulatedStack } from "../helpers/stack";

jest.setTimeout(10 * 60_000);

const exampleDir = path.join(REPO_ROOT, "examples", "eni-attachment-options");
const seed: Seed = JSON.parse(fs.readFileSync(path.join(exampleDir, "emulator-seed.json"), "utf8"));

let binDir: string;
beforeAll(() => {
  binDir = ensurePulumi();
});

const eniIn = (state: any, cloud: string, id: string) => state[cloud].networkInterfaces.find((n: any) => n.networkInterfaceId === id);

describe("ENI attachment options", () => {
  const t = useEmulatedStack({ seed, binDir: () => binDir, programDir: () => placeProgram(consumerOfThisRepo(), exampleDir, "eni-options") });

  test("up sends the options; the outputs show them with the device index; refresh finds no change", async () => {
    await t.stack.ok("up", "--yes", "--skip-preview");
    const cloud = await t.emulator.control.state();
    expect(eniIn(cloud, "alicloud", "eni-card00001")).toMatchObject({ status: "InUse", instanceId: "i-multicard01", networkCardIndex: 1, deviceIndex: 1 });
    expect(eniIn(cloud, "tencentcloud", "eni-ext00001")).toMatchObject({ status: "AVAILABLE", instanceId: "ins-ext00001", attachType: 1, deviceIndex: 1 });
    expect(await t.stack.outputs()).toEqual({ alicloudDeviceIndex: 1, alicloudNetworkCardIndex: 1, tencentDeviceIndex: 1, tencentAttachType: 1 });
    await t.stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  });

  test("a new networkCardIndex replaces, detaching first; the cloud has the ENI on the new card", async () => {
    await t.stack.setConfig({ networkCardIndex: "0" });
    const preview = JSON.parse((await t.stack.ok("preview", "--json")).stdout);
    const replaced = preview.steps.filter((s: any) => s.op === "replace" || s.op === "delete-replaced" || s.op === "create-replacement");
    expect(replaced.length).toBeGreaterThan(0);
    expect(replaced.every((s: any) => s.urn.endsWith("second-card-eni"))).toBe(true);
    expect(preview.steps.find((s: any) => s.op === "replace")?.replaceReasons).toEqual(["networkCardIndex"]);

    await t.emulator.control.clearRequests();
    await t.stack.ok("up", "--yes", "--skip-preview");
    const calls = (await t.emulator.control.requests({ cloud: "alicloud" })).filter((r) => /^(Attach|Detach)NetworkInterface$/.test(r.action) && !r.errorCode);
    expect(calls.map((r) => r.action)).toEqual(["DetachNetworkInterface", "AttachNetworkInterface"]);
    expect(eniIn(await t.emulator.control.state(), "alicloud", "eni-card00001")).toMatchObject({ status: "InUse", networkCardIndex: 0 });
    expect((await t.stack.outputs()).alicloudNetworkCardIndex).toBe(0);
  });

  test("a network card the instance type lacks fails up before any attach, naming the range", async () => {
    await t.stack.setConfig({ extraCardIndex: "5" });
    await t.emulator.control.clearRequests();
    const up = await t.stack.run("up", "--yes", "--skip-preview");
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain("networkCardIndex 5 is out of range: instance type ecs.ebmgn7ex.32xlarge has network cards 0..1");
    expect(await t.emulator.control.requests({ cloud: "alicloud", action: "AttachNetworkInterface" })).toEqual([]);
    expect(eniIn(await t.emulator.control.state(), "alicloud", "eni-card00002")).toMatchObject({ status: "Available" });
    expect((await t.stack.exportState()).resources.some((r) => r.urn.endsWith("extra-card-eni"))).toBe(false);
  });
});
