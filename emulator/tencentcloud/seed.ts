// The `tencentcloud` section of the emulator seed. The first four arrays and their field names
// are the shared contract (issue #2); everything marked "extension" is how this cloud keeps
// in-flight work, so that GET /__emulator/state fed back to reset gives the same cloud.

export type TencentInstanceState =
  | "PENDING"
  | "LAUNCH_FAILED"
  | "RUNNING"
  | "STOPPED"
  | "STARTING"
  | "STOPPING"
  | "REBOOTING"
  | "SHUTDOWN"
  | "TERMINATING";

export type EniState = "PENDING" | "AVAILABLE" | "ATTACHING" | "DETACHING" | "DELETING";

/** CVM InstanceState values, as DescribeInstances writes them. */
export const INSTANCE_STATES: readonly TencentInstanceState[] = ["PENDING", "LAUNCH_FAILED", "RUNNING", "STOPPED", "STARTING", "STOPPING", "REBOOTING", "SHUTDOWN", "TERMINATING"];
/** AttachNetworkInterface AttachType values: 0 standard, 1 extended. */
export const ATTACH_TYPES: readonly number[] = [0, 1];
/** VPC network interface State values. */
export const ENI_STATES: readonly EniState[] = ["PENDING", "AVAILABLE", "ATTACHING", "DETACHING", "DELETING"];

/** Clock progress of one transition: when it began and how many Describe polls have seen it. */
export interface SeedProgress {
  startedAt: number;
  polls: number;
}

export interface TencentSeedInstance {
  instanceId: string;
  region: string;
  zone: string;
  networkType: "classic" | "vpc";
  status: TencentInstanceState;
  vpcId?: string;
  account?: string;
  locked?: boolean;
  /** extension */
  subnetId?: string;
  /** extension: private IP (matched by DescribeClassicLinkInstances' vm-ip filter). */
  privateIp?: string;
  /** extension: ENIs (primary included) the instance type allows; default 3 (shared seed contract). */
  maxEnis?: number;
  /**
   * extension: an in-flight transition and the state it settles in. A transitional status
   * (PENDING/STARTING/REBOOTING -> RUNNING, STOPPING -> STOPPED) without one gets one when the
   * emulator next ticks.
   */
  transition?: SeedProgress & { to: "RUNNING" | "STOPPED" };
  /** extension: stays in its status whatever the clock (until setInstanceStatus changes it). */
  stuck?: boolean;
  /** extension: what DescribeInstances reports as LatestOperation / LatestOperationRequestId. */
  latestOperation?: { action: string; requestId: string };
}

export interface TencentSeedVpc {
  vpcId: string;
  region: string;
  cidrBlock: string;
  /** Accepted for symmetry with Alibaba; on Tencent ClassicLink support follows from the CIDR. */
  classicLinkEnabled?: boolean;
  account?: string;
  /** extension */
  vpcName?: string;
}

export interface TencentSeedClassicLink {
  instanceId: string;
  vpcId: string;
}

export interface TencentSeedNetworkInterface {
  networkInterfaceId: string;
  region: string;
  zone: string;
  vpcId: string;
  type: "Primary" | "Secondary";
  status: EniState;
  instanceId?: string;
  account?: string;
  /** extension */
  subnetId?: string;
  privateIp?: string;
  deviceIndex?: number;
  /** extension, while attached: AttachNetworkInterface's AttachType (0 standard, 1 extended; default 0). */
  attachType?: number;
  /** "YYYY-MM-DD HH:mm:ss", as DescribeNetworkInterfaces writes it. */
  attachTime?: string;
  /**
   * extension: an in-flight PENDING/ATTACHING/DETACHING that no running task drives (seeded, or
   * set out of band). It settles to AVAILABLE: attached after ATTACHING, unattached after DETACHING.
   */
  transition?: SeedProgress & { to: "AVAILABLE" };
  /** extension: stays in its status whatever the clock. */
  stuck?: boolean;
}

export type TencentTaskKind = "ClassicLinkAttach" | "ClassicLinkDetach" | "EniAttach" | "EniDetach";
export type TencentTaskStatus = "RUNNING" | "SUCCESS" | "FAILED";

/** extension: a DescribeVpcTaskResult task (id = RequestId of the async call). */
export interface TencentSeedTask extends SeedProgress {
  taskId: string;
  kind: TencentTaskKind;
  account: string;
  region: string;
  status: TencentTaskStatus;
  output?: string;
  /** ClassicLink: every instance of the call; ENI: the one instance. */
  instanceIds: string[];
  vpcId?: string;
  networkInterfaceId?: string;
  /** Output the task ends FAILED with (a taskFailed fault decided at call time). */
  failWith?: string;
  /** Another RequestId answering for the same work (an idempotent ClientToken replay). */
  aliasOf?: string;
}

/** extension: ClientToken idempotency records. */
export interface TencentSeedClientToken {
  account: string;
  action: string;
  clientToken: string;
  fingerprint: string;
  taskId: string;
}

export interface TencentSeedSection {
  instances?: TencentSeedInstance[];
  vpcs?: TencentSeedVpc[];
  classicLinks?: TencentSeedClassicLink[];
  networkInterfaces?: TencentSeedNetworkInterface[];
  tasks?: TencentSeedTask[];
  clientTokens?: TencentSeedClientToken[];
}
