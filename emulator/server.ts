// The HTTP entry: one loopback port for the control API and every cloud. It reads the raw bytes
// (signatures hash them) up to a cap, hands cloud calls to whichever service claims them, applies
// latency, logs the call and turns a "reset" outcome into a destroyed socket. Every request is
// treated as hostile: bodies are capped while they stream in, and the control API answers only
// requests addressed to this emulator (control-guard.ts).

import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { createAliCloudService } from "./alicloud";
import { createTencentCloudService } from "./tencentcloud";
import { handleControl } from "./control";
import { controlRefusal } from "./control-guard";
import { EmulatorRuntime } from "./core/runtime";
import type { CloudService, RawRequest, RawResponse } from "./core/types";

export const CONTROL_PREFIX = "/__emulator/";

/** Cloud calls: Tencent's own TC3 limit (10 MB); every real request is far smaller. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Control calls: a reset may carry a large seed. */
export const DEFAULT_MAX_CONTROL_BODY_BYTES = 64 * 1024 * 1024;

export interface ServerOptions {
  maxBodyBytes?: number;
  maxControlBodyBytes?: number;
  /** PEM certificate and key: serve https instead of http. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export function createCloudServices(): CloudService<unknown>[] {
  return [createAliCloudService() as CloudService<unknown>, createTencentCloudService() as CloudService<unknown>];
}

export function createEmulatorServer(runtime: EmulatorRuntime, options: ServerOptions = {}): http.Server {
  const secure = options.tls !== undefined;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const control = (req.url ?? "/").startsWith(CONTROL_PREFIX);
    const limit = control ? (options.maxControlBodyBytes ?? DEFAULT_MAX_CONTROL_BODY_BYTES) : (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      sendTooLarge(runtime, req, res, control, limit);
    };
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      const bound = server.address() as AddressInfo;
      dispatch(runtime, req, res, Buffer.concat(chunks), { address: bound.address, port: bound.port }, secure).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String((err as Error)?.message ?? err) });
        else res.destroy();
      });
    });
    if (Number(req.headers["content-length"]) > limit) refuse();
  };
  const server: http.Server = secure ? (https.createServer({ cert: options.tls!.cert, key: options.tls!.key }, handler) as unknown as http.Server) : http.createServer(handler);
  return server;
}

/**
 * 413 in the cloud's error shape, sent at once; the rest of the body is read and dropped (never
 * kept), and the connection closes after the answer.
 */
function sendTooLarge(runtime: EmulatorRuntime, req: http.IncomingMessage, res: http.ServerResponse, control: boolean, limit: number): void {
  const head: RawRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.alloc(0), receivedAt: runtime.clock.now() };
  const service = control ? undefined : runtime.services.find((s) => s.claims(head));
  const answer: RawResponse = service?.tooLarge?.(head, limit) ?? {
    status: 413,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ error: `request body exceeds ${limit} bytes` }),
  };
  res.shouldKeepAlive = false;
  res.writeHead(answer.status, { ...answer.headers, connection: "close" });
  res.end(answer.body);
}

async function dispatch(runtime: EmulatorRuntime, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, bound: { address: string; port: number }, secure: boolean): Promise<void> {
  const url = req.url ?? "/";
  const parsed = new URL(url, "http://emulator.local");
  if (parsed.pathname.startsWith(CONTROL_PREFIX)) {
    const refusal = controlRefusal(req.method ?? "GET", req.headers, bound, secure, body.length);
    if (refusal) {
      sendJson(res, refusal.status, { error: refusal.error });
      return;
    }
    const answer = handleControl(runtime, req.method ?? "GET", parsed.pathname, parsed.searchParams, body);
    sendJson(res, answer.status, answer.body);
    return;
  }
  const raw: RawRequest = { method: req.method ?? "GET", url, headers: req.headers, body, receivedAt: runtime.clock.now() };
  const service = runtime.services.find((s) => s.claims(raw));
  if (!service) {
    sendJson(res, 400, { error: "request is neither an Alibaba Cloud RPC call nor a Tencent Cloud API 3.0 call" });
    return;
  }
  service.tick?.(runtime.ctx);
  const outcome = await service.handle(raw, runtime.ctx);
  runtime.persist();
  if (outcome.kind === "reset") {
    runtime.log.add(outcome.record, raw.receivedAt, "reset");
    req.socket.destroy();
    return;
  }
  const latency = runtime.ctx.latencyFor(service.cloud, outcome.record.action);
  if (latency > 0) await sleep(latency);
  runtime.log.add(outcome.record, raw.receivedAt, "response");
  if (req.socket.destroyed) return;
  res.writeHead(outcome.response.status, outcome.response.headers);
  res.end(outcome.response.body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
