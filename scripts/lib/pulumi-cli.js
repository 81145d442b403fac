// Runs the real Pulumi CLI offline: a file backend, a PULUMI_HOME of its own, a passphrase, no
// update checks and no plugin downloads. Shared by the demo (scripts/demo.js) and the e2e tests.
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Builds the CLI if needed (scripts/ensure-pulumi) and returns the directory holding it. */
function ensurePulumi() {
  const result = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`scripts/ensure-pulumi failed with exit code ${result.status}`);
  return result.stdout.trim().split("\n").pop();
}

/** A fresh workspace for one stack: backend, PULUMI_HOME and the environment to run with. */
function offlineWorkspace({ binDir, extraEnv = {}, prefix = "netattach-pulumi-" }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const backend = path.join(root, "backend");
  const home = path.join(root, "home");
  fs.mkdirSync(backend);
  fs.mkdirSync(home);
  const env = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "netattach-offline",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "false",
    NO_COLOR: "1",
    ...extraEnv,
  };
  // The Tencent SDK honours http_proxy; traffic to the emulator must stay on loopback.
  delete env.http_proxy;
  delete env.HTTP_PROXY;
  return { root, backend, home, env, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * Runs `pulumi <args>` and resolves with its exit code and output. `echo` streams output through
 * (the demo); otherwise it is collected (tests).
 */
function pulumi(args, { cwd, env, echo = false, timeoutMs = 10 * 60_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--non-interactive"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: stdout + stderr });
    });
  });
}

/** Like pulumi(), but rejects with the command's output when it exits non-zero. */
async function pulumiOk(args, options) {
  const result = await pulumi(args, options);
  if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.output}`);
  }
  return result;
}

/**
 * Starts the emulator as users do (its bin) and resolves with its URL and the environment lines it
 * printed, parsed into an object.
 */
function startEmulatorProcess({ seedFile, stateFile, cwd = REPO_ROOT, extraArgs = [] }) {
  return new Promise((resolve, reject) => {
    const args = [path.join(REPO_ROOT, "dist", "emulator", "cli.js"), "--port", "0", "--seed", seedFile, ...extraArgs];
    if (stateFile) args.push("--state", stateFile);
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    const onData = (chunk) => {
      buffered += chunk;
      const env = {};
      for (const match of buffered.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[match[1]] = match[2].replace(/^['"]|['"]$/g, "");
      const url = (buffered.match(/https?:\/\/127\.0\.0\.1:\d+/) || [])[0];
      if (url && env.TENCENTCLOUD_CVM_ENDPOINT) {
        child.stdout.off("data", onData);
        child.stdout.resume();
        resolve({
          url,
          env,
          printed: buffered,
          pid: child.pid,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
        });
      }
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`emulator exited early with code ${code}: ${buffered}`)));
    child.once("error", reject);
  });
}

module.exports = { REPO_ROOT, ensurePulumi, offlineWorkspace, pulumi, pulumiOk, startEmulatorProcess };
