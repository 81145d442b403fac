// Unit tests of the Alibaba error table and the SDK-error normalisation (no network).

import { classifyAlicloudCode, classifyTransport } from "../../provider/clouds/alicloud/errors";
import { toCloudError } from "../../provider/clouds/alicloud/client";

describe("classifyAlicloudCode", () => {
  test.each([
    ["Throttling", 400, "transient", false],
    ["Throttling.User", 400, "transient", false],
    ["Throttling.Api", 503, "transient", false],
    ["Rejected.Throttling", 400, "transient", false],
    ["ServiceUnavailable", 503, "transient", true],
    ["InternalError", 500, "transient", true],
    ["SomethingNew", 502, "transient", true],
    ["InvalidStatus.InstanceLocked", 403, "conflict", false],
    ["OperationConflict", 409, "conflict", false],
    ["IncorrectVpcStatus", 400, "conflict", false],
    ["InvalidOperation.InvalidEniState", 400, "conflict", false],
    ["InvalidOperation.InvalidEcsState", 400, "conflict", false],
    ["InvalidInstanceId.NotFound", 404, "notFound", false],
    ["InvalidEniId.NotFound", 404, "notFound", false],
    ["InvalidEcsId.NotFound", 404, "notFound", false],
    ["InvalidVpcId.NotFound", 404, "notFound", false],
    // NotFound-shaped codes that are not "the resource is gone".
    ["InvalidRegionId.NotFound", 404, "fatal", false],
    ["InvalidAccessKeyId.NotFound", 404, "fatal", false],
    ["InvalidAction.NotFound", 404, "fatal", false],
    // Documented with HTTP 404 but means "still in use".
    ["DependencyViolation.Instance", 404, "fatal", false],
    ["OperationDenied", 403, "fatal", false],
    ["Abs.InvalidInstanceId.MalFormed", 400, "fatal", false],
    ["SignatureDoesNotMatch", 400, "fatal", false],
    ["UnheardOf", 400, "fatal", false],
  ])("%s (HTTP %s) is %s", (code, status, retryClass, ambiguous) => {
    const c = classifyAlicloudCode(code, status);
    expect(c.retryClass).toBe(retryClass);
    expect(c.ambiguous).toBe(ambiguous);
  });

  test("OperationDenied tells the user to add a VpcClassicLinkSetting with dependsOn", () => {
    expect(classifyAlicloudCode("OperationDenied", 403).hint).toMatch(/VpcClassicLinkSetting.*dependsOn/);
  });

  test("fatal codes of the seed tables carry a plain-language hint", () => {
    for (const code of ["Abs.InvalidInstanceId.MalFormed", "InvalidInstanceId.MalFormed", "InvalidStatus.InstanceStatus", "InvalidInstanceId.NotBelong",
      "QuotaExceeded", "DependencyViolation.Instance", "InvalidOperation.DetachPrimaryEniNotAllowed", "InvalidOperation.AvailabilityZoneMismatch",
      "InvalidOperation.VpcMismatch", "EniPerInstanceLimitExceeded", "Forbbiden", "InvalidVpcId.Malformed", "InvalidRegionId.Malformed"]) {
      expect(classifyAlicloudCode(code, 400).hint).toBeTruthy();
    }
  });
});

describe("classifyTransport", () => {
  test.each([
    ["ECONNRESET", "transient", true],
    ["TIMEOUT", "transient", true],
    ["InvalidResponse", "transient", true],
    ["ECONNREFUSED", "transient", false],
    ["ENOTFOUND", "transient", false],
    ["ERR_WEIRD", "fatal", false],
  ])("%s is %s (ambiguous %s)", (code, retryClass, ambiguous) => {
    const c = classifyTransport(code);
    expect(c.retryClass).toBe(retryClass);
    expect(c.ambiguous).toBe(ambiguous);
  });
});

describe("toCloudError", () => {
  const context = { service: "ecs" as const, action: "AttachClassicLinkVpc", secrets: ["topsecretvalue", "LTAIkeyid0001"] };

  test("reads code, HTTP status and RequestId from a pop-core API error", () => {
    const sdkError = Object.assign(new Error("The specified VPC are unable to attach ClassicLink., URL: http://127.0.0.1:1/"), {
      name: "OperationDeniedError",
      code: "OperationDenied",
      data: { Code: "OperationDenied", Message: "The specified VPC are unable to attach ClassicLink.", RequestId: "REQ-1" },
      entry: { response: { statusCode: 403 } },
    });
    const e = toCloudError(sdkError, context);
    expect(e).toMatchObject({ cloud: "alicloud", service: "ecs", action: "AttachClassicLinkVpc", code: "OperationDenied", httpStatus: 403, requestId: "REQ-1", retryClass: "fatal", ambiguous: false });
    expect(e.message).toContain("REQ-1");
    expect(e.message).toMatch(/VpcClassicLinkSetting/);
  });

  test("a socket reset is transient and ambiguous, and a timeout is recognised by its name", () => {
    expect(toCloudError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), context)).toMatchObject({ code: "ECONNRESET", retryClass: "transient", ambiguous: true });
    expect(toCloudError(Object.assign(new Error("ReadTimeout(15000)"), { name: "RequestTimeoutError" }), context)).toMatchObject({ code: "TIMEOUT", ambiguous: true });
    expect(toCloudError(new SyntaxError("Unexpected token <"), context)).toMatchObject({ code: "InvalidResponse", ambiguous: true });
  });

  test("scrubs known secrets and signed query strings out of the message", () => {
    const e = toCloudError(
      Object.assign(new Error("GET http://ecs.example/?AccessKeyId=LTAIkeyid0001&Signature=abc%3D&SecurityToken=tok failed. key topsecretvalue"), { code: "ECONNRESET" }),
      context,
    );
    expect(e.message).not.toContain("topsecretvalue");
    expect(e.message).not.toContain("LTAIkeyid0001");
    expect(e.message).not.toContain("Signature=abc");
    expect(e.message).not.toContain("SecurityToken=tok");
  });
});
