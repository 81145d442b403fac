// alicloud.ClassicLinkAttachment: links a classic-network ECS instance to a VPC.
//
// ID: "<instanceId>:<vpcId>", e.g. "i-bp1hfc2ghzsl0ahu3vzc:vpc-bp1m7v25emi1h5mtcxyz".
// terraform-provider-alicloud has no such resource; the ID follows its "<a>:<b>" pair convention
// (as in its ENI attachment's "eni-…:i-…"), instance first because the link belongs to the instance.
//
// create: instance Running/Stopped (transitional states waited out) and classic; the instance
//   not linked elsewhere (already linked to this VPC is adopted); the VPC exists with ClassicLink
//   on; AttachClassicLinkVpc; then DescribeClassicLinkInstances until the link shows.
// read: the link as DescribeClassicLinkInstances shows it; gone (or the instance gone) -> no id.
//   From the attach on, any failure records the resource as pending (partial state).
// update: re-reads and finishes: a pending link is confirmed, a link removed out of band is made
//   again (`timeouts` is the only input that changes in place).
// delete: already gone -> done; instance prechecks; DetachClassicLinkVpc; wait until it is gone.
// diff: instanceId, vpcId, region replace; the same instance cannot link two VPCs at once, so a
//   new VPC for the same instance deletes before it replaces.

import { AlicloudTarget } from "../../clouds/alicloud/client";
import { attachClassicLinkVpc, ClassicLink, describeClassicLinks, detachClassicLinkVpc } from "../../clouds/alicloud/ecs";
import { describeVpcAttribute } from "../../clouds/alicloud/vpc";
import { isCloudError, StateError } from "../../core/errors";
import { Observed } from "../../core/reconcile";
import { Timeouts } from "../../core/timeouts";
import { confirmedOrPartial, inputMethods, InputSchema, plain, sentOrPartial, showingUnfinished } from "../common";
import { ResourceFactory } from "../types";
import { mutate, Operation, read, readyInstance, startOperation, waitFor } from "./operation";

export interface ClassicLinkAttachmentInputs {
  instanceId: string;
  vpcId: string;
  region?: string;
  timeouts?: Timeouts;
}

export interface ClassicLinkAttachmentOutputs {
  instanceId: string;
  vpcId: string;
  region: string;
  timeouts?: Timeouts;
  /** "Linked" */
  status: string;
  /** RequestId of the last Attach/Detach answered by the cloud; absent when the link was adopted. */
  lastRequestId?: string;
  /**
   * true when create found the link already there and adopted it, false when this resource made
   * it. Either way delete unlinks it (a replace must free the instance); keep an adopted link on
   * destroy with Pulumi's `retainOnDelete` option.
   */
  adopted?: boolean;
}

const RESOURCE = "alicloud.ClassicLinkAttachment";
const INPUTS: InputSchema = {
  cloud: "alicloud",
  resource: RESOURCE,
  fields: { instanceId: { kind: "id", of: "instance" }, vpcId: { kind: "id", of: "vpc" }, region: { kind: "region" }, timeouts: { kind: "timeouts" } },
  replaceOn: ["instanceId", "vpcId", "region"],
  updateIn: ["timeouts"],
  // One instance links to one VPC: the new link cannot be made while the old one stands.
  exclusiveOn: "instanceId",
};
const LINKED = "Linked";

