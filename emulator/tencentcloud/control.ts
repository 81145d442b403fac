// Out-of-band changes made behind the API's back (POST /__emulator/tencentcloud/<op>), used by
// drift tests and by people poking at a running emulator. They bypass every API rule on purpose.

import type { TencentModel } from "./model";
import type { TencentInstanceState, TencentSeedInstance, TencentSeedNetworkInterface } from "./seed";
import { ControlError } from "../core/control-error";
import { detachEni, tencentTime } from "./tasks";


type Body = Record<string, unknown>;

const text = (body: Body, name: string): string => {
  const value = body[name];
  if (typeof value !== "string" || value === "") throw new ControlError(400, `\`${name}\` (a string) is required`);
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

const INSTANCE_STATES: TencentInstanceState[] = ["PENDING", "LAUNCH_FAILED", "RUNNING", "STOPPED", "STARTING", "STOPPING", "REBOOTING", "SHUTDOWN", "TERMINATING"];

const operations: Record<string, (model: TencentModel, body: Body, now: number) => unknown> = {
  setInstanceStatus(model, body) {
    const target = instance(model, body);
    const status = text(body, "status") as TencentInstanceState;
    if (!INSTANCE_STATES.includes(status)) throw new ControlError(400, `unknown instance status ${status}`);
    target.status = status;
    delete target.transition;
    return target;
  },
  lockInstance(model, body) {
    const target = instance(model, body);
    target.locked = body.locked === undefined ? true : body.locked === true;
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
    for (const eni of model.networkInterfaces.values()) if (eni.instanceId === target.instanceId && eni.type === "Secondary") detachEni(eni);
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
    return eni;
  },
  detachNetworkInterface(model, body) {
    const eni = networkInterface(model, body);
    detachEni(eni);
    return eni;
  },
};

export function runControl(model: TencentModel, op: string, body: unknown, now: number): unknown {
  const operation = Object.hasOwn(operations, op) ? operations[op] : undefined;
  if (!operation) throw new ControlError(404, `unknown tencentcloud control operation ${op}; known: ${Object.keys(operations).join(", ")}`);
  return structuredClone(operation(model, (typeof body === "object" && body !== null ? body : {}) as Body, now));
}
