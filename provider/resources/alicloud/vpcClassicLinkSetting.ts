// alicloud.VpcClassicLinkSetting: turns ClassicLink on (or off) for a VPC.
//
// ID: "<vpcId>", e.g. "vpc-bp1m7v25emi1h5mtcxyz" (the VPC's own ID, as alicloud_vpc uses).
//
// create/update: DescribeVpcAttribute first (a Pending VPC is waited out); if ClassicLinkEnabled
//   already equals `enabled` it is adopted, else EnableVpcClassicLink / DisableVpcClassicLink
//   with one ClientToken for every resend, then DescribeVpcAttribute until the flag shows.
// read: the live flag; `enabled` in props follows it (drift); a VPC that is gone -> no id.
// delete: restores ClassicLink to off (the API default). A VPC that is gone, or already off, is
//   done. If classic instances are still linked the cloud answers DependencyViolation.Instance;
//   we fail at once rather than wait, naming the linked instances: Pulumi deletes dependents
//   first, so a remaining link is one this stack does not manage (or one whose attachment lacks
//   dependsOn), and waiting would only spend the whole delete timeout.
// diff: vpcId and region replace; `enabled` and `timeouts` update in place. Settings of two
//   different VPCs coexist (create before delete). A replace that keeps the vpcId (only the region
//   changed) deletes first: otherwise the new setting would adopt the VPC and the old one's delete
//   would then switch ClassicLink off under it.

import { AlicloudTarget } from "../../clouds/alicloud/client";
import { describeClassicLinks } from "../../clouds/alicloud/ecs";
import { describeVpcAttribute, disableVpcClassicLink, enableVpcClassicLink, VpcAttribute } from "../../clouds/alicloud/vpc";
import { isCloudError, StateError } from "../../core/errors";
import { Timeouts } from "../../core/timeouts";
import { confirmedOrPartial, inputMethods, InputSchema, plain } from "../common";
import { ResourceFactory } from "../types";
import { clientToken, mutate, Operation, read, startOperation, waitFor } from "./operation";

export interface VpcClassicLinkSettingInputs {
  vpcId: string;
  /** Default true. */
  enabled?: boolean;
  region?: string;
  timeouts?: Timeouts;
}

export interface VpcClassicLinkSettingOutputs {
  vpcId: string;
  enabled: boolean;
  region: string;
  timeouts?: Timeouts;
  /** "Enabled" | "Disabled", as the cloud last showed it. */
  status: string;
  /** RequestId of the last Enable/Disable answered by the cloud; absent when nothing had to change. */
  lastRequestId?: string;
}

const RESOURCE = "alicloud.VpcClassicLinkSetting";
const INPUTS: InputSchema = {
  cloud: "alicloud",
  resource: RESOURCE,
  fields: { vpcId: { kind: "id", of: "vpc" }, enabled: { kind: "boolean", default: true }, region: { kind: "region" }, timeouts: { kind: "timeouts" } },
  replaceOn: ["vpcId", "region"],
  updateIn: ["enabled", "timeouts"],
  // Settings of two VPCs coexist; the same VPC under a new region would be adopted by the new setting and then switched off by the old one's delete.
  exclusiveOn: "vpcId",
};

