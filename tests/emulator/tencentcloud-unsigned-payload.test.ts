// TC3-HMAC-SHA256 with an unsigned payload: tencentcloud-sdk-go (ClientProfile.UnsignedPayload) and
// tencentcloud-sdk-python (ClientProfile.unsignedPayload) send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`
// and hash that literal in place of the body. Found by `npm run clients` (tencentcloud-sdk-go
// TC3-POST-UNSIGNED): the emulator hashed the body and answered AuthFailure.SignatureFailure.
// tencentcloud-sdk-nodejs has no such option, so this signs raw HTTP as those SDKs do (host with
// its port, as they sign it), from the published algorithm (publishedTc3 in tencentcloud-fixtures.ts).

import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { ids, publishedTc3, tencentSeed } from "./tencentcloud-fixtures";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("TC3-HMAC-SHA256 with X-TC-Content-SHA256: UNSIGNED-PAYLOAD (Go and Python SDKs' UnsignedPayload), raw HTTP", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(tencentSeed({ mode: "polls", polls: 1 }));
  });
  afterAll(() => emu.close());

  /** As the SDKs send it: the header, and the literal hashed; options make the wrong variants. */
  async function tc3(action: string, payload: Record<string, unknown>, options: { secretKey?: string; hashed?: "body" | "unsigned"; header?: boolean } = {}) {
    const answer = await publishedTc3(emu.url, action, payload, { secretKey: options.secretKey, unsignedHeader: options.header ?? true, hashed: options.hashed ?? "unsigned" });
    expect(answer.status).toBe(200);
    return answer.response;
  }

  test("describe, attach an ENI, poll the task RUNNING -> SUCCESS, detach, poll, an action error", async () => {
    const vpcs = await tc3("DescribeVpcs", { VpcIds: [ids.appVpc] });
    expect(Object.keys(vpcs).sort()).toEqual(["RequestId", "TotalCount", "VpcSet"]);
    expect(vpcs).toMatchObject({ TotalCount: 1, VpcSet: [expect.objectContaining({ VpcId: ids.appVpc, CidrBlock: "10.20.0.0/16" })] });
    expect(vpcs.RequestId).toMatch(UUID);

    const attach = await tc3("AttachNetworkInterface", { NetworkInterfaceId: ids.freeEni2, InstanceId: ids.appInstance });
    expect(Object.keys(attach)).toEqual(["RequestId"]);
    const statuses = [(await tc3("DescribeVpcTaskResult", { TaskId: attach.RequestId })).Status, (await tc3("DescribeVpcTaskResult", { TaskId: attach.RequestId })).Status];
    expect(statuses).toEqual(["RUNNING", "SUCCESS"]);
    const eni = (await tc3("DescribeNetworkInterfaces", { NetworkInterfaceIds: [ids.freeEni2] })).NetworkInterfaceSet[0];
    expect(eni).toMatchObject({ NetworkInterfaceId: ids.freeEni2, State: "AVAILABLE", NetworkInterfaceState: "INUSE", Attachment: { InstanceId: ids.appInstance, DeviceIndex: 1 } });

    const detach = await tc3("DetachNetworkInterface", { NetworkInterfaceId: ids.freeEni2, InstanceId: ids.appInstance });
    expect([(await tc3("DescribeVpcTaskResult", { TaskId: detach.RequestId })).Status, (await tc3("DescribeVpcTaskResult", { TaskId: detach.RequestId })).Status]).toEqual(["RUNNING", "SUCCESS"]);
    expect((await tc3("DescribeNetworkInterfaces", { NetworkInterfaceIds: [ids.freeEni2] })).NetworkInterfaceSet[0].Attachment).toBeNull();

    const missing = await tc3("DescribeVpcs", { VpcIds: ["vpc-nothere01"] });
    expect(missing.Error.Code).toBe("ResourceNotFound");
    expect(missing.RequestId).toMatch(UUID);
  });

  test("a wrong secret, the body hashed under the header, or the literal hashed without it -> AuthFailure.SignatureFailure", async () => {
    expect((await tc3("DescribeVpcs", {}, { secretKey: "wrong" })).Error.Code).toBe("AuthFailure.SignatureFailure");
    expect((await tc3("DescribeVpcs", {}, { hashed: "body" })).Error.Code).toBe("AuthFailure.SignatureFailure");
    expect((await tc3("DescribeVpcs", {}, { header: false })).Error.Code).toBe("AuthFailure.SignatureFailure");
    expect((await tc3("DescribeVpcs", {}, { hashed: "body", header: false })).Error).toBeUndefined();
  });
});
