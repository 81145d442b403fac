// The emulator treats every request as hostile (issue 11, item 4), checked through HTTP: parameter
// names that could reach a prototype, control ops that are not own properties, bodies over the cap
// (413 while they stream), control requests for another Host / from another Origin / not JSON,
// absurd knobs, unreadable state and seed files, and a bad percent-encoding on the Alibaba side.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { sign } from "../../emulator/alicloud/signature";
import { controlRefusal, isLoopback } from "../../emulator/control-guard";
import { BEYOND_LOOPBACK_WARNING, readSeedFile } from "../../emulator/cli";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { ensureBuiltCli, ROOT } from "./built-cli";
import { ALICE as ALI, aliSeed, REGION as ALI_REGION } from "./alicloud-fixture";
import { ALICE as TC, ids, rawCall, REGION as TC_REGION, tencentSeed } from "./tencentcloud-fixtures";

/** Alibaba v1 GET signed over exactly these (ordered) pairs, names included as given. */
function aliGetUrl(base: string, extra: [string, string][], method = "GET"): string {
  const params: Record<string, string> = Object.create(null);
  const pairs: [string, string][] = [
    ["Action", "DescribeVpcs"],
    ["Version", "2016-04-28"],
    ["Format", "JSON"],
    ["RegionId", ALI_REGION],
    ["AccessKeyId", ALI.accessKeyId],
    ["SignatureMethod", "HMAC-SHA1"],
    ["SignatureVersion", "1.0"],
    ["SignatureNonce", `n-${Math.random()}`],
    ["Timestamp", new Date().toISOString().replace(/\.\d{3}Z$/, "Z")],
    ...extra,
  ];
  for (const [k, v] of pairs) params[k] = v;
  const signature = sign(method, params, ALI.accessKeySecret);
  const query = [...pairs, ["Signature", signature]].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return `${base}/?${query}`;
}

/** A TC3-signed GET (the SDK's own signer) with a hand-made query string. */
async function tencentGet(base: string, action: string, query: string): Promise<{ Response: Record<string, any> }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const url = `${base}/?${query}`;
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    "X-TC-Action": action,
    "X-TC-Timestamp": String(timestamp),
    "X-TC-Version": "2017-03-12",
    "X-TC-Region": TC_REGION,
  };
  headers.Authorization = Sign.sign3({ method: "GET", url, payload: "", timestamp, service: "vpc", secretId: TC.secretId, secretKey: TC.secretKey, multipart: false, boundary: "", headers });
  return (await (await fetch(url, { headers })).json()) as { Response: Record<string, any> };
}

