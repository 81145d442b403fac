// The one place that talks to tencentcloud-sdk-nodejs. Every failure leaves here as a CloudError
// classified by errors.ts.
//
// - One SDK client per account (credentials hashed into the key, never kept in it), region,
//   service and endpoint in the process, each with a keep-alive agent. Idle pooled sockets are
//   closed after IDLE_SOCKET_MS, below the server side's idle timeouts, so a reused socket is
//   rarely reset; a read that meets a reset anyway is sent once more (idempotent), a mutation
//   stays ambiguous and is reconciled (core/reconcile.ts).
// - Every client gets an explicit http(s).Agent: the SDK otherwise routes all traffic through
//   lowercase `http_proxy` when set (https-proxy-agent, ignoring no_proxy), which would send
//   loopback emulator traffic and HTTPS API calls to a proxy nobody configured for this provider.
// - Every request passes through the process's rate governor (core/governor.ts); a
//   RequestLimitExceeded answer slows it down, and the retry layer sends the request again.

import { createHash } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { vpc } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc";
import { cvm } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm";
import TencentCloudSDKHttpException from "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception";
import { CloudError } from "../../core/errors";
import { ConfigurationError, knownSecrets, redact, tencentcloudCredentials } from "../../core/credentials";
import { governed, governor, rateLimitOverrides } from "../../core/governor";
import { TencentcloudService, tencentcloudEndpoint } from "../../core/endpoints";
import { Runtime } from "../../core/runtime";
import { ProviderSettings } from "../../core/settings";
import {
  HTTP_STATUS_ERROR, INVALID_RESPONSE, NETWORK_ERROR, NETWORK_RULE, ruleForCode, ruleForHttpStatus,
} from "./errors";

export type VpcClient = InstanceType<typeof vpc.v20170312.Client>;
export type CvmClient = InstanceType<typeof cvm.v20170312.Client>;

/** Everything one Tencent operation needs: where, with what, and until when. */
export interface TencentOp {
  settings: ProviderSettings;
  region: string;
  runtime: Runtime;
  /** ms since epoch (runtime clock); no retry or wait goes past it. */
  deadline: number;
}

/** Per-request timeout. Long enough for a slow API answer, short against a hung socket. */
export const REQUEST_TIMEOUT_SECONDS = 30;
/** Idle pooled sockets are closed after this, below the server side's idle timeout. */
export const IDLE_SOCKET_MS = 4_000;

interface CachedClient {
  client: VpcClient | CvmClient;
  agent: http.Agent;
}

const clients = new Map<string, CachedClient>();

/** Which calls may share a client, a pooled connection or a coalesced request. */
export function opKey(service: TencentcloudService, op: Pick<TencentOp, "settings" | "region">): string {
  const { secretId, secretKey, token } = tencentcloudCredentials(op.settings);
  const { protocol, endpoint } = tencentcloudEndpoint(service, op.settings);
  return createHash("sha256").update(JSON.stringify([service, protocol, endpoint, op.region, secretId, secretKey, token ?? ""])).digest("hex");
}

/** Waits until the governor has room for `action`, so a coalesced call fills up meanwhile (core/coalesce.ts). */
export function roomFor(op: Pick<TencentOp, "settings" | "region"> & Partial<Pick<TencentOp, "runtime">>, action: string): Promise<void> {
  return governor(op.runtime).room({ cloud: "tencentcloud", account: tencentcloudCredentials(op.settings).secretId, region: op.region, action });
}

function clientFor<C>(service: TencentcloudService, op: Pick<TencentOp, "settings" | "region">, make: (config: ReturnType<typeof clientConfig>) => C): C {
  const key = opKey(service, op);
  let cached = clients.get(key);
  if (!cached) {
    const config = clientConfig(service, op.settings, op.region);
    cached = { client: make(config) as unknown as VpcClient, agent: config.profile.httpProfile.agent };
    clients.set(key, cached);
  }
  return cached.client as unknown as C;
}

/** The cached clients and their idle pooled sockets (for tests: one client per key, sockets reused). */
export function tencentcloudConnections(): { clients: number; idleSockets: unknown[] } {
  const idleSockets = [...clients.values()].flatMap(({ agent }) => Object.values(agent.freeSockets).flat());
  return { clients: clients.size, idleSockets };
}

/** Closes every pooled socket (tests and the bench call this before they stop an emulator). */
export function closeTencentcloudClients(): void {
  for (const { agent } of clients.values()) agent.destroy();
  clients.clear();
}

