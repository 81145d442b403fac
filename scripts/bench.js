#!/usr/bin/env node
// npm run bench -- [--n 50,200,1000] [--t 0.5,2,5] [--parallel P] [--skip-checkpoints] [--no-fleet] [--no-waits] [--no-unlimited] [--repeat K] [--out FILE]
//
// Fleet scale as a new user meets it: the packed package installed in a fresh project, the real
// Pulumi CLI (file backend), the emulator as a separate process. Not part of `npm test`.
//
// For each N (attachments per stack, a quarter of each kind: Alibaba ClassicLink (plus one
// VpcClassicLinkSetting), Alibaba ENI, Tencent ClassicLink, Tencent ENI; every ClassicLink to one
// VPC per cloud), `pulumi up` and `pulumi destroy`:
//   - with the documented limits: the emulator throttles each action at the provider's presets
//     (provider/core/governor.ts DOCUMENTED_LIMITS), the provider paces to the same presets;
//   - without limits: no emulator limits and the provider's governor opened wide
//     (NETATTACH_RATE_LIMITS), the same work otherwise;
// and prints wall time, the lower bound that the limits put on the minimal calls, the ratios,
// calls per attachment by action, throttled answers, failures, and the CLI's own CPU time.
// Then call-to-done per resource kind at transition times T (emulator clock mode "ms"), measured
// in-process through the installed package's provider methods.
"use strict";

const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { REPO_ROOT, ensurePulumi, offlineWorkspace, pulumi, startEmulatorProcess } = require("./lib/pulumi-cli");