export const vpcClassicLinkSetting: ResourceFactory<VpcClassicLinkSettingInputs, VpcClassicLinkSettingOutputs> = (ctx) => ({
  ...inputMethods<VpcClassicLinkSettingInputs, VpcClassicLinkSettingOutputs>(INPUTS, ctx),

  async create(inputs) {
    const op = startOperation(ctx, "create", inputs);
    const enabled = inputs.enabled ?? true;
    const requestId = await apply(op, inputs.vpcId, enabled, { id: inputs.vpcId, outs: outputs(op, inputs, enabled, undefined) });
    return { id: inputs.vpcId, outs: outputs(op, inputs, enabled, requestId) };
  },

  async read(id, props) {
    const op = startOperation(ctx, "update", { region: props?.region, timeouts: props?.timeouts });
    const vpc = await read(op, (t) => describeVpcAttribute(t, id));
    if (!vpc) return {};
    const inputs = plain({ vpcId: id, enabled: vpc.classicLinkEnabled, region: op.target.region, timeouts: props?.timeouts });
    return { id, props: outputs(op, inputs, vpc.classicLinkEnabled, props?.lastRequestId), inputs };
  },

  async update(id, olds, news) {
    const op = startOperation(ctx, "update", { region: news.region ?? olds.region, timeouts: news.timeouts });
    const enabled = news.enabled ?? true;
    const requestId = await apply(op, id, enabled);
    return { outs: outputs(op, { ...news, vpcId: id }, enabled, requestId ?? olds.lastRequestId) };
  },

  async delete(id, props) {
    const op = startOperation(ctx, "delete", { region: props.region, timeouts: props.timeouts });
    try {
      await apply(op, id, false);
    } catch (error) {
      if (error instanceof VpcGoneError) return;
      if (isCloudError(error) && error.code === "DependencyViolation.Instance") {
        const linked = await read(op, (t) => describeClassicLinks(t, { vpcId: id })).catch(() => []);
        const names = linked.map((l) => l.instanceId).join(", ");
        throw error.withHint(
          `classic instances are still linked to ${id}${names ? ` (${names})` : ""}: delete their ClassicLinkAttachments first ` +
            "(give each attachment dependsOn: [this setting] so Pulumi orders it), or unlink them, then run again",
        );
      }
      throw error;
    }
  },
});

class VpcGoneError extends StateError {}

/**
 * Makes ClassicLinkEnabled equal `enabled`. Returns the RequestId of the change, or undefined
 * when the VPC already was as asked.
 */
async function apply(op: Operation, vpcId: string, enabled: boolean, creating?: { id: string; outs: object }): Promise<string | undefined> {
  const vpc = await availableVpc(op, vpcId);
  if (vpc.classicLinkEnabled === enabled) return undefined;
  const token = clientToken(op, enabled ? "enable" : "disable", vpcId);
  const change = enabled ? enableVpcClassicLink : disableVpcClassicLink;
  const requestId = await mutate(
    op,
    (t) => change(t, vpcId, token),
    async (t) => ((await describeVpcAttribute(t, vpcId))?.classicLinkEnabled === enabled ? "applied" : "notApplied"),
  );
  const word = enabled ? "on" : "off";
  const confirmed = waitFor(op, `ClassicLink of ${vpcId} to be ${word}`, (t) => mustExist(t, vpcId), (v) =>
    v.classicLinkEnabled === enabled ? { state: "done" } : { state: "retry", seen: `ClassicLinkEnabled=${v.classicLinkEnabled}, status ${v.status}` },
  );
  await (creating ? confirmedOrPartial(confirmed, creating.id, creating.outs) : confirmed);
  return requestId;
}

/** The VPC once it is Available; a Pending VPC is waited out. */
function availableVpc(op: Operation, vpcId: string): Promise<VpcAttribute> {
  return waitFor(op, `VPC ${vpcId} to be Available`, (t) => mustExist(t, vpcId), (v) =>
    v.status === "Available" ? { state: "done" } : { state: "retry", seen: `status ${v.status}` },
  );
}

async function mustExist(target: AlicloudTarget, vpcId: string): Promise<VpcAttribute> {
  const vpc = await describeVpcAttribute(target, vpcId);
  if (vpc) return vpc;
  throw new VpcGoneError(
    `VPC ${vpcId} was not found in region ${target.region}`,
    "check vpcId, and that the resource's `region` input (or alicloud:region) is the VPC's region",
  );
}

function outputs(op: Operation, inputs: VpcClassicLinkSettingInputs, enabled: boolean, lastRequestId?: string): VpcClassicLinkSettingOutputs {
  return plain({
    vpcId: inputs.vpcId,
    enabled,
    region: op.target.region,
    timeouts: inputs.timeouts,
    status: enabled ? "Enabled" : "Disabled",
    lastRequestId,
  });
}
