// The Alibaba Cloud error table: what each API error code means for retrying, waiting and the
// user. Classification reads the code, the HTTP status and the transport error name only, never
// the message text (messages are templated and change between API versions).
//
// Sources: /work/shared/seeds/*.txt (the ECS/VPC error tables), the ECS "common error codes"
// table and terraform-provider-alicloud's retry lists (shared/reference/alicloud-api.md §1, §4).

import { RetryClass } from "../../core/errors";

export interface Classification {
  retryClass: RetryClass;
  /** The request may have changed the cloud although no usable answer came back. */
  ambiguous: boolean;
  hint?: string;
}

const SETTING_HINT =
  "add a netattach.alicloud.VpcClassicLinkSetting for the VPC and make the attachment dependsOn it " +
  "(ClassicLink must be enabled on the VPC before an instance can link to it)";

const CREDENTIALS_HINT =
  "check the access key pair: stack config alicloud:accessKey / alicloud:secretKey, or the environment " +
  "variables ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY";

const PERMISSION_HINT =
  "grant the RAM user (or role) permission for this action on the resource, or use credentials of the account that owns it";

// Pulumi runs updates before deletes, so `enabled: false` in the same change that removes the
// attachments reaches the cloud while they still stand: the remedy differs from "delete them first".
const DEPENDENCY_HINT =
  "instances are still linked to this VPC: delete their ClassicLinkAttachments (or unlink them) first. If this same change " +
  "removes them, Pulumi turns ClassicLink off before it deletes them: run `pulumi up` once without the attachments, then " +
  "again with enabled: false (or delete the VpcClassicLinkSetting, which Pulumi deletes after the attachments that dependOn it)";

const CLASSIC_LINK_ACTIONS = ["AttachClassicLinkVpc", "DetachClassicLinkVpc"];

/**
 * Codes whose meaning depends on the action: the same code names another cause elsewhere
 * (InvalidInstanceId.MalFormed is "not a classic instance" on ClassicLink actions, "not an
 * instance ID" on DetachNetworkInterface). A code not listed for an action keeps its TABLE hint.
 */
const HINT_BY_ACTION: Record<string, Record<string, string>> = {
  "InvalidInstanceId.MalFormed": Object.fromEntries(CLASSIC_LINK_ACTIONS.map((a) => [a, "ClassicLink links classic-network instances only; this instance is in a VPC and can reach the VPC directly"])),
  // Documented for AttachClassicLinkVpc (ClassicLink off on the VPC); elsewhere a generic refusal.
  OperationDenied: Object.fromEntries(
    ["DetachClassicLinkVpc", "EnableVpcClassicLink", "DisableVpcClassicLink", "AttachNetworkInterface", "DetachNetworkInterface"]
      .map((a) => [a, "the cloud denied this operation for the resource in its current state: check it in the console"]),
  ),
  "InvalidOperation.InvalidEniState": {
    AttachNetworkInterface: "the ENI is not Available: it is attaching, detaching, or attached to another instance (then detach it there first); a transition is retried until the timeout",
    DetachNetworkInterface: "the ENI is not attached to this instance (or is still attaching); a transition is retried until the timeout",
  },
  "InvalidOperation.VpcMismatch": {
    AttachNetworkInterface: "the ENI and the instance must be in the same VPC (a classic-network instance takes no ENI): use an instance in the ENI's VPC",
  },
  "InvalidParameter.InvalidInstanceIdAndVpcId": {
    DetachClassicLinkVpc: "the instance is not linked to this VPC (or they are in another region or account): run `pulumi refresh`",
  },
};

