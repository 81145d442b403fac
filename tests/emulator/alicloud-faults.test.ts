// Faults and load through the real SDK: injected errors, connection resets before and after the
// change, delays past the client's timeout, rate limits, latency, seeded probabilities.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { aliSeed, clients, expectAliError, POST, REGION, type Clients } from "./alicloud-fixture";

let emu: TestEmulator;
let alice: Clients;
beforeAll(async () => {
  emu = await startTestEmulator(aliSeed());
  alice = clients(emu.url);
});
beforeEach(() => emu.control.reset(aliSeed()));
afterAll(() => emu.close());

const link = (opts: Record<string, unknown> = {}) =>
  alice.ecs.request("AttachClassicLinkVpc", { RegionId: REGION, InstanceId: "i-classic", VpcId: "vpc-one" }, { ...POST, ...opts });
const links = async () => (await emu.control.state()).alicloud?.classicLinks ?? [];
const linked = async () => (await links()).some((l) => l.instanceId === "i-classic");

async function transportError(call: Promise<unknown>): Promise<{ code?: string; name?: string }> {
  try {
    await call;
  } catch (e) {
    return e as { code?: string; name?: string };
  }
  throw new Error("expected a transport error");
}

test("error fault: answered with the given code and status, nothing changed, count consumed", async () => {
  await emu.control.faults({ faults: [{ cloud: "alicloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "error", code: "ServiceUnavailable", status: 503 } }] });
  await expectAliError(link(), "ServiceUnavailable", 503);
  expect(await linked()).toBe(false);
  await link();
  expect(await linked()).toBe(true);
  const log = await emu.control.requests({ action: "AttachClassicLinkVpc" });
  expect(log.map((r) => [r.status, r.errorCode])).toEqual([[503, "ServiceUnavailable"], [200, undefined]]);
});

test("error fault after the change: the change is applied although the answer is an error", async () => {
  await emu.control.faults({ faults: [{ action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "error", code: "InternalError", status: 500 } }] });
  await expectAliError(link(), "InternalError", 500);
  expect(await linked()).toBe(true);
});

test("reset before: the socket is destroyed and no change is applied", async () => {
  await emu.control.faults({ faults: [{ action: "AttachClassicLinkVpc", phase: "before", count: 1, effect: { type: "reset" } }] });
  const e = await transportError(link());
  expect(e.code).toMatch(/ECONNRESET|ESOCKETHUNGUP|EPIPE/);
  expect(await linked()).toBe(false);
  expect((await emu.control.requests({ action: "AttachClassicLinkVpc" }))[0]).toMatchObject({ outcome: "reset" });
});

test("reset after: the change is applied and only the response is lost", async () => {
  await emu.control.faults({ faults: [{ action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "reset" } }] });
  await transportError(link());
  expect(await linked()).toBe(true);
});

test("delay past the client's timeout (phase after): the client times out, the change is applied", async () => {
  await emu.control.faults({ faults: [{ action: "AttachClassicLinkVpc", phase: "after", count: 1, effect: { type: "delay", ms: 600 } }] });
  const e = await transportError(link({ timeout: 150 }));
  expect(e.name).toBe("RequestTimeoutError");
  expect(await linked()).toBe(true);
});

test("delay before, within the client's timeout: the call just takes longer", async () => {
  await emu.control.faults({ faults: [{ action: "DescribeVpcs", count: 1, effect: { type: "delay", ms: 200 } }] });
  const t0 = Date.now();
  await alice.vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
});

test("rate limit: calls over the limit get Throttling.User 400 until the window passes (emulator time)", async () => {
  await emu.control.faults({ rateLimits: [{ cloud: "alicloud", action: "DescribeVpcs", limit: 2, windowMs: 60_000 }] });
  const call = () => alice.vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
  await call();
  await call();
  await expectAliError(call(), "Throttling.User", 400);
  await alice.vpc.request("DescribeVpcAttribute", { RegionId: REGION, VpcId: "vpc-one" }, POST); // other actions are not limited
  await emu.control.clock({ advanceMs: 60_000 });
  await call();
});

test("rate limit with an overridden code and status", async () => {
  await emu.control.faults({ rateLimits: [{ action: "DescribeVpcs", limit: 0, code: "Throttling.Api", status: 429 }] });
  await expectAliError(alice.vpc.request("DescribeVpcs", { RegionId: REGION }, POST), "Throttling.Api", 429);
});

test("per-action latency", async () => {
  await emu.control.faults({ latencyMs: { DescribeVpcs: 150 } });
  const t0 = Date.now();
  await alice.vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  const t1 = Date.now();
  await alice.vpc.request("DescribeVpcAttribute", { RegionId: REGION, VpcId: "vpc-one" }, POST);
  expect(Date.now() - t1).toBeLessThan(140);
});

test("probabilistic faults repeat exactly for the same randomSeed", async () => {
  const run = async () => {
    await emu.control.reset(aliSeed({ randomSeed: 1234, faults: [{ action: "DescribeVpcs", probability: 0.5, effect: { type: "error", code: "ServiceUnavailable", status: 503 } }] }));
    const outcomes: string[] = [];
    for (let n = 0; n < 12; n++) {
      outcomes.push(await alice.vpc.request("DescribeVpcs", { RegionId: REGION }, POST).then(() => "ok", (e: { code: string }) => e.code));
    }
    return outcomes;
  };
  const first = await run();
  expect(await run()).toEqual(first);
  expect(first).toContain("ok");
  expect(first).toContain("ServiceUnavailable");
});

test("the fault state (remaining counts) shows in GET state", async () => {
  await emu.control.faults({ faults: [{ action: "DescribeVpcs", count: 2, effect: { type: "error", code: "InternalError", status: 500 } }] });
  await expectAliError(alice.vpc.request("DescribeVpcs", { RegionId: REGION }, POST), "InternalError", 500);
  expect((await emu.control.state()).faults?.[0]?.count).toBe(1);
});
