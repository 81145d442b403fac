// Is the stack right about the cloud? Compares a program's specs, the stack's state (pulumi stack
// export) and the emulator's state dump, and reads the request log for changes made twice.
// Each function returns a list of plain-language findings, empty when all is well, so a test
// asserts `toEqual([])` and a failure prints what is wrong.

import type { LoggedRequest } from "./emulator";
import type { ResourceSpec, ResourceType } from "./fleet";

type CloudState = any;
export interface StackResource {
  type: string;
  urn: string;
  id?: string;
  inputs?: any;
  outputs?: any;
  initErrors?: string[];
}

const DYNAMIC = "pulumi-nodejs:dynamic/";

export function typeOf(resource: StackResource): ResourceType {
  const [cloud, type] = resource.type.slice(DYNAMIC.length).split(":");
  return `${cloud}.${type}` as ResourceType;
}

export function nameOf(resource: StackResource): string {
  return resource.urn.split("::").pop()!;
}

export function dynamicResources(resources: StackResource[]): StackResource[] {
  return resources.filter((r) => r.type.startsWith(DYNAMIC));
}

/** The ID the stack must record for a spec (the README's ID forms). */
export function expectedId(spec: { type: ResourceType; args: Record<string, unknown> }): string {
  const a = spec.args as Record<string, string>;
  switch (spec.type) {
    case "alicloud.VpcClassicLinkSetting":
      return a.vpcId;
    case "alicloud.ClassicLinkAttachment":
      return `${a.instanceId}:${a.vpcId}`;
    case "alicloud.EniAttachment":
      return `${a.networkInterfaceId}:${a.instanceId}`;
    case "tencentcloud.ClassicLinkAttachment":
      return `${a.vpcId}#${a.instanceId}`;
    case "tencentcloud.EniAttachment":
      return `${a.networkInterfaceId}+${a.instanceId}`;
  }
}

const SETTLED_STATUS: Record<ResourceType, (args: any) => string> = {
  "alicloud.VpcClassicLinkSetting": (a) => (a.enabled === false ? "Disabled" : "Enabled"),
  "alicloud.ClassicLinkAttachment": () => "Linked",
  "alicloud.EniAttachment": () => "InUse",
  "tencentcloud.ClassicLinkAttachment": () => "linked",
  "tencentcloud.EniAttachment": () => "attached",
};

/**
 * The stack holds exactly the specs: one resource per spec with its ID, its identity inputs and
 * outputs, a settled status, no init error; and nothing else.
 */
export function stackMismatches(resources: StackResource[], specs: ResourceSpec[]): string[] {
  const found: string[] = [];
  const recorded = new Map(dynamicResources(resources).map((r) => [nameOf(r), r]));
  for (const spec of specs) {
    const r = recorded.get(spec.name);
    recorded.delete(spec.name);
    if (!r) {
      found.push(`${spec.name}: not in the stack`);
      continue;
    }
    if (typeOf(r) !== spec.type) found.push(`${spec.name}: type ${typeOf(r)}, want ${spec.type}`);
    if (r.id !== expectedId(spec)) found.push(`${spec.name}: id ${r.id}, want ${expectedId(spec)}`);
    if (r.initErrors?.length) found.push(`${spec.name}: init errors ${JSON.stringify(r.initErrors)}`);
    const status = SETTLED_STATUS[spec.type](spec.args);
    if (r.outputs?.status !== status) found.push(`${spec.name}: status ${r.outputs?.status}, want ${status}`);
    for (const [key, value] of Object.entries(spec.args)) {
      if (key === "timeouts") continue;
      if (r.outputs?.[key] !== value) found.push(`${spec.name}: output ${key}=${JSON.stringify(r.outputs?.[key])}, want ${JSON.stringify(value)}`);
    }
  }
  for (const name of recorded.keys()) found.push(`${name}: in the stack but not in the program`);
  return found;
}

function link(state: CloudState, cloud: string, instanceId: string): string | undefined {
  return state[cloud].classicLinks.find((l: any) => l.instanceId === instanceId)?.vpcId;
}

function eni(state: CloudState, cloud: string, id: string): any {
  return state[cloud].networkInterfaces.find((n: any) => n.networkInterfaceId === id);
}

