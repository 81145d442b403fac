// The Tencent API 3.0 wire layer of the emulator: authentication, common headers, envelopes,
// GET and POST, throttling and fault rules. Driven by the real SDK and by hand-signed requests.

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { BOB, cvmClient, expectTencentError, ids, rawCall, tencentSeed, vpcClient, type SdkError } from "./tencentcloud-fixtures";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(tencentSeed());
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset(tencentSeed()));

describe("authentication", () => {
  it("accepts the SDK's POST and GET signatures (service from the scope, host without port)", async () => {
    const post = await cvmClient(emu.url).DescribeInstances({ InstanceIds: [ids.classicRunning] });
    const get = await cvmClient(emu.url, { reqMethod: "GET" }).DescribeInstances({ Filters: [{ Name: "instance-id", Values: [ids.classicRunning] }], Limit: 5 });
    expect(post.InstanceSet?.[0].InstanceId).toBe(ids.classicRunning);
    expect(get.InstanceSet?.map((i) => i.InstanceId)).toEqual([ids.classicRunning]);
    expect(post.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers an unknown SecretId with AuthFailure.SecretIdNotFound", async () => {
    const client = vpcClient(emu.url, { credentials: { secretId: "AKIDnobody", secretKey: "x" } });
    await expectTencentError(client.DescribeVpcs({}), "AuthFailure.SecretIdNotFound");
  });

  it("answers a wrong secret key with AuthFailure.SignatureFailure", async () => {
    const client = vpcClient(emu.url, { credentials: { secretId: BOB.secretId, secretKey: "not-bobs-key" } });
    await expectTencentError(client.DescribeVpcs({}), "AuthFailure.SignatureFailure");
  });

  it("hashes the raw body bytes: a non-compact JSON body signed as sent is accepted", async () => {
    const spaced = '{ "Limit" : "1",\n  "Offset": "0" }';
    const answer = await rawCall(emu.url, { action: "DescribeVpcs", body: spaced });
    expect(answer.status).toBe(200);
    expect(answer.body.Response.Error).toBeUndefined();
    expect(answer.body.Response.VpcSet).toHaveLength(1);
  });

  it("answers a body changed by one byte after signing with AuthFailure.SignatureFailure, HTTP 200", async () => {
    const tampered = await rawCall(emu.url, { action: "DescribeVpcs", signedBody: '{"Limit":"1"}', body: '{"Limit":"2"}' });
    expect(tampered.status).toBe(200);
    expect(tampered.body.Response.Error).toMatchObject({ Code: "AuthFailure.SignatureFailure" });
    // The same body re-serialised compactly is not what was signed either.
    const reformatted = await rawCall(emu.url, { action: "DescribeVpcs", signedBody: '{ "Limit": "1" }', body: '{"Limit":"1"}' });
    expect([reformatted.status, reformatted.body.Response.Error]).toEqual([200, expect.objectContaining({ Code: "AuthFailure.SignatureFailure" })]);
  });

  it("answers a signed header (Content-Type) changed after signing with AuthFailure.SignatureFailure", async () => {
    const tampered = await rawCall(emu.url, { action: "DescribeVpcs", body: '{"Limit":"1"}', tamper: (h) => (h["Content-Type"] = "application/json; charset=utf-8") });
    expect(tampered.status).toBe(200);
    expect(tampered.body.Response.Error).toMatchObject({ Code: "AuthFailure.SignatureFailure" });
  });

  it("answers a timestamp more than 5 minutes old with AuthFailure.SignatureExpire, HTTP 200", async () => {
    const stale = await rawCall(emu.url, { action: "DescribeVpcs", timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(200);
    expect(stale.body.Response).toMatchObject({ Error: { Code: "AuthFailure.SignatureExpire" }, RequestId: expect.any(String) });
    const fresh = await rawCall(emu.url, { action: "DescribeVpcs", timestamp: Math.floor(Date.now() / 1000) - 200 });
    expect(fresh.body.Response.Error).toBeUndefined();
  });

  it("answers a missing or garbled Authorization with AuthFailure.InvalidAuthorization", async () => {
    for (const authorization of ["SKIP", "TC3-HMAC-SHA256 Credential=AKID/2026-01-01/vpc, Signature=00"]) {
      const answer = await rawCall(emu.url, { action: "DescribeVpcs", authorization });
      expect(answer.status).toBe(200);
      expect(answer.body.Response.Error).toMatchObject({ Code: "AuthFailure.InvalidAuthorization" });
    }
  });
});

describe("common headers", () => {
  it("rejects an unknown action, a wrong version, a missing or unsupported region", async () => {
    const cases: [Parameters<typeof rawCall>[1], string][] = [
      [{ action: "DescribeNothing" }, "InvalidAction"],
      [{ action: "DescribeVpcs", version: "2020-01-01" }, "NoSuchVersion"],
      [{ action: "DescribeVpcs", region: null }, "MissingParameter"],
      [{ action: "DescribeVpcs", region: "mars-north-1" }, "UnsupportedRegion"],
    ];
    for (const [call, code] of cases) {
      const answer = await rawCall(emu.url, call);
      expect([answer.status, answer.body.Response.Error]).toEqual([200, expect.objectContaining({ Code: code })]);
    }
  });

  it("routes CVM and VPC actions by name on one endpoint", async () => {
    const requests = async () => (await emu.control.requests({ cloud: "tencentcloud" })).map((r) => [r.service, r.action]);
    await emu.control.clearRequests();
    await vpcClient(emu.url).DescribeVpcs({});
    await cvmClient(emu.url).DescribeInstances({});
    expect(await requests()).toEqual([
      ["vpc", "DescribeVpcs"],
      ["cvm", "DescribeInstances"],
    ]);
  });

  it("reads typed parameters: string Offset/Limit for DescribeVpcs, a type mismatch is InvalidParameter", async () => {
    const page = await vpcClient(emu.url).DescribeVpcs({ Offset: "1", Limit: "2" });
    expect(page.VpcSet).toHaveLength(2);
    const mistyped = await rawCall(emu.url, { action: "DescribeVpcs", body: '{"Limit":2}' });
    expect(mistyped.body.Response.Error).toMatchObject({ Code: "InvalidParameter" });
    await expectTencentError(vpcClient(emu.url).DescribeVpcs({ Limit: "101" }), "InvalidParameterValue.LimitExceeded");
    await expectTencentError(vpcClient(emu.url).DescribeVpcs({ Offset: "-1" }), "InvalidParameterValue.Range");
  });
});

describe("throttling and faults", () => {
  it("answers a rate-limited call with RequestLimitExceeded, HTTP 200", async () => {
    await emu.control.faults({ rateLimits: [{ cloud: "tencentcloud", action: "DescribeVpcs", limit: 1, windowMs: 60_000 }] });
    await vpcClient(emu.url).DescribeVpcs({});
    await expectTencentError(vpcClient(emu.url).DescribeVpcs({}), "RequestLimitExceeded");
  });

  it("turns an error fault into the Tencent envelope, or a gateway status when the rule says so", async () => {
    await emu.control.faults({
      faults: [
        { cloud: "tencentcloud", action: "DescribeVpcs", count: 1, effect: { type: "error", code: "InternalError", status: 200 } },
        { cloud: "tencentcloud", action: "DescribeInstances", count: 1, effect: { type: "error", code: "ServiceUnavailable", status: 503 } },
      ],
    });
    await expectTencentError(vpcClient(emu.url).DescribeVpcs({}), "InternalError");
    const gateway = await cvmClient(emu.url).DescribeInstances({}).then(
      () => ({}) as { code?: string; httpCode?: number },
      (e: { code?: string; httpCode?: number }) => e,
    );
    expect([gateway.httpCode, gateway.code]).toEqual([503, undefined]);
  });

  it("drops the connection on a reset before the change (nothing applied)", async () => {
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, phase: "before", effect: { type: "reset" } }] });
    const lost = await vpcClient(emu.url).AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] }).catch((e: Error) => e);
    expect((lost as Error).message).toMatch(/socket hang up|ECONNRESET/);
    const links = await vpcClient(emu.url).DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] });
    expect(links.TotalCount).toBe(0);
  });

  it("drops the connection on a reset after the change (the change stays applied)", async () => {
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, phase: "after", effect: { type: "reset" } }] });
    const lost = await vpcClient(emu.url).AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] }).catch((e: Error) => e);
    expect((lost as Error).message).toMatch(/socket hang up|ECONNRESET/);
    const links = await vpcClient(emu.url).DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] });
    expect(links.ClassicLinkInstanceSet).toEqual([{ VpcId: ids.linkableVpc, InstanceId: ids.classicRunning }]);
  });

  it("logs a reset, before or after the change, as status 0 with errorCode ConnectionReset (as Alibaba does)", async () => {
    await emu.control.faults({
      faults: [
        { cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, phase: "before", effect: { type: "reset" } },
        { cloud: "tencentcloud", action: "DetachClassicLinkVpc", count: 1, phase: "after", effect: { type: "reset" } },
      ],
    });
    await emu.control.clearRequests();
    await expect(vpcClient(emu.url).AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(vpcClient(emu.url).DetachClassicLinkVpc({ VpcId: ids.linkableVpc2, InstanceIds: [ids.classicLinked] })).rejects.toThrow(/socket hang up|ECONNRESET/);
    const logged = (await emu.control.requests({ cloud: "tencentcloud" })).map((r) => ({ action: r.action, outcome: r.outcome, status: r.status, errorCode: r.errorCode }));
    expect(logged).toEqual([
      { action: "AttachClassicLinkVpc", outcome: "reset", status: 0, errorCode: "ConnectionReset" },
      { action: "DetachClassicLinkVpc", outcome: "reset", status: 0, errorCode: "ConnectionReset" },
    ]);
  });

  it("a delay past the client's timeout (phase after): the SDK times out, yet the link and its task exist", async () => {
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, phase: "after", effect: { type: "delay", ms: 1500 } }] });
    await emu.control.clearRequests();
    const error = await vpcClient(emu.url, { reqTimeout: 1 })
      .AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] })
      .then(
        (value) => {
          throw new Error(`expected a timeout, got ${JSON.stringify(value)}`);
        },
        (caught: SdkError) => caught,
      );
    expect(error.message).toMatch(/timeout/i);
    expect({ code: error.code || undefined, httpCode: error.httpCode }).toEqual({ code: undefined, httpCode: undefined });

    const state = (await emu.control.state()).tencentcloud as { classicLinks: unknown[]; tasks: { kind: string; status: string; instanceIds: string[] }[] };
    expect(state.classicLinks).toContainEqual({ instanceId: ids.classicRunning, vpcId: ids.linkableVpc });
    expect(state.tasks).toContainEqual(expect.objectContaining({ kind: "ClassicLinkAttach", status: "SUCCESS", instanceIds: [ids.classicRunning] }));
    // The emulator still answers (late) once the delay is over; wait for that before the next test.
    for (let tries = 0; tries < 100 && (await emu.control.requests({ action: "AttachClassicLinkVpc" })).length === 0; tries += 1) await new Promise((r) => setTimeout(r, 50));
    expect((await emu.control.requests({ action: "AttachClassicLinkVpc" })).map((r) => [r.outcome, r.status])).toEqual([["response", 200]]);
  });

  it("delays the answer by a delay fault", async () => {
    await emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DescribeVpcs", count: 1, effect: { type: "delay", ms: 300 } }] });
    const started = Date.now();
    await vpcClient(emu.url).DescribeVpcs({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});
