// Tencent signature generations other than the Node SDK's default TC3 (issue 11, items 1 and 3):
// - tencentcloud-sdk-nodejs in its v1 modes (signMethod HmacSHA1 / HmacSHA256, reqMethod GET /
//   POST form), unchanged but for the endpoint: full ClassicLink scenarios, an ENI scenario, and the
//   v1 refusals (wrong secret, unknown SecretId, expired, replayed) with Tencent's own codes;
// - TC3-HMAC-SHA256 signed over the Host header *with* its port, as the Python and Go SDKs sign it,
//   through raw HTTP signed from the published algorithm (publishedTc3): a full ENI scenario.
// Responses are checked field by field against /work/shared/reference/tencentcloud-api.md §2.

import { vpc } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { ALICE, expectTencentError, ids, publishedTc3, REGION, tencentSeed, vpcClient } from "./tencentcloud-fixtures";

type SignMethod = "HmacSHA1" | "HmacSHA256";
type ReqMethod = "GET" | "POST";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function v1Client(emu: TestEmulator, signMethod: SignMethod, reqMethod: ReqMethod, credentials = ALICE) {
  return new vpc.v20170312.Client({
    credential: { secretId: credentials.secretId, secretKey: credentials.secretKey },
    region: REGION,
    profile: { signMethod, httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "http://", reqMethod, reqTimeout: 10 } },
  });
}

