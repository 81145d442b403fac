// AttachNetworkInterface's options on alicloud.EniAttachment, as terraform's
// alicloud_ecs_network_interface_attachment has them: network_card_index and
// trunk_network_instance_id are ForceNew there (they replace here), wait_for_network_configuration_ready
// is not (it updates in place and sends nothing). Also the prechecks for the constraints the
// AttachNetworkInterface guide names, so each fails before the call with its fix.

import { ENI_REBOOT_CUTOFF, takesEniOnlyStopped } from "../../../cloud-facts/alicloud";
import { AttachOptions, describeInstanceType, describeNetworkInterface, EcsInstance, NetworkInterface } from "../../clouds/alicloud/ecs";
import { isCloudError, StateError } from "../../core/errors";
import { FieldSpec } from "../common";
import { Operation, read } from "./operation";

export interface EniOptions {
  networkCardIndex?: number;
  trunkNetworkInstanceId?: string;
  waitForNetworkConfigurationReady?: boolean;
}

export const OPTION_FIELDS: Record<keyof EniOptions, FieldSpec> = {
  networkCardIndex: { kind: "integer", min: 0, meaning: "the instance type's network card, counted from 0" },
  trunkNetworkInstanceId: { kind: "id", of: "eni", optional: true },
  waitForNetworkConfigurationReady: { kind: "boolean" },
};
/** ForceNew in terraform: the attachment is made with them, so a change detaches and attaches again. */
export const OPTIONS_REPLACE = ["networkCardIndex", "trunkNetworkInstanceId"] as const;
/** Not ForceNew in terraform, whose update only re-reads; here too nothing is sent. */
export const OPTIONS_UPDATE = ["waitForNetworkConfigurationReady"] as const;


export function attachOptions(inputs: EniOptions): AttachOptions {
  return {
    networkCardIndex: inputs.networkCardIndex,
    trunkNetworkInstanceId: inputs.trunkNetworkInstanceId,
    waitForNetworkConfigurationReady: inputs.waitForNetworkConfigurationReady,
  };
}

/** What the cloud reports about the attachment, for the outputs (and, on refresh, the inputs). */
export function reportedOptions(eni: NetworkInterface | undefined): { deviceIndex?: number; networkCardIndex?: number; trunkNetworkInstanceId?: string } {
  return { deviceIndex: eni?.deviceIndex, networkCardIndex: eni?.networkCardIndex, trunkNetworkInstanceId: eni?.trunkNetworkInterfaceId };
}

/** Codes with which AttachNetworkInterface refuses an option the prechecks could not judge. */
const OPTION_REFUSALS = new Set(["InvalidParameter", "InvalidOperation.InvalidEniType", "InvalidEniId.NotFound"]);

/**
 * A refusal of the attach that the options explain keeps its code, status and request id and gets
 * a hint naming them (the code and the options sent decide, never the message).
 */
export function explainRefusal(error: unknown, options: EniOptions): unknown {
  if (!isCloudError(error) || error.action !== "AttachNetworkInterface" || !OPTION_REFUSALS.has(error.code)) return error;
  const named: string[] = [];
  if (options.networkCardIndex !== undefined) named.push(`networkCardIndex ${options.networkCardIndex} must be one of the instance type's network cards (DescribeInstanceTypes NetworkCardQuantity), or unset`);
  if (options.trunkNetworkInstanceId !== undefined) named.push(`trunkNetworkInstanceId ${options.trunkNetworkInstanceId} must be a Trunk ENI attached to the instance, or unset`);
  return named.length === 0 ? error : error.withHint(`${named.join("; ")}; then run again`);
}

