// tencentcloud.EniAttachment: attaches a secondary elastic network interface to a CVM instance.
//
// ID: "<networkInterfaceId>+<instanceId>", e.g. "eni-gtlvkjvz+ins-0h3a5new" (the import ID of
// terraform's tencentcloud_eni_attachment).
//
// Calls: AttachNetworkInterface / DetachNetworkInterface (VPC API, asynchronous, with a
// ClientToken that stays the same for every resend of one operation), each followed by
// DescribeVpcTaskResult with the call's RequestId until SUCCESS (FAILED is an error carrying the
// task's Output), then DescribeNetworkInterfaces until the ENI's Attachment names the instance
// (or is gone) and its State is AVAILABLE. Prechecks read CVM DescribeInstances.

import { randomUUID } from "node:crypto";
import { isCloudError, StateError } from "../../core/errors";
import { mutateSafely, Observed } from "../../core/reconcile";
import { Timeouts } from "../../core/timeouts";
import { Verdict, waitUntil } from "../../core/waiter";
import { TencentOp } from "../../clouds/tencentcloud/client";
import { waitForVpcTask } from "../../clouds/tencentcloud/tasks";
import {
  attachNetworkInterface, describeNetworkInterface, detachNetworkInterface, NetworkInterfaceRecord,
} from "../../clouds/tencentcloud/vpc";
import { confirmedOrPartial, inputMethods, InputSchema, plain } from "../common";
import { ProviderContext, ResourceFactory } from "../types";
import { regionHint, requireInstance, settledInstance, startOperation } from "./shared";

export interface EniAttachmentInputs {
  instanceId: string;
  networkInterfaceId: string;
  region?: string;
  timeouts?: Timeouts;
}

export interface EniAttachmentOutputs extends EniAttachmentInputs {
  region: string;
  /** "attached" once the ENI is attached and AVAILABLE; "attaching" / "detaching" in between. */
  status: string;
  /** RequestId (= DescribeVpcTaskResult task id) of the last attach/detach this resource sent. */
  lastTaskId?: string;
}

interface Pair {
  networkInterfaceId: string;
  instanceId: string;
}

const RESOURCE = "tencentcloud.EniAttachment";
const INPUTS: InputSchema = {
  cloud: "tencentcloud",
  resource: RESOURCE,
  fields: { instanceId: { kind: "id", of: "instance" }, networkInterfaceId: { kind: "id", of: "eni" }, region: { kind: "region" }, timeouts: { kind: "timeouts" } },
  replaceOn: ["instanceId", "networkInterfaceId", "region"],
  updateIn: ["timeouts"],
  // One ENI attaches to one instance: it must be detached before it can attach anew.
  exclusiveOn: "networkInterfaceId",
};
const ID_SEPARATOR = "+";
/** ENI states that pass by themselves. */
const ENI_TRANSITIONAL = ["PENDING", "ATTACHING", "DETACHING"];

export function eniAttachmentId(pair: Pair): string {
  return `${pair.networkInterfaceId}${ID_SEPARATOR}${pair.instanceId}`;
}

export function parseEniAttachmentId(id: string): Pair | undefined {
  const [networkInterfaceId, instanceId, extra] = id.split(ID_SEPARATOR);
  return networkInterfaceId && instanceId && extra === undefined ? { networkInterfaceId, instanceId } : undefined;
}

function statusOf(eni: NetworkInterfaceRecord): string {
  if (eni.state === "ATTACHING") return "attaching";
  if (eni.state === "DETACHING") return "detaching";
  return "attached";
}

