// CHANGES FOR THE TENCENT ENGINEER (all backwards compatible; nothing removed or renamed):
// - EmulatorContext.wallNow(): real wall-clock ms. Use it for signature timestamp expiry, because
//   now() includes the offset moved by POST /__emulator/clock {advanceMs} and a client's
//   X-TC-Timestamp is wall time. Keep using now() for transitions and tasks.
// - EmulatorContext.rateLimit(): like rateLimited() but returns the rule's optional {code, status}.
// - EmulatorContext.defaultAccount(): owner of resources whose seed has no `account`.
// - CloudService.control(op, body, ctx?) gets the context as an optional 3rd argument.
// - CloudService.tick?(ctx) (optional): settle time-based transitions; called before API calls, control ops, dumps.
// - ControlError (core/control-error.ts): throw it from control() to answer with an HTTP status.
// - (superseded in v3, see below) "taskFailed" used to be returned by ctx.fault().
// - CloudSeedSection (core/seed.ts) is the shared shape of a cloud's seed section.
// v3 (review findings; the only non-additive change is the taskFailed one):
// - EmulatorContext.idRandom(): the stream for generated ids (Tencent RequestIds / task ids).
//   Fault probabilities draw from a separate stream derived from the same randomSeed, so traffic
//   that draws ids never changes which probabilistic faults fire. random() is now an alias of
//   idRandom() (it never touches the fault stream); prefer idRandom().
// - EmulatorContext.taskFailure(cloud, action): a Tencent async call asks it when it actually
//   creates its task; it returns the Output of a matching "taskFailed" rule (consuming its count
//   and probability draw) or undefined. Only cloud "tencentcloud" matches.
// - ctx.fault() never matches "taskFailed" rules any more, and FaultDecision has no "taskFailed"
//   kind: a call rejected before its task exists (ActionLocked...) leaves the rule's count alone.
//   A taskFailed rule with phase "after" is an invalid seed/faults body (400).
//
// The seams between the emulator's layers. The HTTP entry (server.ts) owns sockets, the control
// API and the request log; each cloud owns its protocol (parse, authenticate, render), its
// handlers and its model. Shared machinery (clock, faults, random, accounts) is passed in.

import type { IncomingHttpHeaders } from "node:http";

export type CloudName = "alicloud" | "tencentcloud";