describe("tencentcloud-sdk-nodejs with v1 signatures", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    // Tasks settle after 2 polls, so every scenario polls.
    emu = await startTestEmulator(tencentSeed({ mode: "polls", polls: 2 }));
  });
  afterAll(() => emu.close());

  const modes: [SignMethod, ReqMethod][] = [
    ["HmacSHA1", "GET"],
    ["HmacSHA1", "POST"],
    ["HmacSHA256", "GET"],
    ["HmacSHA256", "POST"],
  ];

  test.each(modes)("%s over %s: describe, attach ClassicLink, poll the task, detach, poll, an error", async (signMethod, reqMethod) => {
    await emu.control.clearRequests();
    const client = v1Client(emu, signMethod, reqMethod);
    const vpcs = await client.DescribeVpcs({ VpcIds: [ids.linkableVpc] });
    expect(Object.keys(vpcs).sort()).toEqual(["RequestId", "TotalCount", "VpcSet"]);
    expect(vpcs.TotalCount).toBe(1);
    expect(vpcs.RequestId).toMatch(UUID);
    expect(vpcs.VpcSet![0]).toMatchObject({ VpcId: ids.linkableVpc, CidrBlock: "10.0.0.0/16", IsDefault: false });

    const attached = await client.AttachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] });
    expect(Object.keys(attached)).toEqual(["RequestId"]);
    const taskId = attached.RequestId as string;
    const statuses: string[] = [];
    for (let polls = 0; polls < 6 && statuses.at(-1) !== "SUCCESS"; polls++) {
      const result = await client.DescribeVpcTaskResult({ TaskId: taskId });
      expect(Object.keys(result).sort()).toEqual(["Output", "RequestId", "Status"]);
      statuses.push(result.Status as string);
    }
    expect(statuses).toEqual(["RUNNING", "RUNNING", "SUCCESS"]);
    const links = await client.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] });
    expect(Object.keys(links).sort()).toEqual(["ClassicLinkInstanceSet", "RequestId", "TotalCount"]);
    expect(links).toMatchObject({ TotalCount: 1, ClassicLinkInstanceSet: [{ VpcId: ids.linkableVpc, InstanceId: ids.classicRunning }] });

    const detached = await client.DetachClassicLinkVpc({ VpcId: ids.linkableVpc, InstanceIds: [ids.classicRunning] });
    let task = await client.DescribeVpcTaskResult({ TaskId: detached.RequestId as string });
    for (let polls = 0; polls < 5 && task.Status === "RUNNING"; polls++) task = await client.DescribeVpcTaskResult({ TaskId: detached.RequestId as string });
    expect({ Status: task.Status, Output: task.Output }).toEqual({ Status: "SUCCESS", Output: "SUCCESS" });
    expect((await client.DescribeClassicLinkInstances({ Filters: [{ Name: "vpc-id", Values: [ids.linkableVpc] }] })).TotalCount).toBe(0);

    const error = await expectTencentError(client.AttachClassicLinkVpc({ VpcId: "vpc-nowhere1", InstanceIds: [ids.classicRunning] }), "ResourceNotFound");
    expect(error.requestId).toMatch(UUID);

    // Every call went the v1 way, to the Tencent side, as alice.
    const logged = await emu.control.requests({ cloud: "tencentcloud" });
    expect(logged.length).toBeGreaterThanOrEqual(8);
    expect(logged.every((r) => r.account === "alice" && r.service === "vpc")).toBe(true);
    expect(await emu.control.requests({ cloud: "alicloud" })).toEqual([]);
  });

  test("HmacSHA256 POST: ENI attach, poll ATTACHING -> AVAILABLE attached, detach, poll, an error", async () => {
    const client = v1Client(emu, "HmacSHA256", "POST");
    const describe = async () => (await client.DescribeNetworkInterfaces({ NetworkInterfaceIds: [ids.freeEni] })).NetworkInterfaceSet![0];
    const free = await describe();
    expect({ State: free.State, Attachment: free.Attachment, Primary: free.Primary, VpcId: free.VpcId }).toEqual({ State: "AVAILABLE", Attachment: null, Primary: false, VpcId: ids.appVpc });
    const { RequestId } = await client.AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance });
    const states: string[] = [];
    let eni = await describe();
    states.push(eni.State!);
    while (eni.State !== "AVAILABLE" && states.length < 6) {
      eni = await describe();
      states.push(eni.State!);
    }
    expect(states).toEqual(["ATTACHING", "ATTACHING", "AVAILABLE"]);
    expect(eni.NetworkInterfaceState).toBe("INUSE");
    expect(eni.Attachment).toMatchObject({ InstanceId: ids.appInstance, DeviceIndex: 1, InstanceAccountId: "alice" });
    expect((await client.DescribeVpcTaskResult({ TaskId: RequestId as string })).Status).toBe("SUCCESS");

    await client.DetachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstance });
    states.length = 0;
    do {
      eni = await describe();
      states.push(eni.State!);
    } while (eni.State !== "AVAILABLE" && states.length < 6);
    expect(states).toEqual(["DETACHING", "DETACHING", "AVAILABLE"]);
    expect(eni.Attachment).toBeNull();

    await expectTencentError(client.AttachNetworkInterface({ NetworkInterfaceId: ids.freeEni, InstanceId: ids.appInstanceOtherZone }), "UnsupportedOperation.ZoneMismatch");
  });

  test.each(modes)("%s over %s: a wrong secret -> AuthFailure.SignatureFailure; an unknown SecretId -> AuthFailure.SecretIdNotFound", async (signMethod, reqMethod) => {
    await expectTencentError(v1Client(emu, signMethod, reqMethod, { ...ALICE, secretKey: "wrong" }).DescribeVpcs({}), "AuthFailure.SignatureFailure");
    await expectTencentError(v1Client(emu, signMethod, reqMethod, { ...ALICE, secretId: "AKIDnobody" }).DescribeVpcs({}), "AuthFailure.SecretIdNotFound");
  });

  /** A v1 request built by hand from the documented algorithm (values not encoded in the string to sign). */
  function v1Request(params: Record<string, string>, options: { method?: ReqMethod; signMethod?: SignMethod; signedHost?: string } = {}) {
    const method = options.method ?? "POST";
    const signMethod = options.signMethod ?? "HmacSHA256";
    const all: Record<string, string> = {
      Action: "DescribeVpcs",
      Version: "2017-03-12",
      Region: REGION,
      SecretId: ALICE.secretId,
      Timestamp: String(Math.floor(Date.now() / 1000)),
      Nonce: String(Math.floor(Math.random() * 1e9)),
      SignatureMethod: signMethod,
      ...params,
    };
    const text = `${method}${options.signedHost ?? `127.0.0.1:${emu.port}`}/?${Object.keys(all)
      .sort()
      .map((k) => `${k}=${all[k]}`)
      .join("&")}`;
    all.Signature = Sign.sign(ALICE.secretKey, text, signMethod);
    const encoded = new URLSearchParams(all).toString();
    return method === "GET"
      ? { url: `${emu.url}/?${encoded}`, init: { method } }
      : { url: `${emu.url}/`, init: { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: encoded } };
  }

  const answer = async ({ url, init }: { url: string; init: RequestInit }) => {
    const res = await fetch(url, init);
    return { status: res.status, body: (await res.json()) as { Response: { Error?: { Code: string; Message: string }; RequestId: string } } };
  };

  test("raw v1: a replayed request -> AuthFailure.SignatureFailure; an old Timestamp -> AuthFailure.SignatureExpire; the bare hostname signed is valid too", async () => {
    const once = v1Request({});
    expect((await answer(once)).body.Response.Error).toBeUndefined();
    const replay = await answer(once);
    expect(replay.status).toBe(200);
    expect(replay.body.Response.Error).toEqual({ Code: "AuthFailure.SignatureFailure", Message: "The request was replayed: this Nonce was already used with this Timestamp." });
    const stale = await answer(v1Request({ Timestamp: String(Math.floor(Date.now() / 1000) - 600) }));
    expect(stale.body.Response.Error?.Code).toBe("AuthFailure.SignatureExpire");
    const bareHost = await answer(v1Request({}, { method: "GET", signMethod: "HmacSHA1", signedHost: "127.0.0.1" }));
    expect(bareHost.body.Response.Error).toBeUndefined();
    const otherHost = await answer(v1Request({}, { signedHost: "vpc.tencentcloudapi.com" }));
    expect(otherHost.body.Response.Error?.Code).toBe("AuthFailure.SignatureFailure");
  });

  test("raw v1: answered by the Tencent side in Tencent's envelope (never Alibaba's XML InvalidVersion)", async () => {
    const future = v1Request({ Version: "2099-01-01" });
    const res = await fetch(future.url, future.init);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { Response: { Error: { Code: string } } };
    expect(body.Response.Error.Code).toBe("NoSuchVersion");
    const prototypeName = await answer(v1Request({ "constructor.x": "1" }));
    expect(prototypeName.body.Response.Error?.Code).toBe("InvalidParameter");
  });
});

