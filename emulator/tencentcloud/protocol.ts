// Tencent Cloud API 3.0 over HTTP: authenticate, check the common headers, ask the fault rules,
// run the handler, render. Every answer the API gives is HTTP 200 with {"Response": {...}}; only
// an injected gateway fault (a rule with another status) answers otherwise.

import { randomUUID } from "node:crypto";
import type { CallRecord, EmulatorContext, ProtocolOutcome, RawRequest, RawResponse } from "../core/types";
import type { Call, TencentModel } from "./model";
import type { Handler } from "./handlers/types";
import { authenticate, headerText } from "./auth";
import { missingParameter, TencentError } from "./errors";
import { cvmHandlers } from "./handlers/cvm";
import { vpcHandlers } from "./handlers/vpc";
import { Params } from "./params";
import { settle } from "./transitions";
import { authenticateV1, V1_COMMON, v1Fields, type V1NonceBook } from "./v1";

const API_VERSION = "2017-03-12";
const LOGGED_PARAMS = ["VpcId", "InstanceIds", "InstanceId", "NetworkInterfaceId", "NetworkInterfaceIds", "VpcIds", "TaskId", "ClientToken"];
const READ_ONLY = /^Describe/;

interface Route {
  service: "vpc" | "cvm";
  handler: Handler;
}

function route(action: string): Route | undefined {
  // VPC and CVM action names do not overlap, so the action alone picks the service.
  if (Object.hasOwn(vpcHandlers, action)) return { service: "vpc", handler: vpcHandlers[action] };
  if (Object.hasOwn(cvmHandlers, action)) return { service: "cvm", handler: cvmHandlers[action] };
  return undefined;
}

/** API 3.0 with TC3 (X-TC-Action or a TC3 Authorization), or a v1-signed call (SecretId + Signature parameters). */
export function claimsTencentRequest(req: RawRequest): boolean {
  return headerText(req, "x-tc-action") !== undefined || (headerText(req, "authorization") ?? "").startsWith("TC3-HMAC-SHA256") || v1Fields(req) !== undefined;
}

/** The answer to a body over the emulator's cap, refused while it streams in (choice: HTTP 413, the SDK reports httpCode). */
export function tooLargeAnswer(limit: number): RawResponse {
  const body = { Response: { Error: { Code: "RequestSizeLimitExceeded", Message: `The request body exceeds ${limit} bytes.` }, RequestId: randomUUID() } };
  return json(413, body);
}

export async function handleTencentRequest(model: TencentModel, req: RawRequest, ctx: EmulatorContext, nonces: V1NonceBook): Promise<ProtocolOutcome> {
  const outcome = await handleTencentCall(model, req, ctx, nonces);
  // A connection reset answers nothing: logged like Alibaba's, status 0 and errorCode "ConnectionReset".
  if (outcome.kind === "reset") return { kind: "reset", record: { ...outcome.record, status: 0, errorCode: "ConnectionReset" } };
  return outcome;
}

