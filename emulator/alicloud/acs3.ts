// Alibaba Cloud ACS3-HMAC-SHA256 (the default of the Tea/darabonba SDKs: @alicloud/openapi-core
// Utils.getAuthorization). Canonical request = method, URI, canonical query (sorted,
// RFC 3986-encoded values), the signed headers as `name:value\n` (trimmed), the signed header list
// and the hex SHA-256 of the body, joined by "\n"; string to sign = "ACS3-HMAC-SHA256\n" + hex
// SHA-256 of that; signature = hex HMAC-SHA256 keyed by the secret itself (no "&", unlike v1).

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { percentEncode } from "./signature";

export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

export interface Acs3Authorization {
  accessKeyId: string;
  /** Lowercase, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;\-]+),\s*Signature=([0-9a-f]{64})$/;

export function isAcs3(authorization: string | undefined): boolean {
  return (authorization ?? "").startsWith(`${ACS3_ALGORITHM} `);
}

/** undefined when the header is not a well-formed ACS3 authorization. */
export function parseAcs3Authorization(header: string | undefined): Acs3Authorization | undefined {
  const match = header ? AUTHORIZATION.exec(header.trim()) : null;
  if (!match) return undefined;
  return { accessKeyId: match[1], signedHeaders: match[2].split(";"), signature: match[3] };
}

export const sha256Hex = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

export interface Acs3Input {
  method: string;
  /** The URL path as on the request line. */
  path: string;
  /** Decoded query parameters (the form body is not part of the query). */
  query: Record<string, string>;
  signedHeaders: string[];
  headerValue: (name: string) => string;
  /** Hex SHA-256 of the exact body bytes. */
  payloadHash: string;
}

export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(query[key])}`)
    .join("&");
}

export function canonicalRequest(input: Acs3Input): string {
  const headers = input.signedHeaders.map((name) => `${name}:${input.headerValue(name).replace(/[\t\n\r\f]/g, " ").trim()}\n`).join("");
  return [input.method.toUpperCase(), input.path, canonicalQuery(input.query), headers, input.signedHeaders.join(";"), input.payloadHash].join("\n");
}

export function acs3StringToSign(input: Acs3Input): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest(input))}`;
}

export function acs3Sign(stringToSign: string, secret: string): string {
  return createHmac("sha256", secret).update(stringToSign, "utf8").digest("hex");
}

export function acs3Matches(stringToSign: string, secret: string, given: string): boolean {
  const expected = Buffer.from(acs3Sign(stringToSign, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
