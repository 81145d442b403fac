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
//
// From the attach on, any failure (lost answer not confirmable, task FAILED, wait timeout) records
// the resource as partial state ("pending", or "failed" for a FAILED task). update finishes it:
// the recorded task is followed to its end, then the attachment is confirmed or made again. read,
// update and delete follow the ID, never props.instanceId: an ENI moved to another instance out of
// band is not this attachment any more (README: A moved ENI).
//
// attachType (AttachNetworkInterface AttachType: 0 standard, the default, or 1 extended) is sent
// with the attach and read back with Attachment.DeviceIndex; the attachment is made with it, so a
// change replaces (terraform's tencentcloud_eni_attachment has no such option to follow).

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
import { confirmedOrPartial, inputMethods, InputSchema, PENDING, plain, sentOrPartial, showingUnfinished } from "../common";
import { ProviderContext, ResourceFactory } from "../types";
import { regionHint, requireInstance, settledInstance, startOperation, taskStillRunning } from "./shared";

export interface EniAttachmentInputs {
  instanceId: string;
  networkInterfaceId: string;
  /** 0 standard (default), 1 extended. */
  attachType?: number;
  region?: string;
  timeouts?: Timeouts;
}

export interface EniAttachmentOutputs extends EniAttachmentInputs {
  region: string;
  /** "attached" once the ENI is attached and AVAILABLE; "attaching" / "detaching" in between. */
  status: string;
  /** RequestId (= DescribeVpcTaskResult task id) of the last attach/detach this resource sent. */
  lastTaskId?: string;
  /** The ENI's index on the instance, as the cloud reports it once attached. */
  deviceIndex?: number;
  /**
   * true when create found the ENI already attached to the instance and adopted it, false when this
   * resource attached it. Either way delete detaches it (a replace must free the ENI); keep an
   * adopted attachment on destroy with Pulumi's `retainOnDelete` option.
   */
  adopted?: boolean;
}

interface Pair {
  networkInterfaceId: string;
  instanceId: string;
}

