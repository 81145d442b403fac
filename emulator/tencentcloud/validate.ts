// The Tencent rules of a seed section, checked on load before anything changes (the core checks
// the shared shape first). A seed that breaks one throws SeedError: reset answers 400 and the
// cloud stays as it was.

import { SeedError } from "../core/seed";
import { ATTACH_TYPES, ENI_STATES, INSTANCE_STATES, type TencentSeedSection } from "./seed";

const SECTION = "tencentcloud";

function duplicates<T>(items: T[], idOf: (item: T) => string, path: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = idOf(item);
    if (seen.has(id)) throw new SeedError(`${SECTION}.${path}[${i}]`, `duplicate id ${id}`);
    seen.add(id);
  });
}

function array(section: TencentSeedSection, key: keyof TencentSeedSection): unknown[] {
  const value = section[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedError(`${SECTION}.${key}`, "must be an array");
  return value;
}

export function validateTencentSection(section: TencentSeedSection): void {
  const instances = section.instances ?? [];
  const vpcs = section.vpcs ?? [];
  const links = section.classicLinks ?? [];
  const enis = section.networkInterfaces ?? [];

  duplicates(instances, (x) => x.instanceId, "instances");
  duplicates(vpcs, (x) => x.vpcId, "vpcs");
  duplicates(enis, (x) => x.networkInterfaceId, "networkInterfaces");

  instances.forEach((instance, i) => {
    const path = `${SECTION}.instances[${i}]`;
    if (!INSTANCE_STATES.includes(instance.status)) throw new SeedError(`${path}.status`, `"${instance.status}" is not a Tencent InstanceState (${INSTANCE_STATES.join(", ")})`);
    const to = instance.transition?.to;
    if (to !== undefined && to !== "RUNNING" && to !== "STOPPED") throw new SeedError(`${path}.transition.to`, 'must be "RUNNING" or "STOPPED"');
  });

  const instanceById = new Map(instances.map((instance) => [instance.instanceId, instance]));
  const vpcIds = new Set(vpcs.map((vpc) => vpc.vpcId));
  const linked = new Set<string>();
  links.forEach((link, i) => {
    const path = `${SECTION}.classicLinks[${i}]`;
    const instance = instanceById.get(link.instanceId);
    if (!instance) throw new SeedError(path, `unknown instance ${link.instanceId}`);
    if (!vpcIds.has(link.vpcId)) throw new SeedError(path, `unknown VPC ${link.vpcId}`);
    if (instance.networkType !== "classic") throw new SeedError(path, `${link.instanceId} is not a basic-network (classic) instance`);
    if (linked.has(link.instanceId)) throw new SeedError(path, `${link.instanceId} is linked more than once (at most one VPC per instance)`);
    linked.add(link.instanceId);
  });

  enis.forEach((eni, i) => {
    const path = `${SECTION}.networkInterfaces[${i}]`;
    if (!ENI_STATES.includes(eni.status)) throw new SeedError(`${path}.status`, `"${eni.status}" is not a Tencent network interface State (${ENI_STATES.join(", ")})`);
    if (!vpcIds.has(eni.vpcId)) throw new SeedError(`${path}.vpcId`, `unknown VPC ${eni.vpcId}`);
    if (eni.instanceId !== undefined && !instanceById.has(eni.instanceId)) throw new SeedError(`${path}.instanceId`, `unknown instance ${eni.instanceId}`);
    if (eni.attachType !== undefined && !ATTACH_TYPES.includes(eni.attachType)) throw new SeedError(`${path}.attachType`, "must be 0 (standard) or 1 (extended)");
    if ((eni.status === "ATTACHING" || eni.status === "DETACHING") && eni.instanceId === undefined) {
      throw new SeedError(`${path}.instanceId`, `a ${eni.status} network interface needs the instance it is moving on or off`);
    }
  });

  const tasks = array(section, "tasks");
  tasks.forEach((task, i) => {
    const t = task as { taskId?: unknown; status?: unknown; instanceIds?: unknown };
    if (typeof t !== "object" || t === null || typeof t.taskId !== "string" || t.taskId === "") throw new SeedError(`${SECTION}.tasks[${i}].taskId`, "must be a non-empty string");
    if (t.status !== "RUNNING" && t.status !== "SUCCESS" && t.status !== "FAILED") throw new SeedError(`${SECTION}.tasks[${i}].status`, 'must be "RUNNING", "SUCCESS" or "FAILED"');
    if (!Array.isArray(t.instanceIds)) throw new SeedError(`${SECTION}.tasks[${i}].instanceIds`, "must be an array");
  });
  duplicates(tasks as { taskId: string }[], (t) => t.taskId, "tasks");
  array(section, "clientTokens");
}
