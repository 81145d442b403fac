// The one place that talks to tencentcloud-sdk-nodejs. A client is built for every call from the
// settings of that call (nothing module-level, nothing captured), and every failure leaves here
// as a CloudError classified by errors.ts.
//
// Connection decision: every client gets an explicit http(s).Agent. The SDK otherwise routes all
// traffic through lowercase `http_proxy` when set (https-proxy-agent, ignoring no_proxy), which
// would send loopback emulator traffic and HTTPS API calls to a proxy nobody configured for this
// provider. Connections therefore always go direct; the agent keeps no sockets alive, so nothing
// outlives the call.

import * as http from "node:http";
import * as https from "node:https";
import { vpc } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc";
import { cvm } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm";
import TencentCloudSDKHttpException from "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception";
import { CloudError } from "../../core/errors";
import { ConfigurationError, knownSecrets, redact, tencentcloudCredentials } from "../../core/credentials";
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

function clientConfig(service: TencentcloudService, settings: ProviderSettings, region: string) {
  const { secretId, secretKey, token } = tencentcloudCredentials(settings);
  const { protocol, endpoint } = tencentcloudEndpoint(service, settings);
  const agent = protocol === "http://" ? new http.Agent({ keepAlive: false }) : new https.Agent({ keepAlive: false });
  return {
    credential: { secretId, secretKey, ...(token ? { token } : {}) },
    region,
    profile: {
      language: "en-US" as const,
      httpProfile: { endpoint, protocol, reqMethod: "POST" as const, reqTimeout: REQUEST_TIMEOUT_SECONDS, agent },
    },
  };
}

/** One VPC API request, sent once; errors come back as CloudError. */
export function callVpc<T>(op: Pick<TencentOp, "settings" | "region">, action: string, send: (client: VpcClient) => Promise<T>): Promise<T> {
  return invoke("vpc", op, action, () => send(new vpc.v20170312.Client(clientConfig("vpc", op.settings, op.region))));
}

/** One CVM API request, sent once; errors come back as CloudError. */
export function callCvm<T>(op: Pick<TencentOp, "settings" | "region">, action: string, send: (client: CvmClient) => Promise<T>): Promise<T> {
  return invoke("cvm", op, action, () => send(new cvm.v20170312.Client(clientConfig("cvm", op.settings, op.region))));
}

async function invoke<T>(
  service: TencentcloudService,
  op: Pick<TencentOp, "settings">,
  action: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCloudError(error, service, action, op.settings);
  }
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
