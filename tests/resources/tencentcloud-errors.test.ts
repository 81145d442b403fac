// Error classification of the Tencent client: the table on its own, then every code the emulator
// gives for our actions coming back through the real SDK over HTTP as a classified CloudError.

import TencentCloudSDKHttpException from "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception";
import { CloudError, RetryClass } from "../../provider/core/errors";
import { ConfigurationError } from "../../provider/core/credentials";
import { toCloudError, TencentOp } from "../../provider/clouds/tencentcloud/client";
import { ruleForCode } from "../../provider/clouds/tencentcloud/errors";
import { describeInstance } from "../../provider/clouds/tencentcloud/cvm";
import {
  attachClassicLinkVpc, attachNetworkInterface, describeClassicLinks, describeVpcTaskResult, detachClassicLinkVpc, detachNetworkInterface,
} from "../../provider/clouds/tencentcloud/vpc";
import { harness, OTHER_SECRET_ID, rejection, SECRET_ID, SECRET_KEY } from "./tencentcloud-fixtures";

const settings = { env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY }, config: {} };

function sdkError(fields: { code?: string; httpCode?: number; message?: string; requestId?: string }) {
  const error = new TencentCloudSDKHttpException(fields.message ?? "boom", fields.requestId ?? "", "trace-1");
  if (fields.code) error.code = fields.code;
  if (fields.httpCode) error.httpCode = fields.httpCode;
  return error;
}

const classify = (fields: Parameters<typeof sdkError>[0]) => toCloudError(sdkError(fields), "vpc", "AttachClassicLinkVpc", settings) as CloudError;

describe("classification table", () => {
  test.each<[string, RetryClass]>([
    ["RequestLimitExceeded", "transient"],
    ["RequestLimitExceeded.UinLimitExceeded", "transient"],
    ["LimitExceeded.ActionLimited", "transient"],
    ["ResourceInUse", "conflict"],
    ["ResourceInUse.Something", "conflict"],
    ["ResourceUnavailable", "conflict"],
    ["ActionLocked", "conflict"],
    ["UnsupportedOperation.InvalidState", "conflict"],
    ["UnsupportedOperation.IdempotentProcessing", "conflict"],
    ["ResourceNotFound", "notFound"],
    ["InvalidInstance.NotFound", "notFound"],
    ["InvalidInstanceId.NotFound", "notFound"],
    ["InvalidVpc.NotFound", "notFound"],
    ["AuthFailure.SignatureFailure", "fatal"],
    ["AuthFailure.SecretIdNotFound", "fatal"],
    ["InvalidParameter", "fatal"],
    ["InvalidParameterValue.Malformed", "fatal"],
    ["UnsupportedOperation", "fatal"],
    ["UnsupportedOperation.VpcMismatch", "fatal"],
    ["UnsupportedOperation.SomethingNew", "fatal"],
    ["LimitExceeded", "fatal"],
    ["InternalError", "fatal"],
    ["InternalError.ModuleError", "fatal"],
    ["NeverHeardOf.This", "fatal"],
  ])("%s is %s", (code, retryClass) => {
    expect(ruleForCode(code).retryClass).toBe(retryClass);
    const error = classify({ code, requestId: "req-1" });
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ cloud: "tencentcloud", service: "vpc", action: "AttachClassicLinkVpc", code, retryClass, ambiguous: false, requestId: "req-1" });
    expect(error.httpStatus).toBeUndefined();
  });

  test("fatal API codes carry a plain-language hint", () => {
    for (const code of ["AuthFailure.SignatureFailure", "AuthFailure.SignatureExpire", "InvalidParameterValue.Malformed", "UnsupportedOperation.ZoneMismatch", "InternalError", "LimitExceeded"]) {
      expect(classify({ code }).hint).toBeTruthy();
    }
    expect(classify({ code: "AuthFailure.SignatureFailure" }).hint).toContain("TENCENTCLOUD_SECRET_ID");
  });

  test("classification reads the code, never the message", () => {
    expect(classify({ code: "InvalidParameter", message: "RequestLimitExceeded, please retry" }).retryClass).toBe("fatal");
    expect(classify({ code: "RequestLimitExceeded", message: "invalid parameter" }).retryClass).toBe("transient");
  });

  test.each<[number, RetryClass, boolean]>([
    [500, "transient", true],
    [502, "transient", true],
    [503, "transient", true],
    [429, "transient", false],
    [404, "fatal", false],
  ])("HTTP %d without a parsed body is %s (ambiguous %s)", (httpCode, retryClass, ambiguous) => {
    const error = classify({ httpCode, message: "Bad" });
    expect(error).toMatchObject({ code: "ClientError.HttpStatusCodeError", httpStatus: httpCode, retryClass, ambiguous });
  });

  test("no code and no status (reset, refused, timeout) is a transient, ambiguous network error", () => {
    expect(classify({ message: "request to http://127.0.0.1:1/ failed, reason: socket hang up" })).toMatchObject({
      code: "ClientError.NetworkError", retryClass: "transient", ambiguous: true,
    });
  });

  test("a non-API answer escaping the SDK (FetchError/TypeError) is ambiguous", () => {
    const error = toCloudError(new TypeError("Cannot read properties of undefined (reading 'Error')"), "cvm", "DescribeInstances", settings) as CloudError;
    expect(error).toMatchObject({ code: "ClientError.InvalidResponse", retryClass: "transient", ambiguous: true, service: "cvm" });
  });

  test("messages are scrubbed of known secrets", () => {
    const error = classify({ code: "InvalidParameter", message: `bad key ${SECRET_KEY} for ${SECRET_ID}` });
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.message).not.toContain(SECRET_ID);
    expect(error.cloudMessage).toBe("bad key *** for ***");
  });

  test("a ConfigurationError passes through untouched", () => {
    const config = new ConfigurationError("missing Tencent Cloud secret id");
    expect(toCloudError(config, "vpc", "X", settings)).toBe(config);
  });
});

