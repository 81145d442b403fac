// One Alibaba Cloud RPC request through @alicloud/pop-core.
//
// - One client per account, service and endpoint in the process (cached; the key holds a hash of
//   the credentials, never the credentials), each with its own keep-alive agent.
// - Keep-alive, and why it is safe now: a pooled socket reused just as the server closes it for
//   idleness gets reset (terraform-provider-alicloud#10635), which would turn a harmless read into
//   an ambiguous error. So idle sockets are closed by us after IDLE_SOCKET_MS, below the idle
//   timeouts of Alibaba's gateways (and of Node servers, 5 s), and a read (Describe*) that meets a
//   reset is sent once more at once: a read is idempotent. A mutation that meets one stays
//   ambiguous and is reconciled (core/reconcile.ts), as before: never resent blindly.
// - Every request passes through the process's rate governor (core/governor.ts); a throttle
//   answer slows it down, and the retry layer sends the request again.
// - POST, so the signed query string (AccessKeyId, Signature, SecurityToken) is never part of the
//   URL that pop-core and httpx copy into their error messages.
// - Every failure becomes a CloudError classified by errors.ts; the message is scrubbed of every
//   known secret and of any query string.

import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import RPCClient from "@alicloud/pop-core";
import { alicloudCredentials, knownSecrets, redact } from "../../core/credentials";
import { AlicloudService, alicloudEndpoint } from "../../core/endpoints";
import { CloudError, isCloudError } from "../../core/errors";
import { CallKey, governed, governor, rateLimitOverrides } from "../../core/governor";
import { Runtime } from "../../core/runtime";
import { ProviderSettings } from "../../core/settings";
import { classifyAlicloudCode, classifyTransport, Classification } from "./errors";

const API_VERSION: Record<AlicloudService, string> = { ecs: "2014-05-26", vpc: "2016-04-28" };

/** Per request, connect and read; the retry layer decides what happens after a timeout. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Idle pooled sockets are closed after this, below the server side's idle timeout. */
export const IDLE_SOCKET_MS = 4_000;

/** Where calls go: the settings that hold credentials and endpoints, and the region of the resource. */
export interface AlicloudTarget {
  settings: ProviderSettings;
  region: string;
  /** The operation's clock, which picks the rate governor (core/governor.ts); the real one by default. */
  runtime?: Runtime;
}

export type Params = Record<string, string | number | boolean | string[] | undefined | null>;

/** Every successful Alibaba RPC answer carries its RequestId. */
export interface RpcResponse {
  RequestId: string;
}

interface CachedClient {
  client: RPCClient;
  agent: http.Agent;
}

const clients = new Map<string, CachedClient>();

/**
 * Which calls may share a client, a pooled connection or a coalesced request: the same account
 * (credentials hashed), service, endpoint and region.
 */
export function targetKey(target: AlicloudTarget, service: AlicloudService): string {
  const credentials = alicloudCredentials(target.settings);
  const endpoint = alicloudEndpoint(service, target.region, target.settings);
  return createHash("sha256")
    .update(JSON.stringify([service, endpoint, target.region, credentials.accessKeyId, credentials.accessKeySecret, credentials.securityToken ?? ""]))
    .digest("hex");
}

/** The governor's key for a call (core/governor.ts). */
export function alicloudCallKey(target: AlicloudTarget, action: string): CallKey {
  return { cloud: "alicloud", account: alicloudCredentials(target.settings).accessKeyId, region: target.region, action };
}

/** Waits until the governor has room for `action`, so a coalesced read fills up meanwhile. */
export function roomFor(target: AlicloudTarget, action: string): Promise<void> {
  return governor(target.runtime).room(alicloudCallKey(target, action));
}

function clientFor(target: AlicloudTarget, service: AlicloudService): { cached: CachedClient; accessKeyId: string } {
  const credentials = alicloudCredentials(target.settings);
  const endpoint = alicloudEndpoint(service, target.region, target.settings);
  const key = targetKey(target, service);
  let cached = clients.get(key);
  if (!cached) {
    const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, maxSockets: 64 };
    const agent = endpoint.startsWith("https:") ? new https.Agent(options) : new http.Agent(options);
    const client = new RPCClient({
      endpoint,
      apiVersion: API_VERSION[service],
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    });
    clients.set(key, (cached = { client, agent }));
  }
  return { cached, accessKeyId: credentials.accessKeyId };
}

