// In-process start: `startEmulator({seed})` for tests and scripts; the CLI (cli.ts) wraps it.

import type { AddressInfo } from "node:net";
import { EmulatorRuntime } from "./core/runtime";
import type { Seed } from "./core/seed";
import { createCloudServices, createEmulatorServer } from "./server";
import { isLoopback } from "./control-guard";

export type { Seed, AccountSeed, CloudSeedSection, InstanceSeed, VpcSeed, ClassicLinkSeed, NetworkInterfaceSeed, FaultSeed, RateLimitSeed, ClockSeed, LatencySeed } from "./core/seed";
export { SeedError, validateSeed } from "./core/seed";
export type { CloudName, ClockSetting } from "./core/types";

export interface StartOptions {
  /** The seed (object) to start from; ignored when statePath names an existing state file. */
  seed: unknown;
  /** 0 or absent: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persist state here after every change and reload it on start. */
  statePath?: string;
  /** PEM certificate and key: serve https (see tls.ts for a generated pair). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Cap on a cloud call's body (default 10 MiB); larger bodies get 413 while they stream in. */
  maxBodyBytes?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  host: string;
  /** False when bound beyond loopback: anyone who reaches the port can use the unauthenticated control API. */
  loopbackOnly: boolean;
  runtime: EmulatorRuntime;
  close(): Promise<void>;
}

export async function startEmulator(options: StartOptions): Promise<RunningEmulator> {
  const runtime = new EmulatorRuntime({ services: createCloudServices(), statePath: options.statePath });
  runtime.boot(options.seed);
  const server = createEmulatorServer(runtime, { tls: options.tls, maxBodyBytes: options.maxBodyBytes });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `${options.tls ? "https" : "http"}://${urlHost}:${port}`,
    port,
    host,
    loopbackOnly: isLoopback(host),
    runtime,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep sockets alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}