export const classicLinkAttachment: ResourceFactory<ClassicLinkAttachmentInputs, ClassicLinkAttachmentOutputs> = (ctx) => {
  const methods = inputMethods<ClassicLinkAttachmentInputs, ClassicLinkAttachmentOutputs>(INPUTS, ctx);
  return {
    ...methods,
    diff: showingUnfinished(methods.diff, (status) => status === LINKED),

    async create(inputs) {
      const op = startOperation(ctx, "create", inputs);
      return { id: idOf(inputs), outs: await ensureLinked(op, inputs) };
    },

    async read(id, props) {
      const link = parseId(id);
      const op = startOperation(ctx, "update", { region: props?.region, timeouts: props?.timeouts });
      const links = await read(op, (t) => linksOf(t, link.instanceId));
      if (!links.some((l) => l.vpcId === link.vpcId)) return {};
      const inputs = plain({ ...link, region: op.target.region, timeouts: props?.timeouts });
      return { id, props: outputs(op, inputs, LINKED, { lastRequestId: props?.lastRequestId, adopted: props?.adopted }), inputs };
    },

    async update(id, olds, news) {
      // Re-reads the cloud and finishes what is unfinished: a pending link is confirmed, a link
      // removed out of band is made again, a link to another VPC is an error naming it.
      const link = parseId(id);
      const op = startOperation(ctx, "update", { region: news.region ?? olds.region, timeouts: news.timeouts });
      return { outs: await ensureLinked(op, { ...news, ...link }, { lastRequestId: olds.lastRequestId, adopted: olds.adopted }) };
    },

    async delete(id, props) {
      const link = parseId(id);
      const op = startOperation(ctx, "delete", { region: props.region, timeouts: props.timeouts });
      const links = await read(op, (t) => linksOf(t, link.instanceId));
      if (!links.some((l) => l.vpcId === link.vpcId)) return;
      await readyInstance(op, link.instanceId, "unlinking it from a VPC");
      try {
        await mutate(op, (t) => detachClassicLinkVpc(t, link), (t) => observeLink(t, link, false));
      } catch (error) {
        if (!isCloudError(error)) throw error;
        if (error.retryClass === "notFound") return; // the instance is gone, and its link with it
        // The API's answer for a pair that is not linked, but also for a region or account mismatch:
        // only a read that shows the link gone makes it success.
        if (error.code === "InvalidParameter.InvalidInstanceIdAndVpcId") {
          const now = await read(op, (t) => linksOf(t, link.instanceId));
          if (!now.some((l) => l.vpcId === link.vpcId)) return;
        }
        throw error;
      }
      await waitFor(op, `the ClassicLink of ${link.instanceId} to ${link.vpcId} to be gone`, (t) => linksOf(t, link.instanceId), (links) =>
        links.some((l) => l.vpcId === link.vpcId) ? { state: "retry", seen: describeLinks(links) } : { state: "done" },
      );
    },
  };
};

/** What this resource did before, kept across updates. */
interface Ownership {
  lastRequestId?: string;
  adopted?: boolean;
}

/**
 * The instance linked to the VPC, as create and update both want it: a link already there is
 * adopted (create) or kept (update); otherwise prechecks, the attach and the wait. From the first
 * send on, every failure keeps the resource as partial state.
 */
async function ensureLinked(op: Operation, inputs: ClassicLinkAttachmentInputs, prior?: Ownership): Promise<ClassicLinkAttachmentOutputs> {
  const link = { instanceId: inputs.instanceId, vpcId: inputs.vpcId };
  // A link that is there needs nothing from the instance (an update must not fail on its state).
  const existing = await read(op, (t) => linksOf(t, link.instanceId));
  if (existing.some((l) => l.vpcId === link.vpcId)) return outputs(op, inputs, LINKED, prior ?? { adopted: true });
  const other = existing.find((l) => l.vpcId !== link.vpcId);
  if (other) throw linkedElsewhere(link, other.vpcId);
  const instance = await readyInstance(op, link.instanceId, "linking it to a VPC");
  if (instance.networkType !== "classic") {
    throw new StateError(
      `instance ${link.instanceId} is in a VPC (${instance.vpcId ?? "network type " + instance.networkType}), not the classic network`,
      "ClassicLink links classic-network instances only; a VPC instance reaches its VPC directly, so remove this ClassicLinkAttachment",
    );
  }
  await requireClassicLinkEnabled(op, link.vpcId);

  const adopted = prior?.adopted ?? false;
  const sent = outputs(op, inputs, LINKED, { lastRequestId: prior?.lastRequestId, adopted });
  let requestId: string | undefined;
  try {
    requestId = await sentOrPartial(mutate(op, (t) => attachClassicLinkVpc(t, link), (t) => observeLink(t, link, true)), idOf(link), sent);
  } catch (error) {
    // Linked elsewhere between the precheck and the attach: name where (the code alone cannot).
    if (!isCloudError(error) || error.code !== "Abs.InvalidInstanceId.MalFormed") throw error;
    const now = await read(op, (t) => linksOf(t, link.instanceId));
    const elsewhere = now.find((l) => l.vpcId !== link.vpcId);
    if (elsewhere) throw linkedElsewhere(link, elsewhere.vpcId);
    if (!now.some((l) => l.vpcId === link.vpcId)) throw error;
  }
  const outs = outputs(op, inputs, LINKED, { lastRequestId: requestId ?? prior?.lastRequestId, adopted });
  const shown = waitFor(op, `the ClassicLink of ${link.instanceId} to ${link.vpcId} to show`, (t) => linksOf(t, link.instanceId), (links) =>
    links.some((l) => l.vpcId === link.vpcId) ? { state: "done" } : { state: "retry", seen: describeLinks(links) },
  );
  await confirmedOrPartial(shown, idOf(link), outs);
  return outs;
}

