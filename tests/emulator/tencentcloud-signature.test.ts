// The TC3-HMAC-SHA256 signer against the official published vector, and host canonicalisation;
// the v1 string to sign against the SDK's own builder.

import { canonicalRequest, sha256Hex, tc3Signature, utcDate, type Tc3Input } from "../../emulator/tencentcloud/signature";
import { hostWithoutPort } from "../../emulator/tencentcloud/auth";
import { v1Sign, v1StringToSign } from "../../emulator/tencentcloud/v1";
import { vpc } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";

const officialVector: Tc3Input = {
  method: "POST",
  path: "/",
  query: "",
  signedHeaders: ["content-type", "host"],
  headerValue: (name) => (name === "host" ? "cvm.tencentcloudapi.com" : "application/json; charset=utf-8"),
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: "1551113065",
  date: "2019-02-25",
  service: "cvm",
  secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
};

describe("TC3-HMAC-SHA256", () => {
  it("reproduces the official test vector step by step", () => {
    expect(sha256Hex(officialVector.payload)).toBe("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    expect(sha256Hex(canonicalRequest(officialVector))).toBe("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    expect(utcDate(1551113065)).toBe("2019-02-25");
    expect(tc3Signature(officialVector)).toBe("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  });

  it("hashes raw bytes, so a byte-identical Buffer payload signs the same", () => {
    expect(tc3Signature({ ...officialVector, payload: Buffer.from(officialVector.payload as string) })).toBe(
      "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });

  it("strips the port from Host the way the SDK signs the hostname", () => {
    expect(hostWithoutPort("127.0.0.1:38921")).toBe("127.0.0.1");
    expect(hostWithoutPort("localhost")).toBe("localhost");
    expect(hostWithoutPort("[::1]:8080")).toBe("[::1]");
  });
});

describe("v1 (HmacSHA1 / HmacSHA256)", () => {
  it("builds the same string to sign as tencentcloud-sdk-nodejs's formatSignString, and the same signature as its Sign.sign", () => {
    const client = new vpc.v20170312.Client({
      credential: { secretId: "AKIDtest", secretKey: "test-key" },
      region: "ap-guangzhou",
      profile: { signMethod: "HmacSHA256", httpProfile: { endpoint: "127.0.0.1:38921", reqMethod: "POST" } },
    });
    const params = { Action: "DescribeInstances", "InstanceIds.0": "ins-1", Nonce: "61430", Region: "ap-guangzhou", RequestClient: "SDK_NODEJS_4.1.313", SecretId: "AKIDtest", SignatureMethod: "HmacSHA256", Timestamp: "1795314886", Version: "2017-03-12" };
    const sdkText = (client as unknown as { formatSignString(p: Record<string, string>): string }).formatSignString({ ...params });
    const ours = v1StringToSign("POST", "127.0.0.1:38921", "/", new URLSearchParams(params));
    expect(ours).toBe(sdkText);
    expect(ours).toBe(
      "POST127.0.0.1:38921/?Action=DescribeInstances&InstanceIds.0=ins-1&Nonce=61430&Region=ap-guangzhou&RequestClient=SDK_NODEJS_4.1.313&SecretId=AKIDtest&SignatureMethod=HmacSHA256&Timestamp=1795314886&Version=2017-03-12",
    );
    for (const method of ["HmacSHA1", "HmacSHA256"] as const) expect(v1Sign(ours, "test-key", method)).toBe(Sign.sign("test-key", ours, method));
  });
});