describe("TC3-HMAC-SHA256 with the port in the signed host (as the Python and Go SDKs sign it), raw HTTP", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(tencentSeed({ mode: "polls", polls: 1 }));
  });
  afterAll(() => emu.close());

  /** The published TC3 algorithm, signing `host` exactly as the Host header goes out (port included). */
  async function tc3(action: string, payload: Record<string, unknown>, options: { secretKey?: string; host?: string } = {}) {
    const answer = await publishedTc3(emu.url, action, payload, { ...options, contentType: "application/json; charset=utf-8" });
    expect(answer.status).toBe(200);
    return answer.response;
  }

  test("describe, attach an ENI, poll the task, detach, poll, an error", async () => {
    const vpcs = await tc3("DescribeVpcs", { VpcIds: [ids.appVpc] });
    expect(vpcs).toMatchObject({ TotalCount: 1, VpcSet: [expect.objectContaining({ VpcId: ids.appVpc, CidrBlock: "10.20.0.0/16" })] });
    expect(vpcs.RequestId).toMatch(UUID);

    const attach = await tc3("AttachNetworkInterface", { NetworkInterfaceId: ids.freeEni2, InstanceId: ids.appInstance });
    expect(Object.keys(attach)).toEqual(["RequestId"]);
    const first = await tc3("DescribeVpcTaskResult", { TaskId: attach.RequestId });
    const second = await tc3("DescribeVpcTaskResult", { TaskId: attach.RequestId });
    expect([first.Status, second.Status, second.Output]).toEqual(["RUNNING", "SUCCESS", "SUCCESS"]);
    const enis = await tc3("DescribeNetworkInterfaces", { NetworkInterfaceIds: [ids.freeEni2] });
    expect(enis.TotalCount).toBe(1);
    expect(enis.NetworkInterfaceSet[0]).toMatchObject({ NetworkInterfaceId: ids.freeEni2, State: "AVAILABLE", NetworkInterfaceState: "INUSE", Attachment: { InstanceId: ids.appInstance } });

    const detach = await tc3("DetachNetworkInterface", { NetworkInterfaceId: ids.freeEni2, InstanceId: ids.appInstance });
    let task = await tc3("DescribeVpcTaskResult", { TaskId: detach.RequestId });
    if (task.Status === "RUNNING") task = await tc3("DescribeVpcTaskResult", { TaskId: detach.RequestId });
    expect(task.Status).toBe("SUCCESS");
    expect((await tc3("DescribeNetworkInterfaces", { NetworkInterfaceIds: [ids.freeEni2] })).NetworkInterfaceSet[0].Attachment).toBeNull();

    const error = await tc3("AttachNetworkInterface", { NetworkInterfaceId: ids.primaryEni, InstanceId: ids.appInstance2 });
    expect(error.Error.Code).toBe("UnsupportedOperation.AttachmentAlreadyExists");
  });

  test("a wrong secret, or a signed host that is neither the Host header nor its hostname -> AuthFailure.SignatureFailure", async () => {
    expect((await tc3("DescribeVpcs", {}, { secretKey: "wrong" })).Error.Code).toBe("AuthFailure.SignatureFailure");
    expect((await tc3("DescribeVpcs", {}, { host: `127.0.0.1:${emu.port + 1}` })).Error.Code).toBe("AuthFailure.SignatureFailure");
    expect((await tc3("DescribeVpcs", {}, { host: "127.0.0.1" })).Error).toBeUndefined();
  });

  test("the Node SDK's own TC3 (hostname without port) still works next to it", async () => {
    expect((await vpcClient(emu.url).DescribeVpcs({ VpcIds: [ids.appVpc] })).TotalCount).toBe(1);
  });
});
