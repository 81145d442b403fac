// alicloud.EniAttachment: attaches a secondary elastic network interface to an ECS instance.
//
// ID: "<networkInterfaceId>:<instanceId>", e.g. "eni-bp17pdijfczax1huji5b:i-bp1hfc2ghzsl0ahu3vzc",
// the form terraform-provider-alicloud and pulumi-alicloud use to import
// alicloud_ecs_network_interface_attachment.
//
// create: the ENI exists, is Secondary, and settles (Creating/Attaching/Detaching waited out);
//   InUse on this instance is adopted, InUse elsewhere is an error naming the instance; the
//   instance is Running/Stopped, in a VPC, in the ENI's zone and VPC; AttachNetworkInterface;
//   then DescribeNetworkInterfaces until the ENI is InUse on this instance (falling back to
//   Available, or landing on another instance, fails at once).
//   From the attach on, any failure records the resource as pending (partial state).
// read: attached to the instance the ID names -> its status; gone, Available or on another
//   instance -> no id (the README's moved-ENI rule: an ENI moved out of band is not this
//   attachment any more, and the stack never detaches it from where someone else put it).
// update: re-reads and finishes: waits out a pending attach, attaches again an ENI detached out of
//   band, fails naming the instance when the ENI is elsewhere.
// delete: only from the instance the ID names. Not attached there -> done. DetachNetworkInterface, then wait for
//   Available; an ENI stuck in Detaching gets the detach re-sent every few polls, as Alibaba's
//   DetachNetworkInterface guide says to (terraform-provider-alicloud#6436 times out instead).
// diff: networkInterfaceId, instanceId and region replace; one ENI attaches to one instance, so a
//   replace that keeps the ENI deletes first.
// options (eniOptions.ts): networkCardIndex and trunkNetworkInstanceId replace (ForceNew in
//   terraform), waitForNetworkConfigurationReady updates in place; they are prechecked before the
//   attach, sent with it, and read back with deviceIndex.

import { AlicloudTarget } from "../../clouds/alicloud/client";
import { attachNetworkInterface, describeNetworkInterface, detachNetworkInterface, EniPair, NetworkInterface } from "../../clouds/alicloud/ecs";
import { isCloudError, StateError } from "../../core/errors";
import { Observed } from "../../core/reconcile";
import { Timeouts } from "../../core/timeouts";
import { Verdict } from "../../core/waiter";
import { confirmedOrPartial, inputMethods, InputSchema, plain, sentOrPartial, showingUnfinished } from "../common";
import { ResourceFactory } from "../types";
import { adoptionMismatch, attachOptions, EniOptions, explainRefusal, OPTION_FIELDS, OPTIONS_REPLACE, OPTIONS_UPDATE, precheckOptions, reportedOptions } from "./eniOptions";
import { mutate, Operation, read, readyInstance, startOperation, waitFor } from "./operation";

export interface EniAttachmentInputs extends EniOptions {
  instanceId: string;
  networkInterfaceId: string;
  region?: string;
  timeouts?: Timeouts;
}

export interface EniAttachmentOutputs extends EniOptions {
  /** The ENI's index on the instance, as the cloud reports it once attached. */
  deviceIndex?: number;
  instanceId: string;
  networkInterfaceId: string;
  region: string;
  timeouts?: Timeouts;
  /** The ENI's status as last seen: "InUse" once attached. */
  status: string;
  /** RequestId of the last Attach/Detach answered by the cloud; absent when the attachment was adopted. */
  lastRequestId?: string;
  /**
   * true when create found the ENI already attached to the instance and adopted it, false when this
   * resource attached it. Either way delete detaches it (a replace must free the ENI); keep an
   * adopted attachment on destroy with Pulumi's `retainOnDelete` option.
   */
  adopted?: boolean;
}

const RESOURCE = "alicloud.EniAttachment";
const INPUTS: InputSchema = {
  cloud: "alicloud",
  resource: RESOURCE,
  fields: { instanceId: { kind: "id", of: "instance" }, networkInterfaceId: { kind: "id", of: "eni" }, region: { kind: "region" }, timeouts: { kind: "timeouts" }, ...OPTION_FIELDS },
  replaceOn: ["networkInterfaceId", "instanceId", "region", ...OPTIONS_REPLACE],
  updateIn: ["timeouts", ...OPTIONS_UPDATE],
  // One ENI attaches to one instance: it must be detached before it can attach anew.
  exclusiveOn: "networkInterfaceId",
};
/** Polls between re-sent detaches of an ENI that stays in Detaching. */
export const DETACH_RESEND_EVERY_POLLS = 5;