/** The cached clients and their idle pooled sockets (for tests: one client per key, sockets reused). */
export function alicloudConnections(): { clients: number; idleSockets: unknown[] } {
  const idleSockets = [...clients.values()].flatMap(({ agent }) => Object.values(agent.freeSockets).flat());
  return { clients: clients.size, idleSockets };
}

/** Closes every pooled socket (tests and the bench call this before they stop an emulator). */
export function closeAlicloudClients(): void {
  for (const { agent } of clients.values()) agent.destroy();
  clients.clear();
}

export async function alicloudRequest<T extends RpcResponse>(
  target: AlicloudTarget,
  service: AlicloudService,
  action: string,
  params: Params,
): Promise<T> {
  const { cached, accessKeyId } = clientFor(target, service);
  const gov = governor(target.runtime);
  gov.setOverrides(rateLimitOverrides(target.settings));
  const secrets = knownSecrets(target.settings);
  const sendOnce = async (): Promise<T> => {
    try {
      return await cached.client.request<T>(action, withoutEmpty({ RegionId: target.region, ...params }), {
        method: "POST",
        timeout: REQUEST_TIMEOUT_MS,
        agent: cached.agent,
      });
    } catch (error) {
      throw toCloudError(error, { service, action, secrets });
    }
  };
  const send = async (): Promise<T> => {
    try {
      return await sendOnce();
    } catch (error) {
      if (isRead(action) && isCloudError(error) && RESET_CODES.has(error.code)) return sendOnce();
      throw error;
    }
  };
  return governed({ cloud: "alicloud", account: accessKeyId, region: target.region, action }, send, gov);
}

const RESET_CODES = new Set(["ECONNRESET", "EPIPE"]);

function isRead(action: string): boolean {
  return action.startsWith("Describe");
}

/** pop-core would send an undefined value as the literal text "undefined". */
function withoutEmpty(params: Params): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/** The parts of a pop-core / httpx error we read. */
interface SdkError {
  name?: string;
  code?: unknown;
  message?: string;
  data?: { RequestId?: unknown; Message?: unknown; Code?: unknown };
  entry?: { response?: { statusCode?: number } | null };
}

export function toCloudError(error: unknown, context: { service: AlicloudService; action: string; secrets: string[] }): CloudError {
  const e = (error ?? {}) as SdkError;
  const apiCode = typeof e.data?.Code === "string" ? e.data.Code : undefined;
  const httpStatus = e.entry?.response?.statusCode ?? undefined;
  let code: string;
  let classification: Classification;
  let message: string;
  if (apiCode) {
    code = apiCode;
    classification = classifyAlicloudCode(code, httpStatus, context.action);
    message = typeof e.data?.Message === "string" ? e.data.Message : "";
  } else {
    code = transportCode(e);
    classification = classifyTransport(code);
    message = e.message ?? String(error);
  }
  return new CloudError({
    cloud: "alicloud",
    service: context.service,
    action: context.action,
    code,
    httpStatus,
    requestId: typeof e.data?.RequestId === "string" ? e.data.RequestId : undefined,
    retryClass: classification.retryClass,
    ambiguous: classification.ambiguous,
    cloudMessage: scrub(message, context.secrets),
    hint: classification.hint,
  });
}

/** Node's errno, a timeout, or an unreadable body; never derived from message text. */
function transportCode(e: SdkError): string {
  if (typeof e.code === "string" && e.code) return e.code;
  if (e.name === "RequestTimeoutError") return "TIMEOUT";
  if (e.name === "SyntaxError") return "InvalidResponse";
  return e.name || "UnknownError";
}

/** Removes known secrets and any query string or signature parameter that could carry one. */
function scrub(message: string, secrets: string[]): string {
  return redact(message, secrets)
    .replace(/(https?:\/\/[^\s?]*)\?\S*/g, "$1?***")
    .replace(/(AccessKeyId|Signature|SecurityToken|AccessKeySecret)=[^&\s]*/gi, "$1=***");
}