async function handleTencentCall(model: TencentModel, req: RawRequest, ctx: EmulatorContext, nonces: V1NonceBook): Promise<ProtocolOutcome> {
  const requestId = newRequestId(model, ctx);
  // v1 carries action, version and region as parameters; TC3 in X-TC-* headers.
  const v1 = v1Fields(req);
  const common = (name: string, headerName: string) => (v1 ? (v1.get(name) ?? undefined) : headerText(req, headerName));
  const action = common("Action", "x-tc-action") ?? "";
  const record: CallRecord = { cloud: "tencentcloud", service: route(action)?.service ?? "unknown", action, status: 200, requestId };
  let settled = false;
  try {
    record.account = v1 ? authenticateV1(req, v1, ctx, nonces) : authenticate(req, ctx);
    const { handler } = requireRoute(action);
    requireVersion(common("Version", "x-tc-version"));
    const region = requireRegion(model, common("Region", "x-tc-region"));
    const params = v1 ? Params.fromEntries([...v1].filter(([name]) => !V1_COMMON.includes(name))) : readParams(req);
    record.params = params.pick(LOGGED_PARAMS);
    const throttled = ctx.rateLimit("tencentcloud", action);
    if (throttled) {
      return errorOutcome(record, throttled.code ?? "RequestLimitExceeded", "Your current request times exceeds the limit, please try again later.", throttled.status ?? 200);
    }

    const call: Call = { account: record.account, defaultAccount: ctx.defaultAccount(), region, now: ctx.now(), clock: ctx.clock(), requestId };
    const before = ctx.fault({ cloud: "tencentcloud", action, phase: "before" });
    if (before.kind === "reset") return { kind: "reset", record };
    if (before.kind === "error") return errorOutcome(record, before.code, before.message ?? "Injected fault.", before.status);
    if (before.kind === "delay") await sleep(before.ms);
    call.taskFailure = () => ctx.taskFailure("tencentcloud", action);

    settled = settle(model, call.clock, call.now);
    const result = handler(model, call, params);
    // Describes move polls of work in flight, which the persisted state records too.
    const mutated = !READ_ONLY.test(action) || model.inFlight();
    if (settle(model, call.clock, call.now) || settled || mutated) ctx.changed();

    const after = ctx.fault({ cloud: "tencentcloud", action, phase: "after" });
    if (after.kind === "reset") return { kind: "reset", record };
    if (after.kind === "error") return errorOutcome(record, after.code, after.message ?? "Injected fault.", after.status);
    if (after.kind === "delay") await sleep(after.ms);
    return { kind: "response", record, response: json(200, { Response: { ...result, RequestId: requestId } }) };
  } catch (error) {
    if (settled) ctx.changed();
    if (error instanceof TencentError) return errorOutcome(record, error.code, error.message, 200);
    return errorOutcome(record, "InternalError", error instanceof Error ? error.message : String(error), 200);
  }
}

function requireRoute(action: string): Route {
  if (action === "") throw missingParameter("Action");
  const found = route(action);
  if (!found) throw new TencentError("InvalidAction", `The action \`${action}\` is not found.`);
  return found;
}

function requireVersion(version: string | undefined): void {
  if (version === undefined) throw missingParameter("Version");
  if (version !== API_VERSION) throw new TencentError("NoSuchVersion", `The version \`${version}\` is not supported; use ${API_VERSION}.`);
}

function requireRegion(model: TencentModel, region: string | undefined): string {
  if (region === undefined || region === "") throw missingParameter("Region");
  if (!model.knownRegions().has(region)) throw new TencentError("UnsupportedRegion", `The region \`${region}\` is not supported.`);
  return region;
}

function readParams(req: RawRequest): Params {
  if (req.method === "GET") return Params.fromQuery(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "");
  if (req.method !== "POST") throw new TencentError("UnsupportedProtocol", `The HTTP method \`${req.method}\` is not supported.`);
  const contentType = (headerText(req, "content-type") ?? "").toLowerCase();
  if (!contentType.startsWith("application/json")) throw new TencentError("InvalidParameter", "TC3 POST requests must carry an application/json body (form bodies are for v1 signatures).");
  return Params.fromJson(req.body.toString("utf8"));
}

function errorOutcome(record: CallRecord, code: string, message: string, status: number): ProtocolOutcome {
  record.status = status;
  record.errorCode = code;
  return { kind: "response", record, response: json(status, { Response: { Error: { Code: code, Message: message }, RequestId: record.requestId } }) };
}

function json(status: number, body: unknown): RawResponse {
  return { status, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** A UUID v4 from the emulator's seeded id stream (never the fault stream), never reusing a task id. */
function newRequestId(model: TencentModel, ctx: EmulatorContext): string {
  for (;;) {
    const bytes = Array.from({ length: 16 }, () => Math.floor(ctx.idRandom() * 256));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    if (!model.tasks.has(id)) return id;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