export const eniAttachment: ResourceFactory<EniAttachmentInputs, EniAttachmentOutputs> = (ctx: ProviderContext) => {
  const outputs = (inputs: EniAttachmentInputs, region: string, lastTaskId?: string): EniAttachmentOutputs =>
    plain({
      instanceId: inputs.instanceId, networkInterfaceId: inputs.networkInterfaceId, region, timeouts: inputs.timeouts,
      status: "attached", lastTaskId,
    });

  const eniNotFound = (op: TencentOp, eniId: string) => new StateError(`ENI ${eniId} was not found in region ${op.region}`, regionHint(op));

  /** Polls the ENI until `accept` agrees; an ENI that disappears fails the wait unless `goneIsDone`. */
  const waitForEni = (op: TencentOp, what: string, eniId: string, accept: (eni: NetworkInterfaceRecord) => Verdict, goneIsDone = false) =>
    waitUntil<NetworkInterfaceRecord | undefined>({
      what,
      runtime: op.runtime,
      deadline: op.deadline,
      poll: () => describeNetworkInterface(op, eniId),
      accept: (eni) => (eni ? accept(eni) : goneIsDone ? { state: "done" } : { state: "failed", error: eniNotFound(op, eniId) }),
    });

  const attachedHere = (pair: Pair) => (eni: NetworkInterfaceRecord): Verdict => {
    if (eni.attachedTo === pair.instanceId && eni.state === "AVAILABLE") return { state: "done" };
    if (eni.attachedTo && eni.attachedTo !== pair.instanceId) {
      return { state: "failed", error: new StateError(`ENI ${pair.networkInterfaceId} ended up attached to ${eni.attachedTo}, not ${pair.instanceId}`, "someone else attached it meanwhile; detach it there and run the update again") };
    }
    return { state: "retry", seen: `State ${eni.state}, attached to ${eni.attachedTo ?? "nothing"}` };
  };

  const detachedFrom = (pair: Pair) => (eni: NetworkInterfaceRecord): Verdict =>
    eni.attachedTo !== pair.instanceId && eni.state === "AVAILABLE"
      ? { state: "done" }
      : { state: "retry", seen: `State ${eni.state}, attached to ${eni.attachedTo ?? "nothing"}` };

  const attachedElsewhere = (pair: Pair, other: string) =>
    new StateError(
      `ENI ${pair.networkInterfaceId} is attached to ${other}, not ${pair.instanceId}; an ENI attaches to one instance at a time`,
      `detach it from ${other} first (delete the resource that manages that attachment, or detach it in the console), or set instanceId to "${other}" to adopt it`,
    );

  return {
    ...inputMethods<EniAttachmentInputs, EniAttachmentOutputs>(INPUTS),

    async create(inputs) {
      const op = startOperation(ctx, inputs.region, inputs.timeouts, "create");
      const pair: Pair = { networkInterfaceId: inputs.networkInterfaceId, instanceId: inputs.instanceId };
      const id = eniAttachmentId(pair);
      const clientToken = randomUUID();

      const instance = requireInstance(op, pair.instanceId, await settledInstance(op, pair.instanceId, "attach an ENI to it"));
      if (!instance.vpcId) {
        throw new StateError(`CVM instance ${pair.instanceId} is in the basic network; ENIs attach to VPC instances only`, "use an instance in the ENI's VPC");
      }
      let eni = await describeNetworkInterface(op, pair.networkInterfaceId);
      if (!eni) throw eniNotFound(op, pair.networkInterfaceId);
      if (eni.primary) {
        throw new StateError(`ENI ${pair.networkInterfaceId} is a primary ENI; a primary ENI belongs to its instance and cannot be attached or detached`, "use a secondary ENI (create one in the instance's subnet)");
      }
      if (eni.attachedTo && eni.attachedTo !== pair.instanceId) throw attachedElsewhere(pair, eni.attachedTo);
      if (ENI_TRANSITIONAL.includes(eni.state)) {
        eni = await waitForEni(op, `ENI ${pair.networkInterfaceId} to leave ${eni.state}`, pair.networkInterfaceId, (e) =>
          ENI_TRANSITIONAL.includes(e.state) ? { state: "retry", seen: e.state } : { state: "done" });
        if (!eni) throw eniNotFound(op, pair.networkInterfaceId);
      }
      if (eni.attachedTo === pair.instanceId && eni.state === "AVAILABLE") return { id, outs: outputs(inputs, op.region) };
      if (eni.attachedTo) throw attachedElsewhere(pair, eni.attachedTo);
      if (eni.state !== "AVAILABLE") {
        throw new StateError(`ENI ${pair.networkInterfaceId} is ${eni.state}; it can be attached only when AVAILABLE`, "wait for the ENI's current operation to finish, or use another ENI");
      }
      if (eni.zone && instance.zone && eni.zone !== instance.zone) {
        throw new StateError(`ENI ${pair.networkInterfaceId} is in zone ${eni.zone} but instance ${pair.instanceId} is in ${instance.zone}`, "use an ENI from a subnet in the instance's zone");
      }
      if (eni.vpcId && eni.vpcId !== instance.vpcId) {
        throw new StateError(`ENI ${pair.networkInterfaceId} is in ${eni.vpcId} but instance ${pair.instanceId} is in ${instance.vpcId}`, "use an ENI from the instance's VPC");
      }

      const observe = async (): Promise<Observed> => {
        const now = await describeNetworkInterface(op, pair.networkInterfaceId);
        if (now?.attachedTo !== pair.instanceId) return "notApplied";
        return now.state === "AVAILABLE" ? "applied" : "inProgress";
      };
      const outcome = await mutateSafely(
        { send: () => attachNetworkInterface(op, { ...pair, clientToken }), observe },
        { runtime: op.runtime, deadline: op.deadline },
      );
      const taskId = outcome.kind === "answered" ? outcome.response.taskId : undefined;
      const outs = outputs(inputs, op.region, taskId);
      // The task ends SUCCESS once the ENI is attached and AVAILABLE: no second wait after it.
      const confirmation: Promise<unknown> = taskId
        ? waitForVpcTask(op, "AttachNetworkInterface", taskId)
        : waitForEni(op, `ENI ${pair.networkInterfaceId} to be attached to ${pair.instanceId} and AVAILABLE`, pair.networkInterfaceId, attachedHere(pair));
      await confirmedOrPartial(confirmation, id, outs);
      return { id, outs };
    },

    async read(id, props) {
      const parsed = parseEniAttachmentId(id);
      const networkInterfaceId = props.networkInterfaceId ?? parsed?.networkInterfaceId;
      if (!networkInterfaceId) return {};
      const op = startOperation(ctx, props.region, props.timeouts, "update");
      const eni = await describeNetworkInterface(op, networkInterfaceId);
      if (!eni?.attachedTo) return {};
      // Attached to another instance: reported as drift in instanceId, so the next update replaces.
      const outs: EniAttachmentOutputs = plain({ ...props, networkInterfaceId, instanceId: eni.attachedTo, region: op.region, status: statusOf(eni) });
      return { id, props: outs, inputs: plain({ instanceId: outs.instanceId, networkInterfaceId, region: props.region, timeouts: props.timeouts }) };
    },

    async update(_id, olds, news) {
      // Everything but `timeouts` replaces (see diff), so nothing is sent to the cloud.
      return { outs: plain({ ...olds, instanceId: news.instanceId, networkInterfaceId: news.networkInterfaceId, region: olds.region, timeouts: news.timeouts }) };
    },

    async delete(id, props) {
      const parsed = parseEniAttachmentId(id);
      const pair = {
        networkInterfaceId: props.networkInterfaceId ?? parsed?.networkInterfaceId,
        instanceId: props.instanceId ?? parsed?.instanceId,
      };
      if (!pair.networkInterfaceId || !pair.instanceId) return;
      const target = pair as Pair;
      const op = startOperation(ctx, props.region, props.timeouts, "delete");
      const clientToken = randomUUID();

      let eni = await describeNetworkInterface(op, target.networkInterfaceId);
      if (eni?.attachedTo !== target.instanceId) return;
      if (ENI_TRANSITIONAL.includes(eni.state)) {
        eni = await waitForEni(op, `ENI ${target.networkInterfaceId} to leave ${eni.state}`, target.networkInterfaceId, (e) =>
          ENI_TRANSITIONAL.includes(e.state) ? { state: "retry", seen: e.state } : { state: "done" }, true);
        if (eni?.attachedTo !== target.instanceId) return;
      }
      await settledInstance(op, target.instanceId, "detach an ENI from it");

      const observe = async (): Promise<Observed> => {
        const now = await describeNetworkInterface(op, target.networkInterfaceId);
        if (now?.attachedTo !== target.instanceId) return "applied";
        return now.state === "DETACHING" ? "inProgress" : "notApplied";
      };
      let outcome;
      try {
        outcome = await mutateSafely(
          { send: () => detachNetworkInterface(op, { ...target, clientToken }), observe },
          { runtime: op.runtime, deadline: op.deadline },
        );
      } catch (error) {
        if (isCloudError(error) && error.retryClass === "notFound") return;
        throw error;
      }
      if (outcome.kind === "answered") return void (await waitForVpcTask(op, "DetachNetworkInterface", outcome.response.taskId));
      // An ENI deleted meanwhile is detached too.
      await waitForEni(op, `ENI ${target.networkInterfaceId} to be detached from ${target.instanceId} and AVAILABLE`, target.networkInterfaceId, detachedFrom(target), true);
    },
  };
};
