// Alibaba Cloud errors as typed values: code + HTTP status + message, as the docs
// (../shared/seeds, ECS/VPC error tables) give them. Decisions never read the message.

export class AliError extends Error {
  constructor(readonly code: string, readonly status: number, message: string) {
    super(message);
    this.name = "AliError";
  }
}

const e = (code: string, status: number, message: string) => new AliError(code, status, message);

// Gateway / common errors (ECS "Common parameters" and "Response results" docs; POP gateway).
export const missingParameter = (name: string) =>
  e("MissingParameter", 400, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
export const invalidParameter = (name: string, value: string) => e("InvalidParameter", 400, `The specified parameter "${name}" (${value}) is not valid.`);
export const invalidVersion = () => e("InvalidVersion", 400, "Specified parameter Version is not valid.");
export const invalidAction = () => e("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method.");
export const accessKeyNotFound = () => e("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");
/** The gateway appends the string it signed; aliyun-python-sdk-core parses it after "server string to sign is:". */
export const signatureMismatch = (serverStringToSign: string) =>
  e("SignatureDoesNotMatch", 400, `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`);
export const contentHashMismatch = () =>
  e("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards. x-acs-content-sha256 is not the SHA-256 of the body.");
/** Choice (no documented code): a body over the emulator's cap, answered while it streams in. */
export const requestTooLarge = (limit: number) => e("RequestEntityTooLarge", 413, `The request body exceeds ${limit} bytes.`);
export const forbiddenParameter = (name: string) => e("InvalidParameter", 400, `The specified parameter "${name}" is not valid.`);
export const incompleteSignature = (detail: string) => e("IncompleteSignature", 400, `The request signature does not conform to Aliyun standards. ${detail}`);
export const illegalTimestamp = () =>
  e("IllegalTimestamp", 400, 'The input parameter "Timestamp" that is mandatory for processing this request is not supplied or is not in the format YYYY-MM-DDThh:mm:ssZ.');
export const timestampExpired = () => e("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.");
export const nonceUsed = () => e("SignatureNonceUsed", 400, "Specified signature nonce was used already.");
export const throttled = () => e("Throttling.User", 400, "Request was denied due to user flow control.");
export const idempotentMismatch = () =>
  e("IdempotentParameterMismatch", 400, "The request uses the same client token as a previous, but non-identical request.");

// Region errors differ per API family.
export const regionMalformed = () => e("InvalidRegionId.Malformed", 400, "The specified RegionId is invalid.");
export const regionNotFound = () => e("InvalidRegionId.NotFound", 404, 'Specified value of "regionId" is not supported.');
export const eniInvalidRegion = (region: string) => e("InvalidOperation.InvalidRegion", 400, `The specified region "${region}" is invalid.`);

// ECS instances and ClassicLink (seeds 000 DetachClassicLinkVpc, 003 AttachClassicLinkVpc).
export const instanceNotFound = () => e("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist.");
export const instanceNotBelong = () => e("InvalidInstanceId.NotBelong", 403, "The user does not own the specified instance.");
export const notClassicInstance = () => e("InvalidInstanceId.MalFormed", 400, "The specified instance is not a classic network type instance.");
export const alreadyLinked = () => e("Abs.InvalidInstanceId.MalFormed", 400, "The specified instance has already been linked to another VPC.");
export const instanceLocked = () => e("InvalidStatus.InstanceLocked", 403, "The specified instance is in another processing list.");
export const instanceStatusNotRunningOrStopped = () =>
  e("InvalidStatus.InstanceStatus", 403, "Only the Running or Stopped InstanceStatus is allowed.");
export const vpcMalformed = () => e("InvalidVpcId.Malformed", 400, "The specified VpcId is invalid.");
export const classicLinkDenied = () => e("OperationDenied", 403, "The specified VPC are unable to attach ClassicLink.");
export const linkQuotaExceeded = () => e("QuotaExceeded", 403, "The maximum number of links in the specified VPC exceeds.");
export const pairNotLinked = () =>
  e("InvalidParameter.InvalidInstanceIdAndVpcId", 403, "The specified instance is not linked to the specified VPC.");
export const incorrectInstanceStatus = () =>
  e("IncorrectInstanceStatus", 403, "The current status of the resource does not support this operation.");
export const instanceLockedForSecurity = () =>
  e("InstanceLockedForSecurity", 403, "The specified instance is locked due to security.");

// VPC (seed 002 DisableVpcClassicLink; EnableVpcClassicLink docs).
export const vpcNotFound = () => e("InvalidVpcId.NotFound", 404, "Specified VPC does not exist.");
export const vpcForbidden = () => e("Forbbiden", 403, "User not authorized to operate on the specified resource.");
export const incorrectVpcStatus = () => e("IncorrectVpcStatus", 400, "Current VPC status does not support this operation.");
export const linkedInstancesExist = () => e("DependencyViolation.Instance", 404, "ClassicLink Instances exist in VPC.");

// ENIs (seed 004 DetachNetworkInterface; AttachNetworkInterface docs).
const ecsState = (expected: string, current: string) =>
  `The operation is not allowed in the current ECS state. Expecting status is "${expected}" while current status is "${current}".`;
export const ecsIdNotFound = (id: string) => e("InvalidEcsId.NotFound", 404, `The specified instance "${id}" does not exist.`);
export const eniIdNotFound = (id: string) => e("InvalidEniId.NotFound", 404, `The specified ENI "${id}" does not exist.`);
export const eniIdMalformed = (id: string) => e("InvalidParams.EniId", 400, `The specified ENI id "${id}" is malformed.`);
/** Attach spells it InvalidInstanceID.Malformed, Detach InvalidInstanceId.MalFormed (each API's own table). */
export const instanceIdMalformed = (code: "InvalidInstanceID.Malformed" | "InvalidInstanceId.MalFormed", id: string) =>
  e(code, 400, `The specified instance id "${id}" is malformed.`);
export const invalidEcsState = (expected: string, current: string) => e("InvalidOperation.InvalidEcsState", 400, ecsState(expected, current));
export const invalidEniState = (expected: string, current: string) =>
  e("InvalidOperation.InvalidEniState", 400, `The operation is not allowed in the current ENI state. Expecting status is "${expected}" while current status is "${current}".`);
export const detachPrimaryNotAllowed = () =>
  e("InvalidOperation.DetachPrimaryEniNotAllowed", 400, "The primary ENI cannot be detached from its instance.");
export const invalidEniType = (type: string) => e("InvalidOperation.InvalidEniType", 403, `The ENI type "${type}" does not support this operation.`);
export const zoneMismatch = () =>
  e("InvalidOperation.AvailabilityZoneMismatch", 403, "The specified ENI and instance are not in the same zone.");
export const vpcMismatch = () => e("InvalidOperation.VpcMismatch", 403, "The specified ENI and instance do not belong to the same VPC.");
export const eniLimitExceeded = (max: number) =>
  e("EniPerInstanceLimitExceeded", 403, `The number of ENIs exceeds the upper limit (${max}) for the specified instance type.`);

// AttachNetworkInterface options and the doc's instance constraints. The doc lists no code of its
// own for these; each takes the documented code whose meaning fits (emulator/README.md: choices).
export const networkCardUnsupported = (instanceType: string) =>
  e("InvalidParameter", 400, `The specified parameter "NetworkCardIndex" is not valid: instance type ${instanceType} does not support network cards.`);
export const networkCardOutOfRange = (index: number, instanceType: string, cards: number) =>
  e("InvalidParameter", 400, `The specified parameter "NetworkCardIndex" (${index}) is not valid: instance type ${instanceType} has network cards 0..${cards - 1}.`);
export const trunkNotFound = (id: string) => e("InvalidEniId.NotFound", 404, `The specified trunk ENI "${id}" (TrunkNetworkInstanceId) does not exist.`);
export const notATrunk = (id: string, type: string) =>
  e("InvalidOperation.InvalidEniType", 403, `The ENI "${id}" given as TrunkNetworkInstanceId is a ${type} ENI, not a Trunk ENI.`);
export const trunkNotOnInstance = (id: string, instanceId: string) =>
  e("InvalidParameter", 400, `The specified parameter "TrunkNetworkInstanceId" is not valid: trunk ENI "${id}" is not attached to instance "${instanceId}".`);
export const trunkMismatch = (eniId: string, trunkId: string) =>
  e("InvalidParameter", 400, `The specified parameter "TrunkNetworkInstanceId" is not valid: ENI "${eniId}" is not attached through trunk ENI "${trunkId}".`);
/** terraform-provider-alicloud retries this code on ENI operations; the doc tables do not list it. */
export const hasMemberEniAttached = (id: string) =>
  e("InvalidOperation.HasMemberEniAttached", 400, `The trunk ENI "${id}" still has member ENIs attached; detach them first.`);
export const eniNeedsStopped = (instanceType: string) =>
  e("InvalidOperation.InvalidEcsState", 400, `${ecsState("Stopped", "Running")} Instances of type ${instanceType} take an ENI only while Stopped.`);
export const eniNeedsReboot = (instanceId: string, startTime: string) =>
  e("InvalidOperation.InvalidEcsState", 400, `The instance "${instanceId}" was last started at ${startTime}, before 2018-04-01: call RebootInstance first.`);
