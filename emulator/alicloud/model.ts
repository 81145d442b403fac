// The Alibaba Cloud model: instances, VPCs, ClassicLinks, ENIs and client tokens, with the rules
// the real APIs enforce. Methods take the caller (account + region) and throw AliError; the
// handlers only translate parameters and shape responses.

import type { ClassicLinkSeed, CloudSeedSection, InstanceSeed, NetworkInterfaceSeed, VpcSeed } from "../core/seed";
import { SeedError } from "../core/seed";
import * as err from "./errors";
import type { AliSection, ClientTokenSeed } from "./seed";
import { stateViolation, linkViolation, type Violation } from "./validate";
import { knownRegions } from "./regions";
import { begin, isDue, settlesTo, type Timed, type TimeSource } from "./progress";

/** At most this many classic instances per VPC (QuotaExceeded text in the AttachClassicLinkVpc doc). */
export const LINKS_PER_VPC = 1000;
/** ENIs (primary included) an instance takes when the seed does not say (maxEnis). */
export const DEFAULT_MAX_ENIS = 3;
/** The instance type of an instance seeded without one. */
export const DEFAULT_INSTANCE_TYPE = "ecs.g6.large";
/**
 * Families whose instances take an ENI only while Stopped ("Bind a secondary ENI", instance types
 * that must be Stopped: shared s6 and e, burstable t5 and t6, previous-generation xn4, n4, mn4, e4).
 */
const STOPPED_ONLY_FAMILY = /^ecs\.(s6|e|t5|t6)-|^ecs\.(xn4|n4|mn4|e4)\./;
/** A Running instance last started before this must be rebooted before it takes an ENI (AttachNetworkInterface doc). */
export const ENI_REBOOT_CUTOFF = Date.parse("2018-04-01T00:00:00Z");

/** What AttachNetworkInterface may ask for besides the pair. */
export interface AttachOptions {
  networkCardIndex?: number;
  trunkNetworkInterfaceId?: string;
}

export function instanceTypeOf(i: InstanceSeed): string {
  return typeof i.instanceType === "string" ? i.instanceType : DEFAULT_INSTANCE_TYPE;
}

export function takesEniOnlyStopped(instanceType: string): boolean {
  return STOPPED_ONLY_FAMILY.test(instanceType);
}

/** DescribeInstances' StartTime form: "2017-12-10T04:04Z". */
export function startTimeText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + "Z";
}

export interface ModelEnv extends TimeSource {
  defaultAccount(): string;
}

export interface Caller {
  account: string;
  region: string;
}

