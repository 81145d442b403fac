// VPC lookups, DescribeVpcAttribute / DescribeVpcs, and Enable/DisableVpcClassicLink with their
// ClientToken idempotency.

import type { VpcSeed } from "../core/seed";
import * as err from "./errors";
import type { AliModel, Caller, ModelEnv } from "./model";

/** The caller's VPC for the VPC APIs: another region's is NotFound, another account's Forbidden. */
export function requireVpc(model: AliModel, caller: Caller, vpcId: string, env: ModelEnv): VpcSeed {
  const vpc = model.vpcs.get(vpcId);
  if (!vpc || vpc.region !== caller.region) throw err.vpcNotFound();
  if (!model.ownedBy(vpc, caller, env)) throw err.vpcForbidden();
  return vpc;
}

export function describeVpc(model: AliModel, caller: Caller, vpcId: string, env: ModelEnv): VpcSeed {
  const vpc = model.vpcs.get(vpcId);
  if (!vpc || !model.visible(vpc, caller, env)) throw err.vpcNotFound();
  return vpc;
}

export function describeVpcs(model: AliModel, caller: Caller, ids: string[] | undefined, env: ModelEnv): VpcSeed[] {
  return [...model.vpcs.values()].filter((v) => model.visible(v, caller, env) && (!ids || ids.includes(v.vpcId)));
}

/**
 * Enable/DisableVpcClassicLink. A ClientToken already used by this account for the same action
 * and VPC returns the first call's RequestId without re-running; for anything else it is a
 * mismatch. Returns the RequestId to answer with.
 */
export function setVpcClassicLink(
  model: AliModel,
  caller: Caller,
  vpcId: string,
  enabled: boolean,
  request: { action: string; clientToken?: string; requestId: string },
  env: ModelEnv,
): string {
  const vpc = requireVpc(model, caller, vpcId, env);
  if (request.clientToken) {
    const used = model.clientToken(caller.account, request.clientToken);
    if (used) {
      if (used.action !== request.action || used.vpcId !== vpcId) throw err.idempotentMismatch();
      return used.requestId;
    }
  }
  if ((vpc.status ?? "Available") !== "Available") throw err.incorrectVpcStatus();
  if (!enabled && model.links.some((l) => l.vpcId === vpcId)) throw err.linkedInstancesExist();
  vpc.classicLinkEnabled = enabled;
  if (request.clientToken) {
    model.rememberClientToken({ token: request.clientToken, account: caller.account, action: request.action, vpcId, requestId: request.requestId });
  }
  return request.requestId;
}