function linkedElsewhere(link: ClassicLink, otherVpc: string): StateError {
  return new StateError(
    `instance ${link.instanceId} is already linked to ${otherVpc}; a classic instance links to one VPC at a time`,
    `unlink it from ${otherVpc} first (delete the ClassicLinkAttachment that manages that link, or detach it in the console), then run again`,
  );
}

function idOf(link: ClassicLink): string {
  return `${link.instanceId}:${link.vpcId}`;
}

function parseId(id: string): ClassicLink {
  const [instanceId, vpcId, ...rest] = id.split(":");
  if (!instanceId || !vpcId || rest.length > 0) {
    throw new StateError(`"${id}" is not a ClassicLinkAttachment ID`, 'expected "<instanceId>:<vpcId>", like "i-bp1hfc2ghzsl0ahu3vzc:vpc-bp1m7v25emi1h5mtcxyz"');
  }
  return { instanceId, vpcId };
}

function outputs(op: Operation, inputs: ClassicLinkAttachmentInputs, status: string, ownership: Ownership): ClassicLinkAttachmentOutputs {
  return plain({
    instanceId: inputs.instanceId,
    vpcId: inputs.vpcId,
    region: op.target.region,
    timeouts: inputs.timeouts,
    status,
    lastRequestId: ownership.lastRequestId,
    adopted: ownership.adopted,
  });
}

/** The instance's links; an instance that no longer exists has none. */
async function linksOf(target: AlicloudTarget, instanceId: string): Promise<ClassicLink[]> {
  try {
    return await describeClassicLinks(target, { instanceId });
  } catch (error) {
    if (isCloudError(error) && error.code === "InvalidInstanceId.NotFound") return [];
    throw error;
  }
}

/** Whether the attach (wanted) or detach landed. Linked to another VPC fails an attach at once. */
async function observeLink(target: AlicloudTarget, link: ClassicLink, wanted: boolean): Promise<Observed> {
  const links = await linksOf(target, link.instanceId);
  const elsewhere = links.find((l) => l.vpcId !== link.vpcId);
  if (wanted && elsewhere) throw linkedElsewhere(link, elsewhere.vpcId);
  const linked = links.some((l) => l.vpcId === link.vpcId);
  return linked === wanted ? "applied" : "notApplied";
}

async function requireClassicLinkEnabled(op: Operation, vpcId: string): Promise<void> {
  // A precheck: an answer "on" shared with the fleet's other links is enough (the attach itself
  // is refused if ClassicLink went off meanwhile); this process's own Disable is never missed.
  const vpc = await read(op, (t) => describeVpcAttribute(t, vpcId, { earlier: true }));
  if (!vpc) {
    throw new StateError(
      `VPC ${vpcId} was not found in region ${op.target.region}`,
      "check vpcId, and that the resource's `region` input (or alicloud:region) is the VPC's region",
    );
  }
  if (!vpc.classicLinkEnabled) {
    throw new StateError(
      `VPC ${vpcId} does not have ClassicLink enabled, so no instance can link to it`,
      "add a netattach.alicloud.VpcClassicLinkSetting for the VPC and make the attachment dependsOn it",
    );
  }
}

function describeLinks(links: ClassicLink[]): string {
  return links.length === 0 ? "no links" : `links to ${links.map((l) => l.vpcId).join(", ")}`;
}