/** A raw request through node:http, which lets a test set Host, Origin and any content type. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const POLLUTION_PROBES = ["locked", "polluted", "x"];
const prototypeIsClean = () => POLLUTION_PROBES.every((key) => !(key in Object.prototype) && (({}) as Record<string, unknown>)[key] === undefined);

describe("parameter names never reach a prototype", () => {
  let tc: TestEmulator;
  let ali: TestEmulator;
  beforeAll(async () => {
    tc = await startTestEmulator(tencentSeed());
    ali = await startTestEmulator(aliSeed());
  });
  afterAll(async () => {
    await tc.close();
    await ali.close();
  });

  test("Tencent GET __proto__.locked=1 -> InvalidParameter, nothing polluted, later attaches unaffected", async () => {
    const answer = await tencentGet(tc.url, "AttachClassicLinkVpc", `VpcId=${ids.linkableVpc}&InstanceIds.0=${ids.classicRunning}&__proto__.locked=1`);
    expect(answer.Response.Error).toEqual({ Code: "InvalidParameter", Message: "The parameter name `__proto__.locked` is not allowed." });
    const viaConstructor = await tencentGet(tc.url, "DescribeVpcs", "constructor.prototype.polluted=1");
    expect(viaConstructor.Response.Error.Code).toBe("InvalidParameter");
    expect(prototypeIsClean()).toBe(true);
    const attach = await tencentGet(tc.url, "AttachClassicLinkVpc", `VpcId=${ids.linkableVpc}&InstanceIds.0=${ids.classicRunning}`);
    expect(attach.Response.Error).toBeUndefined();
    expect(typeof attach.Response.RequestId).toBe("string");
  });

  test("Tencent JSON body with __proto__ / prototype at any depth -> InvalidParameter", async () => {
    const top = await rawCall(tc.url, { action: "DescribeVpcs", body: '{"__proto__":{"x":1}}' });
    expect(top.status).toBe(200);
    expect(top.body.Response.Error).toEqual({ Code: "InvalidParameter", Message: "The parameter name `__proto__` is not allowed." });
    const deep = await rawCall(tc.url, { action: "DescribeVpcs", body: '{"Filters":[{"Name":"vpc-id","Values":["v"],"prototype":{}}]}' });
    expect((deep.body.Response.Error as { Code: string }).Code).toBe("InvalidParameter");
    expect(prototypeIsClean()).toBe(true);
  });

  test("Alibaba __proto__ / constructor parameter -> InvalidParameter 400 in the asked format", async () => {
    for (const name of ["__proto__", "constructor", "Tag.1.prototype"]) {
      const res = await fetch(aliGetUrl(ali.url, [[name, "x"]]));
      expect(res.status).toBe(400);
      const body = (await res.json()) as Record<string, string>;
      expect(body).toMatchObject({ Code: "InvalidParameter", Message: `The specified parameter "${name}" is not valid.`, HostId: `vpc.${ALI_REGION}.aliyuncs.com` });
      expect(Object.keys(body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    }
    expect(prototypeIsClean()).toBe(true);
  });

  test("Alibaba Action=constructor / toString -> InvalidAction.NotFound 404 (own handlers only)", async () => {
    for (const action of ["constructor", "toString", "hasOwnProperty"]) {
      const res = await fetch(aliGetUrl(ali.url, []).replace("Action=DescribeVpcs", `Action=${action}`));
      // The signature covered DescribeVpcs, but routing comes first, as on the gateway.
      expect(res.status).toBe(404);
      expect(((await res.json()) as { Code: string }).Code).toBe("InvalidAction.NotFound");
    }
  });

  test("Alibaba bad percent-encoding in a form body -> InvalidParameter 400 in Alibaba's envelope (JSON when asked)", async () => {
    const res = await fetch(`${ali.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `Action=DescribeVpcs&Version=2016-04-28&Format=JSON&AccessKeyId=${ALI.accessKeyId}&Signature=x&RegionId=%E0%A4%A`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json;charset=utf-8");
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ Code: "InvalidParameter", Message: 'The specified parameter "body" (not valid percent-encoding) is not valid.' });
    expect(body.HostId).toMatch(/^vpc\./);
    const xml = await fetch(`${ali.url}/?Action=DescribeVpcs&Version=2016-04-28&AccessKeyId=${ALI.accessKeyId}&Signature=%ZZ`);
    expect(xml.status).toBe(400);
    expect(await xml.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>vpc\.aliyuncs\.com<\/HostId><Code>InvalidParameter<\/Code>/);
  });

  test("control ops are own properties only; control bodies with __proto__ are refused", async () => {
    for (const [cloud, op] of [["alicloud", "constructor"], ["alicloud", "toString"], ["tencentcloud", "__proto__"], ["tencentcloud", "constructor"]]) {
      const res = await fetch(`${ali.url}/__emulator/${cloud}/${op}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect({ op, status: res.status }).toEqual({ op, status: 404 });
      expect(((await res.json()) as { error: string }).error).toMatch(/unknown (alicloud control op|tencentcloud control operation)/);
    }
    // A status named like an Object.prototype member starts no transition (own-key lookup), and the state still reloads.
    await ali.control.alicloud("setInstanceStatus", { instanceId: "i-classic2", status: "constructor" });
    const dumped = await ali.control.state();
    expect(dumped.alicloud?.instances?.find((i) => i.instanceId === "i-classic2")).toMatchObject({ status: "constructor" });
    expect(dumped.alicloud?.instances?.find((i) => i.instanceId === "i-classic2")?.transition).toBeUndefined();
    await ali.control.reset(dumped);
    await ali.control.reset(aliSeed());
    const seed = JSON.stringify(aliSeed()).replace('{"accounts"', '{"__proto__":{"polluted":1},"accounts"');
    const reset = await fetch(`${ali.url}/__emulator/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: seed });
    expect(reset.status).toBe(400);
    expect(((await reset.json()) as { error: string }).error).toBe('invalid JSON body: the parameter name "__proto__" is not allowed');
    expect(prototypeIsClean()).toBe(true);
  });
});

describe("request bodies are capped while they stream in", () => {
  let emu: RunningEmulator;
  const LIMIT = 64 * 1024;
  beforeAll(async () => {
    emu = await startEmulator({ seed: aliSeed(), port: 0, maxBodyBytes: LIMIT });
  });
  afterAll(() => emu.close());

  /** Streams up to `total` bytes, stopping as soon as the answer arrives; returns it and how much was sent. */
  function stream(headers: Record<string, string>, total: number, urlPath = "/"): Promise<{ status: number; body: string; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${emu.url}${urlPath}`, { method: "POST", headers }, (res) => {
        answered = true;
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body: text, sent });
          req.destroy();
        });
      });
      req.on("error", (e) => (answered ? undefined : reject(e)));
      const chunk = Buffer.alloc(16 * 1024, "a");
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
  }

  test("a 400 MB chunked Alibaba body gets 413 in Alibaba's JSON envelope long before it is all sent", async () => {
    const answer = await stream({ "content-type": "application/x-www-form-urlencoded", "x-acs-action": "DescribeVpcs", "x-acs-version": "2016-04-28" }, 400 * 1024 * 1024, "/?Format=JSON");
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(64 * 1024 * 1024);
    const body = JSON.parse(answer.body) as Record<string, string>;
    expect(body).toMatchObject({ Code: "RequestEntityTooLarge", Message: `The request body exceeds ${LIMIT} bytes.`, HostId: "vpc.aliyuncs.com" });
    expect(Object.keys(body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
  });

  test("a declared Content-Length over the cap is refused before any body byte; Tencent gets its envelope", async () => {
    const res = await rawRequest(`${emu.url}/`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-tc-action": "DescribeVpcs", "content-length": String(400 * 1024 * 1024) },
    }).catch(() => undefined);
    // node:http may see the socket closed before it could send the (missing) body; the streaming case covers the answer.
    if (res) {
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).Response.Error.Code).toBe("RequestSizeLimitExceeded");
    }
    const streamed = await stream({ "content-type": "application/json", "x-tc-action": "DescribeVpcs" }, 10 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    const envelope = JSON.parse(streamed.body) as { Response: { Error: { Code: string; Message: string }; RequestId: string } };
    expect(envelope.Response.Error).toEqual({ Code: "RequestSizeLimitExceeded", Message: `The request body exceeds ${LIMIT} bytes.` });
    expect(envelope.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a body under the cap still works, and the emulator keeps answering after refusals", async () => {
    const res = await fetch(aliGetUrl(emu.url, [["Padding", "p".repeat(1000)]]));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { TotalCount: number }).TotalCount).toBeGreaterThan(0);
  });
});

describe("the control API answers only its own address, same-origin, JSON writes", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed());
  });
  afterAll(() => emu.close());

  const resetBody = () => JSON.stringify(aliSeed());

  test("a foreign Host (DNS rebinding) is refused for reads and writes", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await rawRequest(`${emu.url}/__emulator/${method === "GET" ? "state" : "reset"}`, {
        method,
        headers: { host: `rebind.example:${emu.port}`, "content-type": "application/json" },
        body: method === "POST" ? resetBody() : undefined,
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error).toContain('Host "rebind.example:');
    }
    const otherPort = await rawRequest(`${emu.url}/__emulator/state`, { headers: { host: "127.0.0.1:1" } });
    expect(otherPort.status).toBe(403);
  });

  test("own addresses are accepted: 127.0.0.1, localhost, same-origin Origin", async () => {
    for (const host of [`127.0.0.1:${emu.port}`, `localhost:${emu.port}`]) {
      expect((await rawRequest(`${emu.url}/__emulator/clock`, { headers: { host } })).status).toBe(200);
    }
    const sameOrigin = await rawRequest(`${emu.url}/__emulator/clock`, { method: "POST", headers: { origin: emu.url, "content-type": "application/json" }, body: "{}" });
    expect(sameOrigin.status).toBe(200);
  });

  test("a cross-site text/plain POST with a foreign Origin is refused; so is any write that is not JSON", async () => {
    const crossSite = await rawRequest(`${emu.url}/__emulator/reset`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "text/plain" }, body: resetBody() });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).error).toBe('the control API refuses cross-origin requests (Origin "http://evil.example")');
    const nullOrigin = await rawRequest(`${emu.url}/__emulator/state`, { headers: { origin: "null" } });
    expect(nullOrigin.status).toBe(403);
    const plain = await rawRequest(`${emu.url}/__emulator/reset`, { method: "POST", headers: { "content-type": "text/plain" }, body: resetBody() });
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body).error).toBe('control writes need content-type application/json (got "text/plain")');
    const form = await rawRequest(`${emu.url}/__emulator/alicloud/lockInstance`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "instanceId=i-classic" });
    expect(form.status).toBe(415);
    // Nothing changed meanwhile.
    const state = await emu.control.state();
    expect(state.alicloud?.instances?.find((i) => i.instanceId === "i-classic")?.locked).toBeFalsy();
  });

  test("bound on a wildcard, any IP literal or this host's name is its own; names elsewhere are not", () => {
    const bound = { address: "0.0.0.0", port: 8080 };
    const headers = (host: string) => ({ host });
    expect(controlRefusal("GET", headers("192.168.1.20:8080"), bound, false, 0)).toBeUndefined();
    expect(controlRefusal("GET", headers(`${os.hostname()}:8080`), bound, false, 0)).toBeUndefined();
    expect(controlRefusal("GET", headers("attacker.example:8080"), bound, false, 0)?.status).toBe(403);
    expect(controlRefusal("GET", headers("localhost"), { address: "127.0.0.1", port: 443 }, true, 0)).toBeUndefined();
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("127.0.0.1") && isLoopback("::1") && isLoopback("localhost")).toBe(true);
  });
});

describe("knobs: negative or absurd values are refused, naming the field, and change nothing", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed());
  });
  afterAll(() => emu.close());

  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${emu.url}/__emulator/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error: string; path?: string } };
  };

  test.each([
    ["faults", { latencyMs: -5 }, "latencyMs", "seed latencyMs: must be a number within 0..600000 (got -5)"],
    ["faults", { latencyMs: { DescribeVpcs: 1e12 } }, "latencyMs.DescribeVpcs", "seed latencyMs.DescribeVpcs: must be a number within 0..600000 (got 1000000000000)"],
    ["faults", { faults: [{ effect: { type: "delay", ms: -1 } }] }, "faults[0].effect.ms", "seed faults[0].effect.ms: must be a number within 0..600000 (got -1)"],
    ["faults", { faults: [{ count: 1.5, effect: { type: "reset" } }] }, "faults[0].count", "seed faults[0].count: must be an integer within 0..9007199254740991 (got 1.5)"],
    ["faults", { faults: [{ effect: { type: "error", code: "X", status: 99 } }] }, "faults[0].effect.status", "seed faults[0].effect.status: must be an integer within 100..599 (got 99)"],
    ["faults", { rateLimits: [{ limit: 1, windowMs: 0 }] }, "rateLimits[0].windowMs", "seed rateLimits[0].windowMs: must be a number within 1..2592000000 (got 0)"],
    ["faults", { rateLimits: [{ limit: -1 }] }, "rateLimits[0].limit", "seed rateLimits[0].limit: must be an integer within 0..9007199254740991 (got -1)"],
    ["clock", { mode: "polls", polls: -2 }, "clock.polls", "seed clock.polls: must be an integer within 0..1000000 (got -2)"],
    ["clock", { advanceMs: -1 }, "clock.advanceMs", "seed clock.advanceMs: must be a number within 0..315360000000 (got -1)"],
    ["clock", { mode: "ms", ms: 1e300, advanceMs: 5 }, "clock.ms", "seed clock.ms: must be a number within 0..2592000000 (got 1e+300)"],
  ])("POST %s %j -> 400 naming %s", async (route, body, field, message) => {
    const before = await emu.control.state();
    const answer = await post(route, body);
    expect(answer).toEqual({ status: 400, body: { error: message, path: field } });
    const after = await emu.control.state();
    expect({ clock: { ...after.clock, offsetMs: 0 }, faults: after.faults, rateLimits: after.rateLimits, latencyMs: after.latencyMs }).toEqual({
      clock: { ...before.clock, offsetMs: 0 },
      faults: before.faults,
      rateLimits: before.rateLimits,
      latencyMs: before.latencyMs,
    });
    expect(after.clock?.offsetMs).toBe(before.clock?.offsetMs);
  });

  test("a seed with latencyMs -5 is refused by reset too", async () => {
    expect(await post("reset", aliSeed({ latencyMs: -5 }))).toEqual({ status: 400, body: { error: "seed latencyMs: must be a number within 0..600000 (got -5)", path: "latencyMs" } });
  });
});

describe("state and seed files: errors name the file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-hardening-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a corrupt --state file", async () => {
    const statePath = path.join(dir, "corrupt-state.json");
    fs.writeFileSync(statePath, '{"accounts": [');
    await expect(startEmulator({ seed: aliSeed(), statePath })).rejects.toThrow(new RegExp(`^state file ${statePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*JSON`));
  });

  test("a --state file that is valid JSON but not a valid seed", async () => {
    const statePath = path.join(dir, "invalid-state.json");
    fs.writeFileSync(statePath, JSON.stringify({ accounts: [] }));
    await expect(startEmulator({ seed: aliSeed(), statePath })).rejects.toThrow(`state file ${statePath}: seed accounts: must be a non-empty array`);
  });

  test("a corrupt --seed file", () => {
    const seedPath = path.join(dir, "seed.json");
    fs.writeFileSync(seedPath, "{ not json");
    expect(() => readSeedFile(seedPath)).toThrow(new RegExp(`^seed file ${seedPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
    expect(() => readSeedFile(path.join(dir, "missing.json"))).toThrow(/^seed file .*missing\.json: ENOENT/);
  });
});

describe("CLI", () => {
  let cli: string;
  beforeAll(() => {
    cli = ensureBuiltCli();
  }, 120_000);

  /** Runs the built CLI until it exits (these runs never get to listen). */
  function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
  }

  test("--host beyond loopback warns that the control API is unauthenticated (192.0.2.1 is TEST-NET: the bind fails, nothing listens)", async () => {
    const run = await runCli(["--port", "0", "--host", "192.0.2.1"]);
    expect(run.stderr).toContain(BEYOND_LOOPBACK_WARNING);
    expect(run.code).toBe(2);
  }, 30_000);

  test("a corrupt --state file: exit 2 and a message naming the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-cli-"));
    try {
      const statePath = path.join(dir, "state.json");
      fs.writeFileSync(statePath, "{ truncated");
      const run = await runCli(["--port", "0", "--state", statePath]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^netattach-emulator: state file ${statePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
      expect(run.stderr).not.toContain(BEYOND_LOOPBACK_WARNING);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