const SETTLING = new Set(["Creating", "Attaching", "Detaching"]);

export const eniAttachment: ResourceFactory<EniAttachmentInputs, EniAttachmentOutputs> = (ctx) => {
  const methods = inputMethods<EniAttachmentInputs, EniAttachmentOutputs>(INPUTS, ctx);
  return {
    ...methods,
    diff: showingUnfinished(methods.diff, (status) => status === "InUse"),

    async create(inputs) {
      const op = startOperation(ctx, "create", inputs);
      const pair: EniPair = { networkInterfaceId: inputs.networkInterfaceId, instanceId: inputs.instanceId };
      return { id: idOf(pair), outs: await ensureAttached(op, inputs) };
    },

    async read(id, props) {
      // The ID names the attachment this resource manages; an ENI found on another instance is not
      // it (see "A moved ENI" in the README), so only the ID is read, never props.instanceId.
      const pair = parseId(id);
      const op = startOperation(ctx, "update", { region: props?.region, timeouts: props?.timeouts });
      const eni = await read(op, (t) => describeNetworkInterface(t, pair.networkInterfaceId));
      if (eni?.instanceId !== pair.instanceId) return {};
      const reported = reportedOptions(eni);
      const inputs = plain({
        ...pair, region: op.target.region, timeouts: props?.timeouts,
        networkCardIndex: reported.networkCardIndex, trunkNetworkInstanceId: reported.trunkNetworkInstanceId,
        waitForNetworkConfigurationReady: props?.waitForNetworkConfigurationReady,
      });
      return { id, props: outputs(op, inputs, eni.status, { lastRequestId: props?.lastRequestId, adopted: props?.adopted }, eni), inputs };
    },

    async update(id, olds, news) {
      // Re-reads the cloud and finishes what is unfinished: a pending attach is waited for, an ENI
      // detached out of band is attached again where the ID says, an ENI elsewhere is an error.
      const pair = parseId(id);
      const op = startOperation(ctx, "update", { region: news.region ?? olds.region, timeouts: news.timeouts });
      return { outs: await ensureAttached(op, { ...news, ...pair }, { lastRequestId: olds.lastRequestId, adopted: olds.adopted }) };
    },

    async delete(id, props) {
      // Only the instance the ID names: an ENI moved elsewhere out of band is left where it is.
      const pair = parseId(id);
      const op = startOperation(ctx, "delete", { region: props.region, timeouts: props.timeouts });
      let eni = await read(op, (t) => describeNetworkInterface(t, pair.networkInterfaceId));
      if (eni?.status === "Attaching") eni = await settledEni(op, pair.networkInterfaceId);
      if (!eni || eni.instanceId !== pair.instanceId) return;
      if (eni.status !== "Detaching") {
        await readyInstance(op, pair.instanceId, "detaching an ENI");
        try {
          await mutate(op, (t) => detachNetworkInterface(t, pair), (t) => observeDetach(t, pair));
        } catch (error) {
          if (isCloudError(error) && error.retryClass === "notFound") return;
          throw error;
        }
      }
      await waitFor(
        op,
        `ENI ${pair.networkInterfaceId} to be detached from ${pair.instanceId} (Available)`,
        (t) => describeNetworkInterface(t, pair.networkInterfaceId),
        (e) => (!e || e.instanceId !== pair.instanceId ? { state: "done" } : { state: "retry", seen: describeEni(e) }),
        async (e, polls) => {
          if (e?.status === "Detaching" && polls % DETACH_RESEND_EVERY_POLLS === 0) await resendDetach(op, pair);
        },
        "alicloud:DetachNetworkInterface",
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
 * The ENI attached to the instance, as create and update both want it: an attachment already
 * there is adopted (create) or kept (update); otherwise prechecks, the attach, and the wait. From
 * the first send on, every failure keeps the resource as partial state.
 */
async function ensureAttached(op: Operation, inputs: EniAttachmentInputs, prior?: Ownership): Promise<EniAttachmentOutputs> {
  const pair: EniPair = { networkInterfaceId: inputs.networkInterfaceId, instanceId: inputs.instanceId };
  const eni = await settledEni(op, pair.networkInterfaceId);
  if (eni.type !== "Secondary") {
    throw new StateError(
      `ENI ${eni.networkInterfaceId} is a ${eni.type} ENI; only Secondary ENIs can be attached and detached`,
      "create a secondary ENI (alicloud.ecs.EcsNetworkInterface) in the instance's vSwitch and attach that",
    );
  }
  if (eni.instanceId === pair.instanceId) {
    const mismatch = prior ? undefined : adoptionMismatch(eni, inputs);
    if (mismatch) throw mismatch;
    return outputs(op, inputs, eni.status, prior ?? { adopted: true }, eni);
  }
  if (eni.instanceId) throw attachedElsewhere(eni, pair.instanceId);

  const instance = await readyInstance(op, pair.instanceId, "attaching an ENI");
  if (!instance.vpcId) {
    throw new StateError(`instance ${pair.instanceId} is in the classic network; ENIs attach only to VPC instances`, "attach the ENI to a VPC instance");
  }
  if (instance.zoneId && eni.zoneId && instance.zoneId !== eni.zoneId) {
    throw new StateError(
      `ENI ${eni.networkInterfaceId} is in zone ${eni.zoneId} but instance ${pair.instanceId} is in zone ${instance.zoneId}`,
      "an ENI attaches only to an instance in its own zone: create the ENI in a vSwitch of the instance's zone",
    );
  }
  if (eni.vpcId && instance.vpcId !== eni.vpcId) {
    throw new StateError(
      `ENI ${eni.networkInterfaceId} is in ${eni.vpcId} but instance ${pair.instanceId} is in ${instance.vpcId}`,
      "an ENI attaches only to an instance in its own VPC: create the ENI in the instance's VPC",
    );
  }
  await precheckOptions(op, instance, inputs);

  const adopted = prior?.adopted ?? false;
  const sent = outputs(op, inputs, "Attaching", { lastRequestId: prior?.lastRequestId, adopted });
  const attach = mutate(op, (t) => attachNetworkInterface(t, pair, attachOptions(inputs)), (t) => observeAttach(t, pair)).catch((error: unknown) => {
    throw explainRefusal(error, inputs);
  });
  const requestId = await sentOrPartial(attach, idOf(pair), sent);
  const pending = outputs(op, inputs, "Attaching", { lastRequestId: requestId ?? prior?.lastRequestId, adopted });
  const inUse = waitFor(op, `ENI ${pair.networkInterfaceId} to be InUse on ${pair.instanceId}`, (t) => describeNetworkInterface(t, pair.networkInterfaceId), (e) =>
    attachVerdict(e, pair), undefined, "alicloud:AttachNetworkInterface",
  );
  const attached = await confirmedOrPartial(inUse, idOf(pair), pending);
  return outputs(op, inputs, attached?.status ?? "InUse", { lastRequestId: requestId ?? prior?.lastRequestId, adopted }, attached);
}

function idOf(pair: EniPair): string {
  return `${pair.networkInterfaceId}:${pair.instanceId}`;
}

function parseId(id: string): EniPair {
  const [networkInterfaceId, instanceId, ...rest] = id.split(":");
  if (!networkInterfaceId || !instanceId || rest.length > 0) {
    throw new StateError(`"${id}" is not an EniAttachment ID`, 'expected "<networkInterfaceId>:<instanceId>", like "eni-bp17pdijfczax1huji5b:i-bp1hfc2ghzsl0ahu3vzc"');
  }
  return { networkInterfaceId, instanceId };
}

/** With `eni` (as last read), the options and deviceIndex are what the cloud reports; without, what was asked. */
function outputs(op: Operation, inputs: EniAttachmentInputs, status: string, ownership: Ownership, eni?: NetworkInterface): EniAttachmentOutputs {
  const reported = eni ? reportedOptions(eni) : { networkCardIndex: inputs.networkCardIndex, trunkNetworkInstanceId: inputs.trunkNetworkInstanceId };
  return plain({
    instanceId: inputs.instanceId,
    networkInterfaceId: inputs.networkInterfaceId,
    region: op.target.region,
    timeouts: inputs.timeouts,
    ...reported,
    waitForNetworkConfigurationReady: inputs.waitForNetworkConfigurationReady,
    status,
    lastRequestId: ownership.lastRequestId,
    adopted: ownership.adopted,
  });
}

/** The ENI once it is neither being created nor attaching nor detaching. */
async function settledEni(op: Operation, networkInterfaceId: string): Promise<NetworkInterface> {
  const eni = await waitFor(op, `ENI ${networkInterfaceId} to finish attaching or detaching`, (t) => describeNetworkInterface(t, networkInterfaceId), (e): Verdict => {
    if (!e) return { state: "failed", error: eniNotFound(networkInterfaceId, op.target.region) };
    if (SETTLING.has(e.status)) return { state: "retry", seen: describeEni(e) };
    if (e.status === "Available" || e.status === "InUse") return { state: "done" };
    return { state: "failed", error: new StateError(`ENI ${networkInterfaceId} is ${e.status}`, "an ENI can be attached only when it is Available: check it in the console") };
  });
  return eni as NetworkInterface;
}

function attachVerdict(e: NetworkInterface | undefined, pair: EniPair): Verdict {
  if (!e) return { state: "failed", error: eniNotFound(pair.networkInterfaceId, "") };
  if (e.instanceId && e.instanceId !== pair.instanceId) return { state: "failed", error: attachedElsewhere(e, pair.instanceId) };
  if (e.status === "InUse" && e.instanceId === pair.instanceId) return { state: "done" };
  if (e.status === "Available") {
    return {
      state: "failed",
      error: new StateError(
        `ENI ${pair.networkInterfaceId} went back to Available: the cloud could not attach it to ${pair.instanceId}`,
        "check the instance type's ENI limit and that the instance was restarted since 2018-04-01, then run again",
      ),
    };
  }
  return { state: "retry", seen: describeEni(e) };
}

/**
 * Whether the attach landed; read before every resend and after a lost answer. An ENI on another
 * instance fails at once: no wait frees it (Alibaba answers such an attach with the conflict
 * InvalidOperation.InvalidEniState, which would otherwise be retried until the deadline).
 */
async function observeAttach(target: AlicloudTarget, pair: EniPair): Promise<Observed> {
  const eni = await describeNetworkInterface(target, pair.networkInterfaceId);
  if (eni?.instanceId && eni.instanceId !== pair.instanceId) throw attachedElsewhere(eni, pair.instanceId);
  if (eni?.instanceId !== pair.instanceId) return "notApplied";
  return eni.status === "InUse" ? "applied" : "inProgress";
}

async function observeDetach(target: AlicloudTarget, pair: EniPair): Promise<Observed> {
  const eni = await describeNetworkInterface(target, pair.networkInterfaceId);
  if (!eni || eni.instanceId !== pair.instanceId) return "applied";
  return eni.status === "Detaching" ? "inProgress" : "notApplied";
}

/** One more detach for an ENI stuck in Detaching; a busy or settled ENI answers with an error we can ignore. */
async function resendDetach(op: Operation, pair: EniPair): Promise<void> {
  try {
    await detachNetworkInterface(op.target, pair);
  } catch (error) {
    if (isCloudError(error) && error.retryClass !== "fatal") return;
    throw error;
  }
}

function attachedElsewhere(eni: NetworkInterface, wanted: string): StateError {
  return new StateError(
    `ENI ${eni.networkInterfaceId} is attached to ${eni.instanceId} (${eni.status}), not ${wanted}; an ENI attaches to one instance at a time`,
    `detach it from ${eni.instanceId} first (delete the EniAttachment that manages it there, or detach it in the console), then run again`,
  );
}

function eniNotFound(networkInterfaceId: string, region: string): StateError {
  return new StateError(
    `ENI ${networkInterfaceId} was not found${region ? ` in region ${region}` : ""}`,
    "check networkInterfaceId, and that the resource's `region` input (or alicloud:region) is the ENI's region",
  );
}

function describeEni(e: NetworkInterface): string {
  return `ENI status ${e.status}${e.instanceId ? ` on ${e.instanceId}` : ""}`;
}
