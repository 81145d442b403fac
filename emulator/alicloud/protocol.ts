// Alibaba Cloud RPC on the wire: GET query or POST form, routed by Version + Action (any path),
// common parameters checked, the signature verified (RPC Signature v1, or ACS3-HMAC-SHA256 with
// action and version in x-acs-* headers), answers rendered in the format asked (v1: Format=JSON|XML,
// XML by default; ACS3: JSON unless Format=XML) with the error envelope
// {RequestId, HostId, Code, Message, Recommend} and the documented HTTP status.

import { randomUUID } from "node:crypto";
import type { CallRecord, EmulatorContext, FaultDecision, ProtocolOutcome, RawRequest, RawResponse } from "../core/types";
import { ForbiddenKeyError, nullRecord, ownKey } from "../core/safe-keys";
import { isAcs3 } from "./acs3";
import { NonceBook, verifyAcs3, verifyV1 } from "./auth";
import { AliError } from "./errors";
import * as err from "./errors";
import { ecsHandlers } from "./handlers/ecs";
import { vpcHandlers } from "./handlers/vpc";
import type { AliHandler } from "./handlers/common";
import type { AliModel } from "./model";
import { contentType, renderBody, type Format } from "./render";
import { hasFormBody, header, parseForm, queryOf, requestParams } from "./params";

export { NonceBook, TIMESTAMP_TOLERANCE_MS } from "./auth";
export { parseForm, requestParams } from "./params";

interface ServiceSpec {
  name: "ecs" | "vpc";
  product: string;
  handlers: Record<string, AliHandler>;
}

const SERVICES: Record<string, ServiceSpec> = {
  "2014-05-26": { name: "ecs", product: "Ecs", handlers: ecsHandlers },
  "2016-04-28": { name: "vpc", product: "Vpc", handlers: vpcHandlers },
};

const LOGGED_PARAMS = ["RegionId", "InstanceId", "InstanceIds", "VpcId", "NetworkInterfaceId", "ClientToken", "Status", "Type"];

export function looksLikeAlibaba(req: RawRequest): boolean {
  if (req.headers["x-tc-action"] !== undefined) return false;
  if (String(req.headers.authorization ?? "").startsWith("TC3-")) return false;
  if (req.headers["x-acs-action"] !== undefined || isAcs3(header(req, "authorization"))) return true;
  const p = requestParams(req, true);
  // Tencent's v1 signature also carries Signature, but names its key SecretId.
  if (p.SecretId !== undefined && p.AccessKeyId === undefined) return false;
  return p.AccessKeyId !== undefined || p.Signature !== undefined || p.SignatureNonce !== undefined;
}

/** What routing and the error envelope need, read the same way for both signature styles. */
interface Envelope {
  acs3: boolean;
  version: string | undefined;
  action: string;
  format: Format;
  spec: ServiceSpec | undefined;
  hostId: string;
}

function envelopeOf(req: RawRequest, params: Record<string, string>): Envelope {
  // ACS3 is told by its Authorization; pop-core also sends x-acs-action/x-acs-version with v1 parameters.
  const acs3 = isAcs3(header(req, "authorization"));
  const [fromHeader, fromParams] = [
    { version: header(req, "x-acs-version"), action: header(req, "x-acs-action") },
    { version: params.Version, action: params.Action },
  ];
  const [primary, secondary] = acs3 ? [fromHeader, fromParams] : [fromParams, fromHeader];
  const version = primary.version ?? secondary.version;
  const action = primary.action ?? secondary.action ?? "";
  const asked = params.Format ?? (acs3 ? "JSON" : "XML");
  const format: Format = /^json$/i.test(asked) ? "JSON" : "XML";
  const spec = version !== undefined && ownKey(SERVICES, version) ? SERVICES[version] : undefined;
  const hostId = `${spec?.name ?? "ecs"}.${params.RegionId ? `${params.RegionId}.` : ""}aliyuncs.com`;
  return { acs3, version, action, format, spec, hostId };
}

/** An answer for a request refused before it was read (body over the cap), in the format it asked for. */
export function tooLargeAnswer(req: RawRequest, limit: number): RawResponse {
  const env = envelopeOf(req, parseForm(queryOf(req.url), true));
  const requestId = randomUUID().toUpperCase();
  return errorResponse(err.requestTooLarge(limit), env, requestId);
}

