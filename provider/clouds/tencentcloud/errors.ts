// Tencent Cloud API 3.0 error codes -> how the retry/wait layers treat them, plus a plain-language
// next step. Looked up by the full code, then by the prefix before the first "." (the same rule as
// the terraform provider's IsExpectError), so "RequestLimitExceeded.UinLimitExceeded" inherits
// "RequestLimitExceeded". Classification reads the code and HTTP status only, never message text.

import { RetryClass } from "../../core/errors";

export interface ErrorRule {
  retryClass: RetryClass;
  hint?: string;
}

const CREDENTIALS_HINT =
  "check the Tencent Cloud credentials: stack config `tencentcloud:secretId` / `tencentcloud:secretKey` " +
  "or the environment variables TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY";

const transient: ErrorRule = { retryClass: "transient" };
const conflict: ErrorRule = { retryClass: "conflict" };
const notFound = (hint: string): ErrorRule => ({ retryClass: "notFound", hint });
const fatal = (hint: string): ErrorRule => ({ retryClass: "fatal", hint });

export const ERROR_TABLE: Readonly<Record<string, ErrorRule>> = {
  // Throttling: the cloud asked us to slow down.
  RequestLimitExceeded: transient,
  "LimitExceeded.ActionLimited": transient,
  // An API-level "try again" that was answered, so the request was not applied.
  ServiceUnavailable: transient,

  // The resource is busy with another operation: wait it out until the deadline.
  ResourceInUse: conflict,
  ResourceUnavailable: conflict,
  ResourceBusy: conflict,
  ActionLocked: conflict,
  "UnsupportedOperation.InvalidState": conflict,
  "UnsupportedOperation.ResourceIsInvalidState": conflict,
  // The same ClientToken's earlier request is still running; its outcome is coming.
  "UnsupportedOperation.IdempotentProcessing": conflict,

  ResourceNotFound: notFound("check that the ID is right and that the resource is in the region the provider uses"),
  "InvalidInstance.NotFound": notFound("check instanceId and the region: the CVM instance was not found"),
  "InvalidInstanceId.NotFound": notFound("check instanceId and the region: the CVM instance was not found"),
  "InvalidVpc.NotFound": notFound("check vpcId and the region: the VPC was not found"),

  AuthFailure: fatal(CREDENTIALS_HINT),
  "AuthFailure.SignatureExpire": fatal("the machine's clock is more than 5 minutes off; sync it (NTP) and retry"),
  "AuthFailure.UnauthorizedOperation": fatal("grant the CAM user or role permission for this action (vpc:* / cvm:Describe*)"),
  UnauthorizedOperation: fatal("grant the CAM user or role permission for this action (vpc:* / cvm:Describe*)"),
  InvalidInstanceId: fatal("check instanceId: a Tencent Cloud instance ID looks like ins-0h3a5new"),
  "InvalidInstanceId.NotBelong": fatal("the instance belongs to another account: use that account's credentials or another instance"),
  InvalidParameter: fatal("a request parameter was rejected; check the resource's inputs"),
  InvalidParameterValue: fatal("a request parameter value was rejected; check the resource's inputs"),
  MissingParameter: fatal("a required parameter was missing; this is a provider bug, please report it"),
  UnknownParameter: fatal("the API did not accept a parameter; this is a provider bug, please report it"),
  LimitExceeded: fatal("a quota is exhausted: detach something or raise the quota in the console"),
  UnsupportedRegion: fatal("the service is not offered in this region; set `region` to a supported one"),
  InvalidAction: fatal("the endpoint does not know this action; check tencentcloud:vpcEndpoint / cvmEndpoint"),
  UnsupportedOperation: fatal("the cloud refused this operation in the resource's current state"),
  "UnsupportedOperation.ClassicInstanceIdAlreadyExists":
    fatal("the instance is already linked to a VPC: remove that ClassicLink first (an instance links to one VPC)"),
  "UnsupportedOperation.CIDRUnSupportedClassicLink":
    fatal("this VPC's CIDR block cannot be used with ClassicLink (10.0.0.0/16 and 10.1.0.0/16 overlap the basic network); use another VPC"),
  "UnsupportedOperation.AttachmentAlreadyExists":
    fatal("the ENI is already attached to an instance: detach it there first"),
  "UnsupportedOperation.VpcMismatch": fatal("the ENI and the instance must be in the same VPC"),
  "UnsupportedOperation.ZoneMismatch": fatal("the ENI's subnet and the instance must be in the same availability zone"),
  "UnsupportedOperation.UnsupportedInstanceFamily": fatal("this instance type does not take extra ENIs; use another instance type"),
  "UnsupportedOperation.IdempotentParameterMismatch":
    fatal("a ClientToken was reused with different parameters; this is a provider bug, please report it"),
  "UnsupportedOperation.InstanceAssociateHavip": fatal("the instance is bound to a HAVIP: unbind the HAVIP first"),
  // Terraform does not retry InternalError either: "retry won't fix anything" for most products.
  InternalError: fatal("the cloud failed internally; try again later, and open a ticket quoting the request id if it persists"),
};

