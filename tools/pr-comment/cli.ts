#!/usr/bin/env node
// netattach-pr-comment: `pulumi preview --json --show-replacement-steps` in (stdin or a file),
// a pull-request comment in Markdown out (stdout). Usage:
//   pulumi preview --json --show-replacement-steps | netattach-pr-comment > comment.md
//   netattach-pr-comment preview.json --marker '<!-- pulumi-preview:prod -->'

import * as fs from "node:fs";
import { digestPreview, parsePreview } from "./preview";
import { secretConfigKeys, secretsFromConfig } from "./secrets";
import { renderComment, RenderOptions } from "./markdown";

const USAGE =
  "usage: netattach-pr-comment [preview.json | -] [--secrets-from <pulumi config --json --show-secrets output>] [--marker <hidden html comment>] [--title <text>] [--max-chars <n>]";

export function main(argv: string[], readStdin: () => string = () => fs.readFileSync(0, "utf8")): { code: number; stdout: string; stderr: string } {
  const options: RenderOptions = {};
  let file: string | undefined;
  let secretsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      return value;
    };
    try {
      if (arg === "--help" || arg === "-h") return { code: 0, stdout: `${USAGE}\n`, stderr: "" };
      else if (arg === "--marker") options.marker = next();
      else if (arg === "--secrets-from") secretsFile = next();
      else if (arg === "--title") options.title = next();
      else if (arg === "--max-chars") {
        const n = Number(next());
        if (!Number.isInteger(n) || n < 1000) throw new UsageError("--max-chars must be a whole number of at least 1000");
        options.maxChars = n;
      } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
      else if (file === undefined) file = arg;
      else throw new UsageError(`one input file only (got ${file} and ${arg})`);
    } catch (error) {
      if (error instanceof UsageError) return { code: 2, stdout: "", stderr: `netattach-pr-comment: ${error.message}\n${USAGE}\n` };
      throw error;
    }
  }
  try {
    const text = file === undefined || file === "-" ? readStdin() : fs.readFileSync(file, "utf8");
    const preview = parsePreview(text);
    const secretKeys = secretConfigKeys(preview.config);
    // Pulumi prints dynamic resources' inputs in plaintext even when they came from secret config,
    // so without the config's secret values the comment could not promise to hide them.
    if (secretKeys.length > 0 && secretsFile === undefined) {
      throw new Error(
        `the stack has secret config (${secretKeys.join(", ")}), and \`pulumi preview --json\` prints resource inputs that come from it in plaintext. ` +
          "Pass --secrets-from <file> with the output of `pulumi config --json --show-secrets` so every secret value is masked",
      );
    }
    const digest = digestPreview(preview, secretsFile === undefined ? [] : secretsFromConfig(fs.readFileSync(secretsFile, "utf8")));
    const stderr = digest.missingFlags.length
      ? `netattach-pr-comment: run \`pulumi preview --json ${digest.missingFlags.join(" ")}\`; without it the order of each replacement (delete first = an outage window) is only inferred\n`
      : "";
    return { code: 0, stdout: renderComment(digest, options), stderr };
  } catch (error) {
    return { code: 1, stdout: "", stderr: `netattach-pr-comment: ${(error as Error).message}\n` };
  }
}

class UsageError extends Error {}

if (require.main === module) {
  const result = main(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
