#!/usr/bin/env node
// The clouds' other official clients against the emulator (issue 11): the Go SDKs, the Python SDKs
// and tccli, each running the scenario of the Node tests (describe, attach, poll until done, detach,
// an action error and a wrong secret), in every signature mode the client offers. Not part of
// `npm test`: it installs toolchain packages (Go modules, PyPI wheels) into the cache dir
// (~/.cache/pulumi-netattach/clients, or $NETATTACH_CACHE/clients), never into the repository.
//
//   npm run clients                       # build, then every client
//   node clients/run.js --only python     # rows whose client name contains "python"
//
// Prints a table (client, version, signature mode, transport, result) and exits 1 if any row fails.
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const https = require("node:https");
const os = require("node:os");
const path = require("node:path");
const { REPO_ROOT, startEmulatorProcess } = require("../scripts/lib/pulumi-cli");
const { startRecorder, wireMismatch } = require("./wire");

const HERE = __dirname;
const CACHE = path.join(process.env.NETATTACH_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-netattach"), "clients");
const SCENARIO_FILE = path.join(HERE, "scenario.json");
const SCENARIO = JSON.parse(fs.readFileSync(SCENARIO_FILE, "utf8"));

function log(message) {
  process.stderr.write(`[clients] ${message}\n`);
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], ...options });
}

function digest(...files) {
  const hash = crypto.createHash("sha256");
  for (const file of files) hash.update(fs.readFileSync(file));
  return hash.digest("hex").slice(0, 12);
}

/** A venv with exactly requirements file's pins, made once per content of that file. */
function venv(name, requirements) {
  const dir = path.join(CACHE, `${name}-${digest(requirements)}`);
  if (!fs.existsSync(path.join(dir, ".ready"))) {
    log(`installing ${path.relative(REPO_ROOT, requirements)} into ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(CACHE, { recursive: true });
    run("python3", ["-m", "venv", dir]);
    run(path.join(dir, "bin", "pip"), ["install", "--quiet", "--no-input", "-r", requirements], { stdio: ["ignore", "inherit", "inherit"] });
    fs.writeFileSync(path.join(dir, ".ready"), "");
  }
  return dir;
}

/** The Go scenario binary, built once per content of clients/go (modules from the Go module proxy). */
function goBinary() {
  const goDir = path.join(HERE, "go");
  const sources = fs.readdirSync(goDir).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f)).sort().map((f) => path.join(goDir, f));
  const binary = path.join(CACHE, `go-${digest(...sources)}`, "clients");
  if (!fs.existsSync(binary)) {
    log(`building clients/go into ${binary}`);
    const env = { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly -buildvcs=false`.trim() };
    run("go", ["build", "-o", binary, "."], { cwd: goDir, env, stdio: ["ignore", "inherit", "inherit"] });
  }
  return binary;
}

/** Exact versions, read from the pins themselves so the table cannot drift from what ran. */
function versions() {
  const pins = {};
  for (const file of ["requirements.txt", "requirements-tccli.txt"]) {
    for (const line of fs.readFileSync(path.join(HERE, "python", file), "utf8").split("\n")) {
      const m = /^([A-Za-z0-9_.-]+)==(\S+)$/.exec(line.trim());
      if (m) pins[`${file}:${m[1].toLowerCase().replace(/_/g, "-")}`] = m[2];
    }
  }
  const goMod = fs.readFileSync(path.join(HERE, "go", "go.mod"), "utf8");
  const mod = (name) => new RegExp(`${name.replace(/[./]/g, "\\$&")} (v\\S+)`).exec(goMod)?.[1] ?? "?";
  const py = (name) => pins[`requirements.txt:${name}`] ?? "?";
  return {
    "tencentcloud-sdk-go": `common ${mod("github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common")}`,
    "alibabacloud-go": `ecs-20140526/v7 ${mod("github.com/alibabacloud-go/ecs-20140526/v7")}, vpc-20160428/v6 ${mod("github.com/alibabacloud-go/vpc-20160428/v6")} (darabonba-openapi ${mod("github.com/alibabacloud-go/darabonba-openapi/v2")})`,
    "tencentcloud-sdk-python": `common ${py("tencentcloud-sdk-python-common")}, vpc ${py("tencentcloud-sdk-python-vpc")}, cvm ${py("tencentcloud-sdk-python-cvm")}`,
    "aliyun-python-sdk-core": `${py("aliyun-python-sdk-core")} (ecs ${py("aliyun-python-sdk-ecs")}, vpc ${py("aliyun-python-sdk-vpc")})`,
    "alibabacloud-tea-python": `ecs20140526 ${py("alibabacloud-ecs20140526")}, vpc20160428 ${py("alibabacloud-vpc20160428")} (tea-openapi ${py("alibabacloud-tea-openapi")})`,
    tccli: `${pins["requirements-tccli.txt:tccli"]} (tencentcloud-sdk-python ${pins["requirements-tccli.txt:tencentcloud-sdk-python"]})`,
  };
}

