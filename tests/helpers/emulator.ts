// Test helper: an in-process emulator on a free loopback port plus a small typed client for its
// control API (global fetch). Shared by the emulator, provider and SDK tests; keep the API stable.
//
//   const emu = await startTestEmulator(seed);
//   afterAll(() => emu.close());
//   await emu.control.clock({ advanceMs: 5000 });

import { startEmulator, type RunningEmulator } from "../../emulator";
import type { Seed } from "../../emulator/core/seed";
import type { CallRecord } from "../../emulator/core/types";

// pop-core and the Tencent SDK honour proxy variables; loopback calls must never go through one.
for (const name of ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]) delete process.env[name];

export interface ClockBody {
  mode?: "immediate" | "polls" | "ms";
  polls?: number;
  ms?: number;
  advanceMs?: number;
}

export interface FaultsBody {
  faults?: unknown[];
  rateLimits?: unknown[];
  latencyMs?: number | Record<string, number>;
}

/** One entry of GET /__emulator/requests: the protocol's record plus when and how it ended. */
export interface LoggedRequest extends CallRecord {
  seq: number;
  at: number;
  outcome: "response" | "reset";
}

/** A control call answered with a non-2xx status. */
export class ControlCallError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`control API answered ${status}: ${JSON.stringify(body)}`);
    this.name = "ControlCallError";
  }
}

export interface ControlClient {
  reset(seed: unknown): Promise<void>;
  state(): Promise<Seed>;
  clock(body: ClockBody): Promise<{ mode: string; now: number; offsetMs: number; polls?: number; ms?: number }>;
  faults(body: FaultsBody): Promise<unknown>;
  requests(filter?: { cloud?: string; action?: string }): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  alicloud<T = unknown>(op: string, body?: unknown): Promise<T>;
  tencentcloud<T = unknown>(op: string, body?: unknown): Promise<T>;
}

export interface TestEmulator {
  url: string;
  port: number;
  control: ControlClient;
  /** The in-process emulator, for tests that need its runtime directly. */
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export async function startTestEmulator(seed: unknown, options: { statePath?: string } = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ seed, port: 0, host: "127.0.0.1", statePath: options.statePath });
  return { url: emulator.url, port: emulator.port, control: controlClient(emulator.url), emulator, close: () => emulator.close() };
}

export function controlClient(baseUrl: string): ControlClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ControlCallError(res.status, parsed);
    return parsed as T;
  }
  return {
    reset: async (seed) => {
      await call("POST", "reset", seed);
    },
    state: () => call<Seed>("GET", "state"),
    clock: (body) => call("POST", "clock", body),
    faults: (body) => call("POST", "faults", body),
    requests: async (filter = {}) => {
      const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][]).toString();
      return (await call<{ requests: LoggedRequest[] }>("GET", `requests${q ? `?${q}` : ""}`)).requests;
    },
    clearRequests: async () => {
      await call("DELETE", "requests");
    },
    alicloud: (op, body = {}) => call("POST", `alicloud/${op}`, body),
    tencentcloud: (op, body = {}) => call("POST", `tencentcloud/${op}`, body),
  };
}
