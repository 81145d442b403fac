// Who is calling: the two Alibaba signature generations verified against the caller's secret, the
// timestamp window and the nonce book (the same role as tencentcloud/auth.ts). RPC Signature v1
// carries everything in the parameters; ACS3-HMAC-SHA256 (or -SM3) in the Authorization and x-acs-* headers.

import type { EmulatorContext, RawRequest } from "../core/types";
import { ACS3_HASHES, acs3Hash, acs3Matches, acs3StringToSign, parseAcs3Authorization } from "./acs3";
import { AliError } from "./errors";
import * as err from "./errors";
import { header, parseForm, queryOf } from "./params";
import { signatureMatches, stringToSign } from "./signature";

/** The gateway accepts a Timestamp up to 15 minutes away from its own clock. */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60 * 1000;

/** Per-service state of the protocol: nonces seen, per access key, until they could no longer pass the timestamp check. */
export class NonceBook {
  private seen = new Map<string, number>();

  /** True when new (and remembers it). */
  use(keyId: string, nonce: string, wallNow: number): boolean {
    if (this.seen.size > 10000) for (const [k, exp] of this.seen) if (exp < wallNow) this.seen.delete(k);
    const key = `${keyId}\u0000${nonce}`;
    const exp = this.seen.get(key);
    if (exp !== undefined && exp >= wallNow) return false;
    this.seen.set(key, wallNow + 2 * TIMESTAMP_TOLERANCE_MS);
    return true;
  }
}

export interface Identity {
  account: string;
  accessKeyId: string;
  nonce: string;
}

/** RPC Signature v1: everything in the query or form, HMAC-SHA1 keyed by secret + "&". */
export function verifyV1(req: RawRequest, params: Record<string, string>, ctx: EmulatorContext): Identity | AliError {
  if (!params.AccessKeyId) return err.missingParameter("AccessKeyId");
  const account = ctx.accountByKey("alicloud", params.AccessKeyId);
  if (!account) return err.accessKeyNotFound();
  if (!params.Signature) return err.incompleteSignature('The parameter "Signature" is missing.');
  if (params.SignatureMethod !== "HMAC-SHA1") return err.incompleteSignature('SignatureMethod must be "HMAC-SHA1".');
  if (params.SignatureVersion !== "1.0") return err.incompleteSignature('SignatureVersion must be "1.0".');
  if (!params.SignatureNonce) return err.missingParameter("SignatureNonce");
  if (!params.Timestamp) return err.missingParameter("Timestamp");
  const stale = freshness(params.Timestamp, ctx);
  if (stale) return stale;
  if (!signatureMatches(req.method, params, account.secret)) return err.signatureMismatch(stringToSign(req.method, params));
  return { account: account.name, accessKeyId: params.AccessKeyId, nonce: params.SignatureNonce };
}

/** ACS3-HMAC-SHA256 / -SM3: identity in Authorization, time and nonce in x-acs-* headers, all of them signed. */
export function verifyAcs3(req: RawRequest, ctx: EmulatorContext): Identity | AliError {
  const auth = parseAcs3Authorization(header(req, "authorization"));
  if (!auth) {
    return err.incompleteSignature(`The Authorization header is not <${Object.keys(ACS3_HASHES).join(" | ")}> Credential=<AccessKeyId>,SignedHeaders=<list>,Signature=<hex>.`);
  }
  const account = ctx.accountByKey("alicloud", auth.accessKeyId);
  if (!account) return err.accessKeyNotFound();
  for (const name of ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]) {
    if (!auth.signedHeaders.includes(name)) return err.incompleteSignature(`SignedHeaders must include ${name}.`);
  }
  const nonce = header(req, "x-acs-signature-nonce");
  if (!nonce) return err.missingParameter("x-acs-signature-nonce");
  const date = header(req, "x-acs-date");
  if (!date) return err.missingParameter("x-acs-date");
  const stale = freshness(date, ctx);
  if (stale) return stale;
  const payloadHash = acs3Hash(req.body, auth.algorithm);
  if ((header(req, "x-acs-content-sha256") ?? "").toLowerCase() !== payloadHash) return err.contentHashMismatch();
  const sts = acs3StringToSign({
    method: req.method,
    path: req.url.split("?")[0],
    query: parseForm(queryOf(req.url)),
    signedHeaders: auth.signedHeaders,
    headerValue: (name) => header(req, name) ?? "",
    payloadHash,
  }, auth.algorithm);
  if (!acs3Matches(sts, account.secret, auth.signature, auth.algorithm)) return err.signatureMismatch(sts);
  return { account: account.name, accessKeyId: auth.accessKeyId, nonce };
}

function freshness(timestamp: string, ctx: EmulatorContext): AliError | undefined {
  const sentAt = parseTimestamp(timestamp);
  if (sentAt === undefined) return err.illegalTimestamp();
  if (Math.abs(ctx.wallNow() - sentAt) > TIMESTAMP_TOLERANCE_MS) return err.timestampExpired();
  return undefined;
}

/** ISO 8601 UTC as the docs require: YYYY-MM-DDThh:mm:ssZ (milliseconds tolerated). */
function parseTimestamp(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
