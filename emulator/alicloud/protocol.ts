// Alibaba Cloud RPC on the wire: GET query or POST form, routed by Version + Action (any path),
// common parameters checked, Signature v1 verified, answers rendered in Format=JSON|XML with the
// error envelope {RequestId, HostId, Code, Message, Recommend} and the documented HTTP status.

import { randomUUID } from "node:crypto";
import type { CallRecord, EmulatorContext, FaultDecision, ProtocolOutcome, RawRequest, RawResponse } from "../core/types";
import { AliError } from "./errors";
import * as err from "./errors";
import { ecsHandlers } from "./handlers/ecs";
import { vpcHandlers } from "./handlers/vpc";
import type { AliHandler } from "./handlers/common";
import type { AliModel } from "./model";
import { contentType, renderBody, type Format } from "./render";
import { signatureMatches } from "./signature";

interface ServiceSpec {
  name: "ecs" | "vpc";
  product: string;
  handlers: Record<string, AliHandler>;
}

const SERVICES: Record<string, ServiceSpec> = {
  "2014-05-26": { name: "ecs", product: "Ecs", handlers: ecsHandlers },
  "2016-04-28": { name: "vpc", product: "Vpc", handlers: vpcHandlers },
};

/** The gateway accepts a Timestamp up to 15 minutes away from its own clock. */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60 * 1000;
const LOGGED_PARAMS = ["RegionId", "InstanceId", "InstanceIds", "VpcId", "NetworkInterfaceId", "ClientToken", "Status", "Type"];

/** Decodes a query string or form body; "+" is a space as in any form encoding. */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const [k, v] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    out[decodeURIComponent(k.replace(/\+/g, " "))] = decodeURIComponent(v.replace(/\+/g, " "));
  }
  return out;
}

export function requestParams(req: RawRequest): Record<string, string> {
  const q = req.url.indexOf("?");
  const params = q < 0 ? {} : parseForm(req.url.slice(q + 1));
  const type = String(req.headers["content-type"] ?? "");
  if (req.method.toUpperCase() === "POST" && req.body.length > 0 && (type === "" || type.includes("application/x-www-form-urlencoded"))) {
    Object.assign(params, parseForm(req.body.toString("utf8")));
  }
  return params;
}

export function looksLikeAlibaba(req: RawRequest): boolean {
  if (req.headers["x-tc-action"] !== undefined) return false;
  if (String(req.headers.authorization ?? "").startsWith("TC3-")) return false;
  if (req.headers["x-acs-action"] !== undefined) return true;
  try {
    const p = requestParams(req);
    return p.AccessKeyId !== undefined || p.Signature !== undefined || p.SignatureNonce !== undefined;
  } catch {
    return false;
  }
}

/** Per-service state of the protocol: nonces seen, per access key, until they could no longer pass the timestamp check. */
export class NonceBook {
  private seen = new Map<string, number>();

  /** True when new (and remembers it). */
  use(keyId: string, nonce: string, wallNow: number): boolean {
    if (this.seen.size > 10000) for (const [k, exp] of this.seen) if (exp < wallNow) this.seen.delete(k);
    const key = `${keyId}\u0000${nonce}`;
    const exp = this.seen.get(key);
    if (exp !== undefined && exp >= wallNow) return false;
    this.seen.set(key, wallNow + 2 * TIMESTAMP_TOLERANCE_MS);
    return true;
  }
}

export async function handleAlibaba(req: RawRequest, ctx: EmulatorContext, model: AliModel, nonces: NonceBook): Promise<ProtocolOutcome> {
  const requestId = randomUUID().toUpperCase();
  let params: Record<string, string>;
  try {
    params = requestParams(req);
  } catch {
    params = {};
    return answerError(err.invalidParameter("query", "not valid percent-encoding"), "XML", record({}, "unknown", "", undefined, requestId), requestId, "Ecs", "ecs.aliyuncs.com");
  }
  const format: Format = /^json$/i.test(params.Format ?? "") ? "JSON" : "XML";
  const spec = SERVICES[params.Version ?? ""];
  const action = params.Action ?? "";
  const product = spec?.product ?? "Ecs";
  const hostId = `${spec?.name ?? "ecs"}.${params.RegionId ? `${params.RegionId}.` : ""}aliyuncs.com`;
  const rec = record(params, spec?.name ?? "unknown", action, undefined, requestId);
  const fail = (e: AliError) => answerError(e, format, rec, requestId, product, hostId);

  // Gateway checks, in the order a request meets them: routing, identity, freshness, signature, replay.
  if (!params.Version) return fail(err.missingParameter("Version"));
  if (!spec) return fail(err.invalidVersion());
  if (!action) return fail(err.missingParameter("Action"));
  const handler = spec.handlers[action];
  if (!handler) return fail(err.invalidAction());
  if (!params.AccessKeyId) return fail(err.missingParameter("AccessKeyId"));
  const account = ctx.accountByKey("alicloud", params.AccessKeyId);
  if (!account) return fail(err.accessKeyNotFound());
  rec.account = account.name;
  if (!params.Signature) return fail(err.incompleteSignature('The parameter "Signature" is missing.'));
  if (params.SignatureMethod !== "HMAC-SHA1") return fail(err.incompleteSignature('SignatureMethod must be "HMAC-SHA1".'));
  if (params.SignatureVersion !== "1.0") return fail(err.incompleteSignature('SignatureVersion must be "1.0".'));
  if (!params.SignatureNonce) return fail(err.missingParameter("SignatureNonce"));
  if (!params.Timestamp) return fail(err.missingParameter("Timestamp"));
  const sentAt = parseTimestamp(params.Timestamp);
  if (sentAt === undefined) return fail(err.illegalTimestamp());
  if (Math.abs(ctx.wallNow() - sentAt) > TIMESTAMP_TOLERANCE_MS) return fail(err.timestampExpired());
  if (!signatureMatches(req.method, params, account.secret)) return fail(err.signatureMismatch());
  if (!nonces.use(params.AccessKeyId, params.SignatureNonce, ctx.wallNow())) return fail(err.nonceUsed());

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
    body = handler({ action, params, account: account.name, requestId, model, env: ctx });
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
    headers: { "content-type": contentType(format), "x-acs-request-id": answerId },
    body: renderBody(format, `${action}Response`, { ...body, RequestId: answerId }),
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

function answerError(e: AliError, format: Format, rec: CallRecord, requestId: string, product: string, hostId: string): ProtocolOutcome {
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: e.code,
    Message: e.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=${product}`,
  };
  return {
    kind: "response",
    response: { status: e.status, headers: { "content-type": contentType(format), "x-acs-request-id": requestId }, body: renderBody(format, "Error", body) },
    record: { ...rec, status: e.status, errorCode: e.code },
  };
}

function record(params: Record<string, string>, service: string, action: string, account: string | undefined, requestId: string): CallRecord {
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (LOGGED_PARAMS.includes(k) || /^NetworkInterfaceId\.\d+$/.test(k)) picked[k] = v;
  }
  return { cloud: "alicloud", service, action, ...(account ? { account } : {}), status: 0, requestId, params: picked };
}

/** ISO 8601 UTC as the docs require: YYYY-MM-DDThh:mm:ssZ (milliseconds tolerated). */
function parseTimestamp(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