const TENCENT_MODES = ["TC3-POST", "TC3-GET", "TC3-POST-UNSIGNED", "TC3-GET-UNSIGNED", "HmacSHA1-GET", "HmacSHA1-POST", "HmacSHA256-GET", "HmacSHA256-POST"];

/** Every row: a client, a signature mode (with its HTTP method), a transport. */
const ROWS = [
  ...TENCENT_MODES.map((mode) => ({ client: "tencentcloud-sdk-go", lang: "go", mode, scheme: "http" })),
  { client: "tencentcloud-sdk-go", lang: "go", mode: "TC3-POST", scheme: "https" },
  ...["ACS3", "ACS3-HMAC-SM3", "RPCv1"].map((mode) => ({ client: "alibabacloud-go", lang: "go", mode, scheme: "http" })),
  { client: "alibabacloud-go", lang: "go", mode: "ACS3", scheme: "https" },
  ...TENCENT_MODES.map((mode) => ({ client: "tencentcloud-sdk-python", lang: "python", mode, scheme: "http" })),
  { client: "tencentcloud-sdk-python", lang: "python", mode: "TC3-POST", scheme: "https" },
  ...["RPCv1-GET", "RPCv1-POST"].map((mode) => ({ client: "aliyun-python-sdk-core", lang: "python", mode, scheme: "http" })),
  { client: "aliyun-python-sdk-core", lang: "python", mode: "RPCv1-GET", scheme: "https" },
  ...["ACS3", "ACS3-HMAC-SM3", "RPCv1"].map((mode) => ({ client: "alibabacloud-tea-python", lang: "python", mode, scheme: "http" })),
  { client: "alibabacloud-tea-python", lang: "python", mode: "ACS3", scheme: "https" },
  { client: "tccli", lang: "python", mode: "TC3-POST", scheme: "https" },
];

/** What each mode is on the wire, for the table. */
const MODE_NAMES = {
  "TC3-POST": "TC3-HMAC-SHA256, POST JSON",
  "TC3-GET": "TC3-HMAC-SHA256, GET",
  "TC3-POST-UNSIGNED": "TC3-HMAC-SHA256, POST, UnsignedPayload",
  "TC3-GET-UNSIGNED": "TC3-HMAC-SHA256, GET, UnsignedPayload",
  "HmacSHA1-GET": "v1 HmacSHA1, GET",
  "HmacSHA1-POST": "v1 HmacSHA1, POST form",
  "HmacSHA256-GET": "v1 HmacSHA256, GET",
  "HmacSHA256-POST": "v1 HmacSHA256, POST form",
  ACS3: "ACS3-HMAC-SHA256 (default)",
  "ACS3-HMAC-SM3": "ACS3-HMAC-SM3 (SignatureAlgorithm)",
  RPCv1: "RPC v1 HMAC-SHA1 (SignatureAlgorithm v2)",
  "RPCv1-GET": "RPC v1 HMAC-SHA1, GET",
  "RPCv1-POST": "RPC v1 HMAC-SHA1, POST",
};