function clientConfig(service: TencentcloudService, settings: ProviderSettings, region: string) {
  const { secretId, secretKey, token } = tencentcloudCredentials(settings);
  const { protocol, endpoint } = tencentcloudEndpoint(service, settings);
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, maxSockets: 64 };
  const agent: http.Agent = protocol === "http://" ? new http.Agent(options) : new https.Agent(options);
  return {
    credential: { secretId, secretKey, ...(token ? { token } : {}) },
    region,
    profile: {
      language: "en-US" as const,
      httpProfile: { endpoint, protocol, reqMethod: "POST" as const, reqTimeout: REQUEST_TIMEOUT_SECONDS, agent },
    },
  };
}

/** One VPC API request, paced by the governor; errors come back as CloudError. */
export function callVpc<T>(op: Pick<TencentOp, "settings" | "region"> & Partial<Pick<TencentOp, "runtime">>, action: string, send: (client: VpcClient) => Promise<T>): Promise<T> {
  return invoke("vpc", op, action, () => send(clientFor("vpc", op, (c) => new vpc.v20170312.Client(c))));
}

/** One CVM API request, paced by the governor; errors come back as CloudError. */
export function callCvm<T>(op: Pick<TencentOp, "settings" | "region"> & Partial<Pick<TencentOp, "runtime">>, action: string, send: (client: CvmClient) => Promise<T>): Promise<T> {
  return invoke("cvm", op, action, () => send(clientFor("cvm", op, (c) => new cvm.v20170312.Client(c))));
}

async function invoke<T>(
  service: TencentcloudService,
  op: Pick<TencentOp, "settings" | "region"> & Partial<Pick<TencentOp, "runtime">>,
  action: string,
  call: () => Promise<T>,
): Promise<T> {
  const { secretId } = tencentcloudCredentials(op.settings);
  const gov = governor(op.runtime);
  gov.setOverrides(rateLimitOverrides(op.settings));
  const once = async (): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toCloudError(error, service, action, op.settings);
    }
  };
  const send = async (): Promise<T> => {
    try {
      return await once();
    } catch (error) {
      // A read is idempotent: a reset (say, of a pooled socket the server had just closed) is sent again once.
      if (action.startsWith("Describe") && error instanceof CloudError && error.ambiguous) return once();
      throw error;
    }
  };
  return governed({ cloud: "tencentcloud", account: secretId, region: op.region, action }, send, gov);
}

/** Normalises anything the SDK throws. Exported for the classification unit tests. */
export function toCloudError(error: unknown, service: string, action: string, settings: ProviderSettings): Error {
  if (error instanceof CloudError) return error;
  const secrets = knownSecrets(settings);
  const scrub = (text: string) => redact(text, secrets);
  const base = { cloud: "tencentcloud" as const, service, action };

  if (error instanceof TencentCloudSDKHttpException) {
    const message = scrub(error.message || "");
    const requestId = error.requestId || undefined;
    if (error.code) {
      // An API answer (always HTTP 200): the request was processed, so never ambiguous.
      const rule = ruleForCode(error.code, action);
      return new CloudError({ ...base, code: error.code, requestId, retryClass: rule.retryClass, ambiguous: false, cloudMessage: message, hint: rule.hint });
    }
    if (error.httpCode !== undefined) {
      const rule = ruleForHttpStatus(error.httpCode);
      return new CloudError({ ...base, code: HTTP_STATUS_ERROR, httpStatus: error.httpCode, requestId, retryClass: rule.retryClass, ambiguous: rule.ambiguous, cloudMessage: message, hint: rule.hint });
    }
    return new CloudError({ ...base, code: NETWORK_ERROR, retryClass: NETWORK_RULE.retryClass, ambiguous: NETWORK_RULE.ambiguous, cloudMessage: message, hint: NETWORK_RULE.hint });
  }
  // Missing credentials or a bad endpoint setting: the user's to fix, already worded for them.
  if (error instanceof ConfigurationError) return error;
  // The SDK lets a 200 whose body is not an API response escape as FetchError/TypeError: the
  // request may have been applied, so treat it like a lost answer.
  const message = scrub(error instanceof Error ? error.message : String(error));
  return new CloudError({ ...base, code: INVALID_RESPONSE, retryClass: NETWORK_RULE.retryClass, ambiguous: true, cloudMessage: message, hint: NETWORK_RULE.hint });
}
