#!/usr/bin/env node
// npm run soak [-- --resources 300 --fault-rate 0.1 --seed 42 --outage-ms 5000 --latency-ms 20]
// Builds the package (the soak installs it packed, as the e2e tests do), then runs
// tests/soak/fleet.soak.ts: a fleet through up and destroy under mixed faults and an outage,
// printing faults injected, failures, orphans, duplicates and wall time. Not part of npm test.
// Flags map onto SOAK_RESOURCES, SOAK_FAULT_RATE, SOAK_SEED, SOAK_OUTAGE_MS, SOAK_LATENCY_MS
// (which may also be set directly).
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..");
const FLAGS = { "--resources": "SOAK_RESOURCES", "--fault-rate": "SOAK_FAULT_RATE", "--seed": "SOAK_SEED", "--outage-ms": "SOAK_OUTAGE_MS", "--latency-ms": "SOAK_LATENCY_MS" };

const env = { ...process.env };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split("=", 2);
  const name = FLAGS[flag];
  const value = inline ?? args[++i];
  if (!name || value === undefined || !Number.isFinite(Number(value))) {
    console.error(`usage: npm run soak -- ${Object.keys(FLAGS).map((f) => `[${f} N]`).join(" ")}`);
    process.exit(2);
  }
  env[name] = value;
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: REPO_ROOT, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npm", ["run", "build", "--silent"]);
run("npx", ["jest", "--testMatch", "<rootDir>/tests/soak/**/*.soak.ts", "--maxWorkers=1", "--verbose"]);
