// Out-of-band changes behind the provider's back: POST /__emulator/alicloud/<op> with a JSON body.
// No API rule applies (quota, ClassicLink flag, zone...), but every op keeps the rules the seed
// loader enforces (validate.ts linkViolation/eniViolation), so GET state always loads again:
// 400 bad body, 404 unknown id, 409 a change that breaks such a rule; nothing changes on error.

import { ControlError } from "../core/control-error";
import type { InstanceSeed, NetworkInterfaceSeed, VpcSeed } from "../core/seed";
import { addLink, linkViolationOf, removeLink } from "./classicLink";
import type { AliModel, ModelEnv } from "./model";
import { placeEni, unplaceEni } from "./networkInterfaces";
import { forceStatus } from "./transitions";
import type { Violation } from "./validate";

type Body = Record<string, unknown>;

function str(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== "string" || v === "") throw new ControlError(400, `"${key}" must be a non-empty string`);
  return v;
}

function bool(body: Body, key: string): boolean {
  const v = body[key];
  if (typeof v !== "boolean") throw new ControlError(400, `"${key}" must be true or false`);
  return v;
}

function instance(model: AliModel, body: Body): InstanceSeed {
  const id = str(body, "instanceId");
  const inst = model.instance(id);
  if (!inst) throw new ControlError(404, `no alicloud instance ${id}`);
  return inst;
}

function vpc(model: AliModel, body: Body): VpcSeed {
  const id = str(body, "vpcId");
  const v = model.vpc(id);
  if (!v) throw new ControlError(404, `no alicloud VPC ${id}`);
  return v;
}

function eni(model: AliModel, body: Body): NetworkInterfaceSeed {
  const id = str(body, "networkInterfaceId");
  const n = model.eni(id);
  if (!n) throw new ControlError(404, `no alicloud ENI ${id}`);
  return n;
}

/** The instance goes, and its links; a primary ENI lives and dies with it, a secondary one falls back to Available. */
function removeInstance(model: AliModel, id: string): boolean {
  model.links = model.links.filter((l) => l.instanceId !== id);
  for (const n of [...model.enis.values()]) {
    if (n.instanceId !== id) continue;
    if (n.type === "Primary") model.enis.delete(n.networkInterfaceId);
    else {
      unplaceEni(n);
      delete n.transition;
      n.status = "Available";
    }
  }
  return model.instances.delete(id);
}

/** Turns a broken loader rule into the control API's answer: 404 unknown id, 409 conflict. */
function refuse(v: Violation | undefined): void {
  if (v) throw new ControlError(v.kind === "unknown" ? 404 : 409, v.detail);
}

const ops: Record<string, (model: AliModel, body: Body, env: ModelEnv) => unknown> = {
  /** {instanceId, status, to?}: a transitional status (Starting...) starts its transition now. */
  setInstanceStatus: (model, body, env) => {
    const inst = instance(model, body);
    forceStatus(inst, str(body, "status"), env, typeof body.to === "string" ? body.to : undefined);
    return inst;
  },
  /** {instanceId, locked?=true} */
  lockInstance: (model, body) => {
    const inst = instance(model, body);
    inst.locked = body.locked === undefined ? true : bool(body, "locked");
    return inst;
  },
  unlockInstance: (model, body) => {
    const inst = instance(model, body);
    inst.locked = false;
    return inst;
  },
  deleteInstance: (model, body) => ({ removed: removeInstance(model, instance(model, body).instanceId) }),
  /**
   * {instanceId, vpcId}: links without any API rule (quota, ClassicLink flag...), but only a
   * classic instance and at most one VPC per instance (409 otherwise); the same pair again is a no-op.
   */
  addLink: (model, body) => {
    const inst = instance(model, body);
    const v = vpc(model, body);
    refuse(linkViolationOf(model, inst.instanceId, v.vpcId));
    addLink(model, inst.instanceId, v.vpcId);
    return { ok: true };
  },
  /** {instanceId, vpcId?} */
  removeLink: (model, body) => ({ removed: removeLink(model, str(body, "instanceId"), typeof body.vpcId === "string" ? body.vpcId : undefined) }),
  /** {vpcId, enabled} */
  setVpcClassicLink: (model, body) => {
    const v = vpc(model, body);
    v.classicLinkEnabled = bool(body, "enabled");
    return v;
  },
  /** {vpcId, status}: e.g. "Pending" makes Enable/DisableVpcClassicLink answer IncorrectVpcStatus. */
  setVpcStatus: (model, body) => {
    const v = vpc(model, body);
    v.status = str(body, "status");
    return v;
  },
  /** {networkInterfaceId, instanceId}: the ENI is now InUse on that instance (no zone/VPC rules). */
  moveNetworkInterface: (model, body) => {
    const n = eni(model, body);
    const inst = instance(model, body);
    delete n.transition;
    delete n.stuck;
    placeEni(model, n, inst.instanceId);
    n.status = "InUse";
    return n;
  },
  /** {networkInterfaceId}: detached at once, Available. */
  detachNetworkInterface: (model, body) => {
    const n = eni(model, body);
    delete n.transition;
    delete n.stuck;
    unplaceEni(n);
    n.status = "Available";
    return n;
  },
  /**
   * {networkInterfaceId, status, instanceId?, to?, stuck?}: stuck: true keeps it in that status
   * until the operation is re-sent (a stuck "Detaching" freed by a re-sent DetachNetworkInterface).
   */
  setNetworkInterfaceStatus: (model, body, env) => {
    const n = eni(model, body);
    // Check the whole body before changing anything.
    const status = str(body, "status");
    const inst = body.instanceId === undefined ? undefined : instance(model, body);
    if (body.to !== undefined && typeof body.to !== "string") throw new ControlError(400, '"to" must be a string');
    if (body.stuck !== undefined && typeof body.stuck !== "boolean") throw new ControlError(400, '"stuck" must be true or false');
    if (inst) placeEni(model, n, inst.instanceId);
    delete n.stuck;
    if (body.stuck === true) {
      delete n.transition;
      n.status = status;
      n.stuck = true;
    } else forceStatus(n, status, env, typeof body.to === "string" ? body.to : undefined);
    if (n.status === "Available" && !n.transition) unplaceEni(n);
    return n;
  },
  deleteNetworkInterface: (model, body) => ({ removed: model.enis.delete(eni(model, body).networkInterfaceId) }),
};

export const ALICLOUD_CONTROL_OPS = Object.keys(ops);

export function runControl(model: AliModel, op: string, body: unknown, env: ModelEnv): unknown {
  const fn = Object.hasOwn(ops, op) ? ops[op] : undefined;
  if (!fn) throw new ControlError(404, `unknown alicloud control op "${op}"; known: ${ALICLOUD_CONTROL_OPS.join(", ")}`);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ControlError(400, "body must be a JSON object");
  // Each op checks its own input first (precise 400/404/409). As a last guard, the state after the
  // op must pass the loader's rules, or the op is undone and refused: GET state always loads again.
  const before = model.dump();
  const result = fn(model, body as Body, env);
  const broken = model.violation();
  if (broken) {
    model.load(before);
    refuse(broken);
  }
  return result;
}
