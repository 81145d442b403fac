// TC3-HMAC-SHA256, computed from the parts a server can see on the wire. The verifier takes date
// and service from the Authorization credential scope: the Node SDK derives the service from the
// endpoint's first label ("127" for 127.0.0.1:PORT), so the hostname says nothing reliable.

import { createHash, createHmac } from "node:crypto";

export interface Tc3Input {
  method: string;
  /** URL path as on the request line ("/" for the SDK's default endpoint). */
  path: string;
  /** Raw query string without "?" ("" for POST). */
  query: string;
  /** Signed header names, lowercase, in the order listed by SignedHeaders. */
  signedHeaders: string[];
  /** Value of each signed header as it enters the canonical request. */
  headerValue: (name: string) => string;
  /** Exact body bytes (or string) that were sent. */
  payload: Buffer | string;
  timestamp: string;
  date: string;
  service: string;
  secretKey: string;
}

export const sha256Hex = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

export function canonicalRequest(input: Tc3Input): string {
  const headers = input.signedHeaders.map((name) => `${name}:${input.headerValue(name).trim()}\n`).join("");
  return [input.method, input.path, input.query, headers, input.signedHeaders.join(";"), sha256Hex(input.payload)].join("\n");
}

export function tc3Signature(input: Tc3Input): string {
  const scope = `${input.date}/${input.service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", input.timestamp, scope, sha256Hex(canonicalRequest(input))].join("\n");
  const secretDate = hmac(`TC3${input.secretKey}`, input.date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, "tc3_request");
  return createHmac("sha256", secretSigning).update(stringToSign, "utf8").digest("hex");
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, ?SignedHeaders=([a-z0-9;\-]+), ?Signature=([0-9a-f]{64})$/;

/** undefined when the header is missing or not a TC3 authorization. */
export function parseTc3Authorization(header: string | undefined): Tc3Authorization | undefined {
  const match = header ? AUTHORIZATION.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, secretId, date, service, signedHeaders, signature] = match;
  return { secretId, date, service, signedHeaders: signedHeaders.split(";"), signature };
}

/** The UTC calendar date of a unix timestamp, as the credential scope writes it. */
export const utcDate = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString().slice(0, 10);