/** An ENI already on the instance is adopted only when it sits there as asked. */
export function adoptionMismatch(eni: NetworkInterface, wanted: EniOptions): StateError | undefined {
  const differs: string[] = [];
  if (wanted.networkCardIndex !== undefined && eni.networkCardIndex !== wanted.networkCardIndex) differs.push(`network card ${eni.networkCardIndex ?? "(none)"}, not ${wanted.networkCardIndex}`);
  if (wanted.trunkNetworkInstanceId !== undefined && eni.trunkNetworkInterfaceId !== wanted.trunkNetworkInstanceId) {
    differs.push(`trunk ENI ${eni.trunkNetworkInterfaceId ?? "(none)"}, not ${wanted.trunkNetworkInstanceId}`);
  }
  if (differs.length === 0) return undefined;
  return new StateError(
    `ENI ${eni.networkInterfaceId} is already attached to ${eni.instanceId} with ${differs.join(" and ")}`,
    "detach it first (in the console, or by the resource that attached it), or set networkCardIndex / trunkNetworkInstanceId to what it has",
  );
}

/** The documented constraints, checked against the instance about to take the ENI. */
export async function precheckOptions(op: Operation, instance: EcsInstance, options: EniOptions): Promise<void> {
  const instanceType = instance.instanceType;
  if (instance.status === "Running" && instanceType && takesEniOnlyStopped(instanceType)) {
    throw new StateError(
      `instance ${instance.instanceId} (${instanceType}) is Running; instances of this type take an ENI only while Stopped`,
      "stop the instance (console or StopInstance), run `pulumi up`, then start it again; or use an instance type outside the shared and burstable families",
    );
  }
  const started = instance.startTime ? Date.parse(instance.startTime) : NaN;
  if (instance.status === "Running" && started < ENI_REBOOT_CUTOFF) {
    throw new StateError(
      `instance ${instance.instanceId} was last started at ${instance.startTime}, before 2018-04-01; Alibaba attaches an ENI to such a Running instance only after a restart`,
      "reboot the instance (console or RebootInstance), then run `pulumi up` again",
    );
  }
  if (options.networkCardIndex !== undefined && instanceType) await precheckNetworkCard(op, instanceType, options.networkCardIndex);
  if (options.trunkNetworkInstanceId !== undefined) await precheckTrunk(op, instance.instanceId, options.trunkNetworkInstanceId);
}

async function precheckNetworkCard(op: Operation, instanceType: string, index: number): Promise<void> {
  const type = await read(op, (t) => describeInstanceType(t, instanceType));
  if (!type) return; // a type the region does not list: the cloud decides
  if (type.networkCardQuantity === undefined) {
    throw new StateError(
      `networkCardIndex ${index} was given, but instance type ${instanceType} has no network cards to choose from`,
      "remove networkCardIndex, or use an instance type with several network cards (DescribeInstanceTypes NetworkCardQuantity)",
    );
  }
  if (index >= type.networkCardQuantity) {
    throw new StateError(
      `networkCardIndex ${index} is out of range: instance type ${instanceType} has network cards 0..${type.networkCardQuantity - 1}`,
      `set networkCardIndex to a value from 0 to ${type.networkCardQuantity - 1}`,
    );
  }
}

async function precheckTrunk(op: Operation, instanceId: string, trunkId: string): Promise<void> {
  const trunk = await read(op, (t) => describeNetworkInterface(t, trunkId));
  if (!trunk) {
    throw new StateError(
      `trunk ENI ${trunkId} (trunkNetworkInstanceId) was not found in region ${op.target.region}`,
      "check trunkNetworkInstanceId: it must be the ID of a Trunk ENI in the instance's region, attached to the instance",
    );
  }
  if (trunk.type !== "Trunk") {
    throw new StateError(
      `ENI ${trunkId} given as trunkNetworkInstanceId is a ${trunk.type} ENI, not a Trunk ENI`,
      "pass the ID of a Trunk ENI (created with InstanceType Trunk), or remove trunkNetworkInstanceId to attach the ENI directly",
    );
  }
  if (trunk.instanceId !== instanceId || trunk.status !== "InUse") {
    throw new StateError(
      `trunk ENI ${trunkId} is not attached to instance ${instanceId} (${trunk.status}${trunk.instanceId ? ` on ${trunk.instanceId}` : ""})`,
      `attach the trunk ENI to ${instanceId} first (another alicloud.EniAttachment, with this one dependsOn it)`,
    );
  }
}
