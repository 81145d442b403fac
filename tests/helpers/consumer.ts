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

/** Installs a tarball into a consumer project (cached by the tarball's content, so parallel suites share it). */
export function installConsumer(tarball: string): Consumer {
  const digest = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `netattach-consumer-${digest}`);
  if (fs.existsSync(path.join(dir, ".ready"))) return { dir, tarball };

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-consumer-staging-"));
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
  return { dir, tarball };
}

/** Packs this repository (dist must be built: npm test builds first) and installs it. */
export function consumerOfThisRepo(): Consumer {
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-pack-"));
  return installConsumer(pack(REPO_ROOT, packDir));
}

/** Copies a program directory (Pulumi.yaml + index.js) into the consumer so it resolves its node_modules. */
export function placeProgram(consumer: Consumer, sourceDir: string, name: string): string {
  const target = path.join(consumer.dir, "programs", `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(sourceDir)) fs.copyFileSync(path.join(sourceDir, file), path.join(target, file));
  return target;
}
