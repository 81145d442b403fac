// VPC lookups and the ClassicLink CIDR rule.

import type { Call, TencentModel } from "./model";
import type { TencentSeedVpc } from "./seed";
import { malformed, notFound, TencentError } from "./errors";
import { VPC_ID } from "./ids";

export function requireVpc(model: TencentModel, call: Call, vpcId: string): TencentSeedVpc {
  if (!VPC_ID.test(vpcId)) throw malformed("VpcId", vpcId);
  const vpc = model.vpc(vpcId, call);
  if (!vpc) throw notFound("vpc", vpcId);
  return vpc;
}

/**
 * Tencent lets basic-network instances link only to VPCs inside 10.[0-47].0.0/16 (the basic
 * network itself lives in the rest of 10.0.0.0/8).
 */
export function supportsClassicLink(cidrBlock: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidrBlock);
  if (!match) return false;
  const [first, second, prefix] = [Number(match[1]), Number(match[2]), Number(match[5])];
  return first === 10 && second <= 47 && prefix >= 16;
}

export function requireClassicLinkCidr(vpc: TencentSeedVpc): void {
  if (!supportsClassicLink(vpc.cidrBlock)) {
    throw new TencentError("UnsupportedOperation.CIDRUnSupportedClassicLink", `The CIDR \`${vpc.cidrBlock}\` of \`${vpc.vpcId}\` does not support ClassicLink.`);
  }
}
