import { alicloudCredentials, ConfigurationError, knownSecrets, redact, resolveRegion, tencentcloudCredentials } from "../../provider/core/credentials";
import { alicloudEndpoint, tencentcloudEndpoint } from "../../provider/core/endpoints";
import { configFrom } from "../../provider/core/settings";
import { parseDuration, timeoutMs } from "../../provider/core/timeouts";

describe("credentials", () => {
  test("config wins over environment; ALIBABA_CLOUD_* names are accepted", () => {
    const creds = alicloudCredentials({
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret" },
      config: { "alicloud:accessKey": "cfg-id" },
    });
    expect(creds).toEqual({ accessKeyId: "cfg-id", accessKeySecret: "env-secret", securityToken: undefined });
  });

  test("a missing credential names both ways to set it and no secret value", () => {
    const settings = { env: { TENCENTCLOUD_SECRET_ID: "AKIDsecretvalue" }, config: {} };
    const error = (() => { try { tencentcloudCredentials(settings); } catch (e) { return e as Error; } })()!;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("tencentcloud:secretKey");
    expect(error.message).toContain("TENCENTCLOUD_SECRET_KEY");
    expect(error.message).not.toContain("AKIDsecretvalue");
  });

  test("region: resource input, then config, then environment; else a clear error", () => {
    expect(resolveRegion("alicloud", { env: { ALICLOUD_REGION: "cn-beijing" }, config: {} }, "cn-hangzhou")).toBe("cn-hangzhou");
    expect(resolveRegion("alicloud", { env: { ALICLOUD_REGION: "cn-beijing" }, config: {} })).toBe("cn-beijing");
    expect(() => resolveRegion("tencentcloud", { env: {}, config: {} })).toThrow(/tencentcloud:region.*TENCENTCLOUD_REGION/);
  });

  test("redact removes every known secret from a text", () => {
    const settings = { env: { ALICLOUD_SECRET_KEY: "s3cr3t-key", ALICLOUD_ACCESS_KEY: "LTAIaccess" }, config: { "tencentcloud:secretKey": "tckey123" } };
    const text = redact("GET /?AccessKeyId=LTAIaccess failed s3cr3t-key tckey123", knownSecrets(settings));
    expect(text).toBe("GET /?AccessKeyId=*** failed *** ***");
  });

  test("configFrom keeps only the keys the provider reads", () => {
    const config = configFrom({ get: (k) => ({ "alicloud:region": "cn-hangzhou", "aws:region": "us-east-1" } as Record<string, string>)[k] });
    expect(config).toEqual({ "alicloud:region": "cn-hangzhou" });
  });
});

describe("endpoints", () => {
  test("Alibaba: regional default, env or config override", () => {
    expect(alicloudEndpoint("ecs", "cn-hangzhou", { env: {}, config: {} })).toBe("https://ecs.cn-hangzhou.aliyuncs.com");
    expect(alicloudEndpoint("vpc", "cn-hangzhou", { env: { ALICLOUD_VPC_ENDPOINT: "http://127.0.0.1:9/" }, config: {} })).toBe("http://127.0.0.1:9");
    expect(() => alicloudEndpoint("ecs", "cn-hangzhou", { env: {}, config: { "alicloud:ecsEndpoint": "ftp://x" } })).toThrow(/alicloud:ecsEndpoint/);
  });

  test("Tencent: protocol and host[:port][/path] split for the SDK", () => {
    expect(tencentcloudEndpoint("cvm", { env: {}, config: {} })).toEqual({ protocol: "https://", endpoint: "cvm.tencentcloudapi.com" });
    expect(tencentcloudEndpoint("vpc", { env: { TENCENTCLOUD_VPC_ENDPOINT: "http://127.0.0.1:4000/tc" }, config: {} }))
      .toEqual({ protocol: "http://", endpoint: "127.0.0.1:4000/tc" });
    expect(tencentcloudEndpoint("vpc", { env: {}, config: { "tencentcloud:vpcEndpoint": "vpc.ap-guangzhou.tencentcloudapi.com" } }))
      .toEqual({ protocol: "https://", endpoint: "vpc.ap-guangzhou.tencentcloudapi.com" });
  });
});

describe("timeouts", () => {
  test.each([["30s", 30_000], ["10m", 600_000], ["1h30m", 5_400_000], ["500ms", 500], ["1.5m", 90_000]])("%s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test.each(["", "10", "ten minutes", "5d", "-1s", "0s"])("rejects %j", (text) => expect(parseDuration(text)).toBeUndefined());
  test("defaults per operation", () => {
    expect(timeoutMs(undefined, "create")).toBe(600_000);
    expect(timeoutMs({ delete: "1m" }, "delete")).toBe(60_000);
    expect(timeoutMs({ delete: "1m" }, "create")).toBe(600_000);
  });
});