const DEFAULT_RULE: ErrorRule = { retryClass: "fatal" };

const PRIMARY_ENI_HINT = "a primary ENI belongs to its instance and cannot be attached or detached: use a secondary ENI";

/**
 * Codes whose cause depends on the action (the same code is "a VPC instance" on ClassicLink and
 * "a primary ENI" on ENI actions). Only the hint changes; the retry class is the code's.
 */
const HINT_BY_ACTION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  UnsupportedOperation: {
    AttachClassicLinkVpc: "ClassicLink links basic-network instances only; this instance is in a VPC and reaches the VPC directly",
    AttachNetworkInterface: PRIMARY_ENI_HINT,
    DetachNetworkInterface: PRIMARY_ENI_HINT,
  },
  LimitExceeded: {
    AttachNetworkInterface: "the instance takes no more ENIs (its ENI quota counts the primary ENI): detach another ENI or use a larger instance type",
    AttachClassicLinkVpc: "a VPC takes at most 1000 linked instances: unlink some, or link to another VPC",
  },
  "UnsupportedOperation.InvalidState": {
    AttachNetworkInterface: "the ENI or the instance is changing state; it is retried until the timeout (an ENI attached to another instance must be detached there first)",
    AttachClassicLinkVpc: "the instance is changing state; it is retried until the timeout",
  },
  ResourceNotFound: {
    DetachClassicLinkVpc: "the instance is not linked to this VPC (already unlinked?): run `pulumi refresh`",
    DetachNetworkInterface: "the ENI is not attached to this instance (already detached?): run `pulumi refresh`",
  },
};

/** The rule of a code (exact, else its prefix before the first "."), with the action's own hint. */
export function ruleForCode(code: string, action?: string): ErrorRule {
  const rule = ERROR_TABLE[code] ?? (code.indexOf(".") > 0 ? ERROR_TABLE[code.slice(0, code.indexOf("."))] : undefined) ?? DEFAULT_RULE;
  const hint = action === undefined ? undefined : HINT_BY_ACTION[code]?.[action];
  return hint ? { ...rule, hint } : rule;
}

/** Transport codes we give errors that carry no API code (Go SDK names). */
export const NETWORK_ERROR = "ClientError.NetworkError";
export const HTTP_STATUS_ERROR = "ClientError.HttpStatusCodeError";
export const INVALID_RESPONSE = "ClientError.InvalidResponse";

export interface TransportRule extends ErrorRule {
  /** The request may have reached the cloud and been applied. */
  ambiguous: boolean;
}

/** A non-200 answer: the SDK does not parse its body, so only the status is known. */
export function ruleForHttpStatus(status: number): TransportRule {
  if (status === 429) return { retryClass: "transient", ambiguous: false };
  if (status >= 500) return { retryClass: "transient", ambiguous: true };
  return {
    retryClass: "fatal",
    ambiguous: false,
    hint: "the endpoint answered with an unexpected HTTP status; check tencentcloud:vpcEndpoint / cvmEndpoint",
  };
}

/** No answer at all (reset, refused, timeout) or an answer that is not an API response. */
export const NETWORK_RULE: TransportRule = {
  retryClass: "transient",
  ambiguous: true,
  hint: "the endpoint could not be reached or did not answer in time; check the network and the endpoint settings",
};
