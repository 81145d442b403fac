// Shared seed, SDK clients and assertions for the Tencent Cloud emulator tests. Clients are the
// real tencentcloud-sdk-nodejs over HTTP to the in-process emulator.

import { vpc } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc";
import { cvm } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { createHash, createHmac } from "node:crypto";

export const REGION = "ap-guangzhou";
export const ZONE = "ap-guangzhou-3";

export const ALICE = { name: "alice", secretId: "AKIDalice000000000000000000000000000", secretKey: "alice-secret-key" };
export const BOB = { name: "bob", secretId: "AKIDbob00000000000000000000000000000", secretKey: "bob-secret-key" };

export type Credentials = { secretId: string; secretKey: string };

export interface ClientOptions {
  credentials?: Credentials;
  region?: string;
  reqMethod?: "GET" | "POST";
  /** The SDK's request timeout in seconds (default 10). */
  reqTimeout?: number;
}

const httpProfile = (url: string, options: ClientOptions) => ({
  endpoint: url.replace(/^http:\/\//, ""),
  protocol: "http://",
  reqMethod: options.reqMethod ?? "POST",
  reqTimeout: options.reqTimeout ?? 10,
});

export function vpcClient(url: string, options: ClientOptions = {}) {
  const { secretId, secretKey } = options.credentials ?? ALICE;
  return new vpc.v20170312.Client({ credential: { secretId, secretKey }, region: options.region ?? REGION, profile: { httpProfile: httpProfile(url, options) } });
}

export function cvmClient(url: string, options: ClientOptions = {}) {
  const { secretId, secretKey } = options.credentials ?? ALICE;
  return new cvm.v20170312.Client({ credential: { secretId, secretKey }, region: options.region ?? REGION, profile: { httpProfile: httpProfile(url, options) } });
}

export interface SdkError {
  code?: string;
  httpCode?: number;
  message: string;
  requestId?: string;
}

/** The SDK error of a call that must fail with `code` in an HTTP 200 envelope. */
export async function expectTencentError(call: Promise<unknown>, code: string): Promise<SdkError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${code}, got success ${JSON.stringify(value)}`);
    },
    (caught: SdkError) => caught,
  );
  expect({ code: error.code, httpCode: error.httpCode }).toEqual({ code, httpCode: undefined });
  return error;
}

let counter = 0;
const id = (prefix: string, name: string) => `${prefix}-${name}`;

export const ids = {
  classicRunning: id("ins", "classic01"),
  classicStopped: id("ins", "classic02"),
  classicPending: id("ins", "classicpnd"),
  classicLocked: id("ins", "classiclck"),
  classicLinked: id("ins", "classiclnk"),
  classicBob: id("ins", "classicbob"),
  vpcInstance: id("ins", "vpcinst01"),
  appInstance: id("ins", "app00001"),
  appInstance2: id("ins", "app00002"),
  appInstanceFull: id("ins", "appfull01"),
  appInstanceOtherZone: id("ins", "appzone04"),
  linkableVpc: id("vpc", "linkable1"),
  linkableVpc2: id("vpc", "linkable2"),
  noLinkVpc: id("vpc", "nolink001"),
  fullVpc: id("vpc", "full00001"),
  appVpc: id("vpc", "app00001"),
  bobVpc: id("vpc", "bob00001"),
  primaryEni: id("eni", "primary01"),
  freeEni: id("eni", "free0001"),
  freeEni2: id("eni", "free0002"),
  attachedEni: id("eni", "attached1"),
  otherZoneEni: id("eni", "zone00004"),
  otherVpcEni: id("eni", "othervpc1"),
  fullPrimaryEni: id("eni", "fullprim1"),
  fullSecondaryEni: id("eni", "fullsec01"),
  bobEni: id("eni", "bob00001"),
};

const instance = (instanceId: string, extra: Record<string, unknown> = {}) => ({
  instanceId,
  region: REGION,
  zone: ZONE,
  networkType: "classic",
  status: "RUNNING",
  ...extra,
});

const eni = (networkInterfaceId: string, extra: Record<string, unknown> = {}) => ({
  networkInterfaceId,
  region: REGION,
  zone: ZONE,
  vpcId: ids.appVpc,
  type: "Secondary",
  status: "AVAILABLE",
  ...extra,
});

/** 1000 classic instances linked to fullVpc, for the per-VPC limit. */
function fullVpcLinks() {
  const instances = [];
  const links = [];
  for (let n = 0; n < 1000; n += 1) {
    const instanceId = `ins-full${String(n).padStart(4, "0")}`;
    instances.push(instance(instanceId));
    links.push({ instanceId, vpcId: ids.fullVpc });
  }
  return { instances, links };
}

export function tencentSeed(clock: Record<string, unknown> = { mode: "immediate" }) {
  counter += 1;
  const full = fullVpcLinks();
  return {
    accounts: [
      { name: ALICE.name, tencentcloud: { secretId: ALICE.secretId, secretKey: ALICE.secretKey } },
      { name: BOB.name, tencentcloud: { secretId: BOB.secretId, secretKey: BOB.secretKey } },
    ],
    clock,
    randomSeed: counter,
    tencentcloud: {
      instances: [
        instance(ids.classicRunning, { privateIp: "10.100.0.11" }),
        instance(ids.classicStopped, { status: "STOPPED" }),
        // `stuck`: stays PENDING under every clock, for the wrong-state rules (a plain PENDING settles to RUNNING).
        instance(ids.classicPending, { status: "PENDING", stuck: true }),
        instance(ids.classicLocked, { locked: true }),
        instance(ids.classicLinked),
        instance(ids.classicBob, { account: BOB.name }),
        instance(ids.vpcInstance, { networkType: "vpc", vpcId: ids.linkableVpc }),
        instance(ids.appInstance, { networkType: "vpc", vpcId: ids.appVpc }),
        instance(ids.appInstance2, { networkType: "vpc", vpcId: ids.appVpc }),
        instance(ids.appInstanceFull, { networkType: "vpc", vpcId: ids.appVpc, maxEnis: 2 }),
        instance(ids.appInstanceOtherZone, { networkType: "vpc", vpcId: ids.appVpc, zone: "ap-guangzhou-4" }),
        ...full.instances,
      ],
      vpcs: [
        { vpcId: ids.linkableVpc, region: REGION, cidrBlock: "10.0.0.0/16" },
        { vpcId: ids.linkableVpc2, region: REGION, cidrBlock: "10.47.0.0/16" },
        { vpcId: ids.noLinkVpc, region: REGION, cidrBlock: "172.16.0.0/16" },
        { vpcId: ids.fullVpc, region: REGION, cidrBlock: "10.2.0.0/16" },
        { vpcId: ids.appVpc, region: REGION, cidrBlock: "10.20.0.0/16" },
        { vpcId: ids.bobVpc, region: REGION, cidrBlock: "10.3.0.0/16", account: BOB.name },
      ],
      classicLinks: [{ instanceId: ids.classicLinked, vpcId: ids.linkableVpc2 }, ...full.links],
      networkInterfaces: [
        eni(ids.primaryEni, { type: "Primary", instanceId: ids.appInstance, deviceIndex: 0 }),
        eni(ids.freeEni),
        eni(ids.freeEni2),
        eni(ids.attachedEni, { instanceId: ids.appInstance2, deviceIndex: 1, attachTime: "2026-01-01 00:00:00" }),
        eni(ids.otherZoneEni, { zone: "ap-guangzhou-4" }),
        eni(ids.otherVpcEni, { vpcId: ids.linkableVpc }),
        eni(ids.fullPrimaryEni, { type: "Primary", instanceId: ids.appInstanceFull, deviceIndex: 0 }),
        eni(ids.fullSecondaryEni, { instanceId: ids.appInstanceFull, deviceIndex: 1 }),
        eni(ids.bobEni, { account: BOB.name }),
      ],
    },
  };
}

export interface RawCall {
  action: string;
  body?: string;
  timestamp?: number;
  credentials?: Credentials;
  version?: string;
  region?: string | null;
  authorization?: string;
  tamper?: (headers: Record<string, string>) => void;
  /** The bytes the signature covers, when they must differ from the body sent (default: the body). */
  signedBody?: string;
}

/**
 * A hand-made TC3 POST, signed by the SDK's own signer over the raw body bytes (a Buffer payload,
 * so a non-compact body is hashed as sent), for what the SDK client cannot send.
 */
export async function rawCall(url: string, call: RawCall): Promise<{ status: number; body: { Response: Record<string, unknown> } }> {
  const { secretId, secretKey } = call.credentials ?? ALICE;
  const body = call.body ?? "{}";
  const timestamp = call.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-TC-Action": call.action,
    "X-TC-Timestamp": String(timestamp),
    "X-TC-Version": call.version ?? "2017-03-12",
  };
  if (call.region !== null) headers["X-TC-Region"] = call.region ?? REGION;
  headers.Authorization =
    call.authorization ??
    Sign.sign3({ method: "POST", url: `${url}/`, payload: Buffer.from(call.signedBody ?? body, "utf8"), timestamp, service: "vpc", secretId, secretKey, multipart: false, boundary: "", headers });
  call.tamper?.(headers);
  const response = await fetch(`${url}/`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as { Response: Record<string, unknown> } };
}

export interface PublishedTc3Options {
  secretKey?: string;
  /** The host as signed (default: the Host header as sent, port included, as the Python and Go SDKs sign it). */
  host?: string;
  contentType?: string;
  /** Send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` (the Go and Python SDKs' UnsignedPayload). */
  unsignedHeader?: boolean;
  /** What the canonical request hashes (default: the literal when the header is sent, else the body). */
  hashed?: "body" | "unsigned";
}

/**
 * A TC3 POST signed by the published algorithm written out here (not the Node SDK's signer), for
 * what other SDKs send: the port in the signed host, an unsigned payload. HTTP status and Response.
 */
export async function publishedTc3(url: string, action: string, payload: Record<string, unknown>, options: PublishedTc3Options = {}) {
  const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
  const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const host = options.host ?? new URL(url).host;
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const contentType = options.contentType ?? "application/json";
  const hashed = (options.hashed ?? (options.unsignedHeader ? "unsigned" : "body")) === "unsigned" ? "UNSIGNED-PAYLOAD" : body;
  const canonical = ["POST", "/", "", `content-type:${contentType}\nhost:${host}\n`, "content-type;host", sha256(hashed)].join("\n");
  const scope = `${date}/vpc/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(`TC3${options.secretKey ?? ALICE.secretKey}`, date), "vpc"), "tc3_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  const res = await fetch(`${url}/`, {
    method: "POST",
    headers: {
      "Content-Type": contentType,
      "X-TC-Action": action,
      "X-TC-Version": "2017-03-12",
      "X-TC-Region": REGION,
      "X-TC-Timestamp": String(timestamp),
      ...(options.unsignedHeader ? { "X-TC-Content-SHA256": "UNSIGNED-PAYLOAD" } : {}),
      Authorization: `TC3-HMAC-SHA256 Credential=${ALICE.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
    },
    body,
  });
  return { status: res.status, response: ((await res.json()) as { Response: Record<string, any> }).Response };
}
