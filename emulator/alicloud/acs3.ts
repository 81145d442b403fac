// Alibaba Cloud ACS3-HMAC-SHA256 (the default of the Tea/darabonba SDKs: @alicloud/openapi-core
// Utils.getAuthorization). Canonical request = method, URI, canonical query (sorted,
// RFC 3986-encoded values), the signed headers as `name:value\n` (trimmed), the signed header list
// and the hex SHA-256 of the body, joined by "\n"; string to sign = "ACS3-HMAC-SHA256\n" + hex
// SHA-256 of that; signature = hex HMAC-SHA256 keyed by the secret itself (no "&", unlike v1).
// ACS3-HMAC-SM3 (the same SDKs' `signatureAlgorithm: "ACS3-HMAC-SM3"`) is the same with SM3 for
// both hashes and the HMAC; the body's hash still travels in x-acs-content-sha256.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { percentEncode } from "./signature";

export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

/** The ACS3 algorithms verified here, and the node:crypto hash each uses. ACS3-RSA-SHA256 needs a key pair, not an AccessKey secret. */
export const ACS3_HASHES = { "ACS3-HMAC-SHA256": "sha256", "ACS3-HMAC-SM3": "sm3" } as const;
export type Acs3Algorithm = keyof typeof ACS3_HASHES;

export interface Acs3Authorization {
  algorithm: Acs3Algorithm;
  accessKeyId: string;
  /** Lowercase, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = /^(ACS3-HMAC-SHA256|ACS3-HMAC-SM3)\s+Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;\-]+),\s*Signature=([0-9a-f]{64})$/;

/** Any ACS3 generation (an algorithm not verified here is then refused as ACS3, not read as v1). */
export function isAcs3(authorization: string | undefined): boolean {
  return /^ACS3-[A-Z0-9-]+\s/.test(authorization ?? "");
}

/** undefined when the header is not a well-formed ACS3 authorization. */
export function parseAcs3Authorization(header: string | undefined): Acs3Authorization | undefined {
  const match = header ? AUTHORIZATION.exec(header.trim()) : null;
  if (!match) return undefined;
  return { algorithm: match[1] as Acs3Algorithm, accessKeyId: match[2], signedHeaders: match[3].split(";"), signature: match[4] };
}

export const acs3Hash = (data: Buffer | string, algorithm: Acs3Algorithm = ACS3_ALGORITHM): string => createHash(ACS3_HASHES[algorithm]).update(data).digest("hex");

export interface Acs3Input {
  method: string;
  /** The URL path as on the request line. */
  path: string;
  /** Decoded query parameters (the form body is not part of the query). */
  query: Record<string, string>;
  signedHeaders: string[];
  headerValue: (name: string) => string;
  /** Hex hash (the algorithm's: SHA-256 or SM3) of the exact body bytes. */
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

export function acs3StringToSign(input: Acs3Input, algorithm: Acs3Algorithm = ACS3_ALGORITHM): string {
  return `${algorithm}\n${acs3Hash(canonicalRequest(input), algorithm)}`;
}

export function acs3Sign(stringToSign: string, secret: string, algorithm: Acs3Algorithm = ACS3_ALGORITHM): string {
  return createHmac(ACS3_HASHES[algorithm], secret).update(stringToSign, "utf8").digest("hex");
}

export function acs3Matches(stringToSign: string, secret: string, given: string, algorithm: Acs3Algorithm = ACS3_ALGORITHM): boolean {
  const expected = Buffer.from(acs3Sign(stringToSign, secret, algorithm));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