/** A request as received, before any cloud-specific parsing. */
export interface RawRequest {
  method: string;
  /** Path and query exactly as on the request line (needed for signature checks). */
  url: string;
  headers: IncomingHttpHeaders;
  /** Raw body bytes as received (signatures hash the exact bytes). */
  body: Buffer;
  /** Arrival time on the emulator clock, ms since epoch. */
  receivedAt: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a protocol reports back for the request log (GET /__emulator/requests). */
export interface CallRecord {
  cloud: CloudName;
  /** "ecs" | "vpc" | "cvm" ... as the protocol determined it. */
  service: string;
  action: string;
  account?: string;
  status: number;
  errorCode?: string;
  requestId: string;
  /** Selected identifying parameters (InstanceId, VpcId, NetworkInterfaceId...), never secrets. */
  params?: Record<string, unknown>;
}

/**
 * What a fault rule decided for one call. The protocol asks before running the handler
 * ("before") and again after the handler changed the model ("after"), so that a reset after the
 * change is applied loses only the response, as on a real network.
 */
export type FaultDecision =
  | { kind: "none" }
  | { kind: "error"; code: string; status: number; message?: string }
  | { kind: "reset" }
  | { kind: "delay"; ms: number };

export interface FaultPoint {
  cloud: CloudName;
  action: string;
  phase: "before" | "after";
}

/** Shared services a cloud's protocol gets from the emulator. */
/** How transitional states (Starting, ATTACHING, task RUNNING...) advance. */
export type ClockSetting =
  | { mode: "immediate" }
  /** Settles after this many Describe calls that return the resource. */
  | { mode: "polls"; polls: number }
  /** Settles once this many ms of emulator time have passed since the transition began. */
  | { mode: "ms"; ms: number };

export interface EmulatorContext {
  /** Current transition setting (seed `clock`, changed at run time by POST /__emulator/clock). */
  clock(): ClockSetting;
  /** Current emulator time in ms since epoch (real time plus any offset set via the control API). */
  now(): number;
  /** Real wall-clock time (ms since epoch), for checking request timestamps signed by real clients. */
  wallNow(): number;
  /** Alias of idRandom() (kept for compatibility); never the fault stream. */
  random(): number;
  /**
   * Deterministic stream for generated ids (Tencent RequestIds, task ids), seeded from randomSeed.
   * Fault probabilities use a stream of their own, so drawing here never changes which faults fire.
   */
  idRandom(): number;
  /**
   * Error/reset/delay fault decision for a call at one phase (consumes counts and probabilities).
   * Never matches "taskFailed" rules: those are asked for with taskFailure().
   */
  fault(point: FaultPoint): FaultDecision;
  /**
   * Tencent: call when the async task of this call is actually created. Returns the Output a
   * matching "taskFailed" rule makes the task end FAILED with (consuming one count) or undefined.
   * Only cloud "tencentcloud" matches; a rule without `cloud` is never used up by Alibaba calls.
   */
  taskFailure(cloud: CloudName, action: string): string | undefined;
  /** Extra latency configured for this action (ms), applied by the server before answering. */
  latencyFor(cloud: CloudName, action: string): number;
  /** Throttle check: true when this call must be answered with the cloud's throttling error. */
  rateLimited(cloud: CloudName, action: string): boolean;
  /**
   * Same check as rateLimited (call one or the other, each counts the call), but returns the
   * rule's optional code/status override: undefined = not throttled.
   */
  rateLimit(cloud: CloudName, action: string): { code?: string; status?: number } | undefined;
  /** Name of the seed's first account: the owner of every resource without an `account`. */
  defaultAccount(): string;
  /** Looks up an account by access key / secret id of that cloud. */
  accountByKey(cloud: CloudName, keyId: string): { name: string; secret: string } | undefined;
  /** Called by a protocol when the model changed, so state can be persisted. */
  changed(): void;
}

/**
 * Result of a protocol handling one request. "reset" tells the server to destroy the socket
 * without answering (a lost response).
 */
export type ProtocolOutcome =
  | { kind: "response"; response: RawResponse; record: CallRecord }
  | { kind: "reset"; record: CallRecord };

/** One cloud plugged into the server. */
export interface CloudService<State> {
  cloud: CloudName;
  /** True when this request is for this cloud (Alibaba: Signature/AccessKeyId params; Tencent: TC3 Authorization or X-TC-Action). */
  claims(req: RawRequest): boolean;
  handle(req: RawRequest, ctx: EmulatorContext): Promise<ProtocolOutcome>;
  /** The model in the seed's format for this cloud (the `alicloud` / `tencentcloud` section). */
  dump(): State;
  /** Replace the model from a seed section (undefined: empty cloud). */
  load(section: State | undefined): void;
  /**
   * Control API for out-of-band changes: POST /__emulator/<cloud>/<op>. Throw ControlError
   * (core/control-error.ts) to answer with a status; ctx is passed since v2 (optional to use).
   */
  control(op: string, body: unknown, ctx?: EmulatorContext): unknown;
  /** Optional: the cloud's own answer to a body over the emulator's cap (HTTP 413), from the headers and URL alone. */
  tooLarge?(req: RawRequest, limit: number): RawResponse;
  /**
   * Optional: settle time-based transitions. Called before every API call, every control op and
   * GET /__emulator/state, so a dump after POST clock {advanceMs} shows settled states.
   */
  tick?(ctx: EmulatorContext): void;
}
