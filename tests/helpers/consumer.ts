// The package as users get it: `npm pack` of this repository installed into a fresh consumer
// project. A `file:` link or workspace would serialize our provider by value and hide packaging
// bugs, so e2e tests always run from an installed tarball.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

export interface Consumer {
  dir: string;
  tarball: string;
}

function pulumiSdkVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
}

/** Packs a package directory (already built) into `outDir` and returns the tarball path. */
export function pack(packageDir: string, outDir: string): string {
  const out = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", outDir], { cwd: packageDir, encoding: "utf8" });
  return path.join(outDir, out.trim().split("\n").pop()!);
}

const CONSUMER_PREFIX = "netattach-consumer-";
const STALE_AFTER_MS = 6 * 60 * 60_000;

/** Consumers of older builds (a new one is made per tarball): removed once nobody can be using them. */
function removeStaleConsumers(keep: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const full = path.join(os.tmpdir(), name);
    if (!name.startsWith(CONSUMER_PREFIX) || full === keep) continue;
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > STALE_AFTER_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      /* another run removed it */
    }
  }
}

/** Installs a tarball into a consumer project (cached by the tarball's content, so parallel suites share it). */
export function installConsumer(tarball: string): Consumer {
  const digest = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `${CONSUMER_PREFIX}${digest}`);
  const installed = { dir, tarball: path.join(dir, path.basename(tarball)) };
  removeStaleConsumers(dir);
  if (fs.existsSync(path.join(dir, ".ready"))) return installed;

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `${CONSUMER_PREFIX}staging-`));
  const localTarball = path.join(staging, path.basename(tarball));
  fs.copyFileSync(tarball, localTarball);
  fs.writeFileSync(
    path.join(staging, "package.json"),
    JSON.stringify({
      name: "netattach-consumer",
      private: true,
      dependencies: { "pulumi-netattach": `file:${path.basename(tarball)}`, "@pulumi/pulumi": pulumiSdkVersion() },
    }, null, 2),
  );
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: staging, stdio: "inherit" });
  fs.writeFileSync(path.join(staging, ".ready"), "");
  try {
    fs.renameSync(staging, dir);
  } catch {
    // Another suite finished first; use its copy.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return installed;
}

/** Packs this repository (dist must be built: npm test builds first) and installs it. */
export function consumerOfThisRepo(): Consumer {
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-pack-"));
  try {
    return installConsumer(pack(REPO_ROOT, packDir));
  } finally {
    fs.rmSync(packDir, { recursive: true, force: true });
  }
}

/** Copies a program directory (Pulumi.yaml + index.js) into the consumer so it resolves its node_modules. */
export function placeProgram(consumer: Consumer, sourceDir: string, name: string): string {
  const target = path.join(consumer.dir, "programs", `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(sourceDir)) fs.copyFileSync(path.join(sourceDir, file), path.join(target, file));
  return target;
}
