// Shared setup for the Alibaba emulator tests: accounts, a seed with one resource per error
// situation, real pop-core clients, and an assertion on (code, HTTP status).

import RPCClient from "@alicloud/pop-core";

export const REGION = "cn-hangzhou";
export const ALICE = { accessKeyId: "LTAIalice0001", accessKeySecret: "alice-secret" };
export const BOB = { accessKeyId: "LTAIbob00001", accessKeySecret: "bob-secret" };
export const POST = { method: "POST" } as const;

export interface Clients {
  ecs: RPCClient;
  vpc: RPCClient;
}

export function clients(url: string, key: { accessKeyId: string; accessKeySecret: string } = ALICE): Clients {
  return {
    ecs: new RPCClient({ endpoint: url, apiVersion: "2014-05-26", ...key }),
    vpc: new RPCClient({ endpoint: url, apiVersion: "2016-04-28", ...key }),
  };
}

const inst = (instanceId: string, extra: Record<string, unknown> = {}) => ({
  instanceId,
  region: REGION,
  zone: "cn-hangzhou-b",
  networkType: "classic",
  status: "Running",
  ...extra,
});
const eni = (networkInterfaceId: string, extra: Record<string, unknown> = {}) => ({
  networkInterfaceId,
  region: REGION,
  zone: "cn-hangzhou-b",
  vpcId: "vpc-one",
  type: "Secondary",
  status: "Available",
  ...extra,
});

/** One resource per situation the error tests need; clock "ms" with a long T so nothing settles by itself. */
export function aliSeed(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accounts: [
      { name: "alice", alicloud: ALICE, tencentcloud: { secretId: "AKIDalice", secretKey: "alice-tc" } },
      { name: "bob", alicloud: BOB },
    ],
    alicloud: {
      instances: [
        inst("i-classic"),
        inst("i-classic2"),
        inst("i-stopped", { status: "Stopped" }),
        inst("i-linked", {}),
        inst("i-pending", { status: "Pending" }),
        inst("i-locked", { locked: true }),
        inst("i-bob", { account: "bob" }),
        inst("i-vpc", { networkType: "vpc", vpcId: "vpc-one" }),
        inst("i-vpcstopped", { networkType: "vpc", vpcId: "vpc-one", status: "Stopped" }),
        inst("i-vpcstopping", { networkType: "vpc", vpcId: "vpc-one", status: "Stopping" }),
        inst("i-vpclocked", { networkType: "vpc", vpcId: "vpc-one", locked: true }),
        inst("i-vpcfull", { networkType: "vpc", vpcId: "vpc-one", maxEnis: 1 }),
        inst("i-otherzone", { networkType: "vpc", vpcId: "vpc-one", zone: "cn-hangzhou-c" }),
        inst("i-othervpc", { networkType: "vpc", vpcId: "vpc-two" }),
        inst("i-shanghai", { region: "cn-shanghai", zone: "cn-shanghai-b" }),
      ],
      vpcs: [
        { vpcId: "vpc-one", region: REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true },
        { vpcId: "vpc-two", region: REGION, cidrBlock: "192.168.0.0/16", classicLinkEnabled: true },
        { vpcId: "vpc-off", region: REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: false },
        { vpcId: "vpc-pending", region: REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true, status: "Pending" },
        { vpcId: "vpc-bob", region: REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: true, account: "bob" },
      ],
      classicLinks: [{ instanceId: "i-linked", vpcId: "vpc-two" }],
      networkInterfaces: [
        eni("eni-primary", { type: "Primary", status: "InUse", instanceId: "i-vpc" }),
        eni("eni-fullprimary", { type: "Primary", status: "InUse", instanceId: "i-vpcfull" }),
        eni("eni-free"),
        eni("eni-free2"),
        eni("eni-inuse", { status: "InUse", instanceId: "i-vpc" }),
        eni("eni-zonec", { zone: "cn-hangzhou-c" }),
        eni("eni-vpctwo", { vpcId: "vpc-two" }),
        eni("eni-bob", { account: "bob" }),
      ],
    },
    clock: { mode: "ms", ms: 3_600_000 },
    randomSeed: 7,
    ...overrides,
  };
}

interface PopError {
  code?: string;
  entry?: { response?: { statusCode?: number } };
  data?: Record<string, unknown>;
}

/** Asserts that the call fails with this Alibaba error code and HTTP status; returns the error body. */
export async function expectAliError(call: Promise<unknown>, code: string, status: number): Promise<Record<string, unknown>> {
  let caught: PopError | undefined;
  try {
    await call;
  } catch (e) {
    caught = e as PopError;
  }
  expect(caught).toBeDefined();
  expect({ code: caught?.code, status: caught?.entry?.response?.statusCode }).toEqual({ code, status });
  return caught?.data ?? {};
}
