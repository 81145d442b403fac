// The control API resets and rewrites the whole cloud without credentials, so it answers only
// requests meant for this emulator: the Host must be the emulator's own address (a DNS-rebinding
// page sends its own name), an Origin, when a browser sends one, must be that same address, and a
// write must say application/json (a cross-site form or text/plain POST cannot, without a preflight
// the emulator never grants).

import type { IncomingHttpHeaders } from "node:http";
import * as net from "node:net";
import * as os from "node:os";

export interface Refusal {
  status: number;
  error: string;
}

export interface BoundAddress {
  address: string;
  port: number;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

/** True for 127.0.0.0/8, ::1, localhost: an address only this machine reaches. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return LOOPBACK_NAMES.has(bare) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || bare === "::ffff:127.0.0.1";
}

function isWildcard(address: string): boolean {
  return address === "0.0.0.0" || address === "::" || address === "";
}

/** The host names this emulator answers to on its bound address. */
export function isOwnHostname(hostname: string, bound: BoundAddress): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === bound.address.toLowerCase()) return true;
  if (isWildcard(bound.address)) return net.isIP(bare) !== 0 || LOOPBACK_NAMES.has(bare) || bare === os.hostname().toLowerCase();
  return isLoopback(bound.address) && isLoopback(bare);
}

function splitHost(host: string): { hostname: string; port: number | undefined } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!match) return undefined;
  return { hostname: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function controlRefusal(method: string, headers: IncomingHttpHeaders, bound: BoundAddress, secure: boolean, bodyLength: number): Refusal | undefined {
  const host = first(headers.host);
  const parts = host ? splitHost(host) : undefined;
  const defaultPort = secure ? 443 : 80;
  if (!parts || (parts.port ?? defaultPort) !== bound.port || !isOwnHostname(parts.hostname, bound)) {
    return { status: 403, error: `the control API answers only requests addressed to this emulator (Host ${JSON.stringify(host ?? "")} is not its address)` };
  }
  const origin = first(headers.origin);
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const url = new URL(origin);
      originHost = url.protocol === (secure ? "https:" : "http:") ? url.host : undefined;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || originHost.toLowerCase() !== host!.trim().toLowerCase()) {
      return { status: 403, error: `the control API refuses cross-origin requests (Origin ${JSON.stringify(origin)})` };
    }
  }
  const write = method !== "GET" && method !== "HEAD";
  const type = (first(headers["content-type"]) ?? "").toLowerCase();
  if (write && !/^application\/json\s*(;|$)/.test(type) && !(method === "DELETE" && bodyLength === 0 && type === "")) {
    return { status: 415, error: `control writes need content-type application/json (got ${JSON.stringify(type)})` };
  }
  return undefined;
}
