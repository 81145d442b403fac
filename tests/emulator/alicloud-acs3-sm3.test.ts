// ACS3-HMAC-SM3, the other AccessKey algorithm of Alibaba's V3 signature: @alicloud/ecs20140526 and
// @alicloud/vpc20160428 (and the Go and Python Tea SDKs) send it with `signatureAlgorithm:
// "ACS3-HMAC-SM3"`. Found by `npm run clients` (alibabacloud-go): the emulator did not recognise it as
// ACS3 and answered MissingParameter "AccessKeyId" as if it were a v1 request.

import { createHash, randomUUID } from "node:crypto";
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import Vpc, * as $Vpc from "@alicloud/vpc20160428";
import { $OpenApiUtil, OpenApiUtil } from "@alicloud/openapi-core";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { ALICE, aliSeed, REGION } from "./alicloud-fixture";

const SM3 = "ACS3-HMAC-SM3";
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

interface TeaError {
  code: string;
  statusCode: number;
  data: Record<string, string>;
}

function config(emu: TestEmulator, secret = ALICE.accessKeySecret) {
  return new $OpenApiUtil.Config({ accessKeyId: ALICE.accessKeyId, accessKeySecret: secret, endpoint: `127.0.0.1:${emu.port}`, protocol: "http", regionId: REGION, signatureAlgorithm: SM3 });
}

async function teaError(call: Promise<unknown>): Promise<TeaError> {
  return call.then(
    (value) => {
      throw new Error(`expected an error, got ${JSON.stringify(value)}`);
    },
    (caught: TeaError) => caught,
  );
}

describe("@alicloud/ecs20140526 and @alicloud/vpc20160428 with signatureAlgorithm ACS3-HMAC-SM3", () => {
  let emu: TestEmulator;
  let ecs: Ecs;
  let vpc: Vpc;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed({ clock: { mode: "polls", polls: 1 } }));
    ecs = new Ecs(config(emu));
    vpc = new Vpc(config(emu));
  });
  afterAll(() => emu.close());

  test("describe, attach an ENI, poll Attaching -> InUse, detach, poll -> Available, all SM3-signed", async () => {
    const vpcs = (await vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId: "vpc-one" }))).body!;
    expect(vpcs.toMap()).toMatchObject({ TotalCount: 1, PageNumber: 1, RequestId: expect.stringMatching(REQUEST_ID) });
    expect(vpcs.vpcs!.vpc![0]).toMatchObject({ vpcId: "vpc-one", regionId: REGION, status: "Available", cidrBlock: "172.16.0.0/12" });

    const attach = await ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-free", instanceId: "i-vpc" }));
    expect(attach.statusCode).toBe(200);
    expect(Object.keys(attach.body!.toMap())).toEqual(["RequestId"]);
    const status = async () =>
      (await ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, networkInterfaceId: ["eni-free"] }))).body!.networkInterfaceSets!.networkInterfaceSet![0];
    const seen = [(await status()).status, (await status()).status];
    expect(seen).toEqual(["Attaching", "InUse"]);
    await ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-free", instanceId: "i-vpc" }));
    const after = [await status(), await status()];
    expect(after.map((eni) => eni.status)).toEqual(["Detaching", "Available"]);
    expect(after[1].instanceId ?? "").toBe("");

    const logged = await emu.control.requests({ cloud: "alicloud" });
    expect(logged.map((r) => [r.action, r.status, r.account])).toEqual([
      ["DescribeVpcs", 200, "alice"],
      ["AttachNetworkInterface", 200, "alice"],
      ...Array(2).fill(["DescribeNetworkInterfaces", 200, "alice"]),
      ["DetachNetworkInterface", 200, "alice"],
      ...Array(2).fill(["DescribeNetworkInterfaces", 200, "alice"]),
    ]);
  });

  test("an action error and a wrong secret answer as for SHA-256: the code, the status, the SM3 string to sign", async () => {
    const notFound = await teaError(ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-free", instanceId: "i-nowhere" })));
    expect({ code: notFound.code, statusCode: notFound.statusCode }).toEqual({ code: "InvalidEcsId.NotFound", statusCode: 404 });

    const wrong = await teaError(new Vpc(config(emu, "not-the-secret")).describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: REGION })));
    expect({ code: wrong.code, statusCode: wrong.statusCode }).toEqual({ code: "SignatureDoesNotMatch", statusCode: 400 });
    expect(Object.keys(wrong.data).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    expect(wrong.data.Message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SM3\n[0-9a-f]{64}$/);
  });
});

describe("ACS3 algorithms on the wire (raw HTTP signed by openapi-core's getAuthorization)", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed());
  });
  afterAll(() => emu.close());

  async function send(algorithm: string, bodyHash: (body: string) => string) {
    const headers: Record<string, string> = {
      host: `127.0.0.1:${emu.port}`,
      "x-acs-action": "DescribeVpcs",
      "x-acs-version": "2016-04-28",
      "x-acs-date": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      "x-acs-signature-nonce": randomUUID(),
      "x-acs-content-sha256": bodyHash(""),
    };
    const query = { RegionId: REGION };
    const request = { pathname: "/", method: "POST", query, headers } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0];
    const signature = OpenApiUtil.getAuthorization(request, "ACS3-HMAC-SM3", headers["x-acs-content-sha256"], ALICE.accessKeyId, ALICE.accessKeySecret);
    headers.Authorization = signature.replace(/^ACS3-HMAC-SM3/, algorithm);
    const res = await fetch(`${emu.url}/?${new URLSearchParams(query)}`, { method: "POST", headers });
    return { status: res.status, type: res.headers.get("content-type"), body: JSON.parse(await res.text()) };
  }

  const sm3 = (body: string) => createHash("sm3").update(body).digest("hex");
  const sha256 = (body: string) => createHash("sha256").update(body).digest("hex");

  test("SM3 over an SM3 body hash passes; a SHA-256 body hash under SM3 -> IncompleteSignature 400", async () => {
    const ok = await send(SM3, sm3);
    expect(ok).toMatchObject({ status: 200, body: { RequestId: expect.stringMatching(REQUEST_ID) } });
    expect(ok.body.Vpcs.Vpc.map((v: { VpcId: string }) => v.VpcId)).toContain("vpc-one");
    expect(await send(SM3, sha256)).toMatchObject({ status: 400, body: { Code: "IncompleteSignature" } });
  });

  test("an ACS3 algorithm the emulator does not verify (ACS3-RSA-SHA256) is refused as ACS3: IncompleteSignature 400 in JSON", async () => {
    const answer = await send("ACS3-RSA-SHA256", sm3);
    expect(answer).toMatchObject({ status: 400, type: "application/json;charset=utf-8", body: { Code: "IncompleteSignature", HostId: `vpc.${REGION}.aliyuncs.com` } });
    expect(answer.body.Message).toContain("ACS3-HMAC-SHA256 | ACS3-HMAC-SM3");
  });
});
