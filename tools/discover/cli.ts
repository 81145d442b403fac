#!/usr/bin/env node
// netattach discover --cloud alicloud|tencentcloud --region R [--vpc ID] [--format yaml|typescript]
//
// Reads every ClassicLink, ClassicLink setting (Alibaba) and secondary-ENI attachment of the
// account in one region and prints a program with one resource each, marked for import. The
// program goes to stdout; progress and the summary go to stderr. Credentials and endpoints come
// from the same environment variables as the provider (README, "Credentials, regions and endpoints").

import { parseArgs } from "node:util";
import { realRuntime, Runtime } from "../../provider/core/runtime";
import { discoverAlicloud, discoverTencentcloud, Inventory } from "./inventory";
import { Format, renderTypescript, renderYaml } from "./render";

const USAGE = `usage: netattach discover --cloud alicloud|tencentcloud --region REGION [--vpc VPC_ID] [--format yaml|typescript]

Prints a Pulumi program (YAML: a Pulumi.yaml for the pulumi-resource-netattach plugin, each
resource with options.import; TypeScript: an index.ts of the dynamic resources, adopted on create)
that brings every attachment found under management with no change to the cloud.
Credentials: ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY or TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY
(and the *_ENDPOINT variables), as for the provider.`;

export class UsageError extends Error {}

export interface DiscoverArgs {
  cloud: "alicloud" | "tencentcloud";
  region: string;
  vpcId?: string;
  format: Format;
}

export function parseDiscoverArgs(argv: string[]): DiscoverArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cloud: { type: "string" },
      region: { type: "string" },
      vpc: { type: "string" },
      format: { type: "string", default: "yaml" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) throw new UsageError("");
  if (positionals[0] !== "discover" || positionals.length > 1) throw new UsageError(`unknown command "${positionals.join(" ")}": the command is \`discover\``);
  if (values.cloud !== "alicloud" && values.cloud !== "tencentcloud") throw new UsageError(`--cloud must be alicloud or tencentcloud, got ${JSON.stringify(values.cloud ?? "")}`);
  if (!values.region) throw new UsageError("--region is required, like --region cn-hangzhou");
  if (values.format !== "yaml" && values.format !== "typescript") throw new UsageError(`--format must be yaml or typescript, got ${JSON.stringify(values.format)}`);
  return { cloud: values.cloud, region: values.region, vpcId: values.vpc, format: values.format };
}

/** The "found / skipped" lines printed on stderr. */
export function summary(inventory: Inventory): string {
  const byType: Record<string, number> = {};
  for (const r of inventory.resources) byType[r.kind] = (byType[r.kind] ?? 0) + 1;
  const found = Object.entries(byType).map(([kind, n]) => `${n} ${kind}`).join(", ") || "nothing";
  const skipped = Object.entries(inventory.skipped).map(([reason, n]) => `${n} ${reason}`).join(", ") || "nothing";
  return `found: ${found} (${inventory.resources.length} resources)\nskipped: ${skipped}`;
}

export async function discover(
  args: DiscoverArgs,
  env: NodeJS.ProcessEnv,
  progress: (line: string) => void,
  runtime: Runtime = realRuntime,
): Promise<{ program: string; inventory: Inventory }> {
  const options = { settings: { env, config: {} }, region: args.region, vpcId: args.vpcId, runtime, readTimeoutMs: 10 * 60_000, progress };
  const inventory = args.cloud === "alicloud" ? await discoverAlicloud(options) : await discoverTencentcloud(options);
  const header = [
    `netattach discover --cloud ${args.cloud} --region ${args.region}${args.vpcId ? ` --vpc ${args.vpcId}` : ""} --format ${args.format}`,
    summary(inventory),
  ].join("\n");
  const program = args.format === "yaml" ? renderYaml(inventory.resources, header) : renderTypescript(inventory.resources, header);
  return { program, inventory };
}

async function main(): Promise<number> {
  let args: DiscoverArgs;
  try {
    args = parseDiscoverArgs(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message ? `netattach: ${message}\n\n` : ""}${USAGE}\n`);
    return message ? 2 : 0;
  }
  const { program, inventory } = await discover(args, process.env, (line) => process.stderr.write(`[discover] ${line}\n`));
  process.stdout.write(program);
  process.stderr.write(`${summary(inventory)}\n`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`netattach discover: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
