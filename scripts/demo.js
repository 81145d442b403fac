#!/usr/bin/env node
// npm run demo: the whole product on a fresh machine, offline. Installs what is missing (npm
// packages, the Pulumi CLI built from Go modules), starts the emulator with
// examples/emulator-seed.json, then runs the root Pulumi program (all five resources) through
// preview --diff, up, outputs, a second preview that must show no changes, and destroy.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { REPO_ROOT, ensurePulumi, offlineWorkspace, pulumiOk, startEmulatorProcess } = require("./lib/pulumi-cli");

function step(title) {
  console.log(`\n=== ${title}`);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
}

/** The root program requires "pulumi-netattach" by name, as a user's program does. */
function linkPackageIntoItsOwnNodeModules() {
  const link = path.join(REPO_ROOT, "node_modules", "pulumi-netattach");
  try {
    if (fs.realpathSync(link) === REPO_ROOT) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    /* no link yet */
  }
  fs.symlinkSync(path.relative(path.dirname(link), REPO_ROOT) || ".", link, "dir");
}

async function main() {
  const started = Date.now();
  if (!fs.existsSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"))) {
    step("npm ci");
    run("npm", ["ci", "--no-audit", "--no-fund"]);
  }
  step("build");
  run("npm", ["run", "--silent", "build"]);
  linkPackageIntoItsOwnNodeModules();

  step("Pulumi CLI (built from its Go modules on first use, then cached)");
  const binDir = ensurePulumi();

  step("start the emulator");
  const workspace = offlineWorkspace({ binDir, prefix: "netattach-demo-" });
  const emulator = await startEmulatorProcess({
    seedFile: path.join(REPO_ROOT, "examples", "emulator-seed.json"),
    stateFile: path.join(workspace.root, "emulator-state.json"),
  });
  console.log(emulator.printed.trim());
  const env = { ...workspace.env, ...emulator.env };
  const opts = { cwd: REPO_ROOT, env, echo: true };

  try {
    step("pulumi stack init demo");
    await pulumiOk(["stack", "init", "demo"], opts);
    step("pulumi preview --diff");
    await pulumiOk(["preview", "--diff"], opts);
    step("pulumi up");
    await pulumiOk(["up", "--yes", "--skip-preview"], opts);
    step("pulumi stack output");
    await pulumiOk(["stack", "output", "--json"], opts);
    step("pulumi preview --expect-no-changes (a second preview shows no changes)");
    await pulumiOk(["preview", "--expect-no-changes"], opts);
    step("pulumi destroy");
    await pulumiOk(["destroy", "--yes", "--skip-preview"], opts);
    await pulumiOk(["stack", "rm", "--yes", "demo"], opts);
  } finally {
    await emulator.stop();
    workspace.cleanup();
  }
  console.log(`\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)}s: created, verified no drift, destroyed.`);
}

main().catch((error) => {
  console.error(`\nDemo failed: ${error.message}`);
  process.exit(1);
});