/** A control API call; over https it trusts the emulator's own certificate (fetch cannot be told a CA). */
function control(emulator, method, route, body) {
  const url = new URL(`/__emulator/${route}`, emulator.url);
  const transport = url.protocol === "https:" ? https : http;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method,
      headers: payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      ca: emulator.certPath ? fs.readFileSync(emulator.certPath) : undefined,
    }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (c) => (text += c));
      response.on("end", () => (response.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${method} ${url.pathname}: ${response.statusCode} ${text}`))));
    });
    request.on("error", reject);
    request.end(payload);
  });
}

function runRow(row, { emulator, goBin, pyVenv, tccliVenv, home }) {
  return new Promise((resolve) => {
    const endpoint = new URL(emulator.recorder?.url ?? emulator.url).host;
    const common = ["--scenario", SCENARIO_FILE, "--client", row.client, "--mode", row.mode, "--endpoint", endpoint, "--scheme", row.scheme];
    const tls = row.scheme === "https" ? ["--ca", emulator.certPath] : [];
    const [command, args] =
      row.lang === "go"
        ? [goBin, [...common.map((a) => a.replace(/^--/, "-")), ...tls.map((a) => a.replace(/^--/, "-"))]]
        : [path.join(pyVenv, "bin", "python"), [path.join(HERE, "python", "scenario.py"), ...common, ...tls, ...(row.client === "tccli" ? ["--tccli", path.join(tccliVenv, "bin", "tccli")] : [])]];
    // Only the emulator's credentials; no proxy (the SDKs honour http_proxy), nothing else of ours.
    // HOME is the run's own: tccli writes ~/.tccli (a default profile and logs) on every start.
    const env = { PATH: process.env.PATH, HOME: home, LANG: "C.UTF-8", PYTHONDONTWRITEBYTECODE: "1", ...emulator.env };
    const started = Date.now();
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      const last = out.trim().split("\n").pop() ?? "";
      let result;
      try {
        result = JSON.parse(last);
      } catch {
        result = { ok: false, error: `exit ${code}, no result line: ${(out + err).slice(-1500)}` };
      }
      if (code !== 0 && result.ok) result = { ok: false, error: `exit ${code} after an ok line` };
      resolve({ ...result, seconds, stderr: err });
    });
  });
}

function table(rows) {
  const header = ["client", "version", "signature mode", "transport", "result"];
  const lines = rows.map((r) => [r.client, r.version, MODE_NAMES[r.mode] ?? r.mode, r.scheme, r.result]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [fmt(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(fmt)].join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const rows = ROWS.filter((r) => !only || r.client.includes(only));
  const started = Date.now();
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "emulator", "cli.js"))) throw new Error("dist/emulator/cli.js is missing: run npm run build (npm run clients does)");

  const needs = (lang) => rows.some((r) => r.lang === lang);
  const goBin = needs("go") ? goBinary() : undefined;
  const pyVenv = needs("python") ? venv("py-sdk", path.join(HERE, "python", "requirements.txt")) : undefined;
  const tccliVenv = rows.some((r) => r.client === "tccli") ? venv("py-tccli", path.join(HERE, "python", "requirements-tccli.txt")) : undefined;
  const prepared = (Date.now() - started) / 1000;

  const base = JSON.parse(fs.readFileSync(path.resolve(HERE, SCENARIO.seed), "utf8"));
  const seed = { ...base, clock: SCENARIO.clock };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-clients-"));
  const seedFile = path.join(work, "seed.json");
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  const home = path.join(work, "home");
  fs.mkdirSync(home);
  const emulators = {};
  const versionOf = versions();
  const results = [];
  try {
    for (const scheme of ["http", "https"]) {
      if (!rows.some((r) => r.scheme === scheme)) continue;
      const started = await startEmulatorProcess({ seedFile, extraArgs: scheme === "https" ? ["--tls"] : [] });
      emulators[scheme] = started;
      started.certPath = /^TLS certificate: (.+)$/m.exec(started.printed)?.[1];
      log(`emulator (pid ${started.pid}) on ${started.url}${started.certPath ? `, certificate ${started.certPath}` : ""}`);
      if (scheme === "https" && tccliVenv) trustForTccli(tccliVenv, started.certPath);
      if (scheme === "http") started.recorder = await startRecorder(started.url);
    }
    for (const row of rows) {
      const emulator = emulators[row.scheme];
      await control(emulator, "POST", "reset", seed);
      emulator.recorder?.requests.splice(0);
      const outcome = await runRow(row, { emulator, goBin, pyVenv, tccliVenv, home });
      // Every call the client counted reached the emulator and was answered (no hidden retries).
      const logged = (await control(emulator, "GET", "requests")).requests;
      if (outcome.ok && logged.length !== outcome.calls) Object.assign(outcome, { ok: false, error: `the client made ${outcome.calls} calls, the emulator logged ${logged.length}` });
      // Every request was of the row's signature generation and method (http rows: the recorder saw them).
      const wire = emulator.recorder?.requests.map((request) => wireMismatch(row.mode, request)).find(Boolean);
      if (outcome.ok && wire) Object.assign(outcome, { ok: false, error: `on the wire: ${wire}` });
      const checked = emulator.recorder ? `${emulator.recorder.requests.length} on the wire checked` : "wire not recorded (https)";
      const result = outcome.ok ? `ok: ${outcome.calls} calls (${checked}) in ${outcome.seconds.toFixed(1)} s` : `FAIL: ${outcome.error.replace(/\s+/g, " ").slice(0, 160)}`;
      results.push({ ...row, version: versionOf[row.client], result, ok: outcome.ok });
      log(`${outcome.ok ? "ok  " : "FAIL"} ${row.client} ${row.mode} ${row.scheme} (${outcome.seconds.toFixed(1)} s)${outcome.ok ? "" : `\n${outcome.error}\n${outcome.stderr.slice(-2000)}`}`);
    }
  } finally {
    for (const emulator of Object.values(emulators)) {
      await emulator.recorder?.close();
      await emulator.stop();
      if (emulator.certPath) fs.rmSync(path.dirname(emulator.certPath), { recursive: true, force: true });
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(table(results));
  console.log(`${results.length - failed} passed, ${failed} failed`);
  console.log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s (toolchains ready after ${prepared.toFixed(1)} s; cache ${CACHE})`);
  process.exitCode = failed ? 1 : 0;
}

/**
 * tccli is https-only and passes certifi's bundle to requests explicitly, so REQUESTS_CA_BUNDLE and
 * SSL_CERT_FILE do not apply (tried: CERTIFICATE_VERIFY_FAILED). Its venv is ours alone: its bundle
 * becomes certifi's original plus this run's emulator certificate.
 */
function trustForTccli(venvDir, certPath) {
  const bundle = run(path.join(venvDir, "bin", "python"), ["-c", "import certifi; print(certifi.where())"]).trim();
  const original = `${bundle}.orig`;
  if (!fs.existsSync(original)) fs.copyFileSync(bundle, original);
  fs.writeFileSync(bundle, Buffer.concat([fs.readFileSync(original), Buffer.from("\n# netattach emulator (clients/run.js)\n"), fs.readFileSync(certPath)]));
}

main().catch((error) => {
  console.error(`[clients] ${error.stack || error}`);
  process.exitCode = 1;
});
