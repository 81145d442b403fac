// Tencent Cloud's v1 signature (every SDK's signMethod HmacSHA1 / HmacSHA256), GET query or form
// POST. As tencentcloud-sdk-nodejs builds it (abstract_client formatRequestData/formatSignString):
// string to sign = METHOD + host + path + "?" + every parameter but Signature, sorted by name,
// `name=value` joined by "&", values NOT encoded; Signature = base64 HMAC keyed by the SecretKey.
// The SDK signs its endpoint, port included; clients that sign the bare hostname are valid too.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { EmulatorContext, RawRequest } from "../core/types";
import { headerText, hostWithoutPort, MAX_SKEW_SECONDS } from "./auth";
import { TencentError } from "./errors";

/** Common parameters of a v1 call; everything else is the action's own input. */
export const V1_COMMON = ["Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod", "RequestClient", "Token", "Language"];

const HASHES: Record<string, "sha1" | "sha256"> = { HmacSHA1: "sha1", HmacSHA256: "sha256" };

/** The v1 parameters of a request (query for GET, form body for POST), or undefined when it is not a v1 call. */
export function v1Fields(req: RawRequest): URLSearchParams | undefined {
  const query = new URLSearchParams(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "");
  const type = (headerText(req, "content-type") ?? "").toLowerCase();
  const fields = req.method === "POST" && type.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(req.body.toString("utf8")) : query;
  return fields.has("SecretId") && fields.has("Signature") && !fields.has("AccessKeyId") ? fields : undefined;
}

export function v1StringToSign(method: string, host: string, path: string, fields: URLSearchParams): string {
  const pairs = [...fields].filter(([name]) => name !== "Signature");
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()}${host}${path}?${pairs.map(([name, value]) => `${name}=${value}`).join("&")}`;
}

export function v1Sign(stringToSign: string, secretKey: string, method: string): string {
  return createHmac(HASHES[method], secretKey).update(stringToSign, "utf8").digest("base64");
}

/**
 * Signed requests seen, kept until their timestamp could no longer pass. A replay is the same
 * SecretId, Timestamp, Nonce *and* signature: the SDKs draw Nonce from only 0..65535, so two
 * different calls in one second may share one, and refusing them would fail honest clients.
 */
export class V1NonceBook {
  private seen = new Map<string, number>();

  /** True when new (and remembers it). */
  use(secretId: string, timestamp: string, nonce: string, signature: string, wallSeconds: number): boolean {
    if (this.seen.size > 10000) for (const [key, expires] of this.seen) if (expires < wallSeconds) this.seen.delete(key);
    const key = `${secretId}\u0000${timestamp}\u0000${nonce}\u0000${signature}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, Number(timestamp) + 2 * MAX_SKEW_SECONDS);
    return true;
  }
}

/** Returns the caller's account name, or throws the AuthFailure the real gateway gives. */
export function authenticateV1(req: RawRequest, fields: URLSearchParams, ctx: EmulatorContext, nonces: V1NonceBook): string {
  const required = (name: string): string => {
    const value = fields.get(name);
    if (value === null || value === "") throw new TencentError("MissingParameter", `The request is missing a required parameter \`${name}\`.`);
    return value;
  };
  const secretId = required("SecretId");
  const timestamp = required("Timestamp");
  const nonce = required("Nonce");
  const method = fields.get("SignatureMethod") ?? "HmacSHA1";
  if (!Object.hasOwn(HASHES, method)) throw new TencentError("InvalidParameterValue", `SignatureMethod \`${method}\` is not HmacSHA1 or HmacSHA256.`);
  if (!/^\d+$/.test(timestamp)) throw new TencentError("InvalidParameter", "`Timestamp` must be a unix timestamp in seconds.");
  if (!/^\d+$/.test(nonce)) throw new TencentError("InvalidParameter", "`Nonce` must be a positive integer.");
  const account = ctx.accountByKey("tencentcloud", secretId);
  if (!account) throw new TencentError("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.");
  if (Math.abs(ctx.wallNow() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
    throw new TencentError("AuthFailure.SignatureExpire", "Signature expired. Timestamp is more than 5 minutes away from the server time.");
  }
  const host = headerText(req, "host") ?? "";
  const path = req.url.split("?")[0];
  const given = Buffer.from(fields.get("Signature") ?? "");
  const matches = [...new Set([host, hostWithoutPort(host)])].some((signedHost) => {
    const expected = Buffer.from(v1Sign(v1StringToSign(req.method, signedHost, path, fields), account.secret, method));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) throw new TencentError("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please ensure your signature is correct.");
  // Choice: API 3.0 documents no replay code; a replayed (SecretId, Timestamp, Nonce) fails as a signature.
  if (!nonces.use(secretId, timestamp, nonce, fields.get("Signature") ?? "", ctx.wallNow() / 1000)) {
    throw new TencentError("AuthFailure.SignatureFailure", "The request was replayed: this Nonce was already used with this Timestamp.");
  }
  return account.name;
}
