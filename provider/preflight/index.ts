// Preflight: with stack config `netattach:preflight` set to true, a preview reads the cloud for
// every resource that `up` would create (or replace) and fails the preview where `up` would fail,
// naming the resource, its ID and the fix. Read-only: no call here changes the cloud.
//
// How the provider knows it is a preview: the engine tells a dynamic provider nothing (check and
// diff carry no preview flag, and create is never called in preview). The program does know
// (pulumi.runtime.isDryRun()), so the SDK classes add one input, `__netattachPreflight` = the
// resource's name, only when previewing with preflight on (sdk/preflight.ts). The check hook takes
// it out before anything else sees it, so it never reaches the stored inputs, a diff or the state.
//
// No false failure: what `up` would change first is not held against a resource.
// - A value still unknown in the preview (the sentinel) skips every check that needs it.
// - Only a resource `up` creates or replaces is checked: in-place changes make no attach call.
// - A replacement that keeps the ENI (or the classic instance) finds it on its own old instance
//   (VPC): that attachment is deleted first, so it is not "attached elsewhere". The engine checks
//   a resource it will replace a second time with no old inputs; the first check's are kept.
// - ClassicLink off on a VPC is fine when a VpcClassicLinkSetting of this program, checked earlier
//   in the same provider process, turns it on; resources are checked in dependency order, so an
//   attachment that depends on its setting (as it must for `up` to order them) sees it.
// - Already attached or linked exactly as asked is fine: `up` adopts it.

import type { ResourceKind } from "../kinds";
import { CheckResult, ProviderContext } from "../resources/types";
import type { Finding, Subject } from "./findings";
import { Plan, processPlan } from "./plan";

export const PREVIEW_MARK = "__netattachPreflight";

type Check = (olds: Record<string, unknown>, news: Record<string, unknown>) => Promise<unknown>;

type Preflight = (subject: Subject, ctx: ProviderContext, plan: Plan) => Promise<Finding[]>;

/** Loaded on use, like the resources: a preview of one cloud's resources never loads the other's SDK. */
function preflightOf(kind: ResourceKind): Preflight {
  const [cloud, type] = kind.split(":");
  const checks = cloud === "alicloud" ? require("./alicloud") : require("./tencentcloud");
  return checks[type.charAt(0).toLowerCase() + type.slice(1)];
}

/** The resource's check, then (in a marked preview) its preflight, reported as check failures. */
export async function checkWithPreflight(kind: ResourceKind, args: unknown[], ctx: ProviderContext, check: Check, plan: Plan = processPlan): Promise<CheckResult<unknown>> {
  const olds = (args[0] ?? {}) as Record<string, unknown>;
  const { [PREVIEW_MARK]: mark, ...news } = (args[1] ?? {}) as Record<string, unknown>;
  const result = (await check(olds, news)) as CheckResult<unknown>;
  if (typeof mark !== "string" || result.failures?.length || !result.inputs) return result;
  const subject: Subject = { kind, name: mark, olds: storedInputs(plan, `${kind} ${mark}`, withoutInternal(olds)), news: result.inputs as Record<string, unknown> };
  let findings: Finding[];
  try {
    findings = await preflightOf(kind)(subject, ctx, plan);
  } catch (error) {
    findings = [{
      property: kind.endsWith("VpcClassicLinkSetting") ? "vpcId" : "instanceId",
      problem: `preflight could not read the cloud: ${(error as Error).message}`,
      fix: "check the credentials, region and endpoints (`pulumi up` needs the same), or set netattach:preflight to false to preview without reading the cloud",
    }];
  }
  if (findings.length === 0) return result;
  const label = `${kind.replace(":", ".")} "${mark}" (ID ${resourceId(kind, subject.news)})`;
  return { inputs: result.inputs, failures: findings.map((f) => ({ property: f.property, reason: `preflight: ${label}: ${f.problem}. Fix: ${f.fix}` })) };
}

/** The old inputs of this check, or of the resource's first check when the engine sends none. */
function storedInputs(plan: Plan, resource: string, olds: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(olds).length > 0) plan.storedInputs.set(resource, olds);
  return Object.keys(olds).length > 0 ? olds : plan.storedInputs.get(resource) ?? olds;
}

function withoutInternal(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith("__")));
}

/** The ID `up` would record (the same forms the resources use). */
function resourceId(kind: ResourceKind, news: Record<string, any>): string {
  switch (kind) {
    case "alicloud:ClassicLinkAttachment":
      return `${news.instanceId}:${news.vpcId}`;
    case "alicloud:VpcClassicLinkSetting":
      return news.vpcId;
    case "alicloud:EniAttachment":
      return `${news.networkInterfaceId}:${news.instanceId}`;
    case "tencentcloud:ClassicLinkAttachment":
      return `${news.vpcId}#${news.instanceId}`;
    case "tencentcloud:EniAttachment":
      return `${news.networkInterfaceId}+${news.instanceId}`;
  }
}
