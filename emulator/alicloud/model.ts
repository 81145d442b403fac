// The Alibaba Cloud store: instances, VPCs, ClassicLinks, ENIs and client tokens, with ownership
// and region scoping. The rules for each action live beside it (instances.ts, vpcs.ts,
// classicLink.ts, networkInterfaces.ts) and clock settlement in transitions.ts; this file holds
// the store and visibility, and imports none of them (they all import it). Rules take the caller
// (account + region) and throw AliError; the handlers only translate parameters and shape responses.

import type { ClassicLinkSeed, CloudSeedSection, InstanceSeed, NetworkInterfaceSeed, VpcSeed } from "../core/seed";
import { SeedError } from "../core/seed";
import type { TimeSource } from "./progress";
import { knownRegions } from "./regions";
import type { AliSection, ClientTokenSeed } from "./seed";
import { stateViolation, type Violation } from "./validate";

export interface ModelEnv extends TimeSource {
  defaultAccount(): string;
}

export interface Caller {
  account: string;
  region: string;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The device index an ENI takes on this instance: 0 for the primary, else the lowest free from 1. */
export function freeDeviceIndex(n: NetworkInterfaceSeed, instanceId: string, all: Iterable<NetworkInterfaceSeed>): number {
  if (n.type === "Primary") return 0;
  const used = new Set<number>();
  for (const o of all) if (o !== n && o.instanceId === instanceId && typeof o.deviceIndex === "number") used.add(o.deviceIndex);
  let i = 1;
  while (used.has(i)) i += 1;
  return i;
}

export class AliModel {
  instances = new Map<string, InstanceSeed>();
  vpcs = new Map<string, VpcSeed>();
  links: ClassicLinkSeed[] = [];
  enis = new Map<string, NetworkInterfaceSeed>();
  private clientTokens = new Map<string, ClientTokenSeed>();
  private regions = knownRegions([]);

  // ---- seed in / state out -------------------------------------------------------------

  load(section: CloudSeedSection | undefined): void {
    const s = clone(section ?? {});
    const instances = new Map((s.instances ?? []).map((i) => [i.instanceId, i]));
    const vpcs = new Map((s.vpcs ?? []).map((v) => [v.vpcId, v]));
    const enis = new Map((s.networkInterfaces ?? []).map((n) => [n.networkInterfaceId, n]));
    const links = s.classicLinks ?? [];
    const broken = stateViolation({ instances, vpcs, links }, enis.values());
    if (broken) throw new SeedError(broken.path, broken.detail);
    // A seed that predates device indexes (or leaves them out): attached ENIs get theirs now, in seed order.
    for (const n of enis.values()) if (n.instanceId !== undefined && n.deviceIndex === undefined) n.deviceIndex = freeDeviceIndex(n, n.instanceId, enis.values());
    const tokens = Array.isArray(s.clientTokens) ? (s.clientTokens as ClientTokenSeed[]) : [];
    this.instances = instances;
    this.vpcs = vpcs;
    this.enis = enis;
    this.links = links;
    this.clientTokens = new Map(tokens.map((t) => [tokenKey(t.account, t.token), t]));
    this.regions = knownRegions([...instances.values(), ...vpcs.values(), ...enis.values()].map((r) => r.region));
  }

  dump(): AliSection {
    const section: AliSection = {
      instances: clone([...this.instances.values()]),
      vpcs: clone([...this.vpcs.values()]),
      classicLinks: clone(this.links),
      networkInterfaces: clone([...this.enis.values()]),
    };
    if (this.clientTokens.size > 0) section.clientTokens = clone([...this.clientTokens.values()]);
    return section;
  }

  isKnownRegion(region: string): boolean {
    return this.regions.has(region);
  }

  /** What load() would say about the state as it is now (the control API's last check). */
  violation(): Violation | undefined {
    return stateViolation({ instances: this.instances, vpcs: this.vpcs, links: this.links }, this.enis.values());
  }

  // ---- ownership -----------------------------------------------------------------------

  ownedBy(r: { account?: string }, caller: Pick<Caller, "account">, env: ModelEnv): boolean {
    return (typeof r.account === "string" ? r.account : env.defaultAccount()) === caller.account;
  }

  /** Another account's or another region's resource does not exist for this call. */
  visible(r: { account?: string; region: string }, caller: Caller, env: ModelEnv): boolean {
    return r.region === caller.region && this.ownedBy(r, caller, env);
  }

  // ---- lookups without rules (control API, rendering) ----------------------------------

  instance(id: string): InstanceSeed | undefined {
    return this.instances.get(id);
  }

  vpc(id: string): VpcSeed | undefined {
    return this.vpcs.get(id);
  }

  eni(id: string): NetworkInterfaceSeed | undefined {
    return this.enis.get(id);
  }

  // ---- client tokens (Enable/DisableVpcClassicLink) ------------------------------------

  clientToken(account: string, token: string): ClientTokenSeed | undefined {
    return this.clientTokens.get(tokenKey(account, token));
  }

  rememberClientToken(record: ClientTokenSeed): void {
    this.clientTokens.set(tokenKey(record.account, record.token), record);
  }
}

function tokenKey(account: string, token: string): string {
  return `${account}\u0000${token}`;
}
