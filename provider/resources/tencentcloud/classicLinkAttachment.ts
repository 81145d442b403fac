// tencentcloud.ClassicLinkAttachment: links a basic-network (classic) CVM instance to a VPC.
//
// ID: "<vpcId>#<instanceId>", e.g. "vpc-2ari9m7h#ins-0h3a5new" (the import ID of terraform's
// tencentcloud_vpc_classic_link_attachment).
//
// Calls: AttachClassicLinkVpc / DetachClassicLinkVpc (VPC API, asynchronous), each followed by
// DescribeVpcTaskResult with the call's RequestId until SUCCESS (FAILED is an error carrying the
// task's Output), then confirmed with DescribeClassicLinkInstances. Prechecks read CVM
// DescribeInstances and VPC DescribeVpcs.

import { isCloudError, StateError } from "../../core/errors";
import { mutateSafely } from "../../core/reconcile";
import { Timeouts } from "../../core/timeouts";
import { waitUntil } from "../../core/waiter";
import { TencentOp } from "../../clouds/tencentcloud/client";
import { waitForVpcTask } from "../../clouds/tencentcloud/tasks";
import {
  attachClassicLinkVpc, ClassicLinkRecord, describeClassicLinks, describeVpc, detachClassicLinkVpc,
} from "../../clouds/tencentcloud/vpc";
import { confirmedOrPartial, inputMethods, InputSchema, plain } from "../common";
import { ProviderContext, ResourceFactory } from "../types";
import { regionHint, requireInstance, settledInstance, startOperation } from "./shared";

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

export const classicLinkAttachment: ResourceFactory<ClassicLinkAttachmentInputs, ClassicLinkAttachmentOutputs> = (ctx: ProviderContext) => {
  const outputs = (inputs: ClassicLinkAttachmentInputs, region: string, lastTaskId?: string): ClassicLinkAttachmentOutputs =>
    plain({ instanceId: inputs.instanceId, vpcId: inputs.vpcId, region, timeouts: inputs.timeouts, status: "linked", lastTaskId });

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

  return {
    ...inputMethods<ClassicLinkAttachmentInputs, ClassicLinkAttachmentOutputs>(INPUTS),

    async create(inputs) {
      const op = startOperation(ctx, inputs.region, inputs.timeouts, "create");
      const link = { vpcId: inputs.vpcId, instanceId: inputs.instanceId };
      const id = classicLinkId(link);

      const instance = requireInstance(op, link.instanceId, await settledInstance(op, link.instanceId, "link it to a VPC"));
      if (instance.vpcId) {
        throw new StateError(
          `CVM instance ${link.instanceId} is in VPC ${instance.vpcId}, not the basic network; ClassicLink links basic-network instances only`,
          "use a basic-network (classic) instance; a VPC instance reaches other VPCs through peering or CCN",
        );
      }
      if (!(await describeVpc(op, link.vpcId))) throw new StateError(`VPC ${link.vpcId} was not found in region ${op.region}`, regionHint(op));

      const existing = await linkOf(op, link.instanceId);
      if (existing?.vpcId === link.vpcId) return { id, outs: outputs(inputs, op.region) };
      if (existing) throw linkedElsewhere(link, existing.vpcId);

      const isLinked = async () => (await linkOf(op, link.instanceId))?.vpcId === link.vpcId;
      let outcome;
      try {
        outcome = await mutateSafely(
          {
            // A link being attached is listed only once its task succeeds, so a lost answer reads as
            // "not applied" and the resend meets ActionLocked (re-read before each retry) until that task ends.
            send: () => attachClassicLinkVpc(op, link),
            observe: async () => ((await isLinked()) ? "applied" : "notApplied"),
          },
          { runtime: op.runtime, deadline: op.deadline },
        );
      } catch (error) {
        // Linked meanwhile (by us through a lost-then-resent call, or by someone else).
        if (isCloudError(error) && error.code === "UnsupportedOperation.ClassicInstanceIdAlreadyExists") {
          const now = await linkOf(op, link.instanceId);
          if (now?.vpcId === link.vpcId) return { id, outs: outputs(inputs, op.region) };
          if (now) throw linkedElsewhere(link, now.vpcId);
        }
        throw error;
      }

      const accepted = outcome.kind === "answered" ? outcome.response : undefined;
      const outs = outputs(inputs, op.region, accepted?.taskId);
      // A link is listed once its task succeeds: SUCCESS confirms it, no second wait.
      const confirmation: Promise<unknown> = accepted ? waitForVpcTask(op, "AttachClassicLinkVpc", accepted) : waitForLink(op, link, true);
      await confirmedOrPartial(confirmation, id, outs);
      return { id, outs };
    },

    async read(id, props) {
      const parsed = parseClassicLinkId(id);
      const link = { vpcId: props.vpcId ?? parsed?.vpcId, instanceId: props.instanceId ?? parsed?.instanceId };
      if (!link.vpcId || !link.instanceId) return {};
      const op = startOperation(ctx, props.region, props.timeouts, "update");
      const live = await describeClassicLinks(op, { vpcId: link.vpcId, instanceId: link.instanceId });
      if (live.length === 0) return {};
      const outs: ClassicLinkAttachmentOutputs = plain({ ...props, vpcId: link.vpcId, instanceId: link.instanceId, region: op.region, status: "linked" });
      return { id, props: outs, inputs: plain({ instanceId: outs.instanceId, vpcId: outs.vpcId, region: props.region, timeouts: props.timeouts }) };
    },

    async update(_id, olds, news) {
      // Everything but `timeouts` replaces (see diff), so nothing is sent to the cloud.
      return { outs: plain({ ...olds, instanceId: news.instanceId, vpcId: news.vpcId, region: olds.region, timeouts: news.timeouts }) };
    },

    async delete(id, props) {
      const parsed = parseClassicLinkId(id);
      const link = { vpcId: props.vpcId ?? parsed?.vpcId, instanceId: props.instanceId ?? parsed?.instanceId };
      if (!link.vpcId || !link.instanceId) return;
      const op = startOperation(ctx, props.region, props.timeouts, "delete");
      const target = link as ClassicLinkRecord;

      const isLinked = async () => (await linkOf(op, target.instanceId))?.vpcId === target.vpcId;
      if (!(await isLinked())) return;
      // A vanished instance takes its link with it; the detach below then answers ResourceNotFound.
      await settledInstance(op, target.instanceId, "unlink it from a VPC");

      let outcome;
      try {
        outcome = await mutateSafely(
          {
            // A link being detached stays listed until its task succeeds: see create.
            send: () => detachClassicLinkVpc(op, target),
            observe: async () => ((await isLinked()) ? "notApplied" : "applied"),
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
