// alicloud.VpcClassicLinkSetting: turns ClassicLink on (or off) for a VPC.
//
// ID: "<vpcId>", e.g. "vpc-bp1m7v25emi1h5mtcxyz" (the VPC's own ID, as alicloud_vpc uses).
//
// create/update: DescribeVpcAttribute first (a Pending VPC is waited out); if ClassicLinkEnabled
//   already equals `enabled` it is adopted, else EnableVpcClassicLink / DisableVpcClassicLink
//   with one ClientToken for every resend, then DescribeVpcAttribute until the flag shows; from
//   the send on, any failure records the resource as pending (partial state).
//   Outputs record what create found (foundEnabled) and whether it changed anything (adopted).
//   Turning ClassicLink off (update to enabled: false, or delete) is prechecked: while classic
//   instances are linked it fails before sending, naming them and the remedy for that operation.
// read: the live flag; `enabled` in props follows it (drift); a VPC that is gone -> no id.
// delete: undoes only what this resource did: turns ClassicLink off only if create found it off
//   (found on -> left on; a delete never turns it on). A VPC that is gone, or already off, is done.
//   Links still there fail at once, named: Pulumi deletes dependents first, so a remaining link is
//   one this stack does not manage (or one whose attachment lacks dependsOn), and waiting would only
//   spend the whole delete timeout.
// diff: vpcId and region replace; `enabled` and `timeouts` update in place. Settings of two
//   different VPCs coexist (create before delete). A replace that keeps the vpcId (only the region
//   changed) deletes first: otherwise the new setting would adopt the VPC and the old one's delete
//   would then switch ClassicLink off under it.

import { AlicloudTarget } from "../../clouds/alicloud/client";
import { describeClassicLinks } from "../../clouds/alicloud/ecs";
import { describeVpcAttribute, disableVpcClassicLink, enableVpcClassicLink, VpcAttribute } from "../../clouds/alicloud/vpc";
import { isCloudError, StateError } from "../../core/errors";
import { Timeouts } from "../../core/timeouts";
import { confirmedOrPartial, inputMethods, InputSchema, plain, sentOrPartial, showingUnfinished } from "../common";
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
  /** ClassicLinkEnabled as create found it: delete turns ClassicLink off only when this was false. */
  foundEnabled?: boolean;
  /** true when create found ClassicLink as asked and changed nothing. */
  adopted?: boolean;
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

export const vpcClassicLinkSetting: ResourceFactory<VpcClassicLinkSettingInputs, VpcClassicLinkSettingOutputs> = (ctx) => {
  const methods = inputMethods<VpcClassicLinkSettingInputs, VpcClassicLinkSettingOutputs>(INPUTS);
  return {
    ...methods,
    diff: showingUnfinished(methods.diff, (status) => status === "Enabled" || status === "Disabled"),

    async create(inputs) {
      const op = startOperation(ctx, "create", inputs);
      const enabled = inputs.enabled ?? true;
      const vpc = await availableVpc(op, inputs.vpcId);
      const ownership = { foundEnabled: vpc.classicLinkEnabled, adopted: vpc.classicLinkEnabled === enabled };
      const requestId = await apply(op, inputs.vpcId, enabled, outputs(op, inputs, enabled, ownership), vpc);
      return { id: inputs.vpcId, outs: outputs(op, inputs, enabled, { ...ownership, lastRequestId: requestId }) };
    },

    async read(id, props) {
      const op = startOperation(ctx, "update", { region: props?.region, timeouts: props?.timeouts });
      const vpc = await read(op, (t) => describeVpcAttribute(t, id));
      if (!vpc) return {};
      const inputs = plain({ vpcId: id, enabled: vpc.classicLinkEnabled, region: op.target.region, timeouts: props?.timeouts });
      return { id, props: outputs(op, inputs, vpc.classicLinkEnabled, ownershipOf(props)), inputs };
    },

    async update(id, olds, news) {
      const op = startOperation(ctx, "update", { region: news.region ?? olds.region, timeouts: news.timeouts });
      const enabled = news.enabled ?? true;
      const ownership = ownershipOf(olds);
      const requestId = await apply(op, id, enabled, outputs(op, { ...news, vpcId: id }, enabled, ownership));
      return { outs: outputs(op, { ...news, vpcId: id }, enabled, { ...ownership, lastRequestId: requestId ?? olds.lastRequestId }) };
    },

    async delete(id, props) {
      // Undo only what this resource did: ClassicLink goes off only if this resource found it off.
      if (!turnedOnByThisResource(props)) return;
      const op = startOperation(ctx, "delete", { region: props.region, timeouts: props.timeouts });
      try {
        await apply(op, id, false);
      } catch (error) {
        if (error instanceof VpcGoneError) return;
        throw error;
      }
    },
  };
};

class VpcGoneError extends StateError {}

