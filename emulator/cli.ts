#!/usr/bin/env node
// netattach-emulator: the local Alibaba Cloud + Tencent Cloud emulator as a process.
//   netattach-emulator [--port 0] [--host 127.0.0.1] [--seed FILE] [--state FILE]
// Prints its URL and the environment lines that point the provider at it; stops on SIGINT/SIGTERM.

import * as fs from "node:fs";
import { startEmulator, type RunningEmulator } from "./index";
import type { Seed } from "./core/seed";

interface CliOptions {
  port: number;
  host: string;
  seedPath?: string;
  statePath?: string;
}

const USAGE = "usage: netattach-emulator [--port N (0 = free port)] [--host 127.0.0.1] [--seed FILE] [--state FILE]";

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: 0, host: "127.0.0.1" };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--port": {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535\n${USAGE}`);
        options.port = port;
        break;
      }
      case "--host":
        options.host = value();
        break;
      case "--seed":
        options.seedPath = value();
        break;
      case "--state":
        options.statePath = value();
        break;
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}

/** The lines a shell evaluates to point the provider (and SDKs) at this emulator. */
export function envLines(url: string, seed: Seed): string[] {
  const account = seed.accounts[0];
  const aliRegion = seed.alicloud?.instances?.[0]?.region ?? "cn-hangzhou";
  const tcRegion = seed.tencentcloud?.instances?.[0]?.region ?? "ap-guangzhou";
  const lines: string[] = [];
  if (account?.alicloud) {
    lines.push(
      `export ALICLOUD_ACCESS_KEY=${account.alicloud.accessKeyId}`,
      `export ALICLOUD_SECRET_KEY=${account.alicloud.accessKeySecret}`,
      `export ALICLOUD_REGION=${aliRegion}`,
      `export ALICLOUD_ECS_ENDPOINT=${url}`,
      `export ALICLOUD_VPC_ENDPOINT=${url}`,
    );
  }
  if (account?.tencentcloud) {
    lines.push(
      `export TENCENTCLOUD_SECRET_ID=${account.tencentcloud.secretId}`,
      `export TENCENTCLOUD_SECRET_KEY=${account.tencentcloud.secretKey}`,
      `export TENCENTCLOUD_REGION=${tcRegion}`,
      `export TENCENTCLOUD_VPC_ENDPOINT=${url}`,
      `export TENCENTCLOUD_CVM_ENDPOINT=${url}`,
    );
  }
  return lines;
}

const EMPTY_SEED = {
  accounts: [
    {
      name: "default",
      alicloud: { accessKeyId: "LTAIemulatorKey", accessKeySecret: "emulatorSecret" },
      tencentcloud: { secretId: "AKIDemulatorSecretId", secretKey: "emulatorSecretKey" },
    },
  ],
};

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const seed: unknown = options.seedPath ? JSON.parse(fs.readFileSync(options.seedPath, "utf8")) : EMPTY_SEED;
  const emulator: RunningEmulator = await startEmulator({ seed, port: options.port, host: options.host, statePath: options.statePath });
  const loaded = emulator.runtime.dump();
  const out = [
    `netattach-emulator listening on ${emulator.url}`,
    ...(options.statePath ? [`state file: ${options.statePath}`] : []),
    "# point the provider at it:",
    ...envLines(emulator.url, loaded),
    "",
  ];
  process.stdout.write(out.join("\n"));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`received ${signal}, stopping\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`netattach-emulator: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(2);
  });
}