/** Codes whose meaning is fixed, with the user's next step. */
const TABLE: Record<string, Classification> = {
  // Busy: wait and try again until the operation's deadline.
  "InvalidStatus.InstanceLocked": conflict("the instance is locked by another operation (for example a renewal or an overdue payment); it is retried until the timeout"),
  OperationConflict: conflict("another operation is changing the same resource; it is retried until the timeout"),
  IncorrectVpcStatus: conflict("the VPC is changing (Pending); it is retried until the timeout"),
  "InvalidOperation.InvalidEniState": conflict("the ENI is attaching or detaching; it is retried until the timeout"),
  "InvalidOperation.InvalidEcsState": conflict("the instance is changing state; it is retried until the timeout"),
  // Starting/Stopping can race the Running-or-Stopped precheck; a state that stays (Expired) is
  // named by the precheck when the retry re-reads the instance.
  "InvalidStatus.InstanceStatus": conflict("the instance is not Running or Stopped (starting or stopping); it is retried until the timeout. If it stays so, start or stop it, then run again"),

  // Lost or rejected for reasons unrelated to our input.
  InternalError: transient(true),
  ServiceUnavailable: transient(true),
  "ServiceUnavailable.RegionMaintaining": transient(true),
  // A fresh nonce is made for every attempt, so a resend cannot repeat it.
  SignatureNonceUsed: transient(false),

  // Not found, but not "the resource is gone": a wrong region or account is the user's to fix.
  "InvalidRegionId.NotFound": fatal("the region does not exist or the service is not offered there: check the resource's `region` input or alicloud:region"),
  "InvalidAccessKeyId.NotFound": fatal(CREDENTIALS_HINT),
  "Abs.InvalidAccount.NotFound": fatal(`the account does not exist or the AccessKey has expired: ${CREDENTIALS_HINT}`),

  // ClassicLink.
  OperationDenied: fatal(SETTING_HINT),
  "Abs.InvalidInstanceId.MalFormed": fatal("the instance is already linked to another VPC (one classic instance links to one VPC): remove that link first"),
  "InvalidInstanceId.MalFormed": fatal("instanceId is not a valid instance ID for this action: check instanceId and the region"),
  "InvalidInstanceId.NotBelong": fatal(`the instance belongs to another account: ${CREDENTIALS_HINT}`),
  QuotaExceeded: fatal("a VPC takes at most 1000 linked classic instances: unlink some, or link to another VPC"),
  "InvalidInstanceId.LimitedRegion": fatal("ClassicLink is not offered for this instance's region"),
  "InvalidParameter.InvalidInstanceIdAndVpcId": fatal("the instance and the VPC must be in the same region and account"),
  "InvalidVpcId.Malformed": fatal("vpcId is not a valid VPC ID in this region: check vpcId and region"),
  "InvalidRegionId.Malformed": fatal("the region is not valid for this account: check the resource's `region` input or alicloud:region"),
  "DependencyViolation.Instance": fatal(DEPENDENCY_HINT),
  "Forbidden.EnableClassicLink": fatal("this VPC does not support ClassicLink (Alibaba has deprecated the feature; new VPCs may not offer it)"),
  "RouteConflict.AlreadyExist": fatal("the VPC's route table has routes that conflict with ClassicLink (10.0.0.0/8 ranges): remove them first"),
  "OperationFailed.RouteConflict": fatal("the VPC's route table has routes that conflict with ClassicLink (10.0.0.0/8 ranges): remove them first"),

  // ENI.
  "InvalidOperation.DetachPrimaryEniNotAllowed": fatal("a primary ENI cannot be attached or detached: use a Secondary ENI"),
  "InvalidOperation.InvalidEniType": fatal("only Secondary ENIs can be attached: use a Secondary ENI"),
  "InvalidOperation.AvailabilityZoneMismatch": fatal("the ENI and the instance must be in the same zone: create the ENI in the instance's zone"),
  "InvalidOperation.VpcMismatch": fatal("the ENI and the instance must be in the same VPC: create the ENI in the instance's VPC"),
  EniPerInstanceLimitExceeded: fatal("the instance type takes no more ENIs: detach another ENI or use a larger instance type"),
  MaxEniCountExceeded: fatal("the ENI quota is used up: release unused ENIs or raise the quota"),
  "InvalidOperation.EniLinked": fatal("the ENI is linked to another resource: release that link first"),
  "InvalidOperation.EniServiceManaged": fatal("the ENI is managed by another cloud service and cannot be attached or detached by hand"),
  "InvalidOperation.InvalidRegion": fatal("the ENI and the instance must be in the resource's region: check `region`"),
  "InvalidOperation.InvalidGeneration": fatal("this instance generation does not take secondary ENIs"),
  "InvalidParams.EniId": fatal("networkInterfaceId is not a valid ENI ID"),
  "InvalidInstanceID.Malformed": fatal("instanceId is not a valid instance ID"),
  "Forbidden.RegionId": fatal("this operation is not offered in the region"),

  // Identity and permission.
  SignatureDoesNotMatch: fatal(`the request signature was rejected: ${CREDENTIALS_HINT}`),
  IncompleteSignature: fatal(`the request signature was rejected: ${CREDENTIALS_HINT}`),
  IllegalTimestamp: fatal("the request time was rejected: check this machine's clock"),
  "InvalidTimeStamp.Expired": fatal("the request time was rejected as expired: check this machine's clock"),
  "Forbidden.RAM": fatal(PERMISSION_HINT),
  "Forbidden.SubUser": fatal(PERMISSION_HINT),
  "Forbidden.NotSupportRAM": fatal("this operation must be called with the account's own AccessKey, not a RAM user's"),
  Forbbiden: fatal(PERMISSION_HINT), // sic: DisableVpcClassicLink's documented spelling
  Forbidden: fatal(PERMISSION_HINT),
  "InvalidUserType.NotSupported": fatal("this account type cannot call the operation"),

  // Our request was wrong: a bug in this package, or an endpoint that is not the service.
  MissingParameter: fatal("a required parameter was not sent: please report this as a pulumi-netattach bug"),
  InvalidParameter: fatal("a parameter was rejected: check the IDs and the region"),
  UnsupportedParameter: fatal("a parameter was rejected: please report this as a pulumi-netattach bug"),
  InvalidAction: fatal("the endpoint does not offer this action: check alicloud:ecsEndpoint / alicloud:vpcEndpoint"),
  "InvalidAction.NotFound": fatal("the endpoint does not offer this action: check alicloud:ecsEndpoint / alicloud:vpcEndpoint"),
  InvalidVersion: fatal("the endpoint does not offer this API version: check alicloud:ecsEndpoint / alicloud:vpcEndpoint"),
  IdempotentParameterMismatch: fatal("a retried request was sent with different parameters: run again"),
};

