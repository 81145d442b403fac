// Hints are chosen by action and code, not by code alone: the same code names a different cause
// on another action, and no action gets a hint that is wrong for it. Also the codes that can race
// a precheck are waited out rather than fatal.

import { classifyAlicloudCode } from "../../provider/clouds/alicloud/errors";
import { ruleForCode } from "../../provider/clouds/tencentcloud/errors";
import { toCloudError } from "../../provider/clouds/tencentcloud/client";
import { CloudError } from "../../provider/core/errors";
import TencentCloudSDKHttpException from "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception";

describe("Alibaba", () => {
  test("InvalidInstanceId.MalFormed gets the ClassicLink hint on ClassicLink actions only", () => {
    for (const action of ["AttachClassicLinkVpc", "DetachClassicLinkVpc"]) {
      expect(classifyAlicloudCode("InvalidInstanceId.MalFormed", 400, action).hint).toMatch(/ClassicLink links classic-network instances only/);
    }
    const detach = classifyAlicloudCode("InvalidInstanceId.MalFormed", 400, "DetachNetworkInterface");
    expect(detach).toMatchObject({ retryClass: "fatal", ambiguous: false });
    expect(detach.hint).toMatch(/not a valid instance ID/);
    expect(detach.hint).not.toMatch(/ClassicLink/);
  });

  test("InvalidStatus.InstanceStatus is a conflict waited out until the deadline (it can race the precheck)", () => {
    for (const action of ["AttachClassicLinkVpc", "DetachClassicLinkVpc"]) {
      const c = classifyAlicloudCode("InvalidStatus.InstanceStatus", 403, action);
      expect(c).toMatchObject({ retryClass: "conflict", ambiguous: false });
      expect(c.hint).toMatch(/retried until the timeout/);
    }
  });

  test("OperationDenied names the missing VpcClassicLinkSetting only where that is the cause", () => {
    expect(classifyAlicloudCode("OperationDenied", 403, "AttachClassicLinkVpc").hint).toMatch(/VpcClassicLinkSetting.*dependsOn/);
    for (const action of ["DetachClassicLinkVpc", "DisableVpcClassicLink", "AttachNetworkInterface"]) {
      expect(classifyAlicloudCode("OperationDenied", 403, action).hint).not.toMatch(/VpcClassicLinkSetting/);
    }
  });

  test("InvalidOperation.InvalidEniState: an attach names an ENI attached elsewhere, a detach an ENI not attached here", () => {
    expect(classifyAlicloudCode("InvalidOperation.InvalidEniState", 400, "AttachNetworkInterface").hint).toMatch(/attached to another instance/);
    expect(classifyAlicloudCode("InvalidOperation.InvalidEniState", 400, "DetachNetworkInterface").hint).toMatch(/not attached to this instance/);
  });

  test("DependencyViolation.Instance names the same-change case (updates run before deletes) and its remedy", () => {
    const hint = classifyAlicloudCode("DependencyViolation.Instance", 404, "DisableVpcClassicLink").hint!;
    expect(hint).toMatch(/same change/);
    expect(hint).toMatch(/without the attachments, then\s+again with enabled: false/);
  });

  test("a code without action-specific hints keeps its own, and its class never depends on the action", () => {
    for (const action of [undefined, "AttachClassicLinkVpc", "DetachNetworkInterface", "DescribeInstances"]) {
      expect(classifyAlicloudCode("Throttling.User", 400, action).retryClass).toBe("transient");
      expect(classifyAlicloudCode("InvalidInstanceId.MalFormed", 400, action).retryClass).toBe("fatal");
      expect(classifyAlicloudCode("QuotaExceeded", 403, action).hint).toMatch(/1000 linked/);
    }
  });
});

describe("Tencent", () => {
  const settings = { env: {}, config: {} };
  const viaClient = (code: string, action: string) => {
    const error = new TencentCloudSDKHttpException("refused", "req-1", "trace-1");
    error.code = code;
    return toCloudError(error, "vpc", action, settings) as CloudError;
  };

  test("UnsupportedOperation: a VPC instance on ClassicLink, a primary ENI on ENI actions", () => {
    expect(viaClient("UnsupportedOperation", "AttachClassicLinkVpc").hint).toMatch(/basic-network instances only/);
    expect(viaClient("UnsupportedOperation", "AttachNetworkInterface").hint).toMatch(/primary ENI/);
    expect(viaClient("UnsupportedOperation", "DetachNetworkInterface").hint).toMatch(/primary ENI/);
    expect(viaClient("UnsupportedOperation", "DetachNetworkInterface").retryClass).toBe("fatal");
  });

  test("LimitExceeded: ENIs per instance on an ENI attach, links per VPC on a ClassicLink attach", () => {
    expect(viaClient("LimitExceeded", "AttachNetworkInterface").hint).toMatch(/takes no more ENIs/);
    expect(viaClient("LimitExceeded", "AttachClassicLinkVpc").hint).toMatch(/1000 linked instances/);
  });

  test("ResourceNotFound on a detach says the attachment is already gone; elsewhere it names the ID and region", () => {
    expect(viaClient("ResourceNotFound", "DetachNetworkInterface").hint).toMatch(/not attached to this instance/);
    expect(viaClient("ResourceNotFound", "DescribeVpcTaskResult").hint).toMatch(/region/);
    expect(ruleForCode("ResourceNotFound", "DetachClassicLinkVpc").retryClass).toBe("notFound");
  });

  test("the action-specific hint reaches the CloudError and its message", () => {
    const error = viaClient("UnsupportedOperation.InvalidState", "AttachNetworkInterface");
    expect(error).toMatchObject({ code: "UnsupportedOperation.InvalidState", retryClass: "conflict", action: "AttachNetworkInterface" });
    expect(error.message).toMatch(/What to do: .*attached to another instance must be detached there first/);
  });
});
