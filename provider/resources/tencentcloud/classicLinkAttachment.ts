// tencentcloud.ClassicLinkAttachment: links a basic-network (classic) CVM instance to a VPC.
//
// ID: "<vpcId>#<instanceId>", e.g. "vpc-2ari9m7h#ins-0h3a5new" (the import ID of terraform's
// tencentcloud_vpc_classic_link_attachment).
//
// Calls: AttachClassicLinkVpc / DetachClassicLinkVpc (VPC API, asynchronous), each followed by
// DescribeVpcTaskResult with the call's RequestId until SUCCESS (FAILED is an error carrying the
// task's Output), then confirmed with DescribeClassicLinkInstances. Prechecks read CVM
// DescribeInstances and VPC DescribeVpcs.
//
// From the attach on, any failure (lost answer not confirmable, task FAILED, wait timeout) records
// the resource as partial state ("pending", or "failed" for a FAILED task). A link is listed only
// once its task succeeds, so read keeps a pending link whose task still runs. update finishes it:
// the recorded task is followed to its end, then the link is confirmed or made again.

import { isCloudError, StateError, TaskFailedError } from "../../core/errors";
import { mutateSafely, Observed } from "../../core/reconcile";
import { Timeouts } from "../../core/timeouts";
import { waitUntil } from "../../core/waiter";
import { TencentOp } from "../../clouds/tencentcloud/client";
import { describeInstance, knownPrivateIp } from "../../clouds/tencentcloud/cvm";
import { waitForVpcTask } from "../../clouds/tencentcloud/tasks";
import {
  attachClassicLinkVpc, ClassicLinkRecord, describeClassicLinks, describeVpc, detachClassicLinkVpc,
} from "../../clouds/tencentcloud/vpc";
import { confirmedOrPartial, inputMethods, InputSchema, PENDING, plain, sentOrPartial, showingUnfinished } from "../common";
import { ProviderContext, ResourceFactory } from "../types";
import { regionHint, requireInstance, settledInstance, startOperation, taskStillRunning } from "./shared";

export interface ClassicLinkAttachmentInputs {
  instanceId: string;
  vpcId: string;
  region?: string;
  timeouts?: Timeouts;
}

export interface ClassicLinkAttachmentOutputs extends ClassicLinkAttachmentInputs {
  region: string;
  /** "linked" while the instance is linked to the VPC. */
  status: string;
  /** RequestId (= DescribeVpcTaskResult task id) of the last attach/detach this resource sent. */
  lastTaskId?: string;
  /**
   * true when create found the link already there and adopted it, false when this resource made
   * it. Either way delete unlinks it (a replace must free the instance); keep an adopted link on
   * destroy with Pulumi's `retainOnDelete` option.
   */
  adopted?: boolean;
}

const RESOURCE = "tencentcloud.ClassicLinkAttachment";
const INPUTS: InputSchema = {
  cloud: "tencentcloud",
  resource: RESOURCE,
  fields: { instanceId: { kind: "id", of: "instance" }, vpcId: { kind: "id", of: "vpc" }, region: { kind: "region" }, timeouts: { kind: "timeouts" } },
  replaceOn: ["instanceId", "vpcId", "region"],
  updateIn: ["timeouts"],
  // One instance links to one VPC: the new link cannot be made while the old one stands.
  exclusiveOn: "instanceId",
};
const ID_SEPARATOR = "#";

export function classicLinkId(link: ClassicLinkRecord): string {
  return `${link.vpcId}${ID_SEPARATOR}${link.instanceId}`;
}

export function parseClassicLinkId(id: string): ClassicLinkRecord | undefined {
  const [vpcId, instanceId, extra] = id.split(ID_SEPARATOR);
  return vpcId && instanceId && extra === undefined ? { vpcId, instanceId } : undefined;
}

const LINKED = "linked";

/** What this resource did before, kept across updates. */
interface Ownership {
  lastTaskId?: string;
  adopted?: boolean;
}

function linkOfProps(props: Partial<ClassicLinkAttachmentOutputs>): ClassicLinkRecord | undefined {
  return props.vpcId && props.instanceId ? { vpcId: props.vpcId, instanceId: props.instanceId } : undefined;
}