/** Node socket codes: the connection failed before anything was sent. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Node socket codes: the request may have been received and acted on. */
const LOST = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNABORTED", "TIMEOUT", "InvalidResponse"]);

/** Classifies an API error by its code and HTTP status; the hint also depends on the action. */
export function classifyAlicloudCode(code: string, httpStatus?: number, action?: string): Classification {
  const known = TABLE[code];
  const actionHint = action === undefined ? undefined : HINT_BY_ACTION[code]?.[action];
  if (known) return actionHint ? { ...known, hint: actionHint } : known;
  if (/^(Throttling|Rejected\.Throttling)/.test(code) || httpStatus === 429) {
    return { retryClass: "transient", ambiguous: false, hint: "the API rate limit was reached; it is retried with backoff" };
  }
  if (/^(InternalError|ServiceUnavailable)/.test(code) || (httpStatus !== undefined && httpStatus >= 500)) return transient(true);
  if (/\.NotFound$/i.test(code) || httpStatus === 404) {
    return { retryClass: "notFound", ambiguous: false, hint: "check the ID and that the resource is in the resource's region and account" };
  }
  return { retryClass: "fatal", ambiguous: false };
}

/** Classifies a failure that produced no API error body (socket errors, timeouts, garbage). */
export function classifyTransport(code: string): Classification {
  if (NOT_SENT.has(code)) {
    return { retryClass: "transient", ambiguous: false, hint: "the endpoint could not be reached: check the network and alicloud:ecsEndpoint / alicloud:vpcEndpoint" };
  }
  if (LOST.has(code)) return transient(true);
  return { retryClass: "fatal", ambiguous: false };
}

function conflict(hint: string): Classification {
  return { retryClass: "conflict", ambiguous: false, hint };
}

function transient(ambiguous: boolean): Classification {
  return { retryClass: "transient", ambiguous, hint: ambiguous ? "the cloud did not answer cleanly; the call is retried (a change is re-read first, never blindly repeated)" : undefined };
}

function fatal(hint: string): Classification {
  return { retryClass: "fatal", ambiguous: false, hint };
}
