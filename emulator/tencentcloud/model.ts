// Tencent Cloud state: instances, VPCs, ClassicLinks, ENIs and VPC tasks, with ownership and
// region scoping. The rules for each action live beside it (classicLink.ts, networkInterfaces.ts,
// instances.ts, vpcs.ts) and clock settlement in transitions.ts; this file holds the store and
// visibility, and imports none of them (they all import it).

import type { ClockSetting } from "../core/types";
import type {
  TencentSeedClientToken,
  TencentSeedInstance,
  TencentSeedNetworkInterface,
  TencentSeedSection,
  TencentSeedTask,
  TencentSeedVpc,
} from "./seed";
import { knownRegions } from "./regions";
import { validateTencentSection } from "./validate";

/** Who is calling, where, and when: everything a rule needs besides the state. */
export interface Call {
  account: string;
  /** Owner of resources seeded without `account` (the seed's first account). */
  defaultAccount: string;
  region: string;
  now: number;
  clock: ClockSetting;
  requestId: string;
  /**
   * Asked once, when this call's task is actually created (startTask): the Output a taskFailed
   * fault rule makes it end FAILED with, or undefined. Lazy so a rejected call consumes no rule.
   */
  taskFailure?: () => string | undefined;
}

interface Owned {
  account?: string;
  region: string;
}

const clone = <T>(value: T): T => structuredClone(value);

export class TencentModel {
  readonly instances = new Map<string, TencentSeedInstance>();
  readonly vpcs = new Map<string, TencentSeedVpc>();
  /** instanceId -> vpcId: established links only (a link being attached lives in its task). */
  readonly classicLinks = new Map<string, string>();
  readonly networkInterfaces = new Map<string, TencentSeedNetworkInterface>();
  readonly tasks = new Map<string, TencentSeedTask>();
  /** key: account / action / ClientToken */
  readonly clientTokens = new Map<string, TencentSeedClientToken>();

  /** Replaces the state; throws SeedError (nothing changed) when the section breaks a rule. */
  load(section: TencentSeedSection | undefined): void {
    const seed = clone(section ?? {});
    validateTencentSection(seed);
    this.instances.clear();
    this.vpcs.clear();
    this.classicLinks.clear();
    this.networkInterfaces.clear();
    this.tasks.clear();
    this.clientTokens.clear();
    for (const instance of seed.instances ?? []) this.instances.set(instance.instanceId, instance);
    for (const vpc of seed.vpcs ?? []) this.vpcs.set(vpc.vpcId, vpc);
    for (const link of seed.classicLinks ?? []) this.classicLinks.set(link.instanceId, link.vpcId);
    for (const eni of seed.networkInterfaces ?? []) this.networkInterfaces.set(eni.networkInterfaceId, eni);
    for (const task of seed.tasks ?? []) this.tasks.set(task.taskId, task);
    for (const token of seed.clientTokens ?? []) this.clientTokens.set(tokenKey(token.account, token.action, token.clientToken), token);
  }

  dump(): TencentSeedSection {
    return clone({
      instances: [...this.instances.values()],
      vpcs: [...this.vpcs.values()],
      classicLinks: [...this.classicLinks].map(([instanceId, vpcId]) => ({ instanceId, vpcId })),
      networkInterfaces: [...this.networkInterfaces.values()],
      tasks: [...this.tasks.values()],
      clientTokens: [...this.clientTokens.values()],
    });
  }

  /** Regions this cloud knows: the real ones plus any a seed uses. */
  knownRegions(): Set<string> {
    return knownRegions([...this.instances.values(), ...this.vpcs.values(), ...this.networkInterfaces.values()].map((owned) => owned.region));
  }

  /** Another account's or another region's resource does not exist for this call. */
  visible(resource: Owned, call: Call): boolean {
    return resource.region === call.region && this.ownedBy(resource, call);
  }

  ownedBy(resource: { account?: string }, call: Pick<Call, "account" | "defaultAccount">): boolean {
    return (resource.account ?? call.defaultAccount) === call.account;
  }

  instance(id: string, call: Call): TencentSeedInstance | undefined {
    const found = this.instances.get(id);
    return found && this.visible(found, call) ? found : undefined;
  }

  vpc(id: string, call: Call): TencentSeedVpc | undefined {
    const found = this.vpcs.get(id);
    return found && this.visible(found, call) ? found : undefined;
  }

  networkInterface(id: string, call: Call): TencentSeedNetworkInterface | undefined {
    const found = this.networkInterfaces.get(id);
    return found && this.visible(found, call) ? found : undefined;
  }

  runningTasks(): TencentSeedTask[] {
    return [...this.tasks.values()].filter((task) => task.status === "RUNNING");
  }

  /** True while any transition or task waits for the clock. */
  inFlight(): boolean {
    return (
      this.runningTasks().length > 0 ||
      [...this.instances.values()].some((instance) => instance.transition !== undefined) ||
      [...this.networkInterfaces.values()].some((eni) => eni.transition !== undefined)
    );
  }

  /** The ClassicLink task still running for this instance, if any. */
  runningLinkTask(instanceId: string): TencentSeedTask | undefined {
    return this.runningTasks().find((task) => task.kind.startsWith("ClassicLink") && task.instanceIds.includes(instanceId));
  }

  runningEniTask(networkInterfaceId: string): TencentSeedTask | undefined {
    return this.runningTasks().find((task) => task.networkInterfaceId === networkInterfaceId);
  }

  clientToken(account: string, action: string, token: string): TencentSeedClientToken | undefined {
    return this.clientTokens.get(tokenKey(account, action, token));
  }

  rememberClientToken(record: TencentSeedClientToken): void {
    this.clientTokens.set(tokenKey(record.account, record.action, record.clientToken), record);
  }
}

const tokenKey = (account: string, action: string, token: string) => `${account}/${action}/${token}`;
