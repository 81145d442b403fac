// One Alibaba Cloud RPC request through @alicloud/pop-core. A client is built for every call from
// the settings passed in, so nothing (credentials, sockets, endpoints) outlives the call.
//
// - POST, so the signed query string (AccessKeyId, Signature, SecurityToken) is never part of the
//   URL that pop-core and httpx copy into their error messages.
// - No keep-alive: a pooled socket reused after an idle gap gets reset by the server
//   (terraform-provider-alicloud#10635), which would turn a harmless read into an ambiguous error.
// - Every failure becomes a CloudError classified by errors.ts; the message is scrubbed of every
//   known secret and of any query string.

import http from "node:http";
import https from "node:https";
import RPCClient from "@alicloud/pop-core";
import { alicloudCredentials, knownSecrets, redact } from "../../core/credentials";
import { AlicloudService, alicloudEndpoint } from "../../core/endpoints";
import { CloudError } from "../../core/errors";
import { ProviderSettings } from "../../core/settings";
import { classifyAlicloudCode, classifyTransport, Classification } from "./errors";

const API_VERSION: Record<AlicloudService, string> = { ecs: "2014-05-26", vpc: "2016-04-28" };

/** Per request, connect and read; the retry layer decides what happens after a timeout. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** Where calls go: the settings that hold credentials and endpoints, and the region of the resource. */
export interface AlicloudTarget {
  settings: ProviderSettings;
  region: string;
}

export type Params = Record<string, string | number | boolean | string[] | undefined | null>;

/** Every successful Alibaba RPC answer carries its RequestId. */
export interface RpcResponse {
  RequestId: string;
}

export async function alicloudRequest<T extends RpcResponse>(
  target: AlicloudTarget,
  service: AlicloudService,
  action: string,
  params: Params,
): Promise<T> {
  const credentials = alicloudCredentials(target.settings);
  const endpoint = alicloudEndpoint(service, target.region, target.settings);
  const client = new RPCClient({
    endpoint,
    apiVersion: API_VERSION[service],
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    securityToken: credentials.securityToken,
  });
  const agent = endpoint.startsWith("https:") ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  try {
    return await client.request<T>(action, withoutEmpty({ RegionId: target.region, ...params }), {
      method: "POST",
      timeout: REQUEST_TIMEOUT_MS,
      agent,
    });
  } catch (error) {
    throw toCloudError(error, { service, action, secrets: knownSecrets(target.settings) });
  } finally {
    agent.destroy();
  }
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
