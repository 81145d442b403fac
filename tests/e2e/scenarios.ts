// What each example does through the e2e lifecycle: the config change for an in-place update and
// for a replace, the order the replace must run in, how drift is made behind Pulumi's back, and
// what the cloud must look like afterwards. IDs are the ones in examples/emulator-seed.json.

import type { TestEmulator } from "../helpers/emulator";
import type { Seed } from "../helpers/stack";

type State = any;

export interface Scenario {
  /** Directory under examples/. */
  name: string;
  types: string[];
  expectCreated(state: State): Promise<void> | void;
  update: { config: Record<string, string>; expect?(state: State, outputs: Record<string, unknown>): void };
  replace: {
    config: Record<string, string>;
    /** Successful calls that must appear in this order in the request log. */
    order: string[];
    /** The cloud after the replace (and after drift is repaired). */
    expect(state: State): void;
  };
  drift: { make(emulator: TestEmulator): Promise<unknown> };
}

const dyn = (cloud: string, type: string) => `pulumi-nodejs:dynamic/${cloud}:${type}`;

function link(state: State, cloud: string, instanceId: string): string | undefined {
  return state[cloud].classicLinks.find((l: any) => l.instanceId === instanceId)?.vpcId;
}

function eni(state: State, cloud: string, id: string): any {
  return state[cloud].networkInterfaces.find((n: any) => n.networkInterfaceId === id);
}

function vpc(state: State, id: string): any {
  return state.alicloud.vpcs.find((v: any) => v.vpcId === id);
}

export function scenarios(_seed: Seed): Scenario[] {
  return [
    {
      name: "alicloud-classic-link",
      types: [dyn("alicloud", "VpcClassicLinkSetting"), dyn("alicloud", "ClassicLinkAttachment")],
      expectCreated(state) {
        expect(vpc(state, "vpc-demo00001").classicLinkEnabled).toBe(true);
        expect(link(state, "alicloud", "i-classic0001")).toBe("vpc-demo00001");
      },
      update: { config: { createTimeout: "5m" } },
      replace: {
        config: { vpcId: "vpc-demo00003" },
        // One instance links to one VPC: the old link must go before the new one is made.
        order: ["EnableVpcClassicLink", "DetachClassicLinkVpc", "AttachClassicLinkVpc", "DisableVpcClassicLink"],
        expect(state) {
          expect(link(state, "alicloud", "i-classic0001")).toBe("vpc-demo00003");
          expect(vpc(state, "vpc-demo00003").classicLinkEnabled).toBe(true);
          expect(vpc(state, "vpc-demo00001").classicLinkEnabled).toBe(false);
        },
      },
      drift: { make: (e) => e.control.alicloud("removeLink", { instanceId: "i-classic0001" }) },
    },
    {
      name: "alicloud-vpc-classic-link-setting",
      types: [dyn("alicloud", "VpcClassicLinkSetting")],
      expectCreated(state) {
        expect(vpc(state, "vpc-demo00001").classicLinkEnabled).toBe(true);
      },
      update: {
        config: { enabled: "false" },
        expect(state, outputs) {
          expect(vpc(state, "vpc-demo00001").classicLinkEnabled).toBe(false);
          expect(outputs.classicLinkEnabled).toBe(false);
        },
      },
      replace: {
        config: { vpcId: "vpc-demo00003", enabled: "true" },
        // Two VPCs' settings coexist: the new one is made first.
        order: ["EnableVpcClassicLink"],
        expect(state) {
          expect(vpc(state, "vpc-demo00003").classicLinkEnabled).toBe(true);
          expect(vpc(state, "vpc-demo00001").classicLinkEnabled).toBe(false);
        },
      },
      drift: { make: (e) => e.control.alicloud("setVpcClassicLink", { vpcId: "vpc-demo00003", enabled: false }) },
    },
    {
      name: "alicloud-eni-attachment",
      types: [dyn("alicloud", "EniAttachment")],
      expectCreated(state) {
        expect(eni(state, "alicloud", "eni-second0001")).toMatchObject({ status: "InUse", instanceId: "i-vpc0001" });
      },
      update: { config: { createTimeout: "5m" } },
      replace: {
        config: { instanceId: "i-vpc0002" },
        // One ENI attaches to one instance: detach before attaching elsewhere.
        order: ["DetachNetworkInterface", "AttachNetworkInterface"],
        expect(state) {
          expect(eni(state, "alicloud", "eni-second0001")).toMatchObject({ status: "InUse", instanceId: "i-vpc0002" });
        },
      },
      // Detached out of band: refresh drops the attachment and up makes it again. (A moved ENI is
      // not repaired by up, by design: see "A moved ENI" in the README and tests/e2e/state-truth.)
      drift: { make: (e) => e.control.alicloud("detachNetworkInterface", { networkInterfaceId: "eni-second0001" }) },
    },
    {
      name: "tencentcloud-classic-link",
      types: [dyn("tencentcloud", "ClassicLinkAttachment")],
      expectCreated(state) {
        expect(link(state, "tencentcloud", "ins-basic001")).toBe("vpc-demo0002");
      },
      update: { config: { createTimeout: "5m" } },
      replace: {
        config: { vpcId: "vpc-demo0004" },
        order: ["DetachClassicLinkVpc", "AttachClassicLinkVpc"],
        expect(state) {
          expect(link(state, "tencentcloud", "ins-basic001")).toBe("vpc-demo0004");
        },
      },
      drift: { make: (e) => e.control.tencentcloud("removeLink", { instanceId: "ins-basic001" }) },
    },
    {
      name: "tencentcloud-eni-attachment",
      types: [dyn("tencentcloud", "EniAttachment")],
      expectCreated(state) {
        expect(eni(state, "tencentcloud", "eni-tcsec001")).toMatchObject({ instanceId: "ins-vpc00001" });
      },
      update: { config: { createTimeout: "5m" } },
      replace: {
        config: { instanceId: "ins-vpc00002" },
        order: ["DetachNetworkInterface", "AttachNetworkInterface"],
        expect(state) {
          expect(eni(state, "tencentcloud", "eni-tcsec001")).toMatchObject({ instanceId: "ins-vpc00002" });
        },
      },
      drift: { make: (e) => e.control.tencentcloud("detachNetworkInterface", { networkInterfaceId: "eni-tcsec001" }) },
    },
  ];
}
