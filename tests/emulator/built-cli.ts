// The built CLI (dist/emulator/cli.js) for tests that run it as a process. `npm test` builds first,
// so the compiler runs here only when an emulator source is newer than the build (a test run
// straight after an edit).

import { ChildProcess, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const BUILT_CLI = path.join(ROOT, "dist/emulator/cli.js");

function newestSource(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return Math.max(newest, newestSource(full));
    return entry.name.endsWith(".ts") ? Math.max(newest, fs.statSync(full).mtimeMs) : newest;
  }, 0);
}

export function ensureBuiltCli(): string {
  const built = fs.existsSync(BUILT_CLI) ? fs.statSync(BUILT_CLI).mtimeMs : 0;
  if (built < newestSource(path.join(ROOT, "emulator"))) {
    try {
      execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "pipe" });
    } catch {
      // Other layers may be mid-edit; tsc still emits, and the emulator's own files compile.
    }
  }
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} was not built`);
  return BUILT_CLI;
}

/**
 * The CLI's standard output up to its last environment line (it prints them once it listens);
 * fails if the process exits first or nothing arrives within 20 s.
 */
export function outputUntilEnvLines(child: ChildProcess): Promise<string> {
  let out = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no env lines; output so far: ${out}`)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("TENCENTCLOUD_CVM_ENDPOINT")) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}