const RESOURCE = "tencentcloud.EniAttachment";
const INPUTS: InputSchema = {
  cloud: "tencentcloud",
  resource: RESOURCE,
  fields: { instanceId: { kind: "id", of: "instance" }, networkInterfaceId: { kind: "id", of: "eni" }, region: { kind: "region" }, timeouts: { kind: "timeouts" },
    attachType: { kind: "integer", min: 0, max: 1, default: 0, meaning: "0 standard, 1 extended" },
  },
  replaceOn: ["instanceId", "networkInterfaceId", "region", "attachType"],
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

/** What this resource did before, kept across updates. */
interface Ownership {
  lastTaskId?: string;
  adopted?: boolean;
}

function pairOf(props: Partial<EniAttachmentOutputs>): Pair | undefined {
  return props.networkInterfaceId && props.instanceId ? { networkInterfaceId: props.networkInterfaceId, instanceId: props.instanceId } : undefined;
}

function inputsOf(props: Partial<EniAttachmentOutputs>, pair: Pair): EniAttachmentInputs {
  return plain({ ...pair, region: props.region, timeouts: props.timeouts, attachType: props.attachType });
}

const ATTACH_TYPE_NAME = ["standard", "extended"];

export const eniAttachment: ResourceFactory<EniAttachmentInputs, EniAttachmentOutputs> = (ctx: ProviderContext) => {
  const methods = inputMethods<EniAttachmentInputs, EniAttachmentOutputs>(INPUTS, ctx);
  /** With `eni` (as last read), attachType and deviceIndex are what the cloud reports; without, what was asked. */
  const outputs = (inputs: EniAttachmentInputs, region: string, ownership: Ownership, eni?: NetworkInterfaceRecord): EniAttachmentOutputs =>
    plain({
      instanceId: inputs.instanceId, networkInterfaceId: inputs.networkInterfaceId, region, timeouts: inputs.timeouts,
      attachType: eni?.attachType ?? inputs.attachType, deviceIndex: eni?.deviceIndex,
      status: "attached", lastTaskId: ownership.lastTaskId, adopted: ownership.adopted,
    });

  /** An ENI already on the instance is adopted only when attached as the type asked for. */
  const adoptionMismatch = (eni: NetworkInterfaceRecord, pair: Pair, wanted: number | undefined): StateError | undefined => {
    const actual = eni.attachType ?? 0;
    if (wanted === undefined || actual === wanted) return undefined;
    return new StateError(
      `ENI ${pair.networkInterfaceId} is already attached to ${pair.instanceId} as ${ATTACH_TYPE_NAME[actual] ?? actual} (attachType ${actual}), not ${ATTACH_TYPE_NAME[wanted] ?? wanted} (${wanted})`,
      `detach it first (in the console, or by the resource that attached it), or set attachType to ${actual}`,
    );
  };

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

  /**
   * The ENI attached to the instance, as create and update both want it: an attachment already
   * there is adopted (create) or kept (update); otherwise prechecks, the attach, its task and the
   * wait. From the first send on, every failure keeps the resource as partial state.
   */
  const ensureAttached = async (op: TencentOp, inputs: EniAttachmentInputs, prior?: Ownership): Promise<EniAttachmentOutputs> => {
    const pair: Pair = { networkInterfaceId: inputs.networkInterfaceId, instanceId: inputs.instanceId };
    const id = eniAttachmentId(pair);
    const clientToken = randomUUID();

    // An attachment that is there needs nothing from the instance (an update must not fail on its state).
    if (prior) {
      const now = await describeNetworkInterface(op, pair.networkInterfaceId);
      if (now?.attachedTo === pair.instanceId && now.state === "AVAILABLE") return outputs(inputs, op.region, prior, now);
    }
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
    if (eni.attachedTo === pair.instanceId && eni.state === "AVAILABLE") {
      const mismatch = prior ? undefined : adoptionMismatch(eni, pair, inputs.attachType);
      if (mismatch) throw mismatch;
      return outputs(inputs, op.region, prior ?? { adopted: true }, eni);
    }
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

    // Read before every resend and after a lost answer; an ENI on another instance fails at once.
    const observe = async (): Promise<Observed> => {
      const now = await describeNetworkInterface(op, pair.networkInterfaceId);
      if (now?.attachedTo && now.attachedTo !== pair.instanceId) throw attachedElsewhere(pair, now.attachedTo);
      if (now?.attachedTo !== pair.instanceId) return "notApplied";
      return now.state === "AVAILABLE" ? "applied" : "inProgress";
    };
    const adopted = prior?.adopted ?? false;
    const sent = outputs(inputs, op.region, { lastTaskId: prior?.lastTaskId, adopted });
    let outcome;
    try {
      outcome = await sentOrPartial(
        mutateSafely({ send: () => attachNetworkInterface(op, { ...pair, clientToken, attachType: inputs.attachType }), observe }, { runtime: op.runtime, deadline: op.deadline }),
        id,
        sent,
      );
    } catch (error) {
      // Attached meanwhile: name where (the code alone does not say).
      if (!isCloudError(error) || error.code !== "UnsupportedOperation.AttachmentAlreadyExists") throw error;
      const now = await describeNetworkInterface(op, pair.networkInterfaceId);
      if (now?.attachedTo && now.attachedTo !== pair.instanceId) throw attachedElsewhere(pair, now.attachedTo);
      if (now?.attachedTo !== pair.instanceId) throw error;
      outcome = { kind: "recovered" as const, observed: "inProgress" as const };
    }
    const taskId = outcome.kind === "answered" ? outcome.response.taskId : undefined;
    const ownership = { lastTaskId: taskId ?? prior?.lastTaskId, adopted };
    const attached = await confirmedOrPartial(confirmAttached(op, pair, taskId), id, outputs(inputs, op.region, ownership));
    return outputs(inputs, op.region, ownership, attached);
  };

  /**
   * The attach's task to SUCCESS when its id is known, then the ENI attached and AVAILABLE. After
   * SUCCESS the ENI already is, so that is one immediate read (the waiter polls at once), kept
   * because the outputs report the deviceIndex and attachType the cloud gave.
   */
  const confirmAttached = async (op: TencentOp, pair: Pair, taskId: string | undefined) => {
    if (taskId) await waitForVpcTask(op, "AttachNetworkInterface", taskId);
    return waitForEni(op, `ENI ${pair.networkInterfaceId} to be attached to ${pair.instanceId} and AVAILABLE`, pair.networkInterfaceId, attachedHere(pair));
  };

  return {
    ...methods,
    diff: showingUnfinished(methods.diff, (status) => status === "attached"),

    async create(inputs) {
      const op = startOperation(ctx, inputs.region, inputs.timeouts, "create");
      return { id: eniAttachmentId(inputs), outs: await ensureAttached(op, inputs) };
    },

    async read(id, props) {
      // The ID names the attachment this resource manages; an ENI found on another instance is not
      // it (README: A moved ENI), so the ID wins over props.
      const pair = parseEniAttachmentId(id) ?? pairOf(props);
      if (!pair) return {};
      const op = startOperation(ctx, props.region, props.timeouts, "update");
      const eni = await describeNetworkInterface(op, pair.networkInterfaceId);
      if (eni?.attachedTo !== pair.instanceId) {
        // An attach still running is not forgotten: its task says whether it may yet land.
        if (!(props.status === PENDING && props.lastTaskId && (await taskStillRunning(op, props.lastTaskId)))) return {};
        return { id, props: plain({ ...props, ...pair, region: op.region }), inputs: inputsOf(props, pair) };
      }
      const reported = { attachType: eni.attachType ?? 0, deviceIndex: eni.deviceIndex };
      const outs: EniAttachmentOutputs = plain({ ...props, ...pair, ...reported, region: op.region, status: statusOf(eni) });
      return { id, props: outs, inputs: inputsOf({ ...props, attachType: reported.attachType }, pair) };
    },

    async update(id, olds, news) {
      // Re-reads the cloud and finishes what is unfinished: the recorded task of a pending attach
      // is followed to its end (FAILED fails with its Output and records "failed"), then the ENI
      // is confirmed, attached again if it was detached out of band, or named where it is.
      const pair = parseEniAttachmentId(id) ?? { networkInterfaceId: news.networkInterfaceId, instanceId: news.instanceId };
      const op = startOperation(ctx, olds.region, news.timeouts, "update");
      const inputs = { ...news, ...pair };
      const prior = { lastTaskId: olds.lastTaskId, adopted: olds.adopted };
      if (olds.status === PENDING && olds.lastTaskId) {
        await confirmedOrPartial(waitForVpcTask(op, "AttachNetworkInterface", olds.lastTaskId), id, outputs(inputs, op.region, prior));
      }
      return { outs: await ensureAttached(op, inputs, prior) };
    },

    async delete(id, props) {
      // Only from the instance the ID names: an ENI moved elsewhere out of band is left where it is.
      const pair = parseEniAttachmentId(id) ?? pairOf(props);
      if (!pair) return;
      const target = pair;
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
      // The task succeeds once the ENI is detached: no second wait after it.
      if (outcome.kind === "answered") return void (await waitForVpcTask(op, "DetachNetworkInterface", outcome.response.taskId));
      // An ENI deleted meanwhile is detached too.
      await waitForEni(op, `ENI ${target.networkInterfaceId} to be detached from ${target.instanceId} and AVAILABLE`, target.networkInterfaceId, detachedFrom(target), true);
    },
  };
};
