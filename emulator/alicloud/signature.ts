// Alibaba Cloud RPC Signature v1: HMAC-SHA1 over "METHOD&%2F&" + encoded canonical query, key =
// secret + "&", RFC 3986 percent-encoding (ECS "Request signatures" doc; pop-core lib/rpc.js).

import { createHmac, timingSafeEqual } from "node:crypto";

/** RFC 3986: only A-Z a-z 0-9 - _ . ~ stay unencoded; space is %20. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorted by raw key (plain JS code-unit order), Signature excluded. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
}

export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

export function sign(method: string, params: Record<string, string>, secret: string): string {
  return createHmac("sha1", `${secret}&`).update(stringToSign(method, params)).digest("base64");
}

export function signatureMatches(method: string, params: Record<string, string>, secret: string): boolean {
  const expected = Buffer.from(sign(method, params, secret));
  const given = Buffer.from(params.Signature ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