export const classicLinkAttachment: ResourceFactory<ClassicLinkAttachmentInputs, ClassicLinkAttachmentOutputs> = (ctx: ProviderContext) => {
  const methods = inputMethods<ClassicLinkAttachmentInputs, ClassicLinkAttachmentOutputs>(INPUTS, ctx);
  const outputs = (inputs: ClassicLinkAttachmentInputs, region: string, ownership: Ownership): ClassicLinkAttachmentOutputs =>
    plain({
      instanceId: inputs.instanceId, vpcId: inputs.vpcId, region, timeouts: inputs.timeouts, status: LINKED,
      lastTaskId: ownership.lastTaskId, adopted: ownership.adopted,
    });

  const linkOf = (op: TencentOp, instanceId: string) =>
    describeClassicLinks(op, { instanceId }).then((links) => links[0]);

  const waitForLink = (op: TencentOp, link: ClassicLinkRecord, present: boolean) =>
    waitUntil({
      what: `ClassicLink of ${link.instanceId} to ${link.vpcId} to be ${present ? "listed" : "gone"} in DescribeClassicLinkInstances`,
      runtime: op.runtime,
      deadline: op.deadline,
      poll: () => describeClassicLinks(op, { vpcId: link.vpcId, instanceId: link.instanceId }),
      accept: (links) => (links.length > 0 === present ? { state: "done" } : { state: "retry", seen: links.length > 0 ? "linked" : "not linked" }),
    });

  const linkedElsewhere = (link: ClassicLinkRecord, otherVpc: string) =>
    new StateError(
      `CVM instance ${link.instanceId} is already linked to ${otherVpc}, not ${link.vpcId}; an instance links to one VPC at a time`,
      `remove the ClassicLink to ${otherVpc} first (delete the resource that manages it, or DetachClassicLinkVpc in the console), or set vpcId to "${otherVpc}" to adopt it`,
    );

  /**
   * The instance linked to the VPC, as create and update both want it: a link already there is
   * adopted (create) or kept (update); otherwise prechecks, the attach, its task and the wait.
   * From the first send on, every failure keeps the resource as partial state.
   */
  const ensureLinked = async (op: TencentOp, inputs: ClassicLinkAttachmentInputs, prior?: Ownership): Promise<ClassicLinkAttachmentOutputs> => {
    const link = { vpcId: inputs.vpcId, instanceId: inputs.instanceId };
    const id = classicLinkId(link);

    // A link that is there needs nothing from the instance (an update must not fail on its state).
    if (prior && (await linkOf(op, link.instanceId))?.vpcId === link.vpcId) return outputs(inputs, op.region, prior);
    const instance = requireInstance(op, link.instanceId, await settledInstance(op, link.instanceId, "link it to a VPC"));
    if (instance.vpcId) {
      throw new StateError(
        `CVM instance ${link.instanceId} is in VPC ${instance.vpcId}, not the basic network; ClassicLink links basic-network instances only`,
        "use a basic-network (classic) instance; a VPC instance reaches other VPCs through peering or CCN",
      );
    }
    // A precheck: "the VPC exists" shared with the fleet's other links is enough.
    if (!(await describeVpc(op, link.vpcId, { earlier: true }))) throw new StateError(`VPC ${link.vpcId} was not found in region ${op.region}`, regionHint(op));

    const existing = await linkOf(op, link.instanceId);
    if (existing?.vpcId === link.vpcId) return outputs(inputs, op.region, prior ?? { adopted: true });
    if (existing) throw linkedElsewhere(link, existing.vpcId);

    const observe = async (): Promise<Observed> => {
      const now = await linkOf(op, link.instanceId);
      if (now && now.vpcId !== link.vpcId) throw linkedElsewhere(link, now.vpcId);
      return now ? "applied" : "notApplied";
    };
    const adopted = prior?.adopted ?? false;
    const sent = outputs(inputs, op.region, { lastTaskId: prior?.lastTaskId, adopted });
    let outcome;
    try {
      outcome = await sentOrPartial(
        mutateSafely(
          {
            // A link being attached is listed only once its task succeeds, so a lost answer reads as
            // "not applied"; the resend meets ActionLocked (re-read before each retry) until that task
            // ends, then ClassicInstanceIdAlreadyExists: never a second link, so resends go on to the deadline.
            send: () => attachClassicLinkVpc(op, link),
            observe,
            hiddenWhileInProgress: true,
          },
          { runtime: op.runtime, deadline: op.deadline },
        ),
        id,
        sent,
      );
    } catch (error) {
      // Linked meanwhile (by us through a lost-then-resent call, or by someone else): name where.
      if (!isCloudError(error) || error.code !== "UnsupportedOperation.ClassicInstanceIdAlreadyExists") throw error;
      const now = await linkOf(op, link.instanceId);
      if (now && now.vpcId !== link.vpcId) throw linkedElsewhere(link, now.vpcId);
      if (!now) throw error;
      outcome = { kind: "recovered" as const, observed: "applied" as const };
    }

    const accepted = outcome.kind === "answered" ? outcome.response : undefined;
    const outs = outputs(inputs, op.region, { lastTaskId: accepted?.taskId ?? prior?.lastTaskId, adopted });
    // A link is listed once its task succeeds: SUCCESS confirms it, no second wait.
    const confirmation: Promise<unknown> = accepted ? waitForVpcTask(op, "AttachClassicLinkVpc", accepted) : waitForLink(op, link, true);
    await confirmedOrPartial(confirmation, id, outs);
    return outs;
  };

  return {
    ...methods,
    diff: showingUnfinished(methods.diff, (status) => status === LINKED),

    async create(inputs) {
      const op = startOperation(ctx, inputs.region, inputs.timeouts, "create");
      return { id: classicLinkId(inputs), outs: await ensureLinked(op, inputs) };
    },

    async read(id, props) {
      const link = parseClassicLinkId(id) ?? linkOfProps(props);
      if (!link) return {};
      const op = startOperation(ctx, props.region, props.timeouts, "update");
      const live = await describeClassicLinks(op, { vpcId: link.vpcId, instanceId: link.instanceId });
      const inputs = plain({ ...link, region: props.region, timeouts: props.timeouts });
      if (live.length === 0) {
        // A link is listed only once its task succeeds: a pending attach whose task still runs is kept.
        if (!(props.status === PENDING && props.lastTaskId && (await taskStillRunning(op, props.lastTaskId)))) return {};
        return { id, props: plain({ ...props, ...link, region: op.region }), inputs };
      }
      return { id, props: plain({ ...props, ...link, region: op.region, status: LINKED }), inputs };
    },

    async update(id, olds, news) {
      // Re-reads the cloud and finishes what is unfinished: the recorded task of a pending attach
      // is followed to its end (FAILED fails with its Output and records "failed"), then the link
      // is confirmed, made again if it was removed out of band, or its other VPC named.
      const link = parseClassicLinkId(id) ?? { vpcId: news.vpcId, instanceId: news.instanceId };
      const op = startOperation(ctx, olds.region, news.timeouts, "update");
      const inputs = { ...news, ...link };
      const prior = { lastTaskId: olds.lastTaskId, adopted: olds.adopted };
      if (olds.status === PENDING && olds.lastTaskId) {
        await confirmedOrPartial(waitForVpcTask(op, "AttachClassicLinkVpc", olds.lastTaskId), id, outputs(inputs, op.region, prior));
      }
      return { outs: await ensureLinked(op, inputs, prior) };
    },

    async delete(id, props) {
      const target = parseClassicLinkId(id) ?? linkOfProps(props);
      if (!target) return;
      const op = startOperation(ctx, props.region, props.timeouts, "delete");

      const isLinked = async () => (await linkOf(op, target.instanceId))?.vpcId === target.vpcId;
      // A pending link is not listed while its task runs: let that task end first. Without a task
      // id (the answer was lost) the detach is sent anyway: ActionLocked waits out a running task,
      // and ResourceNotFound then says there was no link.
      const unconfirmed = props.status === PENDING;
      if (unconfirmed && props.lastTaskId) {
        const ended = await waitForVpcTask(op, "AttachClassicLinkVpc", props.lastTaskId).catch((error) => {
          if (error instanceof TaskFailedError) return undefined;
          throw error;
        });
        if (!ended) return;
      }
      // The link lookup needs the instance's private IP: when this process does not know it yet,
      // that one read also serves the state precheck below (no second read of the instance).
      const justRead = knownPrivateIp(op, target.instanceId) ? undefined : { instance: await describeInstance(op, target.instanceId) };
      if (!(unconfirmed && !props.lastTaskId) && !(await isLinked())) return;
      // A vanished instance takes its link with it; the detach below then answers ResourceNotFound.
      await settledInstance(op, target.instanceId, "unlink it from a VPC", justRead);

      let outcome;
      try {
        outcome = await mutateSafely(
          {
            // A link being detached stays listed until its task succeeds, so a lost answer reads as
            // "not applied"; the resend meets ActionLocked until that task ends, then ResourceNotFound
            // (done): a repeat never detaches twice, so resends go on to the deadline (see create).
            send: () => detachClassicLinkVpc(op, target),
            observe: async () => ((await isLinked()) ? "notApplied" : "applied"),
            hiddenWhileInProgress: true,
          },
          { runtime: op.runtime, deadline: op.deadline },
        );
      } catch (error) {
        if (isCloudError(error) && error.retryClass === "notFound") return;
        throw error;
      }
      // A link being detached is listed until its task succeeds: SUCCESS confirms it is gone.
      if (outcome.kind === "answered") await waitForVpcTask(op, "DetachClassicLinkVpc", outcome.response);
      else await waitForLink(op, target, false);
    },
  };
};
