// In-process start: `startEmulator({seed})` for tests and scripts; the CLI (cli.ts) wraps it.

import type { AddressInfo } from "node:net";
import { EmulatorRuntime } from "./core/runtime";
import type { Seed } from "./core/seed";
import { createCloudServices, createEmulatorServer } from "./server";

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
}

export interface RunningEmulator {
  url: string;
  port: number;
  host: string;
  runtime: EmulatorRuntime;
  close(): Promise<void>;
}

export async function startEmulator(options: StartOptions): Promise<RunningEmulator> {
  const runtime = new EmulatorRuntime({ services: createCloudServices(), statePath: options.statePath });
  runtime.boot(options.seed);
  const server = createEmulatorServer(runtime);
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
    url: `http://${urlHost}:${port}`,
    port,
    host,
    runtime,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep sockets alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}
