// Out-of-band changes made behind the API's back (POST /__emulator/tencentcloud/<op>), used by
// drift tests and by people poking at a running emulator. They bypass every API rule on purpose.

import type { TencentModel } from "./model";
import type { EniState, TencentInstanceState, TencentSeedInstance, TencentSeedNetworkInterface } from "./seed";
import { ControlError } from "../core/control-error";
import { ENI_TRANSITIONAL, INSTANCE_SETTLES_TO } from "./instances";
import { startProgress } from "./progress";
import { ENI_STATES, INSTANCE_STATES } from "./seed";
import { detachEni, tencentTime } from "./tasks";

type Body = Record<string, unknown>;

const text = (body: Body, name: string): string => {
  const value = body[name];
  if (typeof value !== "string" || value === "") throw new ControlError(400, `\`${name}\` (a string) is required`);
  return value;
};

const optionalBoolean = (body: Body, name: string): boolean | undefined => {
  const value = body[name];
  if (value !== undefined && typeof value !== "boolean") throw new ControlError(400, `\`${name}\` must be true or false`);
  return value;
};

function instance(model: TencentModel, body: Body): TencentSeedInstance {
  const id = text(body, "instanceId");
  const found = model.instances.get(id);
  if (!found) throw new ControlError(404, `no instance ${id}`);
  return found;
}

function networkInterface(model: TencentModel, body: Body): TencentSeedNetworkInterface {
  const id = text(body, "networkInterfaceId");
  const found = model.networkInterfaces.get(id);
  if (!found) throw new ControlError(404, `no network interface ${id}`);
  return found;
}

const operations: Record<string, (model: TencentModel, body: Body, now: number) => unknown> = {
  /**
   * {instanceId, status, to?, stuck?}: a transitional status (PENDING, STARTING, REBOOTING,
   * STOPPING) starts its transition now (`to` overrides where it settles); `stuck: true` keeps the
   * status whatever the clock until the next setInstanceStatus.
   */
  setInstanceStatus(model, body, now) {
    const target = instance(model, body);
    const status = text(body, "status") as TencentInstanceState;
    if (!INSTANCE_STATES.includes(status)) throw new ControlError(400, `unknown instance status ${status}`);
    const stuck = optionalBoolean(body, "stuck") ?? false;
    const to = body.to;
    if (to !== undefined && to !== "RUNNING" && to !== "STOPPED") throw new ControlError(400, '`to` must be "RUNNING" or "STOPPED"');
    const settlesTo = INSTANCE_SETTLES_TO[status];
    if (to !== undefined && !settlesTo) throw new ControlError(400, `\`to\` applies to a transitional status only (${Object.keys(INSTANCE_SETTLES_TO).join(", ")})`);
    target.status = status;
    delete target.transition;
    delete target.stuck;
    if (stuck) target.stuck = true;
    else if (settlesTo) target.transition = { to: to ?? settlesTo, ...startProgress(now) };
    return target;
  },
  /** {instanceId, locked?=true} */
  lockInstance(model, body) {
    const target = instance(model, body);
    target.locked = optionalBoolean(body, "locked") ?? true;
    return target;
  },
  unlockInstance(model, body) {
    const target = instance(model, body);
    target.locked = false;
    return target;
  },
  deleteInstance(model, body) {
    const target = instance(model, body);
    model.instances.delete(target.instanceId);
    model.classicLinks.delete(target.instanceId);
    // As on Alibaba: the primary ENI goes with the instance, secondaries fall back to AVAILABLE.
    for (const eni of [...model.networkInterfaces.values()]) {
      if (eni.instanceId !== target.instanceId) continue;
      if (eni.type === "Primary") model.networkInterfaces.delete(eni.networkInterfaceId);
      else {
        detachEni(eni);
        delete eni.transition;
        delete eni.stuck;
      }
    }
    return { deleted: target.instanceId };
  },
  addLink(model, body) {
    const target = instance(model, body);
    const vpcId = text(body, "vpcId");
    if (!model.vpcs.has(vpcId)) throw new ControlError(404, `no vpc ${vpcId}`);
    model.classicLinks.set(target.instanceId, vpcId);
    return { instanceId: target.instanceId, vpcId };
  },
  removeLink(model, body) {
    const target = instance(model, body);
    const removed = model.classicLinks.delete(target.instanceId);
    return { instanceId: target.instanceId, removed };
  },
  moveNetworkInterface(model, body, now) {
    const eni = networkInterface(model, body);
    const target = instance(model, body);
    const used = new Set([...model.networkInterfaces.values()].filter((other) => other.instanceId === target.instanceId).map((other) => other.deviceIndex ?? 0));
    let index = 1;
    while (used.has(index)) index += 1;
    Object.assign(eni, { status: "AVAILABLE", instanceId: target.instanceId, deviceIndex: index, attachTime: tencentTime(now) });
    delete eni.transition;
    delete eni.stuck;
    return eni;
  },
  detachNetworkInterface(model, body) {
    const eni = networkInterface(model, body);
    detachEni(eni);
    delete eni.transition;
    delete eni.stuck;
    return eni;
  },
  /**
   * {networkInterfaceId, status, instanceId?, stuck?}: PENDING / ATTACHING / DETACHING start their
   * transition to AVAILABLE now (attached after ATTACHING, unattached after DETACHING) unless
   * `stuck: true`; `instanceId` sets the attachment (required for ATTACHING/DETACHING when the ENI
   * has none).
   */
  setNetworkInterfaceStatus(model, body, now) {
    const eni = networkInterface(model, body);
    const status = text(body, "status") as EniState;
    if (!ENI_STATES.includes(status)) throw new ControlError(400, `unknown network interface status ${status}`);
    const stuck = optionalBoolean(body, "stuck") ?? false;
    const target = body.instanceId === undefined ? undefined : instance(model, body);
    if ((status === "ATTACHING" || status === "DETACHING") && !target && eni.instanceId === undefined) {
      throw new ControlError(400, `\`instanceId\` is required: ${eni.networkInterfaceId} is not attached`);
    }
    if (target && target.instanceId !== eni.instanceId) {
      const used = new Set([...model.networkInterfaces.values()].filter((other) => other.instanceId === target.instanceId).map((other) => other.deviceIndex ?? 0));
      let index = 1;
      while (used.has(index)) index += 1;
      Object.assign(eni, { instanceId: target.instanceId, deviceIndex: index });
    }
    eni.status = status;
    delete eni.transition;
    delete eni.stuck;
    if (stuck) eni.stuck = true;
    else if (ENI_TRANSITIONAL.includes(status)) eni.transition = { to: "AVAILABLE", ...startProgress(now) };
    return eni;
  },
};

export function runControl(model: TencentModel, op: string, body: unknown, now: number): unknown {
  const operation = Object.hasOwn(operations, op) ? operations[op] : undefined;
  if (!operation) throw new ControlError(404, `unknown tencentcloud control operation ${op}; known: ${Object.keys(operations).join(", ")}`);
  return structuredClone(operation(model, (typeof body === "object" && body !== null ? body : {}) as Body, now));
}