/** What the program wants that the cloud does not have (attachments settled, ClassicLink as asked). */
export function cloudMismatches(state: CloudState, specs: ResourceSpec[]): string[] {
  const found: string[] = [];
  for (const spec of specs) {
    const a = spec.args as Record<string, any>;
    const cloud = spec.type.split(".")[0];
    if (spec.type.endsWith("ClassicLinkAttachment")) {
      const vpc = link(state, cloud, a.instanceId);
      if (vpc !== a.vpcId) found.push(`${spec.name}: ${a.instanceId} linked to ${vpc ?? "nothing"}, want ${a.vpcId}`);
    } else if (spec.type.endsWith("EniAttachment")) {
      const e = eni(state, cloud, a.networkInterfaceId);
      const settled = cloud === "alicloud" ? "InUse" : "AVAILABLE";
      if (e?.instanceId !== a.instanceId || e?.status !== settled) {
        found.push(`${spec.name}: ${a.networkInterfaceId} is ${e?.status} on ${e?.instanceId ?? "nothing"}, want ${settled} on ${a.instanceId}`);
      }
    } else {
      const vpc = state.alicloud.vpcs.find((v: any) => v.vpcId === a.vpcId);
      const want = a.enabled !== false;
      if (vpc?.classicLinkEnabled !== want) found.push(`${spec.name}: ClassicLink of ${a.vpcId} is ${vpc?.classicLinkEnabled}, want ${want}`);
    }
  }
  return found;
}

/**
 * What the cloud has that the seed did not (after a destroy: what the stack left behind): links,
 * ENI attachments, ClassicLink switched on or off.
 */
export function orphans(seed: CloudState, state: CloudState): string[] {
  const found: string[] = [];
  for (const cloud of ["alicloud", "tencentcloud"]) {
    const before = new Set((seed[cloud]?.classicLinks ?? []).map((l: any) => `${l.instanceId}>${l.vpcId}`));
    for (const l of state[cloud].classicLinks) {
      if (!before.has(`${l.instanceId}>${l.vpcId}`)) found.push(`${cloud} link ${l.instanceId} -> ${l.vpcId}`);
    }
    const seeded = new Map((seed[cloud]?.networkInterfaces ?? []).map((n: any) => [n.networkInterfaceId, n.instanceId]));
    for (const n of state[cloud].networkInterfaces) {
      if (seeded.has(n.networkInterfaceId) && seeded.get(n.networkInterfaceId) !== n.instanceId) {
        found.push(`${cloud} ENI ${n.networkInterfaceId} on ${n.instanceId ?? "nothing"} (seeded on ${seeded.get(n.networkInterfaceId) ?? "nothing"})`);
      }
    }
  }
  const seededVpcs = new Map((seed.alicloud?.vpcs ?? []).map((v: any) => [v.vpcId, v.classicLinkEnabled ?? false]));
  for (const v of state.alicloud.vpcs) {
    if (seededVpcs.has(v.vpcId) && seededVpcs.get(v.vpcId) !== (v.classicLinkEnabled ?? false)) {
      found.push(`alicloud VPC ${v.vpcId} ClassicLink ${v.classicLinkEnabled ? "on" : "off"} (seeded ${seededVpcs.get(v.vpcId) ? "on" : "off"})`);
    }
  }
  return found;
}

/** A change the cloud accepted (an answered success, not an error or a lost answer). */
export function isAcceptedChange(r: LoggedRequest): boolean {
  return !/^Describe/.test(r.action) && r.outcome === "response" && r.status === 200 && !r.errorCode;
}

/** What the change is about: action and target, without tokens or regions. */
export function changeKey(r: LoggedRequest): string {
  const params = Object.entries(r.params ?? {})
    .filter(([k]) => !/^(ClientToken|RegionId|Region|TaskId)$/.test(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`);
  return `${r.cloud} ${r.action} ${params.join(" ")}`;
}

/**
 * Changes the cloud accepted more than once within one run (one CLI command): a mutation resent
 * without first reading whether it had landed.
 */
export function duplicates(requests: LoggedRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const r of requests.filter(isAcceptedChange)) counts.set(changeKey(r), (counts.get(changeKey(r)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} accepted ${n} times`);
}

/** Every change sent (answered or not) per key, for tests that count resends. */
export function changesSent(requests: LoggedRequest[]): Map<string, LoggedRequest[]> {
  const sent = new Map<string, LoggedRequest[]>();
  for (const r of requests.filter((r) => !/^Describe/.test(r.action))) sent.set(changeKey(r), [...(sent.get(changeKey(r)) ?? []), r]);
  return sent;
}

/**
 * Drains an in-process emulator's request log every 200 ms (the log keeps the last 10,000 calls;
 * a fleet under faults makes more), until `stop()` returns everything collected. `switchTo`
 * follows an emulator restarted during the run.
 */
export function collectRequests(emulator: { runtime: { log: { list(): any[]; clear(): void } } }) {
  let current = emulator;
  const collected: LoggedRequest[] = [];
  const drain = () => {
    collected.push(...(current.runtime.log.list() as LoggedRequest[]));
    current.runtime.log.clear();
  };
  drain();
  collected.length = 0;
  const timer = setInterval(drain, 200);
  return {
    /** Everything so far, without stopping. */
    seen(): LoggedRequest[] {
      return [...collected, ...(current.runtime.log.list() as LoggedRequest[])];
    },
    switchTo(next: typeof emulator): void {
      drain();
      current = next;
    },
    stop(): LoggedRequest[] {
      clearInterval(timer);
      drain();
      return collected;
    },
  };
}