describe("codes from the emulator through the real SDK", () => {
  const h = harness();
  beforeEach(() => h.reset());

  interface CodeCase {
    what: string;
    setup?: (op: TencentOp) => Promise<void>;
    call: (op: TencentOp) => Promise<unknown>;
    code: string;
    retryClass: RetryClass;
  }
  const linkReq = (instanceId: string, vpcId = "vpc-main0001") => ({ instanceId, vpcId });
  const eniReq = (networkInterfaceId: string, instanceId = "ins-vpcinst1", clientToken = "token-1") => ({ networkInterfaceId, instanceId, clientToken });

  const CASES: CodeCase[] = [
    { what: "ClassicLink of a VPC instance", call: (op) => attachClassicLinkVpc(op, linkReq("ins-vpcinst1")), code: "UnsupportedOperation", retryClass: "fatal" },
    { what: "ClassicLink of an instance linked elsewhere", call: (op) => attachClassicLinkVpc(op, linkReq("ins-linked02")), code: "UnsupportedOperation.ClassicInstanceIdAlreadyExists", retryClass: "fatal" },
    { what: "ClassicLink to a VPC whose CIDR cannot", call: (op) => attachClassicLinkVpc(op, linkReq("ins-classic1", "vpc-nolink01")), code: "UnsupportedOperation.CIDRUnSupportedClassicLink", retryClass: "fatal" },
    { what: "ClassicLink of a SHUTDOWN instance", call: (op) => attachClassicLinkVpc(op, linkReq("ins-shutdown")), code: "UnsupportedOperation.InvalidState", retryClass: "conflict" },
    {
      what: "ClassicLink of a locked instance",
      setup: () => h.emu.control.tencentcloud("lockInstance", { instanceId: "ins-classic1" }).then(() => undefined),
      call: (op) => attachClassicLinkVpc(op, linkReq("ins-classic1")),
      code: "ActionLocked",
      retryClass: "conflict",
    },
    { what: "ClassicLink to an unknown VPC", call: (op) => attachClassicLinkVpc(op, linkReq("ins-classic1", "vpc-nothere1")), code: "ResourceNotFound", retryClass: "notFound" },
    { what: "ClassicLink with a malformed instance id", call: (op) => attachClassicLinkVpc(op, linkReq("ins-X")), code: "InvalidParameterValue.Malformed", retryClass: "fatal" },
    { what: "ClassicLink detach of a pair not linked", call: (op) => detachClassicLinkVpc(op, linkReq("ins-classic1")), code: "ResourceNotFound", retryClass: "notFound" },
    { what: "a task id nobody issued", call: (op) => describeVpcTaskResult(op, "00000000-0000-4000-8000-000000000000"), code: "ResourceNotFound", retryClass: "notFound" },
    { what: "ENI already attached", call: (op) => attachNetworkInterface(op, eniReq("eni-attached")), code: "UnsupportedOperation.AttachmentAlreadyExists", retryClass: "fatal" },
    { what: "detaching a primary ENI", call: (op) => detachNetworkInterface(op, eniReq("eni-primary1")), code: "UnsupportedOperation", retryClass: "fatal" },
    { what: "ENI in another VPC", call: (op) => attachNetworkInterface(op, eniReq("eni-othervpc")), code: "UnsupportedOperation.VpcMismatch", retryClass: "fatal" },
    { what: "ENI in another zone", call: (op) => attachNetworkInterface(op, eniReq("eni-zone0004")), code: "UnsupportedOperation.ZoneMismatch", retryClass: "fatal" },
    { what: "instance out of ENI slots", call: (op) => attachNetworkInterface(op, eniReq("eni-second01", "ins-fullenis")), code: "LimitExceeded", retryClass: "fatal" },
    {
      what: "ENI on an instance that is not RUNNING/STOPPED",
      setup: () => h.emu.control.tencentcloud("setInstanceStatus", { instanceId: "ins-vpcinst1", status: "SHUTDOWN" }).then(() => undefined),
      call: (op) => attachNetworkInterface(op, eniReq("eni-second01")),
      code: "UnsupportedOperation.InvalidState",
      retryClass: "conflict",
    },
    {
      what: "ENI on a locked instance",
      setup: () => h.emu.control.tencentcloud("lockInstance", { instanceId: "ins-vpcinst1" }).then(() => undefined),
      call: (op) => attachNetworkInterface(op, eniReq("eni-second01")),
      code: "ActionLocked",
      retryClass: "conflict",
    },
    {
      what: "a ClientToken reused with other parameters",
      setup: (op) => attachNetworkInterface(op, eniReq("eni-second01", "ins-vpcinst1", "token-x")).then(() => undefined),
      call: (op) => attachNetworkInterface(op, eniReq("eni-second02", "ins-vpcinst1", "token-x")),
      code: "UnsupportedOperation.IdempotentParameterMismatch",
      retryClass: "fatal",
    },
    {
      what: "a ClientToken replayed while its task runs",
      setup: async (op) => {
        await h.emu.control.clock({ mode: "polls", polls: 100 });
        await attachNetworkInterface(op, eniReq("eni-second01", "ins-vpcinst1", "token-y"));
      },
      call: (op) => attachNetworkInterface(op, eniReq("eni-second01", "ins-vpcinst1", "token-y")),
      code: "UnsupportedOperation.IdempotentProcessing",
      retryClass: "conflict",
    },
    { what: "ENI detach from an instance it is not on", call: (op) => detachNetworkInterface(op, eniReq("eni-second01")), code: "ResourceNotFound", retryClass: "notFound" },
    { what: "ENI unknown", call: (op) => attachNetworkInterface(op, eniReq("eni-nothere1")), code: "ResourceNotFound", retryClass: "notFound" },
    { what: "a region the cloud does not have", call: (op) => describeInstance({ ...op, region: "xx-nowhere" }, "ins-classic1"), code: "UnsupportedRegion", retryClass: "fatal" },
    {
      what: "a wrong secret key",
      call: (op) => describeInstance({ ...op, settings: { ...op.settings, env: { ...op.settings.env, TENCENTCLOUD_SECRET_KEY: "not-the-right-key" } } }, "ins-classic1"),
      code: "AuthFailure.SignatureFailure",
      retryClass: "fatal",
    },
    {
      what: "an unknown secret id",
      call: (op) => describeInstance({ ...op, settings: { ...op.settings, env: { ...op.settings.env, TENCENTCLOUD_SECRET_ID: "AKIDnobodyKnowsThis" } } }, "ins-classic1"),
      code: "AuthFailure.SecretIdNotFound",
      retryClass: "fatal",
    },
  ];

  test.each(CASES.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
    const op = h.op();
    await c.setup?.(op);
    const error = await rejection(c.call(op));
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ cloud: "tencentcloud", code: c.code, retryClass: c.retryClass, ambiguous: false });
    // API errors arrive with HTTP 200 and the SDK does not report that status: none is claimed.
    expect(error.httpStatus).toBeUndefined();
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(c.code);
    expect(error.message).toContain(error.requestId);
    expect(error.message).not.toContain(SECRET_KEY);
  });

  test("another account's instance is simply not there", async () => {
    expect(await describeInstance(h.op(), "ins-otheracc")).toBeUndefined();
    const other = h.op();
    const otherOp = { ...other, settings: { ...other.settings, env: { ...other.settings.env, TENCENTCLOUD_SECRET_ID: OTHER_SECRET_ID, TENCENTCLOUD_SECRET_KEY: "tcOtherAccountSecretKey0002" } } };
    expect((await describeInstance(otherOp, "ins-otheracc"))?.state).toBe("RUNNING");
  });

  test("an injected HTTP 500 on a mutation is ambiguous and not resent by the client", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "AttachClassicLinkVpc", count: 1, effect: { type: "error", code: "InternalError", status: 500 } }] });
    const error = await rejection(attachClassicLinkVpc(h.op(), linkReq("ins-classic1")));
    expect(error).toMatchObject({ code: "ClientError.HttpStatusCodeError", httpStatus: 500, retryClass: "transient", ambiguous: true });
    expect(await h.calls("AttachClassicLinkVpc")).toHaveLength(1);
  });

  test("a reset connection is an ambiguous network error", async () => {
    await h.emu.control.faults({ faults: [{ cloud: "tencentcloud", action: "DetachClassicLinkVpc", count: 1, effect: { type: "reset" } }] });
    const error = await rejection(detachClassicLinkVpc(h.op(), linkReq("ins-linked01")));
    expect(error).toMatchObject({ code: "ClientError.NetworkError", retryClass: "transient", ambiguous: true });
    expect(error.httpStatus).toBeUndefined();
  });

  test("a rate limit answers RequestLimitExceeded and reads retry through it", async () => {
    await h.emu.control.faults({ rateLimits: [{ cloud: "tencentcloud", action: "DescribeInstances", limit: 1, windowMs: 60_000 }] });
    await describeInstance(h.op(), "ins-classic1");
    const error = await rejection(describeInstance(h.op(1_000), "ins-classic1"));
    expect(error).toMatchObject({ code: "RequestLimitExceeded", retryClass: "transient" });
    expect((await h.calls("DescribeInstances")).filter((c) => c.errorCode === "RequestLimitExceeded").length).toBeGreaterThanOrEqual(1);
  });

  test("an instance's link is found with one DescribeClassicLinkInstances filtered by vm-ip, however many links the VPC has; a VPC's links are paged with string Offset/Limit", async () => {
    const instances = Array.from({ length: 130 }, (_, i) => `ins-bulk${String(i).padStart(4, "0")}`);
    const state = await h.emu.control.state();
    const tc = state.tencentcloud!;
    tc.instances = [...(tc.instances ?? []), ...instances.map((instanceId) => ({ instanceId, region: "ap-guangzhou", zone: "ap-guangzhou-3", networkType: "classic" as const, status: "RUNNING" }))];
    tc.classicLinks = [...(tc.classicLinks ?? []), ...instances.map((instanceId) => ({ instanceId, vpcId: "vpc-other001" }))];
    await h.emu.control.reset(state);
    await h.emu.control.clearRequests();
    const found = await describeClassicLinks(h.op(), { vpcId: "vpc-other001", instanceId: "ins-bulk0129" });
    expect(found).toEqual([{ vpcId: "vpc-other001", instanceId: "ins-bulk0129" }]);
    expect(await h.calls("DescribeClassicLinkInstances")).toHaveLength(1);
    await h.emu.control.clearRequests();
    expect(await describeClassicLinks(h.op(), { vpcId: "vpc-other001" })).toHaveLength(131);
    expect(await h.calls("DescribeClassicLinkInstances")).toHaveLength(2);
  });

  test("a user's http_proxy never redirects the provider's traffic", async () => {
    const saved = process.env.http_proxy;
    process.env.http_proxy = "http://127.0.0.1:9"; // nothing listens there
    try {
      expect((await describeInstance(h.op(), "ins-classic1"))?.state).toBe("RUNNING");
    } finally {
      if (saved === undefined) delete process.env.http_proxy;
      else process.env.http_proxy = saved;
    }
  });
});
