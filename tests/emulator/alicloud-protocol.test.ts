// The Alibaba RPC wire: Signature v1 (published vector), gateway errors for identity, freshness,
// replay, routing, GET and POST, JSON and XML.

import RPCClient from "@alicloud/pop-core";
import { sign, stringToSign } from "../../emulator/alicloud/signature";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { ALICE, aliSeed, clients, expectAliError, POST, REGION } from "./alicloud-fixture";

describe("Signature v1", () => {
  // ECS "Request signatures" doc: testid/testsecret, DescribeRegions.
  const vector = {
    Timestamp: "2016-02-23T12:46:24Z",
    Format: "XML",
    AccessKeyId: "testid",
    Action: "DescribeRegions",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    Version: "2014-05-26",
    SignatureVersion: "1.0",
  };
  test("reproduces the published string-to-sign and signature", () => {
    expect(stringToSign("GET", vector)).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
    expect(sign("GET", vector, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });
});

describe("gateway", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(aliSeed());
  });
  afterAll(() => emu.close());

  const nowStamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  function signedParams(extra: Record<string, string> = {}, secret = ALICE.accessKeySecret, method = "GET"): Record<string, string> {
    const params: Record<string, string> = {
      Action: "DescribeVpcs",
      Version: "2016-04-28",
      Format: "JSON",
      RegionId: REGION,
      AccessKeyId: ALICE.accessKeyId,
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: `nonce-${Math.random()}`,
      Timestamp: nowStamp(),
      ...extra,
    };
    params.Signature = sign(method, params, secret);
    return params;
  }
  const codeOf = async (res: Response) => ((await res.json()) as { Code?: string }).Code;
  const get = (params: Record<string, string>) => fetch(`${emu.url}/?${new URLSearchParams(params)}`);

  test("GET (pop-core default) and POST both work; the path does not matter", async () => {
    const { ecs } = clients(emu.url);
    const viaGet = await ecs.request<{ TotalCount: number }>("DescribeInstances", { RegionId: REGION });
    const viaPost = await ecs.request<{ TotalCount: number }>("DescribeInstances", { RegionId: REGION }, POST);
    expect(viaGet.TotalCount).toBeGreaterThan(0);
    expect(viaPost.TotalCount).toBe(viaGet.TotalCount);
    const other = await fetch(`${emu.url}/some/path?${new URLSearchParams(signedParams())}`);
    expect(other.status).toBe(200);
  });

  test("unknown AccessKeyId -> InvalidAccessKeyId.NotFound 404", async () => {
    const { ecs } = clients(emu.url, { accessKeyId: "LTAInobody", accessKeySecret: "x" });
    await expectAliError(ecs.request("DescribeInstances", { RegionId: REGION }, POST), "InvalidAccessKeyId.NotFound", 404);
  });

  test("wrong secret -> SignatureDoesNotMatch 400", async () => {
    const { ecs } = clients(emu.url, { accessKeyId: ALICE.accessKeyId, accessKeySecret: "wrong" });
    await expectAliError(ecs.request("DescribeInstances", { RegionId: REGION }, POST), "SignatureDoesNotMatch", 400);
    await expectAliError(ecs.request("DescribeInstances", { RegionId: REGION }), "SignatureDoesNotMatch", 400);
  });

  test("SignatureDoesNotMatch ends with the server's string to sign, as aliyun-python-sdk-core parses it", async () => {
    const params = signedParams({}, "not-the-secret");
    const res = await get(params);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { Code: string; Message: string };
    const { Signature: _signature, ...unsigned } = params;
    expect(body.Code).toBe("SignatureDoesNotMatch");
    expect(body.Message).toBe(`Specified signature is not matched with our calculation. server string to sign is:${stringToSign("GET", unsigned)}`);
    // The Python SDK splits on the marker and compares the rest with its own string to sign.
    expect(body.Message.split("server string to sign is:")[1]).toMatch(/^GET&%2F&AccessKeyId%3DLTAIalice0001%26Action%3DDescribeVpcs%26/);
  });

  test("a parameter changed after signing -> SignatureDoesNotMatch 400", async () => {
    const params = signedParams();
    params.RegionId = "cn-shanghai";
    const res = await get(params);
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe("SignatureDoesNotMatch");
  });

  test("signed for POST but sent as GET -> SignatureDoesNotMatch 400", async () => {
    const res = await get(signedParams({}, ALICE.accessKeySecret, "POST"));
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe("SignatureDoesNotMatch");
  });

  test("expired Timestamp -> InvalidTimeStamp.Expired 400; malformed -> IllegalTimestamp 400", async () => {
    const old = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const res = await get(signedParams({ Timestamp: old }));
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe("InvalidTimeStamp.Expired");
    const bad = await get(signedParams({ Timestamp: "yesterday" }));
    expect(bad.status).toBe(400);
    expect(await codeOf(bad)).toBe("IllegalTimestamp");
  });

  test("reused SignatureNonce -> SignatureNonceUsed 400", async () => {
    const params = signedParams();
    expect((await get(params)).status).toBe(200);
    const again = await get(params);
    expect(again.status).toBe(400);
    expect(await codeOf(again)).toBe("SignatureNonceUsed");
  });

  test("missing Signature -> IncompleteSignature 400", async () => {
    const params = signedParams();
    delete params.Signature;
    const res = await get(params);
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe("IncompleteSignature");
  });

  test("moving emulator time forward does not expire real clients' timestamps", async () => {
    await emu.control.clock({ advanceMs: 86_400_000 });
    const { vpc } = clients(emu.url);
    await vpc.request("DescribeVpcs", { RegionId: REGION }, POST);
  });

  test("unknown Action -> InvalidAction.NotFound 404; wrong Version -> InvalidVersion 400", async () => {
    const { ecs } = clients(emu.url);
    await expectAliError(ecs.request("DescribeRegionsPlease", { RegionId: REGION }, POST), "InvalidAction.NotFound", 404);
    // A VPC action sent with the ECS version is not an ECS action.
    await expectAliError(ecs.request("EnableVpcClassicLink", { RegionId: REGION, VpcId: "vpc-off" }, POST), "InvalidAction.NotFound", 404);
    const future = new RPCClient({ endpoint: emu.url, apiVersion: "2099-01-01", ...ALICE });
    await expectAliError(future.request("DescribeInstances", { RegionId: REGION }, POST), "InvalidVersion", 400);
  });

  test("error envelope carries RequestId, HostId, Code, Message, Recommend", async () => {
    const { ecs } = clients(emu.url);
    const body = await expectAliError(ecs.request("DescribeInstances", { RegionId: "xx-nowhere-1" }, POST), "InvalidRegionId.NotFound", 404);
    expect(Object.keys(body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    expect(body.Recommend).toContain("q=InvalidRegionId.NotFound");
  });

  test("Format=XML renders success and errors as XML; no Format means XML", async () => {
    const ok = await get(signedParams({ Format: "XML" }));
    expect(ok.headers.get("content-type")).toContain("xml");
    const text = await ok.text();
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><DescribeVpcsResponse>/);
    expect(text).toContain("<Vpcs><Vpc><VpcId>vpc-one</VpcId>");
    expect(text).toMatch(/<RequestId>[0-9A-F-]{36}<\/RequestId><\/DescribeVpcsResponse>$/);
    const params = signedParams({ Format: "" });
    delete params.Format;
    params.Signature = sign("GET", Object.fromEntries(Object.entries(params).filter(([k]) => k !== "Signature")), ALICE.accessKeySecret);
    expect(await (await get(params)).text()).toContain("<DescribeVpcsResponse>");
    const err = await get(signedParams({ Format: "XML", RegionId: "xx-nowhere-1" }));
    expect(err.status).toBe(404);
    expect(await err.text()).toMatch(/<Error><RequestId>.*<\/RequestId><HostId>.*<Code>InvalidRegionId.NotFound<\/Code><Message>/);
  });

  test("response shapes follow the real API", async () => {
    const { ecs, vpc } = clients(emu.url);
    const insts = await ecs.request<any>("DescribeInstances", { RegionId: REGION, InstanceIds: JSON.stringify(["i-vpc"]) }, POST);
    expect(insts).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10 });
    expect(insts.Instances.Instance[0]).toMatchObject({ InstanceId: "i-vpc", Status: "Running", InstanceNetworkType: "vpc", VpcAttributes: { VpcId: "vpc-one" }, ZoneId: "cn-hangzhou-b", RegionId: REGION });
    const enis = await ecs.request<any>("DescribeNetworkInterfaces", { RegionId: REGION, NetworkInterfaceId: ["eni-inuse"] }, POST);
    expect(enis.NetworkInterfaceSets.NetworkInterfaceSet).toEqual([
      expect.objectContaining({ NetworkInterfaceId: "eni-inuse", Status: "InUse", Type: "Secondary", InstanceId: "i-vpc", VpcId: "vpc-one", ZoneId: "cn-hangzhou-b", Attachment: expect.objectContaining({ InstanceId: "i-vpc" }) }),
    ]);
    const links = await ecs.request<any>("DescribeClassicLinkInstances", { RegionId: REGION, VpcId: "vpc-two" }, POST);
    expect(links).toMatchObject({ Links: { Link: [{ InstanceId: "i-linked", VpcId: "vpc-two" }] }, TotalCount: 1 });
    const attr = await vpc.request<any>("DescribeVpcAttribute", { RegionId: REGION, VpcId: "vpc-off" }, POST);
    expect(attr).toMatchObject({ VpcId: "vpc-off", Status: "Available", ClassicLinkEnabled: false, CidrBlock: "172.16.0.0/12" });
  });
});