const { values: args } = parseArgs({
  args: require.main === module ? process.argv.slice(2) : [],
  options: {
    n: { type: "string", default: "50,200" },
    t: { type: "string", default: "0.5,2,5" },
    parallel: { type: "string" },
    "skip-checkpoints": { type: "boolean", default: false },
    "no-fleet": { type: "boolean", default: false },
    "no-waits": { type: "boolean", default: false },
    "no-unlimited": { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
    out: { type: "string" },
  },
});

const ALI_REGION = "cn-hangzhou";
const ALI_ZONE = "cn-hangzhou-b";
const TC_REGION = "ap-guangzhou";
const TC_ZONE = "ap-guangzhou-3";
const ALI_VPC = "vpc-benchali0001";
const TC_VPC = "vpc-bench001";
const pad = (i, width) => String(i).padStart(width, "0");

/** IDs of the i-th attachment of each kind (Tencent IDs are exactly 8 characters after the prefix). */
const ids = {
  aliClassic: (i) => `i-benchcl${pad(i, 5)}`,
  aliVpcInstance: (i) => `i-benchvpc${pad(i, 5)}`,
  aliEni: (i) => `eni-benchali${pad(i, 5)}`,
  tcClassic: (i) => `ins-c${pad(i, 7)}`,
  tcVpcInstance: (i) => `ins-v${pad(i, 7)}`,
  tcEni: (i) => `eni-e${pad(i, 7)}`,
};

const ACCOUNT = {
  name: "bench",
  alicloud: { accessKeyId: "LTAIbenchAccessKey01", accessKeySecret: "benchAlicloudSecret01" },
  tencentcloud: { secretId: "AKIDbenchSecretId0001", secretKey: "benchTencentSecretKey01" },
};

function seedFor(perKind, { rateLimits = [], clock = { mode: "immediate" } } = {}) {
  const range = Array.from({ length: perKind }, (_, i) => i);
  return {
    accounts: [ACCOUNT],
    alicloud: {
      instances: [
        ...range.map((i) => ({ instanceId: ids.aliClassic(i), region: ALI_REGION, zone: ALI_ZONE, networkType: "classic", status: "Running" })),
        ...range.map((i) => ({ instanceId: ids.aliVpcInstance(i), region: ALI_REGION, zone: ALI_ZONE, networkType: "vpc", status: "Running", vpcId: ALI_VPC })),
      ],
      vpcs: [{ vpcId: ALI_VPC, region: ALI_REGION, cidrBlock: "172.16.0.0/12", classicLinkEnabled: false }],
      classicLinks: [],
      networkInterfaces: range.map((i) => ({ networkInterfaceId: ids.aliEni(i), region: ALI_REGION, zone: ALI_ZONE, vpcId: ALI_VPC, type: "Secondary", status: "Available" })),
    },
    tencentcloud: {
      instances: [
        ...range.map((i) => ({ instanceId: ids.tcClassic(i), region: TC_REGION, zone: TC_ZONE, networkType: "classic", status: "RUNNING" })),
        ...range.map((i) => ({ instanceId: ids.tcVpcInstance(i), region: TC_REGION, zone: TC_ZONE, networkType: "vpc", status: "RUNNING", vpcId: TC_VPC, subnetId: "subnet-bench001" })),
      ],
      vpcs: [{ vpcId: TC_VPC, region: TC_REGION, cidrBlock: "10.0.0.0/16" }],
      classicLinks: [],
      networkInterfaces: range.map((i) => ({ networkInterfaceId: ids.tcEni(i), region: TC_REGION, zone: TC_ZONE, vpcId: TC_VPC, subnetId: "subnet-bench001", type: "Secondary", status: "AVAILABLE" })),
    },
    clock,
    rateLimits,
    randomSeed: 9,
  };
}

const PROGRAM = `"use strict";
const netattach = require("pulumi-netattach");
const n = Number(process.env.BENCH_PER_KIND);
const pad = (i, w) => String(i).padStart(w, "0");
const setting = new netattach.alicloud.VpcClassicLinkSetting("ali-vpc", { vpcId: "${ALI_VPC}" });
for (let i = 0; i < n; i++) {
  new netattach.alicloud.ClassicLinkAttachment("ali-cl-" + i, { instanceId: "i-benchcl" + pad(i, 5), vpcId: setting.vpcId }, { dependsOn: [setting] });
  new netattach.alicloud.EniAttachment("ali-eni-" + i, { instanceId: "i-benchvpc" + pad(i, 5), networkInterfaceId: "eni-benchali" + pad(i, 5) });
  new netattach.tencentcloud.ClassicLinkAttachment("tc-cl-" + i, { instanceId: "ins-c" + pad(i, 7), vpcId: "${TC_VPC}" });
  new netattach.tencentcloud.EniAttachment("tc-eni-" + i, { instanceId: "ins-v" + pad(i, 7), networkInterfaceId: "eni-e" + pad(i, 7) });
}
`;

/** The emulator's rate limits: every action the provider calls, at the provider's documented presets. */
function documentedEmulatorLimits(pkgDir) {
  const { DOCUMENTED_LIMITS } = require(path.join(pkgDir, "dist", "provider", "core", "governor.js"));
  const rules = [];
  for (const cloud of ["alicloud", "tencentcloud"]) {
    for (const [action, limit] of Object.entries(DOCUMENTED_LIMITS[cloud])) {
      if (action !== "*") rules.push({ cloud, action, limit: limit.limit, windowMs: limit.windowMs });
    }
  }
  return { rules, table: DOCUMENTED_LIMITS };
}

/**
 * The fewest calls the work needs, by cloud and action, for `perKind` attachments of each kind:
 * reads batched to their documented list sizes, Tencent link changes 100 per call, one
 * confirmation per change (Tencent: one DescribeVpcTaskResult per task).
 */
function minimalCalls(perKind, phase) {
  const per100 = Math.ceil(perKind / 100);
  const attach = phase === "up" ? "Attach" : "Detach";
  return {
    "alicloud:DescribeVpcAttribute": 1,
    [`alicloud:${phase === "up" ? "Enable" : "Disable"}VpcClassicLink`]: 1,
    "alicloud:DescribeInstances": 2 * per100,
    "alicloud:DescribeClassicLinkInstances": 2 * per100,
    [`alicloud:${attach}ClassicLinkVpc`]: perKind,
    "alicloud:DescribeNetworkInterfaces": 2 * per100,
    [`alicloud:${attach}NetworkInterface`]: perKind,
    "tencentcloud:DescribeInstances": 2 * per100,
    "tencentcloud:DescribeVpcs": phase === "up" ? 1 : 0,
    "tencentcloud:DescribeClassicLinkInstances": Math.ceil(perKind / 5),
    [`tencentcloud:${attach}ClassicLinkVpc`]: per100,
    "tencentcloud:DescribeNetworkInterfaces": per100,
    [`tencentcloud:${attach}NetworkInterface`]: perKind,
    "tencentcloud:DescribeVpcTaskResult": per100 + perKind,
  };
}

/** Sliding windows of L calls per W ms: c calls need at least (ceil(c / L) - 1) * W ms. */
function lowerBoundMs(calls, table) {
  let worst = { ms: 0, action: "-" };
  for (const [key, count] of Object.entries(calls)) {
    const [cloud, action] = key.split(":");
    const limit = table[cloud][action] ?? table[cloud]["*"];
    const ms = Math.max(0, Math.ceil(count / limit.limit) - 1) * limit.windowMs;
    if (ms > worst.ms) worst = { ms, action: key };
  }
  return worst;
}

async function control(url, method, op, body) {
  const response = await fetch(`${url}/__emulator/${op}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) throw new Error(`emulator ${method} ${op}: ${response.status} ${await response.text()}`);
  return response.json();
}

function summarize(requests, attachments) {
  const byAction = {};
  let throttled = 0;
  let errors = 0;
  for (const r of requests) {
    const key = `${r.cloud}:${r.action}`;
    byAction[key] = (byAction[key] ?? 0) + 1;
    if (r.errorCode === "Throttling.User" || r.errorCode === "RequestLimitExceeded") throttled++;
    else if (r.errorCode) errors++;
  }
  const perAttachment = Object.fromEntries(Object.entries(byAction).sort().map(([k, v]) => [k, +(v / attachments).toFixed(3)]));
  return { calls: requests.length, perAttachment, callsPerAttachment: +(requests.length / attachments).toFixed(2), throttled, otherErrors: errors };
}

/** CPU seconds of the pulumi CLI process itself (not its children), sampled from /proc until it exits. */
function cpuSampler() {
  const tick = 100; // USER_HZ on Linux
  let last = 0;
  let pid;
  const timer = setInterval(() => {
    try {
      if (!pid) {
        pid = spawnSync("pgrep", ["-n", "-P", String(process.pid), "pulumi"], { encoding: "utf8" }).stdout.trim();
        if (!pid) return;
      }
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      last = (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      /* exited */
    }
  }, 200);
  return () => {
    clearInterval(timer);
    return +last.toFixed(1);
  };
}

async function timed(args, options) {
  const stopCpu = cpuSampler();
  const started = Date.now();
  const result = await pulumi(args, { ...options, timeoutMs: 60 * 60_000 });
  return { ...result, seconds: (Date.now() - started) / 1000, cliCpuSeconds: stopCpu() };
}

async function stackResourceCount(options) {
  const exported = await pulumi(["stack", "export"], options);
  if (exported.code !== 0) return -1;
  const resources = JSON.parse(exported.stdout).deployment.resources ?? [];
  return resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).length;
}

/** One stack: up then destroy, with or without limits. */
async function runStack({ pkgDir, projectDir, binDir, perKind, limited, limits, skipCheckpoints }) {
  const attachments = 4 * perKind;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-bench-"));
  const seedFile = path.join(work, "seed.json");
  fs.writeFileSync(seedFile, JSON.stringify(seedFor(perKind, { rateLimits: limited ? limits.rules : [] })));
  const emulator = await startEmulatorProcess({ seedFile });
  const extraEnv = { BENCH_PER_KIND: String(perKind), ...(skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}) };
  if (!limited) extraEnv.NETATTACH_RATE_LIMITS = JSON.stringify([{ limit: 1_000_000, windowMs: 1_000 }]);
  const workspace = offlineWorkspace({ binDir, extraEnv, prefix: "netattach-bench-ws-" });
  const options = { cwd: projectDir, env: { ...workspace.env, ...emulator.env } };
  const parallel = args.parallel ? ["--parallel", args.parallel] : [];
  const out = { attachments, limited, skipCheckpoints };
  try {
    const init = await pulumi(["stack", "init", `bench${attachments}`], options);
    if (init.code !== 0) throw new Error(init.output);
    for (const phase of ["up", "destroy"]) {
      await control(emulator.url, "DELETE", "requests");
      const run = await timed(phase === "up" ? ["up", "--yes", "--skip-preview", ...parallel] : ["destroy", "--yes", "--skip-preview", ...parallel], options);
      const { requests } = await control(emulator.url, "GET", "requests");
      const inStack = await stackResourceCount(options);
      const expected = phase === "up" ? attachments + 1 : 0;
      out[phase] = {
        seconds: +run.seconds.toFixed(1),
        exitCode: run.code,
        cliCpuSeconds: run.cliCpuSeconds,
        failures: phase === "up" ? Math.max(0, expected - inStack) : inStack,
        ...summarize(requests, attachments),
      };
      if (run.code !== 0) out[phase].tail = run.output.split("\n").filter((l) => /error|fail/i.test(l)).slice(0, 8);
      process.stderr.write(`  N=${attachments} ${limited ? "limited" : "unlimited"}${skipCheckpoints ? " skip-checkpoints" : ""} ${phase}: ${run.seconds.toFixed(1)}s exit ${run.code}\n`);
    }
  } finally {
    await emulator.stop();
    workspace.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}

/** Call-to-done per kind at transition time T, in-process through the installed provider. */
async function callToDone(pkgDir, seconds) {
  const provider = require(path.join(pkgDir, "dist", "provider", "index.js"));
  const { realRuntime } = require(path.join(pkgDir, "dist", "provider", "core", "runtime.js"));
  const { startEmulator } = require(path.join(pkgDir, "dist", "emulator", "index.js"));
  const rounds = 6;
  const emulator = await startEmulator({ seed: seedFor(rounds, { clock: { mode: "ms", ms: seconds * 1000 } }) });
  const env = {
    ALICLOUD_ACCESS_KEY: ACCOUNT.alicloud.accessKeyId, ALICLOUD_SECRET_KEY: ACCOUNT.alicloud.accessKeySecret, ALICLOUD_REGION: ALI_REGION,
    ALICLOUD_ECS_ENDPOINT: emulator.url, ALICLOUD_VPC_ENDPOINT: emulator.url,
    TENCENTCLOUD_SECRET_ID: ACCOUNT.tencentcloud.secretId, TENCENTCLOUD_SECRET_KEY: ACCOUNT.tencentcloud.secretKey, TENCENTCLOUD_REGION: TC_REGION,
    TENCENTCLOUD_VPC_ENDPOINT: emulator.url, TENCENTCLOUD_CVM_ENDPOINT: emulator.url,
  };
  const ctx = { runtime: realRuntime, settings: { env, config: {} } };
  const impl = (kind) => provider.factoryFor(kind)(ctx);
  const kinds = {
    "alicloud:VpcClassicLinkSetting": () => ({ vpcId: ALI_VPC, enabled: true }),
    "alicloud:ClassicLinkAttachment": (i) => ({ instanceId: ids.aliClassic(i), vpcId: ALI_VPC }),
    "alicloud:EniAttachment": (i) => ({ instanceId: ids.aliVpcInstance(i), networkInterfaceId: ids.aliEni(i) }),
    "tencentcloud:ClassicLinkAttachment": (i) => ({ instanceId: ids.tcClassic(i), vpcId: TC_VPC }),
    "tencentcloud:EniAttachment": (i) => ({ instanceId: ids.tcVpcInstance(i), networkInterfaceId: ids.tcEni(i) }),
  };
  const results = {};
  try {
    // The setting first (ClassicLink on Alibaba needs it), and left on for the links.
    for (const [kind, inputs] of Object.entries(kinds)) {
      const create = [];
      const remove = [];
      const n = kind === "alicloud:VpcClassicLinkSetting" ? 1 : rounds;
      for (let i = 0; i < n; i++) {
        let started = Date.now();
        const made = await impl(kind).create(inputs(i));
        create.push((Date.now() - started) / 1000);
        if (kind === "alicloud:VpcClassicLinkSetting") continue;
        started = Date.now();
        await impl(kind).delete(made.id, made.outs);
        remove.push((Date.now() - started) / 1000);
      }
      const stats = (list) => (list.length ? { mean: +(list.reduce((a, b) => a + b, 0) / list.length).toFixed(2), max: +Math.max(...list).toFixed(2) } : undefined);
      results[kind] = { create: stats(create), delete: stats(remove) };
    }
  } finally {
    require(path.join(pkgDir, "dist", "provider", "clouds", "alicloud", "client.js")).closeAlicloudClients();
    require(path.join(pkgDir, "dist", "provider", "clouds", "tencentcloud", "client.js")).closeTencentcloudClients();
    await emulator.close();
  }
  return results;
}

/** npm pack of this repository, installed in a fresh project with @pulumi/pulumi, as users do. */
function installPackedPackage() {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-bench-consumer-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop();
  const sdk = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "netattach-bench", private: true, dependencies: { "pulumi-netattach": `file:${tarball}`, "@pulumi/pulumi": sdk } }));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
  return dir;
}

/** Min, mean and max of calls per attachment and of wall time over repeated runs. */
function rangeOf(runs) {
  const stats = (values) => ({ min: Math.min(...values), mean: +(values.reduce((a, b) => a + b, 0) / values.length).toFixed(2), max: Math.max(...values) });
  return { runs: runs.length, callsPerAttachment: stats(runs.map((r) => r.callsPerAttachment)), seconds: stats(runs.map((r) => r.seconds)), failures: Math.max(...runs.map((r) => r.failures)), throttled: Math.max(...runs.map((r) => r.throttled)) };
}

const ratio = (a, b) => (b > 0 ? +(a / b).toFixed(2) : null);

async function main() {
  const sizes = args["no-fleet"] ? [] : args.n.split(",").map(Number).filter((n) => n > 0);
  const transitions = args["no-waits"] ? [] : args.t.split(",").map(Number).filter((t) => t >= 0);
  const consumer = installPackedPackage();
  const pkgDir = path.join(consumer, "node_modules", "pulumi-netattach");
  const report = { machine: { cpus: os.cpus().length, loadAtStart: os.loadavg().map((l) => +l.toFixed(2)) }, fleet: [], callToDone: {} };
  try {
    const binDir = sizes.length ? ensurePulumi() : undefined;
    const limits = documentedEmulatorLimits(pkgDir);
    const projectDir = path.join(consumer, "bench-project");
    fs.mkdirSync(projectDir);
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), "name: netattach-bench\nruntime: nodejs\nmain: index.js\n");
    fs.writeFileSync(path.join(projectDir, "index.js"), PROGRAM);
    // A throwaway stack first, so neither measured run pays for cold caches (CLI, plugins, modules).
    if (sizes.length) await runStack({ pkgDir, projectDir, binDir, perKind: 1, limited: false, limits });
    for (const n of sizes) {
      const perKind = Math.max(1, Math.round(n / 4));
      const withLimits = await runStack({ pkgDir, projectDir, binDir, perKind, limited: true, limits });
      // --no-unlimited: a quicker run for calls per attachment only; the ratios then have no reference.
      const without = args["no-unlimited"] ? withLimits : await runStack({ pkgDir, projectDir, binDir, perKind, limited: false, limits });
      const entry = { attachments: 4 * perKind, withLimits, withoutLimits: without };
      // --repeat K: calls per attachment vary from run to run (they depend on how the engine hands
      // operations over), so "flat in N" is judged on the range of K limited runs.
      const repeats = [withLimits];
      for (let k = 1; k < Number(args.repeat); k++) repeats.push(await runStack({ pkgDir, projectDir, binDir, perKind, limited: true, limits }));
      if (repeats.length > 1) entry.repeats = Object.fromEntries(["up", "destroy"].map((phase) => [phase, rangeOf(repeats.map((r) => r[phase]))]));
      for (const phase of ["up", "destroy"]) {
        const bound = lowerBoundMs(minimalCalls(perKind, phase), limits.table);
        const reference = args["no-unlimited"] ? 0 : Math.max(without[phase].seconds, bound.ms / 1000);
        entry[phase] = {
          withLimitsSeconds: withLimits[phase].seconds,
          withoutLimitsSeconds: without[phase].seconds,
          limitsLowerBoundSeconds: bound.ms / 1000,
          lowerBoundAction: bound.action,
          ratio: ratio(withLimits[phase].seconds, reference),
          target: 1.25,
        };
      }
      if (args["skip-checkpoints"]) entry.skipCheckpoints = await runStack({ pkgDir, projectDir, binDir, perKind, limited: true, limits, skipCheckpoints: true });
      entry.loadAfter = os.loadavg().map((l) => +l.toFixed(2));
      report.fleet.push(entry);
      print({ fleet: [entry] });
    }
    for (const t of transitions) {
      report.callToDone[`T=${t}s`] = await callToDone(pkgDir, t);
      print({ callToDone: { [`T=${t}s`]: report.callToDone[`T=${t}s`] }, t });
    }
  } finally {
    fs.rmSync(consumer, { recursive: true, force: true });
  }
  report.machine.loadAtEnd = os.loadavg().map((l) => +l.toFixed(2));
  if (args.out) fs.writeFileSync(args.out, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
}

function print({ fleet = [], callToDone = {}, t }) {
  for (const e of fleet) {
    console.log(`\n== N = ${e.attachments} attachments (+1 VpcClassicLinkSetting), load ${e.loadAfter.join(" ")}`);
    for (const phase of ["up", "destroy"]) {
      const p = e[phase];
      const w = e.withLimits[phase];
      const o = e.withoutLimits[phase];
      console.log(`${phase.padEnd(8)} limits ${p.withLimitsSeconds}s | without ${args["no-unlimited"] ? "(not run)" : `${p.withoutLimitsSeconds}s`} | limits' lower bound ${p.limitsLowerBoundSeconds}s (${p.lowerBoundAction}) | ratio ${p.ratio} (target <= 1.25)`);
      console.log(`         failures ${w.failures} (without limits ${o.failures}), throttled answers ${w.throttled} (${o.throttled}), other errors ${w.otherErrors}, calls/attachment ${w.callsPerAttachment} (${o.callsPerAttachment}), CLI CPU ${w.cliCpuSeconds}s`);
      console.log(`         by action: ${Object.entries(w.perAttachment).map(([k, v]) => `${k} ${v}`).join(", ")}`);
      if (w.tail) console.log(`         ${w.tail.join("\n         ")}`);
    }
    for (const [phase, r] of Object.entries(e.repeats ?? {})) {
      console.log(`${phase.padEnd(8)} ${r.runs} limited runs: calls/attachment ${r.callsPerAttachment.min} to ${r.callsPerAttachment.max} (mean ${r.callsPerAttachment.mean}), ${r.seconds.min} to ${r.seconds.max}s, failures at most ${r.failures}, throttled at most ${r.throttled}`);
    }
    if (e.skipCheckpoints) console.log(`PULUMI_SKIP_CHECKPOINTS=true: up ${e.skipCheckpoints.up.seconds}s (CLI CPU ${e.skipCheckpoints.up.cliCpuSeconds}s), destroy ${e.skipCheckpoints.destroy.seconds}s (CLI CPU ${e.skipCheckpoints.destroy.cliCpuSeconds}s)`);
  }
  for (const [label, kinds] of Object.entries(callToDone)) {
    console.log(`\n== call-to-done at ${label} (bound 1.15 T + 0.3 s = ${(1.15 * t + 0.3).toFixed(2)}s)`);
    for (const [kind, r] of Object.entries(kinds)) {
      console.log(`${kind.padEnd(36)} create mean ${r.create.mean}s max ${r.create.max}s${r.delete ? ` | delete mean ${r.delete.mean}s max ${r.delete.max}s` : ""}`);
    }
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench failed: ${error.stack ?? error}`);
    process.exit(1);
  });
}

module.exports = { seedFor, minimalCalls, lowerBoundMs };
