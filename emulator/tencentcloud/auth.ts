// TC3-HMAC-SHA256 verification of a received request.

import { timingSafeEqual } from "node:crypto";
import type { EmulatorContext, RawRequest } from "../core/types";
import { TencentError } from "./errors";
import { parseTc3Authorization, tc3Signature, utcDate } from "./signature";

export const MAX_SKEW_SECONDS = 300;

/** Host as tencentcloud-sdk-nodejs signs it: the URL hostname, i.e. the Host header without its port. */
export const hostWithoutPort = (host: string): string => /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(host)?.[1] ?? host;

/**
 * `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` (ClientProfile.UnsignedPayload / unsignedPayload in the Go,
 * Python and Java SDKs): the canonical request then hashes that literal instead of the body.
 */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

export function headerText(req: RawRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Returns the caller's account name, or throws the AuthFailure the real gateway gives. */
export function authenticate(req: RawRequest, ctx: EmulatorContext): string {
  const authorization = parseTc3Authorization(headerText(req, "authorization"));
  if (!authorization) throw new TencentError("AuthFailure.InvalidAuthorization", "The Authorization header is missing or is not a TC3-HMAC-SHA256 authorization.");
  if (!authorization.signedHeaders.includes("content-type") || !authorization.signedHeaders.includes("host")) {
    throw new TencentError("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.");
  }
  const timestamp = headerText(req, "x-tc-timestamp");
  if (timestamp === undefined) throw new TencentError("MissingParameter", "The request is missing a required parameter `Timestamp`.");
  if (!/^\d+$/.test(timestamp)) throw new TencentError("InvalidParameter", "The `X-TC-Timestamp` header must be a unix timestamp in seconds.");

  const account = ctx.accountByKey("tencentcloud", authorization.secretId);
  if (!account) throw new TencentError("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.");

  // Wall-clock time, the clock the client signs with: the emulator's clock offset moves
  // transitions along, and must not make every later request look stale.
  if (Math.abs(ctx.wallNow() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
    throw new TencentError("AuthFailure.SignatureExpire", "Signature expired. Timestamp is more than 5 minutes away from the server time.");
  }

  const [path, query = ""] = splitUrl(req.url);
  const host = headerText(req, "host") ?? "";
  // The Node SDK signs the hostname without the port; the Python and Go SDKs sign the Host header
  // as sent, port included. Both are valid requests.
  const signedHosts = [...new Set([hostWithoutPort(host), host])];
  const payload = headerText(req, "x-tc-content-sha256") === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : req.body;
  const given = Buffer.from(authorization.signature);
  const matches =
    authorization.date === utcDate(Number(timestamp)) &&
    signedHosts.some((signedHost) => {
      const expected = tc3Signature({
        method: req.method,
        path,
        query,
        signedHeaders: authorization.signedHeaders,
        headerValue: (name) => (name === "host" ? signedHost : (headerText(req, name) ?? "")).toLowerCase(),
        payload,
        timestamp,
        date: authorization.date,
        service: authorization.service,
        secretKey: account.secret,
      });
      return timingSafeEqual(Buffer.from(expected), given);
    });
  if (!matches) {
    throw new TencentError("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please ensure your signature is correct.");
  }
  return account.name;
}

function splitUrl(url: string): [string, string?] {
  const at = url.indexOf("?");
  return at < 0 ? [url] : [url.slice(0, at), url.slice(at + 1)];
}
