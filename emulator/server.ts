// The HTTP entry: one loopback port for the control API and every cloud. It reads the raw bytes
// (signatures hash them), hands cloud calls to whichever service claims them, applies latency,
// logs the call and turns a "reset" outcome into a destroyed socket.

import * as http from "node:http";
import { createAliCloudService } from "./alicloud";
import { createTencentCloudService } from "./tencentcloud";
import { handleControl } from "./control";
import { EmulatorRuntime } from "./core/runtime";
import type { CloudService, RawRequest } from "./core/types";

export const CONTROL_PREFIX = "/__emulator/";

export function createCloudServices(): CloudService<unknown>[] {
  return [createAliCloudService() as CloudService<unknown>, createTencentCloudService() as CloudService<unknown>];
}

export function createEmulatorServer(runtime: EmulatorRuntime): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      dispatch(runtime, req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String((err as Error)?.message ?? err) });
        else res.destroy();
      });
    });
  });
}

async function dispatch(runtime: EmulatorRuntime, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
  const url = req.url ?? "/";
  const parsed = new URL(url, "http://emulator.local");
  if (parsed.pathname.startsWith(CONTROL_PREFIX)) {
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
