// The `alicloud` section of the emulator seed. The four shared arrays (instances, VPCs,
// ClassicLinks, ENIs) and their field names are the shared contract in core/seed.ts; what is
// marked "extension" is how this cloud keeps what the API remembers, so that GET
// /__emulator/state fed back to reset gives the same cloud.

import type { ClassicLinkSeed, CloudSeedSection, InstanceSeed, NetworkInterfaceSeed, VpcSeed } from "../core/seed";

export interface ClientTokenSeed {
  token: string;
  account: string;
  action: string;
  vpcId: string;
  requestId: string;
}

export interface AliSection extends CloudSeedSection {
  instances: InstanceSeed[];
  vpcs: VpcSeed[];
  classicLinks: ClassicLinkSeed[];
  networkInterfaces: NetworkInterfaceSeed[];
  /** Extension: VPC ClientTokens already used, for idempotent retries across restarts. */
  clientTokens?: ClientTokenSeed[];
}