export async function handleAlibaba(req: RawRequest, ctx: EmulatorContext, model: AliModel, nonces: NonceBook): Promise<ProtocolOutcome> {
  const requestId = randomUUID().toUpperCase();
  let params: Record<string, string>;
  try {
    params = requestParams(req);
  } catch (e) {
    const env = envelopeOf(req, requestParams(req, true));
    const rec = record(nullRecord(), env.spec?.name ?? "unknown", env.action, undefined, requestId);
    const refusal = e instanceof ForbiddenKeyError ? err.forbiddenParameter(e.key) : err.invalidParameter(hasFormBody(req) ? "body" : "query", "not valid percent-encoding");
    return answerError(refusal, env, rec, requestId);
  }
  const env = envelopeOf(req, params);
  const { spec, action } = env;
  const rec = record(params, spec?.name ?? "unknown", action, undefined, requestId);
  const fail = (e: AliError) => answerError(e, env, rec, requestId);

  // Gateway checks, in the order a request meets them: routing, identity, freshness, signature, replay.
  if (!env.version) return fail(err.missingParameter("Version"));
  if (!spec) return fail(err.invalidVersion());
  if (!action) return fail(err.missingParameter("Action"));
  if (!ownKey(spec.handlers, action)) return fail(err.invalidAction());
  const handler = spec.handlers[action];
  const identity = env.acs3 ? verifyAcs3(req, ctx) : verifyV1(req, params, ctx);
  if (identity instanceof AliError) return fail(identity);
  rec.account = identity.account;
  if (!nonces.use(identity.accessKeyId, identity.nonce, ctx.wallNow())) return fail(err.nonceUsed());

  const limit = ctx.rateLimit("alicloud", action);
  if (limit) {
    const t = err.throttled();
    return fail(new AliError(limit.code ?? t.code, limit.status ?? t.status, t.message));
  }

  const before = await applyFault(ctx.fault({ cloud: "alicloud", action, phase: "before" }));
  if (before === "reset") return { kind: "reset", record: { ...rec, status: 0, errorCode: "ConnectionReset" } };
  if (before instanceof AliError) return fail(before);

  let body: Record<string, unknown>;
  try {
    body = handler({ action, params, account: identity.account, requestId, model, env: ctx });
  } catch (e) {
    if (e instanceof AliError) return fail(e);
    throw e;
  }
  ctx.changed();

  const after = await applyFault(ctx.fault({ cloud: "alicloud", action, phase: "after" }));
  if (after === "reset") return { kind: "reset", record: { ...rec, status: 0, errorCode: "ConnectionReset" } };
  if (after instanceof AliError) return fail(after);

  const answerId = typeof body.RequestId === "string" ? body.RequestId : requestId;
  const response: RawResponse = {
    status: 200,
    headers: { "content-type": contentType(env.format), "x-acs-request-id": answerId },
    body: renderBody(env.format, `${action}Response`, { ...body, RequestId: answerId }),
  };
  return { kind: "response", response, record: { ...rec, status: 200, requestId: answerId } };
}

/** Runs a fault decision's delay and turns the rest into what the caller acts on. */
async function applyFault(decision: FaultDecision): Promise<"reset" | AliError | undefined> {
  switch (decision.kind) {
    case "error":
      return new AliError(decision.code, decision.status, decision.message ?? `Injected fault ${decision.code}.`);
    case "reset":
      return "reset";
    case "delay":
      await new Promise((resolve) => setTimeout(resolve, decision.ms));
      return undefined;
    default:
      // "taskFailed" is Tencent's; Alibaba's ClassicLink and ENI calls have no task to fail.
      return undefined;
  }
}

function errorResponse(e: AliError, env: Envelope, requestId: string): RawResponse {
  const body = {
    RequestId: requestId,
    HostId: env.hostId,
    Code: e.code,
    Message: e.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=${env.spec?.product ?? "Ecs"}`,
  };
  return { status: e.status, headers: { "content-type": contentType(env.format), "x-acs-request-id": requestId }, body: renderBody(env.format, "Error", body) };
}

function answerError(e: AliError, env: Envelope, rec: CallRecord, requestId: string): ProtocolOutcome {
  return { kind: "response", response: errorResponse(e, env, requestId), record: { ...rec, status: e.status, errorCode: e.code } };
}

function record(params: Record<string, string>, service: string, action: string, account: string | undefined, requestId: string): CallRecord {
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (LOGGED_PARAMS.includes(k) || /^NetworkInterfaceId\.\d+$/.test(k)) picked[k] = v;
  }
  return { cloud: "alicloud", service, action, ...(account ? { account } : {}), status: 0, requestId, params: picked };
}
