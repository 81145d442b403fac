// Alibaba request parameters: the query and a form body, decoded into a null-prototype record (the
// same role as tencentcloud/params.ts). Strict decoding refuses bad percent-encoding and names that
// could reach a prototype; the lenient form only routes and picks the error format.

import type { RawRequest } from "../core/types";
import { ForbiddenKeyError, forbiddenPart, nullRecord } from "../core/safe-keys";

/**
 * Decodes a query string or form body into a null-prototype record; "+" is a space as in any form
 * encoding. Strict: a bad percent-encoding throws URIError and a name that could reach a prototype
 * throws ForbiddenKeyError. Lenient (only to route and pick the error format): undecodable parts stay raw.
 */
export function parseForm(text: string, lenient = false): Record<string, string> {
  const out = nullRecord<string>();
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const [k, v] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = decode(k, lenient);
    if (!lenient && forbiddenPart(key)) throw new ForbiddenKeyError(key);
    out[key] = decode(v, lenient);
  }
  return out;
}

function decode(text: string, lenient: boolean): string {
  const spaced = text.replace(/\+/g, " ");
  if (!lenient) return decodeURIComponent(spaced);
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export const queryOf = (url: string): string => (url.includes("?") ? url.slice(url.indexOf("?") + 1) : "");

export function hasFormBody(req: RawRequest): boolean {
  const type = String(req.headers["content-type"] ?? "");
  return req.method.toUpperCase() === "POST" && req.body.length > 0 && (type === "" || type.includes("application/x-www-form-urlencoded"));
}

/** Query parameters, then form-body parameters over them. */
export function requestParams(req: RawRequest, lenient = false): Record<string, string> {
  const params = parseForm(queryOf(req.url), lenient);
  if (hasFormBody(req)) Object.assign(params, parseForm(req.body.toString("utf8"), lenient));
  return params;
}

export const header = (req: RawRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};
