// Alibaba's current SDKs, @alicloud/ecs20140526 and @alicloud/vpc20160428 (Tea/darabonba over
// @alicloud/openapi-core), in their default ACS3-HMAC-SHA256 mode, unchanged but for endpoint and
// protocol: full scenarios checked field by field against the documented shapes
// (/work/shared/reference/alicloud-api.md §4), and the gateway's ACS3 refusals through raw HTTP
// signed by the SDK's own signer (OpenApiUtil.getAuthorization).

import { createHash, randomUUID } from "node:crypto";
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import Vpc, * as $Vpc from "@alicloud/vpc20160428";
import { $OpenApiUtil, OpenApiUtil } from "@alicloud/openapi-core";
import { acs3Sign, acs3StringToSign } from "../../emulator/alicloud/acs3";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { ALICE, aliSeed, REGION } from "./alicloud-fixture";

interface TeaError {
  name: string;
  code: string;
  statusCode: number;
  data: Record<string, string>;
}

function config(emu: TestEmulator, key: { accessKeyId: string; accessKeySecret: string } = ALICE) {
  return new $OpenApiUtil.Config({ ...key, endpoint: `127.0.0.1:${emu.port}`, protocol: "http", regionId: REGION });
}

async function expectTeaError(call: Promise<unknown>, code: string, statusCode: number): Promise<TeaError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${code}, got ${JSON.stringify(value)}`);
    },
    (caught: TeaError) => caught,
  );
  expect({ code: error.code, statusCode: error.statusCode }).toEqual({ code, statusCode });
  expect(Object.keys(error.data).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
  expect(error.data.Code).toBe(code);
  expect(error.data.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  return error;
}

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe("@alicloud/ecs20140526 and @alicloud/vpc20160428 (ACS3-HMAC-SHA256, their default)", () => {
  let emu: TestEmulator;
  let ecs: Ecs;
  let vpc: Vpc;
  beforeAll(async () => {
    // ENI transitions take 2 Describe calls, so the scenario really polls.
    emu = await startTestEmulator(aliSeed({ clock: { mode: "polls", polls: 2 } }));
    ecs = new Ecs(config(emu));
    vpc = new Vpc(config(emu));
  });
  afterAll(() => emu.close());

  test("every call arrived ACS3-signed (action and version in headers), none as v1", async () => {
    await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION }));
    const logged = await emu.control.requests({ action: "DescribeInstances" });
    expect(logged.at(-1)).toMatchObject({ cloud: "alicloud", service: "ecs", status: 200, account: "alice" });
  });

  test("ECS ClassicLink: describe, attach, poll until linked, detach, poll until gone, an error", async () => {
    const described = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify(["i-classic"]) }));
    expect(described.statusCode).toBe(200);
    const page = described.body!.toMap();
    expect(Object.keys(page).sort()).toEqual(["Instances", "PageNumber", "PageSize", "RequestId", "TotalCount"]);
    expect(page).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10 });
    expect(page.RequestId).toMatch(REQUEST_ID);
    const instance = described.body!.instances!.instance![0];
    expect(instance.instanceId).toBe("i-classic");
    expect(instance.status).toBe("Running");
    expect(instance.instanceNetworkType).toBe("classic");
    expect(instance.regionId).toBe(REGION);
    expect(instance.zoneId).toBe("cn-hangzhou-b");
    expect(instance.innerIpAddress?.ipAddress).toEqual(expect.any(Array));

    const attached = await ecs.attachClassicLinkVpc(new $Ecs.AttachClassicLinkVpcRequest({ regionId: REGION, instanceId: "i-classic", vpcId: "vpc-one" }));
    expect(Object.keys(attached.body!.toMap())).toEqual(["RequestId"]);
    expect(attached.headers!["x-acs-request-id"]).toBe(attached.body!.requestId);

    const linksOf = async () =>
      (await ecs.describeClassicLinkInstances(new $Ecs.DescribeClassicLinkInstancesRequest({ regionId: REGION, vpcId: "vpc-one", pageSize: "100" }))).body!;
    let links = await linksOf();
    for (let polls = 0; !links.links?.link?.some((l) => l.instanceId === "i-classic") && polls < 5; polls++) links = await linksOf();
    expect(links.toMap()).toEqual({ Links: { Link: [{ InstanceId: "i-classic", VpcId: "vpc-one" }] }, PageNumber: 1, PageSize: 100, TotalCount: 1, RequestId: expect.stringMatching(REQUEST_ID) });

    const detached = await ecs.detachClassicLinkVpc(new $Ecs.DetachClassicLinkVpcRequest({ regionId: REGION, instanceId: "i-classic", vpcId: "vpc-one" }));
    expect(Object.keys(detached.body!.toMap())).toEqual(["RequestId"]);
    links = await linksOf();
    for (let polls = 0; links.totalCount !== 0 && polls < 5; polls++) links = await linksOf();
    expect(links.toMap()).toMatchObject({ Links: { Link: [] }, TotalCount: 0 });

    const error = await expectTeaError(
      ecs.attachClassicLinkVpc(new $Ecs.AttachClassicLinkVpcRequest({ regionId: REGION, instanceId: "i-vpc", vpcId: "vpc-one" })),
      "InvalidInstanceId.MalFormed",
      400,
    );
    expect(error.data.HostId).toBe(`ecs.${REGION}.aliyuncs.com`);
    expect(error.data.Recommend).toBe("https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.MalFormed&product=Ecs");
  });

  test("ECS ENI: attach, poll Attaching -> InUse, detach, poll Detaching -> Available, errors", async () => {
    const describe = async () =>
      (await ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, networkInterfaceId: ["eni-free"] }))).body!;
    const before = await describe();
    expect(before.toMap()).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10, RequestId: expect.stringMatching(REQUEST_ID) });
    const free = before.networkInterfaceSets!.networkInterfaceSet![0];
    expect({ id: free.networkInterfaceId, status: free.status, type: free.type, vpcId: free.vpcId, zoneId: free.zoneId, instanceId: free.instanceId ?? "" }).toEqual({
      id: "eni-free",
      status: "Available",
      type: "Secondary",
      vpcId: "vpc-one",
      zoneId: "cn-hangzhou-b",
      instanceId: "",
    });
    // The documented fields clients read, decoded by the SDK's own model.
    expect(free.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(free.ownerId).toMatch(/^\d+$/);
    expect(free.associatedPublicIp).toBeDefined();
    expect(free.privateIpSets!.privateIpSet![0].associatedPublicIp).toBeDefined();

    const attach = await ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-free", instanceId: "i-vpc" }));
    expect(Object.keys(attach.body!.toMap())).toEqual(["RequestId"]);
    const seen: string[] = [];
    let eni = (await describe()).networkInterfaceSets!.networkInterfaceSet![0];
    seen.push(eni.status!);
    while (eni.status !== "InUse" && seen.length < 6) {
      eni = (await describe()).networkInterfaceSets!.networkInterfaceSet![0];
      seen.push(eni.status!);
    }
    expect(seen).toEqual(["Attaching", "Attaching", "InUse"]);
    expect(eni.instanceId).toBe("i-vpc");
    expect(eni.attachment?.instanceId).toBe("i-vpc");
    expect(eni.attachment?.deviceIndex).toBe(2);

    await ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-free", instanceId: "i-vpc" }));
    seen.length = 0;
    do {
      eni = (await describe()).networkInterfaceSets!.networkInterfaceSet![0];
      seen.push(eni.status!);
    } while (eni.status !== "Available" && seen.length < 6);
    expect(seen).toEqual(["Detaching", "Detaching", "Available"]);

    await expectTeaError(
      ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-free", instanceId: "i-nowhere" })),
      "InvalidEcsId.NotFound",
      404,
    );
    await expectTeaError(
      ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: "eni-primary", instanceId: "i-vpc" })),
      "InvalidOperation.DetachPrimaryEniNotAllowed",
      400,
    );
  });

  test("VPC ClassicLink setting: describe, enable, read back, disable, read back, errors name the VPC host", async () => {
    const vpcs = (await vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId: "vpc-off" }))).body!;
    expect(vpcs.totalCount).toBe(1);
    expect(vpcs.requestId).toMatch(REQUEST_ID);
    expect(vpcs.vpcs!.vpc![0]).toMatchObject({ vpcId: "vpc-off", regionId: REGION, status: "Available", cidrBlock: "172.16.0.0/12" });
    expect(vpcs.vpcs!.vpc![0].creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const attribute = async () => (await vpc.describeVpcAttribute(new $Vpc.DescribeVpcAttributeRequest({ regionId: REGION, vpcId: "vpc-off" }))).body!;
    const off = await attribute();
    expect({ vpcId: off.vpcId, status: off.status, regionId: off.regionId, classicLinkEnabled: off.classicLinkEnabled, cidrBlock: off.cidrBlock }).toEqual({
      vpcId: "vpc-off",
      status: "Available",
      regionId: REGION,
      classicLinkEnabled: false,
      cidrBlock: "172.16.0.0/12",
    });

    const token = randomUUID();
    const enabled = await vpc.enableVpcClassicLink(new $Vpc.EnableVpcClassicLinkRequest({ regionId: REGION, vpcId: "vpc-off", clientToken: token }));
    expect(Object.keys(enabled.body!.toMap())).toEqual(["RequestId"]);
    let now = await attribute();
    for (let polls = 0; now.classicLinkEnabled !== true && polls < 5; polls++) now = await attribute();
    expect(now.classicLinkEnabled).toBe(true);
    // The same ClientToken again answers the first call's RequestId.
    const replay = await vpc.enableVpcClassicLink(new $Vpc.EnableVpcClassicLinkRequest({ regionId: REGION, vpcId: "vpc-off", clientToken: token }));
    expect(replay.body!.requestId).toBe(enabled.body!.requestId);

    await vpc.disableVpcClassicLink(new $Vpc.DisableVpcClassicLinkRequest({ regionId: REGION, vpcId: "vpc-off" }));
    now = await attribute();
    for (let polls = 0; now.classicLinkEnabled !== false && polls < 5; polls++) now = await attribute();
    expect(now.classicLinkEnabled).toBe(false);

    const missing = await expectTeaError(vpc.describeVpcAttribute(new $Vpc.DescribeVpcAttributeRequest({ regionId: REGION, vpcId: "vpc-nowhere" })), "InvalidVpcId.NotFound", 404);
    expect(missing.data).toMatchObject({ HostId: `vpc.${REGION}.aliyuncs.com`, Message: "Specified VPC does not exist.", Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidVpcId.NotFound&product=Vpc" });
  });

  test("a wrong secret: SignatureDoesNotMatch 400 whose message ends with the server's string to sign", async () => {
    const wrong = new Vpc(config(emu, { accessKeyId: ALICE.accessKeyId, accessKeySecret: "not-the-secret" }));
    const error = await expectTeaError(wrong.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: REGION })), "SignatureDoesNotMatch", 400);
    expect(error.data.Message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
    // What aliyun-python-sdk-core does with it: split on "server string to sign is:".
    expect(error.data.Message.split("server string to sign is:")[1].split("\n")[0]).toBe("ACS3-HMAC-SHA256");
    expect(error.data.HostId).toBe(`vpc.${REGION}.aliyuncs.com`);
    const unknownKey = new Ecs(config(emu, { accessKeyId: "LTAInobody", accessKeySecret: "x" }));
    await expectTeaError(unknownKey.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION })), "InvalidAccessKeyId.NotFound", 404);
  });
});

test("the verifier's string to sign and signature equal openapi-core's getAuthorization for the same request", () => {
  const headers: Record<string, string> = {
    host: "127.0.0.1:8080",
    "x-acs-action": "DescribeVpcs",
    "x-acs-version": "2016-04-28",
    "x-acs-date": "2026-01-02T03:04:05Z",
    "x-acs-signature-nonce": "nonce-1",
    "x-acs-content-sha256": createHash("sha256").update("").digest("hex"),
  };
  const query = { RegionId: "cn-hangzhou", VpcId: "vpc-a b*~" };
  const sdk = OpenApiUtil.getAuthorization({ pathname: "/", method: "POST", query, headers } as never, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"], "AK", "secret");
  const signedHeaders = Object.keys(headers).sort();
  const sts = acs3StringToSign({ method: "POST", path: "/", query, signedHeaders, headerValue: (n) => headers[n], payloadHash: headers["x-acs-content-sha256"] });
  expect(sdk).toBe(`ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=${signedHeaders.join(";")},Signature=${acs3Sign(sts, "secret")}`);
});

describe("ACS3 on the wire (raw HTTP signed by openapi-core's own getAuthorization)", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed());
  });
  afterAll(() => emu.close());

  interface Acs3Options {
    action?: string;
    version?: string;
    query?: Record<string, string>;
    form?: Record<string, string>;
    date?: string;
    nonce?: string;
    contentSha256?: string;
    secret?: string;
  }

  /** Builds and signs a request the way openapi-core's doRequest does; returns what fetch needs. */
  function signed(options: Acs3Options) {
    const body = options.form ? new URLSearchParams(options.form).toString().replace(/\+/g, "%20") : "";
    const headers: Record<string, string> = {
      host: `127.0.0.1:${emu.port}`,
      "x-acs-action": options.action ?? "DescribeVpcs",
      "x-acs-version": options.version ?? "2016-04-28",
      "x-acs-date": options.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      "x-acs-signature-nonce": options.nonce ?? randomUUID(),
      "x-acs-content-sha256": options.contentSha256 ?? createHash("sha256").update(body).digest("hex"),
      accept: "application/json",
      ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    };
    const query = options.query ?? {};
    const request = { pathname: "/", method: "POST", query, headers } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0];
    headers.Authorization = OpenApiUtil.getAuthorization(request, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"], ALICE.accessKeyId, options.secret ?? ALICE.accessKeySecret);
    const search = new URLSearchParams(query).toString();
    return { url: `${emu.url}/${search ? `?${search}` : ""}`, init: { method: "POST", headers, body: body || undefined } };
  }

  async function send(options: Acs3Options) {
    const { url, init } = signed(options);
    const res = await fetch(url, init);
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  }

  test("parameters in the query or in a form body; JSON by default", async () => {
    for (const place of ["query", "form"] as const) {
      const answer = await send({ [place]: { RegionId: REGION, VpcId: "vpc-one" } });
      expect({ place, status: answer.status, type: answer.type }).toEqual({ place, status: 200, type: "application/json;charset=utf-8" });
      const body = JSON.parse(answer.text);
      expect(body).toMatchObject({ TotalCount: 1, Vpcs: { Vpc: [expect.objectContaining({ VpcId: "vpc-one" })] } });
    }
  });

  test("replayed nonce -> SignatureNonceUsed 400; expired x-acs-date -> InvalidTimeStamp.Expired 400; malformed -> IllegalTimestamp 400", async () => {
    const once = signed({ query: { RegionId: REGION } });
    expect((await fetch(once.url, once.init)).status).toBe(200);
    const again = await fetch(once.url, once.init);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { Code: string }).Code).toBe("SignatureNonceUsed");
    const old = await send({ query: { RegionId: REGION }, date: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z") });
    expect({ status: old.status, code: JSON.parse(old.text).Code }).toEqual({ status: 400, code: "InvalidTimeStamp.Expired" });
    const garbled = await send({ query: { RegionId: REGION }, date: "yesterday" });
    expect({ status: garbled.status, code: JSON.parse(garbled.text).Code }).toEqual({ status: 400, code: "IllegalTimestamp" });
  });

  test("a parameter changed after signing -> SignatureDoesNotMatch with the server's string to sign", async () => {
    const { url, init } = signed({ query: { RegionId: REGION, VpcId: "vpc-one" } });
    const res = await fetch(url.replace("vpc-one", "vpc-two"), init);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string>;
    expect(body.Code).toBe("SignatureDoesNotMatch");
    const canonical = ["POST", "/", `RegionId=${REGION}&VpcId=vpc-two`];
    // The server's string to sign is over what it received (vpc-two), not what the client signed.
    const headers = init.headers as Record<string, string>;
    const names = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];
    const request = [...canonical, names.map((n) => `${n}:${headers[n]}\n`).join(""), names.join(";"), headers["x-acs-content-sha256"]].join("\n");
    expect(body.Message).toBe(`Specified signature is not matched with our calculation. server string to sign is:ACS3-HMAC-SHA256\n${createHash("sha256").update(request).digest("hex")}`);
  });

  test("x-acs-content-sha256 that is not the body's hash -> IncompleteSignature 400", async () => {
    const answer = await send({ form: { RegionId: REGION }, contentSha256: createHash("sha256").update("other").digest("hex") });
    expect({ status: answer.status, code: JSON.parse(answer.text).Code }).toEqual({ status: 400, code: "IncompleteSignature" });
  });

  test("errors in the format asked (Format=XML), naming the VPC host for a VPC call and the ECS host for an ECS call", async () => {
    const xml = await send({ query: { RegionId: REGION, VpcId: "vpc-one", Format: "XML" }, secret: "wrong" });
    expect(xml.status).toBe(400);
    expect(xml.type).toBe("text/xml;charset=utf-8");
    expect(xml.text).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?><Error><RequestId>[0-9A-F-]{36}</RequestId><HostId>vpc\\.${REGION}\\.aliyuncs\\.com</HostId><Code>SignatureDoesNotMatch</Code>`));
    const ecsCall = await send({ action: "DescribeInstances", version: "2014-05-26", query: { RegionId: "xx-nowhere-1" } });
    expect({ status: ecsCall.status, body: JSON.parse(ecsCall.text) }).toMatchObject({ status: 404, body: { Code: "InvalidRegionId.NotFound", HostId: "ecs.xx-nowhere-1.aliyuncs.com" } });
    const noVersion = await send({ version: "", query: { RegionId: REGION } });
    expect({ status: noVersion.status, code: JSON.parse(noVersion.text).Code }).toEqual({ status: 400, code: "MissingParameter" });
  });
});
