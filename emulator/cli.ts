#!/usr/bin/env node
// netattach-emulator: the local Alibaba Cloud + Tencent Cloud emulator as a process.
//   netattach-emulator [--port 0] [--host 127.0.0.1] [--seed FILE] [--state FILE]
//                      [--tls | --tls-cert FILE --tls-key FILE]
// Prints its URL and the environment lines that point the provider at it; stops on SIGINT/SIGTERM.

import * as fs from "node:fs";
import { startEmulator, type RunningEmulator } from "./index";
import type { Seed } from "./core/seed";
import { parseJsonStrict } from "./core/safe-keys";
import { isLoopback } from "./control-guard";
import { generateSelfSigned, readTlsPair, type TlsPair } from "./tls";

interface CliOptions {
  port: number;
  host: string;
  seedPath?: string;
  statePath?: string;
  /** --tls: generate a self-signed pair. */
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
}

const USAGE =
  "usage: netattach-emulator [--port N (0 = free port)] [--host 127.0.0.1] [--seed FILE] [--state FILE] [--tls (self-signed) | --tls-cert FILE --tls-key FILE]";

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
      case "--tls":
        options.tls = true;
        break;
      case "--tls-cert":
        options.tlsCert = value();
        break;
      case "--tls-key":
        options.tlsKey = value();
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
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new Error(`--tls-cert and --tls-key go together\n${USAGE}`);
  if (options.tls && options.tlsCert !== undefined) throw new Error(`--tls generates a pair; do not combine it with --tls-cert/--tls-key\n${USAGE}`);
  return options;
}

/** The seed file's JSON; errors name the file. */
export function readSeedFile(file: string): unknown {
  try {
    return parseJsonStrict(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`seed file ${file}: ${(err as Error).message}`);
  }
}

export function tlsPairFor(options: CliOptions): TlsPair | undefined {
  if (options.tlsCert !== undefined && options.tlsKey !== undefined) return readTlsPair({ certPath: options.tlsCert, keyPath: options.tlsKey });
  return options.tls ? generateSelfSigned() : undefined;
}

/** Said on stderr when the emulator is reachable from other machines. */
export const BEYOND_LOOPBACK_WARNING =
  "WARNING: listening beyond loopback. The control API (/__emulator/) has no authentication: anyone who reaches this port can reset or rewrite the emulated clouds.";

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
  const seed: unknown = options.seedPath ? readSeedFile(options.seedPath) : EMPTY_SEED;
  const tls = tlsPairFor(options);
  // Said before binding, so it is there even when the address then turns out to be unusable.
  if (!isLoopback(options.host)) process.stderr.write(`${BEYOND_LOOPBACK_WARNING}\n`);
  const emulator: RunningEmulator = await startEmulator({ seed, port: options.port, host: options.host, statePath: options.statePath, tls });
  const loaded = emulator.runtime.dump();
  const out = [
    `netattach-emulator listening on ${emulator.url}`,
    ...(options.statePath ? [`state file: ${options.statePath}`] : []),
    ...(tls ? [`TLS certificate: ${tls.certPath}`, `TLS key: ${tls.keyPath}`, `# trust it: export NODE_EXTRA_CA_CERTS=${tls.certPath} (Node); export ALIBABA_CLOUD_CA_BUNDLE=${tls.certPath} (aliyun-python-sdk-core); HttpProfile(certification="${tls.certPath}") (tencentcloud-sdk-python)`] : []),
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
