// Shared by the Alibaba resource tests: a seed with one of each situation, and a ProviderContext
// that points the provider at the emulator with a virtual clock.

import { ProviderContext } from "../../provider/resources/types";
import { virtualRuntime, VirtualRuntime } from "../helpers/runtime";
import { LoggedRequest, startTestEmulator, TestEmulator } from "../helpers/emulator";

export const ACCESS_KEY = "LTAI5tNetattachTest01";
export const SECRET_KEY = "netattach-alibaba-secret-4f2b9c";
export const REGION = "cn-hangzhou";

export function aliSeed(extra: { clock?: unknown } = {}): Record<string, unknown> {
  return {
    accounts: [
      { name: "main", alicloud: { accessKeyId: ACCESS_KEY, accessKeySecret: SECRET_KEY } },
      { name: "other", alicloud: { accessKeyId: "LTAI5tOtherAccount02", accessKeySecret: "other-account-secret-77aa" } },
    ],
    alicloud: {
      instances: [
        { instanceId: "i-classic01", region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Running" },
        { instanceId: "i-classic02", region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Stopped" },
        { instanceId: "i-classic03", region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Running" },
        { instanceId: "i-classicexp", region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Expired" },
        { instanceId: "i-foreign01", region: REGION, zone: "cn-hangzhou-h", networkType: "classic", status: "Running", account: "other" },
        { instanceId: "i-vpcinst01", region: REGION, zone: "cn-hangzhou-h", networkType: "vpc", vpcId: "vpc-main00001", status: "Running" },
        { instanceId: "i-vpcinst02", region: REGION, zone: "cn-hangzhou-h", networkType: "vpc", vpcId: "vpc-main00001", status: "Running" },
        { instanceId: "i-vpczonei1", region: REGION, zone: "cn-hangzhou-i", networkType: "vpc", vpcId: "vpc-main00001", status: "Running" },
        { instanceId: "i-vpcother1", region: REGION, zone: "cn-hangzhou-h", networkType: "vpc", vpcId: "vpc-other0001", status: "Running" },
      ],
      vpcs: [
        { vpcId: "vpc-linkon001", region: REGION, cidrBlock: "172.16.0.0/16", classicLinkEnabled: true },
        { vpcId: "vpc-linkoff01", region: REGION, cidrBlock: "172.17.0.0/16", classicLinkEnabled: false },
        { vpcId: "vpc-other0001", region: REGION, cidrBlock: "172.18.0.0/16", classicLinkEnabled: true },
        { vpcId: "vpc-main00001", region: REGION, cidrBlock: "192.168.0.0/16" },
        { vpcId: "vpc-foreign01", region: REGION, cidrBlock: "172.19.0.0/16", account: "other" },
      ],
      classicLinks: [{ instanceId: "i-classic03", vpcId: "vpc-other0001" }],
      networkInterfaces: [
        { networkInterfaceId: "eni-primary01", region: REGION, zone: "cn-hangzhou-h", vpcId: "vpc-main00001", type: "Primary", status: "InUse", instanceId: "i-vpcinst01" },
        { networkInterfaceId: "eni-second001", region: REGION, zone: "cn-hangzhou-h", vpcId: "vpc-main00001", type: "Secondary", status: "Available" },
        { networkInterfaceId: "eni-second002", region: REGION, zone: "cn-hangzhou-h", vpcId: "vpc-main00001", type: "Secondary", status: "InUse", instanceId: "i-vpcinst01" },
        { networkInterfaceId: "eni-zonei0001", region: REGION, zone: "cn-hangzhou-i", vpcId: "vpc-main00001", type: "Secondary", status: "Available" },
        { networkInterfaceId: "eni-othervpc1", region: REGION, zone: "cn-hangzhou-h", vpcId: "vpc-other0001", type: "Secondary", status: "Available" },
      ],
    },
    clock: extra.clock ?? { mode: "immediate" },
  };
}

export interface TestContext extends ProviderContext {
  runtime: VirtualRuntime;
}

export function aliContext(url: string, env: Record<string, string | undefined> = {}): TestContext {
  return {
    runtime: virtualRuntime(),
    settings: {
      env: {
        ALICLOUD_ACCESS_KEY: ACCESS_KEY,
        ALICLOUD_SECRET_KEY: SECRET_KEY,
        ALICLOUD_ECS_ENDPOINT: url,
        ALICLOUD_VPC_ENDPOINT: url,
        ALICLOUD_REGION: REGION,
        ...env,
      },
      config: {},
    },
  };
}

/** Calls of one action in the emulator's request log. */
export async function calls(emu: TestEmulator, action: string): Promise<LoggedRequest[]> {
  return emu.control.requests({ cloud: "alicloud", action });
}

/** Runs a promise that must fail and returns what it threw. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected a failure, but the call succeeded");
}

/** No error text or field may carry the secret key. */
export function expectNoSecret(error: unknown): void {
  const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error)?.stack ?? ""}`;
  expect(text).not.toContain(SECRET_KEY);
}

/**
 * One emulator for the test file, reset to aliSeed() before each test with a fresh context.
 * Read `emu` and `ctx` from the returned object inside tests (they are set by the hooks).
 */
export function useAliEmulator(): { readonly emu: TestEmulator; readonly ctx: TestContext } {
  const current = {} as { emu: TestEmulator; ctx: TestContext };
  beforeAll(async () => {
    current.emu = await startTestEmulator(aliSeed());
  });
  afterAll(async () => {
    await current.emu?.close();
  });
  beforeEach(async () => {
    await current.emu.control.reset(aliSeed());
    current.ctx = aliContext(current.emu.url);
  });
  return current;
}
