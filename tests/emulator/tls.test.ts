// Optional TLS (issue 11, item 2): a generated self-signed pair (openssl, see emulator/tls.ts) or
// a given one; clients connect over https verifying the certificate against it (never with
// verification turned off): the Tencent SDK, Alibaba's ACS3 SDK, the control API and the CLI.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { vpc } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { generateSelfSigned, readTlsPair, type TlsPair } from "../../emulator/tls";
import { ALICE as ALI, aliSeed, REGION as ALI_REGION } from "./alicloud-fixture";
import { ensureBuiltCli, outputUntilEnvLines, ROOT } from "./built-cli";


function getJson(url: string, ca: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      })
      .on("error", reject);
  });
}

describe("https with a generated self-signed pair", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netattach-tls-"));
  let pair: TlsPair;
  let emu: RunningEmulator;
  const seed = aliSeed({ tencentcloud: { vpcs: [{ vpcId: "vpc-tls00001", region: "ap-guangzhou", cidrBlock: "10.0.0.0/16" }] } });
  beforeAll(async () => {
    pair = generateSelfSigned(dir);
    emu = await startEmulator({ seed, port: 0, tls: pair });
  });
  afterAll(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the pair is written where it says, the key private, the URL https", () => {
    expect(pair.certPath).toBe(path.join(dir, "cert.pem"));
    expect(fs.readFileSync(pair.certPath, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(fs.statSync(pair.keyPath).mode & 0o777).toBe(0o600);
    expect(emu.url).toBe(`https://127.0.0.1:${emu.port}`);
    expect(emu.loopbackOnly).toBe(true);
  });

  test("the control API over https, the certificate verified for 127.0.0.1 and localhost", async () => {
    expect((await getJson(`${emu.url}/__emulator/clock`, pair.cert)).status).toBe(200);
    const byName = await getJson(`https://localhost:${emu.port}/__emulator/clock`, pair.cert);
    expect(byName.status).toBe(200);
    await expect(getJson(`${emu.url}/__emulator/clock`, fs.readFileSync(path.join(ROOT, "package.json")))).rejects.toThrow();
    // Same-origin means the https origin; the http one, on the same port, is foreign.
    expect((await getJson(`${emu.url}/__emulator/clock`, pair.cert, { origin: emu.url })).status).toBe(200);
    const httpOrigin = await getJson(`${emu.url}/__emulator/clock`, pair.cert, { origin: `http://127.0.0.1:${emu.port}` });
    expect(httpOrigin).toEqual({ status: 403, body: { error: `the control API refuses cross-origin requests (Origin "http://127.0.0.1:${emu.port}")` } });
  });

  test("tencentcloud-sdk-nodejs (TC3) over https", async () => {
    const client = new vpc.v20170312.Client({
      credential: { secretId: "AKIDalice", secretKey: "alice-tc" },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "https://", agent: new https.Agent({ ca: pair.cert }) } },
    });
    const answer = await client.DescribeVpcs({ VpcIds: ["vpc-tls00001"] });
    expect(answer.TotalCount).toBe(1);
    expect(answer.VpcSet![0].VpcId).toBe("vpc-tls00001");
  });

  test("@alicloud/ecs20140526 (ACS3) over https", async () => {
    const ecs = new Ecs(new $OpenApiUtil.Config({ ...ALI, endpoint: `127.0.0.1:${emu.port}`, protocol: "https", regionId: ALI_REGION, ca: pair.cert.toString() }));
    const answer = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ALI_REGION, instanceIds: JSON.stringify(["i-classic"]) }));
    expect(answer.body!.instances!.instance![0].instanceId).toBe("i-classic");
  });

  test("a given pair is read from its files; a missing file is named", () => {
    expect(readTlsPair({ certPath: pair.certPath, keyPath: pair.keyPath }).cert.equals(pair.cert)).toBe(true);
    expect(() => readTlsPair({ certPath: path.join(dir, "nope.pem"), keyPath: pair.keyPath })).toThrow(`TLS certificate ${path.join(dir, "nope.pem")}: ENOENT`);
  });
});

describe("CLI --tls", () => {
  let cli: string;
  beforeAll(() => {
    cli = ensureBuiltCli();
  }, 120_000);

  test("prints an https URL and the certificate's path; a client trusting that file connects", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0", "--tls"], { cwd: ROOT });
    let out = "";
    let certDir: string | undefined;
    try {
      out = await outputUntilEnvLines(child);
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const certPath = /^TLS certificate: (.+)$/m.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(certPath).toBeDefined();
      expect(out).toMatch(/^TLS key: .+key\.pem$/m);
      expect(out).toContain(`export NODE_EXTRA_CA_CERTS=${certPath}`);
      certDir = path.dirname(certPath!);
      const clock = await getJson(`${url}/__emulator/clock`, fs.readFileSync(certPath!));
      expect(clock.status).toBe(200);
      expect(clock.body.mode).toBe("immediate");
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
    }
  }, 60_000);
});