const RUNNING_OR_STOPPED = new Set(["Running", "Stopped"]);
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
  private instances = new Map<string, InstanceSeed>();
  private vpcs = new Map<string, VpcSeed>();
  private links: ClassicLinkSeed[] = [];
  private enis = new Map<string, NetworkInterfaceSeed>();
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

  // ---- time ----------------------------------------------------------------------------

  /** Settles every due transition; gives transitional statuses loaded without one a start time. */
  tick(env: ModelEnv): void {
    for (const r of [...this.instances.values(), ...this.enis.values()]) {
      if (r.stuck) continue;
      const to = settlesTo(r.status);
      if (!r.transition && to) r.transition = { to, startedAt: env.now(), polls: 0 };
      if (r.transition && isDue(r.transition, env)) this.settle(r);
    }
  }

  /** A Describe call returned this resource: one poll towards settling it. */
  private seen(r: Timed): void {
    if (r.transition) r.transition.polls += 1;
  }

  private start(r: InstanceSeed | NetworkInterfaceSeed, status: string, to: string, env: ModelEnv): void {
    begin(r, status, to, env);
    if (env.clock().mode === "immediate") this.settle(r);
  }

  private settle(r: InstanceSeed | NetworkInterfaceSeed): void {
    if (!r.transition) return;
    r.status = r.transition.to;
    delete r.transition;
    if ("networkInterfaceId" in r && r.status === "Available") this.unplaceEni(r as NetworkInterfaceSeed);
  }

  /** The ENI is attached (or attaching) to this instance; it keeps its device index if already there. */
  placeEni(n: NetworkInterfaceSeed, instanceId: string): void {
    if (n.instanceId === instanceId && typeof n.deviceIndex === "number") return;
    n.instanceId = instanceId;
    n.deviceIndex = freeDeviceIndex(n, instanceId, this.enis.values());
  }

  /** The ENI belongs to no instance any more. */
  unplaceEni(n: NetworkInterfaceSeed): void {
    delete n.instanceId;
    delete n.deviceIndex;
    delete n.networkCardIndex;
    delete n.trunkNetworkInterfaceId;
  }

  // ---- ownership -----------------------------------------------------------------------

  private owner(r: { account?: string }, env: ModelEnv): string {
    return typeof r.account === "string" ? r.account : env.defaultAccount();
  }

  private mine(r: { account?: string; region: string }, caller: Caller, env: ModelEnv): boolean {
    return r.region === caller.region && this.owner(r, env) === caller.account;
  }

  /** The caller's instance in the caller's region, for ECS instance and ClassicLink APIs. */
  private instanceFor(caller: Caller, instanceId: string, env: ModelEnv): InstanceSeed {
    const inst = this.instances.get(instanceId);
    if (!inst || inst.region !== caller.region) throw err.instanceNotFound();
    if (this.owner(inst, env) !== caller.account) throw err.instanceNotBelong();
    return inst;
  }

  // ---- ECS instances -------------------------------------------------------------------

  describeInstances(caller: Caller, filter: { ids?: string[]; vpcId?: string; zoneId?: string; networkType?: string; status?: string }, env: ModelEnv): InstanceSeed[] {
    const found = [...this.instances.values()].filter(
      (i) =>
        this.mine(i, caller, env) &&
        (!filter.ids || filter.ids.includes(i.instanceId)) &&
        (!filter.vpcId || i.vpcId === filter.vpcId) &&
        (!filter.zoneId || i.zone === filter.zoneId) &&
        (!filter.networkType || i.networkType === filter.networkType) &&
        (!filter.status || i.status === filter.status),
    );
    found.forEach((i) => this.seen(i));
    return found;
  }

  enisOfInstance(instanceId: string): NetworkInterfaceSeed[] {
    return [...this.enis.values()].filter((n) => n.instanceId === instanceId);
  }

  startInstance(caller: Caller, instanceId: string, env: ModelEnv): void {
    this.changeInstance(caller, instanceId, env, { from: "Stopped", via: "Starting", to: "Running" });
  }

  stopInstance(caller: Caller, instanceId: string, env: ModelEnv): void {
    this.changeInstance(caller, instanceId, env, { from: "Running", via: "Stopping", to: "Stopped" });
  }

  /** RebootInstance: a Running instance restarts (Starting, then Running). */
  rebootInstance(caller: Caller, instanceId: string, env: ModelEnv): void {
    this.changeInstance(caller, instanceId, env, { from: "Running", via: "Starting", to: "Running" });
  }

  /** Start/Stop/RebootInstance; whatever ends Running was started now (DescribeInstances StartTime). */
  private changeInstance(caller: Caller, instanceId: string, env: ModelEnv, move: { from: string; via: string; to: string }): void {
    const inst = this.instanceFor(caller, instanceId, env);
    if (inst.locked) throw err.instanceLockedForSecurity();
    if (inst.status !== move.from) throw err.incorrectInstanceStatus();
    if (move.to === "Running") inst.startTime = startTimeText(env.now());
    this.start(inst, move.via, move.to, env);
  }

  /** The instance types of the caller's instances (one entry per type, from its first instance). */
  describeInstanceTypes(caller: Caller, types: string[] | undefined, env: ModelEnv): { instanceType: string; networkCardQuantity?: number; maxEnis: number }[] {
    const byType = new Map<string, { instanceType: string; networkCardQuantity?: number; maxEnis: number }>();
    for (const i of this.instances.values()) {
      const instanceType = instanceTypeOf(i);
      if (byType.has(instanceType) || this.owner(i, env) !== caller.account || (types && !types.includes(instanceType))) continue;
      byType.set(instanceType, { instanceType, networkCardQuantity: i.networkCardQuantity, maxEnis: typeof i.maxEnis === "number" ? i.maxEnis : DEFAULT_MAX_ENIS });
    }
    return [...byType.values()];
  }

  // ---- ClassicLink ---------------------------------------------------------------------

  private classicInstanceReady(caller: Caller, instanceId: string, env: ModelEnv): InstanceSeed {
    const inst = this.instanceFor(caller, instanceId, env);
    if (inst.networkType !== "classic") throw err.notClassicInstance();
    if (inst.locked) throw err.instanceLocked();
    if (!RUNNING_OR_STOPPED.has(inst.status)) throw err.instanceStatusNotRunningOrStopped();
    return inst;
  }

  /** ECS ClassicLink APIs have no InvalidVpcId.NotFound: an unknown or foreign VPC is Malformed. */
  private linkableVpc(caller: Caller, vpcId: string, env: ModelEnv): VpcSeed {
    const vpc = this.vpcs.get(vpcId);
    if (!vpc || !this.mine(vpc, caller, env)) throw err.vpcMalformed();
    return vpc;
  }

  attachClassicLink(caller: Caller, instanceId: string, vpcId: string, env: ModelEnv): void {
    this.classicInstanceReady(caller, instanceId, env);
    const vpc = this.linkableVpc(caller, vpcId, env);
    const existing = this.links.find((l) => l.instanceId === instanceId);
    if (existing && existing.vpcId !== vpcId) throw err.alreadyLinked();
    if (!vpc.classicLinkEnabled) throw err.classicLinkDenied();
    if (existing) return; // same pair again: already in the wanted state (README: choices)
    if (this.links.filter((l) => l.vpcId === vpcId).length >= LINKS_PER_VPC) throw err.linkQuotaExceeded();
    this.links.push({ instanceId, vpcId });
  }

  detachClassicLink(caller: Caller, instanceId: string, vpcId: string, env: ModelEnv): void {
    this.classicInstanceReady(caller, instanceId, env);
    this.linkableVpc(caller, vpcId, env);
    const index = this.links.findIndex((l) => l.instanceId === instanceId && l.vpcId === vpcId);
    if (index < 0) throw err.pairNotLinked();
    this.links.splice(index, 1);
  }

  describeClassicLinks(caller: Caller, filter: { vpcId?: string; instanceIds?: string[] }, env: ModelEnv): ClassicLinkSeed[] {
    for (const id of filter.instanceIds ?? []) {
      const inst = this.instances.get(id);
      if (inst && inst.region === caller.region && this.owner(inst, env) !== caller.account) throw err.instanceNotBelong();
    }
    return this.links.filter((l) => {
      const inst = this.instances.get(l.instanceId);
      return (
        inst !== undefined &&
        this.mine(inst, caller, env) &&
        (!filter.vpcId || l.vpcId === filter.vpcId) &&
        (!filter.instanceIds || filter.instanceIds.includes(l.instanceId))
      );
    });
  }

  // ---- VPC -----------------------------------------------------------------------------

  private vpcFor(caller: Caller, vpcId: string, env: ModelEnv): VpcSeed {
    const vpc = this.vpcs.get(vpcId);
    if (!vpc || vpc.region !== caller.region) throw err.vpcNotFound();
    if (this.owner(vpc, env) !== caller.account) throw err.vpcForbidden();
    return vpc;
  }

  describeVpc(caller: Caller, vpcId: string, env: ModelEnv): VpcSeed {
    const vpc = this.vpcs.get(vpcId);
    if (!vpc || !this.mine(vpc, caller, env)) throw err.vpcNotFound();
    return vpc;
  }

  describeVpcs(caller: Caller, ids: string[] | undefined, env: ModelEnv): VpcSeed[] {
    return [...this.vpcs.values()].filter((v) => this.mine(v, caller, env) && (!ids || ids.includes(v.vpcId)));
  }

  /**
   * Enable/DisableVpcClassicLink. A ClientToken already used by this account for the same action
   * and VPC returns the first call's RequestId without re-running; for anything else it is a
   * mismatch. Returns the RequestId to answer with.
   */
  setVpcClassicLink(caller: Caller, vpcId: string, enabled: boolean, request: { action: string; clientToken?: string; requestId: string }, env: ModelEnv): string {
    const vpc = this.vpcFor(caller, vpcId, env);
    if (request.clientToken) {
      const used = this.clientTokens.get(tokenKey(caller.account, request.clientToken));
      if (used) {
        if (used.action !== request.action || used.vpcId !== vpcId) throw err.idempotentMismatch();
        return used.requestId;
      }
    }
    if ((vpc.status ?? "Available") !== "Available") throw err.incorrectVpcStatus();
    if (!enabled && this.links.some((l) => l.vpcId === vpcId)) throw err.linkedInstancesExist();
    vpc.classicLinkEnabled = enabled;
    if (request.clientToken) {
      this.clientTokens.set(tokenKey(caller.account, request.clientToken), {
        token: request.clientToken,
        account: caller.account,
        action: request.action,
        vpcId,
        requestId: request.requestId,
      });
    }
    return request.requestId;
  }

  // ---- ENIs ----------------------------------------------------------------------------

  /** ENI APIs answer with InvalidEcsId/InvalidEniId.NotFound, also for another account's resources. */
  private eniPair(caller: Caller, eniId: string, instanceId: string, env: ModelEnv): { eni: NetworkInterfaceSeed; inst: InstanceSeed } {
    const eni = this.enis.get(eniId);
    if (!eni || !this.mine(eni, caller, env)) throw err.eniIdNotFound(eniId);
    const inst = this.instances.get(instanceId);
    if (!inst || !this.mine(inst, caller, env)) throw err.ecsIdNotFound(instanceId);
    return { eni, inst };
  }

  private ecsReady(inst: InstanceSeed): void {
    if (inst.locked) throw err.invalidEcsState("Running|Stopped (unlocked)", `${inst.status} (locked)`);
    if (!RUNNING_OR_STOPPED.has(inst.status)) throw err.invalidEcsState("Running|Stopped", inst.status);
  }

  attachEni(caller: Caller, eniId: string, instanceId: string, env: ModelEnv, options: AttachOptions = {}): void {
    const { eni, inst } = this.eniPair(caller, eniId, instanceId, env);
    if (eni.type === "Primary") throw err.invalidEniType(eni.type);
    if (inst.networkType !== "vpc") throw err.vpcMismatch();
    this.ecsReady(inst);
    if (eni.status !== "Available") throw err.invalidEniState("Available", eni.status);
    if (eni.zone !== inst.zone) throw err.zoneMismatch();
    if (eni.vpcId !== inst.vpcId) throw err.vpcMismatch();
    if (options.networkCardIndex !== undefined) this.checkNetworkCard(inst, options.networkCardIndex);
    if (options.trunkNetworkInterfaceId !== undefined) this.checkTrunk(caller, inst, options.trunkNetworkInterfaceId, env);
    this.checkHotplug(inst, env);
    const max = typeof inst.maxEnis === "number" ? inst.maxEnis : DEFAULT_MAX_ENIS;
    if (this.enisOfInstance(instanceId).length >= max) throw err.eniLimitExceeded(max);
    this.placeEni(eni, instanceId);
    if (options.networkCardIndex !== undefined) eni.networkCardIndex = options.networkCardIndex;
    if (options.trunkNetworkInterfaceId !== undefined) eni.trunkNetworkInterfaceId = options.trunkNetworkInterfaceId;
    this.start(eni, "Attaching", "InUse", env);
  }

  /** NetworkCardIndex must name one of the instance type's network cards (none: it cannot be given). */
  private checkNetworkCard(inst: InstanceSeed, index: number): void {
    const cards = inst.networkCardQuantity ?? 0;
    if (cards === 0) throw err.networkCardUnsupported(instanceTypeOf(inst));
    if (index >= cards) throw err.networkCardOutOfRange(index, instanceTypeOf(inst), cards);
  }

  /** The trunk ENI exists for the caller, is a Trunk ENI, and is InUse on this very instance. */
  private checkTrunk(caller: Caller, inst: InstanceSeed, trunkId: string, env: ModelEnv): void {
    const trunk = this.enis.get(trunkId);
    if (!trunk || !this.mine(trunk, caller, env)) throw err.trunkNotFound(trunkId);
    if (trunk.type !== "Trunk") throw err.notATrunk(trunkId, trunk.type);
    if (trunk.instanceId !== inst.instanceId || trunk.status !== "InUse") throw err.trunkNotOnInstance(trunkId, inst.instanceId);
  }

  /** Running is not enough for some instance types, nor for an instance last started before 2018-04-01. */
  private checkHotplug(inst: InstanceSeed, env: ModelEnv): void {
    if (inst.status !== "Running") return;
    const instanceType = instanceTypeOf(inst);
    if (takesEniOnlyStopped(instanceType)) throw err.eniNeedsStopped(instanceType);
    const started = typeof inst.startTime === "string" ? Date.parse(inst.startTime) : env.now();
    if (started < ENI_REBOOT_CUTOFF) throw err.eniNeedsReboot(inst.instanceId, inst.startTime as string);
  }

  detachEni(caller: Caller, eniId: string, instanceId: string, env: ModelEnv, trunkId?: string): void {
    const { eni, inst } = this.eniPair(caller, eniId, instanceId, env);
    if (eni.type === "Primary") throw err.detachPrimaryNotAllowed();
    this.ecsReady(inst);
    if (trunkId !== undefined && eni.trunkNetworkInterfaceId !== trunkId) throw err.trunkMismatch(eniId, trunkId);
    if (eni.type === "Trunk" && [...this.enis.values()].some((m) => m.trunkNetworkInterfaceId === eniId)) throw err.hasMemberEniAttached(eniId);
    const onThis = eni.instanceId === instanceId;
    // The doc allows re-sending Detach while Detaching: accepted, no restart; and it is the cure
    // for a stuck detach, which then proceeds.
    if (onThis && eni.status === "Detaching") {
      if (eni.stuck) {
        delete eni.stuck;
        this.start(eni, "Detaching", "Available", env);
      }
      return;
    }
    if (!onThis || eni.status !== "InUse") throw err.invalidEniState("InUse|Detaching", onThis ? eni.status : `${eni.status} (not attached to ${instanceId})`);
    this.start(eni, "Detaching", "Available", env);
  }

  describeEnis(caller: Caller, filter: { ids?: string[]; instanceId?: string; vpcId?: string; type?: string; status?: string }, env: ModelEnv): NetworkInterfaceSeed[] {
    const found = [...this.enis.values()].filter(
      (n) =>
        this.mine(n, caller, env) &&
        (!filter.ids || filter.ids.includes(n.networkInterfaceId)) &&
        (!filter.instanceId || n.instanceId === filter.instanceId) &&
        (!filter.vpcId || n.vpcId === filter.vpcId) &&
        (!filter.type || n.type === filter.type) &&
        (!filter.status || n.status === filter.status),
    );
    found.forEach((n) => this.seen(n));
    return found;
  }

  // ---- out-of-band (control API) -------------------------------------------------------

  instance(id: string): InstanceSeed | undefined {
    return this.instances.get(id);
  }

  vpc(id: string): VpcSeed | undefined {
    return this.vpcs.get(id);
  }

  eni(id: string): NetworkInterfaceSeed | undefined {
    return this.enis.get(id);
  }

  /** Sets a status behind the API's back; a transitional status starts its transition now. */
  forceStatus(r: InstanceSeed | NetworkInterfaceSeed, status: string, env: ModelEnv, to?: string): void {
    delete r.transition;
    const target = to ?? settlesTo(status);
    if (target) this.start(r, status, target, env);
    else r.status = status;
  }

  /** What load() would say about this link next to the current ones (the same pair again is fine). */
  linkViolation(instanceId: string, vpcId: string): Violation | undefined {
    const link = { instanceId, vpcId };
    const others = this.links.filter((l) => !(l.instanceId === instanceId && l.vpcId === vpcId));
    return linkViolation({ instances: this.instances, vpcs: this.vpcs, links: this.links }, link, others);
  }

  /** Adds a link; callers check linkViolation() first (the control API answers 404/409). */
  addLink(instanceId: string, vpcId: string): void {
    if (!this.links.some((l) => l.instanceId === instanceId && l.vpcId === vpcId)) this.links.push({ instanceId, vpcId });
  }

  /** What load() would say about the state as it is now (the control API's last check). */
  violation(): Violation | undefined {
    return stateViolation({ instances: this.instances, vpcs: this.vpcs, links: this.links }, this.enis.values());
  }

  removeLink(instanceId: string, vpcId?: string): number {
    const before = this.links.length;
    this.links = this.links.filter((l) => !(l.instanceId === instanceId && (vpcId === undefined || l.vpcId === vpcId)));
    return before - this.links.length;
  }

  removeInstance(id: string): boolean {
    this.links = this.links.filter((l) => l.instanceId !== id);
    for (const n of [...this.enis.values()]) {
      if (n.instanceId !== id) continue;
      // A primary ENI lives and dies with its instance; a secondary one falls back to Available.
      if (n.type === "Primary") this.enis.delete(n.networkInterfaceId);
      else {
        this.unplaceEni(n);
        delete n.transition;
        n.status = "Available";
      }
    }
    return this.instances.delete(id);
  }

  removeEni(id: string): boolean {
    return this.enis.delete(id);
  }
}

function tokenKey(account: string, token: string): string {
  return `${account}\u0000${token}`;
}
