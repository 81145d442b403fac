// A create the cloud accepted but that could not be confirmed in time must still be recorded, with
// everything refresh and destroy need: the id, outputs marked "pending", and the serialized
// provider (Pulumi stores a failed create's outputs as they are).

import * as fs from "node:fs";
import * as path from "node:path";
import { WaitTimeoutError } from "../../provider/core/errors";
import { invoke } from "../../provider/index";
import { ResourceKind } from "../../provider/kinds";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { virtualRuntime } from "../helpers/runtime";
import { providerEnv } from "../helpers/stack";

const seed = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "emulator-seed.json"), "utf8"));
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator(seed);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset(seed);
  // Transitions (and Tencent tasks) outlast any deadline below.
  await emu.control.clock({ mode: "polls", polls: 100_000 });
});

const cases: Array<[ResourceKind, Record<string, unknown>, string]> = [
  ["alicloud:EniAttachment", { instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001" }, "eni-second0001:i-vpc0001"],
  ["tencentcloud:EniAttachment", { instanceId: "ins-vpc00001", networkInterfaceId: "eni-tcsec001" }, "eni-tcsec001+ins-vpc00001"],
];

test.each(cases)("%s: a create that times out after the cloud accepted it is recorded as pending", async (kind, inputs, id) => {
  const ctx = { runtime: virtualRuntime(), settings: { env: providerEnv(emu.url, seed), config: {} } };
  const serializedProvider = "exports.handler = () => ({});";
  const error: any = await invoke(kind, "create", [{ ...inputs, timeouts: { create: "5s" }, __provider: serializedProvider }], ctx).catch((e: any) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(error.id).toBe(id);
  expect(error.properties).toMatchObject({ ...inputs, status: "pending", __provider: serializedProvider });
  expect(error.reasons).toEqual([error.message]);
});

test("a create that fails before anything was sent records nothing", async () => {
  const ctx = { runtime: virtualRuntime(), settings: { env: providerEnv(emu.url, seed), config: {} } };
  await emu.control.alicloud("setInstanceStatus", { instanceId: "i-vpc0001", status: "Starting" });
  const error: any = await invoke("alicloud:EniAttachment", "create", [{ instanceId: "i-vpc0001", networkInterfaceId: "eni-second0001", timeouts: { create: "5s" }, __provider: "x" }], ctx).catch((e: any) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(error.properties).toBeUndefined();
  expect((await emu.control.requests()).filter((r) => r.action === "AttachNetworkInterface")).toEqual([]);
});

test("a failed call prints its message and hint once where Pulumi's provider host logs it (`${e}: ${e.stack}`)", async () => {
  const ctx = { runtime: virtualRuntime(), settings: { env: providerEnv(emu.url, seed), config: {} } };
  const error: any = await invoke("tencentcloud:EniAttachment", "create", [{ instanceId: "ins-vpc00001", networkInterfaceId: "eni-nosuch01", __provider: "x" }], ctx).catch((e: any) => e);
  expect(error.message).toMatch(/ENI eni-nosuch01 was not found in region/);
  const logged = `${error}: ${error.stack}`;
  expect(logged.split("What to do").length - 1).toBe(1);
  expect(logged.split("was not found in region").length - 1).toBe(1);
  expect(logged).toMatch(/\n\s+at /);
});