interface Ownership {
  /** ClassicLinkEnabled as create found it. */
  foundEnabled?: boolean;
  /** true when create found the VPC as asked and changed nothing. */
  adopted?: boolean;
  lastRequestId?: string;
}

function ownershipOf(props: Partial<VpcClassicLinkSettingOutputs> | undefined): Ownership {
  return { foundEnabled: props?.foundEnabled, adopted: props?.adopted, lastRequestId: props?.lastRequestId };
}

/**
 * Whether delete turns ClassicLink off. State written before `foundEnabled` existed: a setting
 * that never sent a change (no lastRequestId) adopted ClassicLink as it was, so it is left alone.
 */
function turnedOnByThisResource(props: VpcClassicLinkSettingOutputs): boolean {
  if (props.foundEnabled !== undefined) return props.foundEnabled === false;
  return props.lastRequestId !== undefined;
}

/**
 * Makes ClassicLinkEnabled equal `enabled`. Returns the RequestId of the change, or undefined
 * when the VPC already was as asked. With `recorded` (create, update), every failure after the
 * change was sent keeps those outputs as partial state; delete needs none (a failed delete keeps
 * the resource). Turning ClassicLink off is prechecked: it fails before sending while instances
 * are linked.
 */
async function apply(
  op: Operation,
  vpcId: string,
  enabled: boolean,
  recorded?: VpcClassicLinkSettingOutputs,
  known?: VpcAttribute,
): Promise<string | undefined> {
  const vpc = known ?? (await availableVpc(op, vpcId));
  if (vpc.classicLinkEnabled === enabled) return undefined;
  if (!enabled) {
    const linked = await linkedInstances(op, vpcId);
    if (linked.length > 0) throw stillLinked(vpcId, linked, recorded ? "update" : "delete");
  }
  const token = clientToken(op, enabled ? "enable" : "disable", vpcId);
  const change = enabled ? enableVpcClassicLink : disableVpcClassicLink;
  const send = mutate(
    op,
    (t) => change(t, vpcId, token),
    async (t) => ((await describeVpcAttribute(t, vpcId))?.classicLinkEnabled === enabled ? "applied" : "notApplied"),
  ).catch(async (error) => {
    // Linked between the precheck and the call: the same answer as the precheck's, for this operation.
    if (isCloudError(error) && error.code === "DependencyViolation.Instance") throw stillLinked(vpcId, await linkedInstances(op, vpcId), recorded ? "update" : "delete");
    throw error;
  });
  const requestId = await (recorded ? sentOrPartial(send, vpcId, recorded) : send);
  const word = enabled ? "on" : "off";
  const confirmed = waitFor(op, `ClassicLink of ${vpcId} to be ${word}`, (t) => mustExist(t, vpcId), (v) =>
    v.classicLinkEnabled === enabled ? { state: "done" } : { state: "retry", seen: `ClassicLinkEnabled=${v.classicLinkEnabled}, status ${v.status}` },
  );
  await (recorded ? confirmedOrPartial(confirmed, vpcId, { ...recorded, lastRequestId: requestId ?? recorded.lastRequestId }) : confirmed);
  return requestId;
}

function linkedInstances(op: Operation, vpcId: string): Promise<string[]> {
  return read(op, (t) => describeClassicLinks(t, { vpcId })).then((links) => links.map((l) => l.instanceId));
}

/** ClassicLink cannot go off while instances are linked: which ones, and what to do, per operation. */
function stillLinked(vpcId: string, instances: string[], operation: "update" | "delete"): StateError {
  const names = instances.length > 0 ? ` (${instances.join(", ")})` : "";
  const what = `ClassicLink of ${vpcId} cannot be turned off while classic instances are linked to it${names}`;
  if (operation === "update") {
    return new StateError(
      what,
      "unlink them first. If this same change removes their ClassicLinkAttachments, it cannot work in one run: Pulumi applies " +
        "updates (this `enabled: false`) before deletes. Remove the attachments in one `pulumi up` and set `enabled: false` in the next, " +
        "or delete this VpcClassicLinkSetting instead of disabling it (its delete runs after its attachments' deletes)",
    );
  }
  return new StateError(
    what,
    "these links are not managed by this stack, or their ClassicLinkAttachment does not depend on this setting: unlink them " +
      "(or give each attachment dependsOn: [this setting] so Pulumi deletes it first), then run again; " +
      "to leave ClassicLink on instead, set `retainOnDelete: true` on this setting",
  );
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

function outputs(op: Operation, inputs: VpcClassicLinkSettingInputs, enabled: boolean, ownership: Ownership): VpcClassicLinkSettingOutputs {
  return plain({
    vpcId: inputs.vpcId,
    enabled,
    region: op.target.region,
    timeouts: inputs.timeouts,
    status: enabled ? "Enabled" : "Disabled",
    lastRequestId: ownership.lastRequestId,
    foundEnabled: ownership.foundEnabled,
    adopted: ownership.adopted,
  });
}
