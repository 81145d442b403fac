// One Pulumi stack of one program, run with the real CLI against an emulator.

import * as fs from "node:fs";
import * as path from "node:path";
import { offlineWorkspace, OfflineWorkspace, pulumi, pulumiOk, PulumiResult } from "../../scripts/lib/pulumi-cli";
import { startTestEmulator, TestEmulator } from "./emulator";

export interface Seed {
  accounts: Array<{ alicloud: { accessKeyId: string; accessKeySecret: string }; tencentcloud: { secretId: string; secretKey: string } }>;
  [section: string]: unknown;
}

/** The environment lines the emulator prints, built from a seed's first account. */
export function providerEnv(url: string, seed: Seed): Record<string, string> {
  const account = seed.accounts[0];
  return {
    ALICLOUD_ACCESS_KEY: account.alicloud.accessKeyId,
    ALICLOUD_SECRET_KEY: account.alicloud.accessKeySecret,
    ALICLOUD_REGION: "cn-hangzhou",
    ALICLOUD_ECS_ENDPOINT: url,
    ALICLOUD_VPC_ENDPOINT: url,
    TENCENTCLOUD_SECRET_ID: account.tencentcloud.secretId,
    TENCENTCLOUD_SECRET_KEY: account.tencentcloud.secretKey,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_VPC_ENDPOINT: url,
    TENCENTCLOUD_CVM_ENDPOINT: url,
  };
}

export class Stack {
  readonly workspace: OfflineWorkspace;

  constructor(readonly programDir: string, binDir: string, env: Record<string, string>) {
    this.workspace = offlineWorkspace({ binDir, extraEnv: env, prefix: "netattach-e2e-" });
  }

  run(...args: string[]): Promise<PulumiResult> {
    return pulumi(args, { cwd: this.programDir, env: this.workspace.env });
  }

  ok(...args: string[]): Promise<PulumiResult> {
    return pulumiOk(args, { cwd: this.programDir, env: this.workspace.env });
  }

  async init(name = "e2e"): Promise<void> {
    await this.ok("stack", "init", name);
  }

  async setConfig(values: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(values)) await this.ok("config", "set", key, value);
  }

  async exportState(): Promise<{ text: string; resources: Array<{ type: string; urn: string; id?: string; inputs?: any; outputs?: any }> }> {
    const { stdout } = await this.ok("stack", "export");
    return { text: stdout, resources: JSON.parse(stdout).deployment.resources ?? [] };
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok("stack", "output", "--json")).stdout);
  }

  /** The raw state file on the backend, for secret scans of everything Pulumi wrote. */
  backendFiles(): string[] {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(this.workspace.backend);
    return files;
  }

  cleanup(): void {
    this.workspace.cleanup();
  }
}

export interface EmulatedStack {
  readonly emulator: TestEmulator;
  readonly stack: Stack;
}

/**
 * For one describe block: an emulator with `seed`, then a stack of the program `programDir()`
 * returns, with `env(url)` (default: the provider env pointing at the emulator), initialised;
 * destroyed, cleaned up and stopped after the block. Read `emulator` and `stack` inside tests.
 */
export function useEmulatedStack(options: {
  seed: Seed;
  binDir: () => string;
  programDir: () => string;
  env?: (url: string) => Record<string, string>;
}): EmulatedStack {
  const current = {} as { emulator: TestEmulator; stack: Stack };
  beforeAll(async () => {
    current.emulator = await startTestEmulator(options.seed);
    const env = options.env ? options.env(current.emulator.url) : providerEnv(current.emulator.url, options.seed);
    current.stack = new Stack(options.programDir(), options.binDir(), env);
    await current.stack.init();
  });
  afterAll(async () => {
    await current.stack?.run("destroy", "--yes", "--skip-preview");
    current.stack?.cleanup();
    await current.emulator?.close();
  });
  return current;
}
