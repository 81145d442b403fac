// Shared setup for the Tencent resource tests: one emulator per test file, a seed covering every
// precheck, and a ProviderContext pointing the real SDK at the emulator over HTTP.

import { startTestEmulator, TestEmulator, LoggedRequest } from "../helpers/emulator";
import { virtualRuntime, VirtualRuntime } from "../helpers/runtime";
import { ProviderContext } from "../../provider/resources/types";
import { TencentOp } from "../../provider/clouds/tencentcloud/client";

export const SECRET_ID = "AKIDtencentUnitTest0001";
export const SECRET_KEY = "tcSecretKeyNeverInErrors0001";
export const OTHER_SECRET_ID = "AKIDtencentOtherAcct0002";
export const OTHER_SECRET_KEY = "tcOtherAccountSecretKey0002";
export const REGION = "ap-guangzhou";
export const ZONE = "ap-guangzhou-3";

const running = (instanceId: string, extra: Record<string, unknown> = {}) => ({
  instanceId, region: REGION, zone: ZONE, networkType: "classic", status: "RUNNING", ...extra,
});
const inVpc = (instanceId: string, extra: Record<string, unknown> = {}) =>
  running(instanceId, { networkType: "vpc", vpcId: "vpc-main0001", subnetId: "subnet-main0001", ...extra });
const eni = (networkInterfaceId: string, extra: Record<string, unknown> = {}) => ({
  networkInterfaceId, region: REGION, zone: ZONE, vpcId: "vpc-main0001", type: "Secondary", status: "AVAILABLE", subnetId: "subnet-main0001", ...extra,
});

export function seed(overrides: { clock?: unknown; faults?: unknown[] } = {}) {
  return {
    accounts: [
      { name: "main", tencentcloud: { secretId: SECRET_ID, secretKey: SECRET_KEY } },
      { name: "other", tencentcloud: { secretId: OTHER_SECRET_ID, secretKey: OTHER_SECRET_KEY } },
    ],
    tencentcloud: {
      instances: [
        running("ins-classic1"),
        running("ins-classic2", { status: "STOPPED" }),
        running("ins-linked01"),
        running("ins-linked02"),
        running("ins-shutdown", { status: "SHUTDOWN" }),
        running("ins-starting", { status: "STARTING", transition: { to: "RUNNING", startedAt: 0, polls: 0 } }),
        running("ins-otheracc", { account: "other" }),
        running("ins-shanghai", { region: "ap-shanghai", zone: "ap-shanghai-2" }),
        inVpc("ins-vpcinst1"),
        inVpc("ins-vpcinst2"),
        inVpc("ins-zone0004", { zone: "ap-guangzhou-4" }),
        inVpc("ins-fullenis", { maxEnis: 1 }),
        inVpc("ins-stopping", { status: "STOPPING", transition: { to: "STOPPED", startedAt: 0, polls: 0 } }),
      ],
      vpcs: [
        { vpcId: "vpc-main0001", region: REGION, cidrBlock: "10.20.0.0/16" },
        { vpcId: "vpc-other001", region: REGION, cidrBlock: "10.21.0.0/16" },
        { vpcId: "vpc-nolink01", region: REGION, cidrBlock: "172.16.0.0/16" },
        { vpcId: "vpc-second01", region: REGION, cidrBlock: "10.22.0.0/16" },
      ],
      classicLinks: [
        { instanceId: "ins-linked01", vpcId: "vpc-main0001" },
        { instanceId: "ins-linked02", vpcId: "vpc-other001" },
      ],
      networkInterfaces: [
        eni("eni-primary1", { type: "Primary", instanceId: "ins-vpcinst1", deviceIndex: 0 }),
        eni("eni-primary2", { type: "Primary", instanceId: "ins-vpcinst2", deviceIndex: 0 }),
        eni("eni-primary3", { type: "Primary", instanceId: "ins-fullenis", deviceIndex: 0 }),
        eni("eni-second01"),
        eni("eni-second02"),
        eni("eni-attached", { instanceId: "ins-vpcinst2", deviceIndex: 1 }),
        eni("eni-zone0004", { zone: "ap-guangzhou-4" }),
        eni("eni-othervpc", { vpcId: "vpc-second01", subnetId: "subnet-second01" }),
      ],
    },
    clock: overrides.clock ?? { mode: "immediate" },
    faults: overrides.faults ?? [],
    randomSeed: 7,
  };
}

export interface Harness {
  emu: TestEmulator;
  ctx(env?: Record<string, string | undefined>): ProviderContext & { runtime: VirtualRuntime };
  op(timeoutMs?: number): TencentOp;
  reset(overrides?: Parameters<typeof seed>[0]): Promise<void>;
  calls(action?: string): Promise<LoggedRequest[]>;
}

/** A ProviderContext pointing the real SDK at the emulator at `url`, on a virtual clock. */
export function tencentContext(url: string, env: Record<string, string | undefined> = {}): ProviderContext & { runtime: VirtualRuntime } {
  return {
    runtime: virtualRuntime(),
    settings: {
      env: {
        TENCENTCLOUD_SECRET_ID: SECRET_ID,
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        TENCENTCLOUD_REGION: REGION,
        TENCENTCLOUD_VPC_ENDPOINT: url,
        TENCENTCLOUD_CVM_ENDPOINT: url,
        ...env,
      },
      config: {},
    },
  };
}

export function harness(): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.emu = await startTestEmulator(seed());
  });
  afterAll(async () => {
    await h.emu?.close();
  });
  h.ctx = (env = {}) => tencentContext(h.emu.url, env);
  h.op = (timeoutMs = 60_000) => {
    const ctx = h.ctx();
    return { settings: ctx.settings, region: REGION, runtime: ctx.runtime, deadline: ctx.runtime.now() + timeoutMs };
  };
  h.reset = async (overrides = {}) => {
    await h.emu.control.reset(seed(overrides));
    await h.emu.control.clearRequests();
  };
  h.calls = (action) => h.emu.control.requests({ cloud: "tencentcloud", ...(action ? { action } : {}) });
  return h;
}

/** The rejection of a promise, for asserting on typed fields. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, it resolved");
}
