// Wire shapes of the Describe* results. A basic-network instance reports
// VirtualPrivateCloud {VpcId: "", SubnetId: "", AsVpcGateway: false}: the SDK types the block as
// always present, and empty ids read as "no VPC" in every client we know of.

import type { TencentModel } from "./model";
import type { TencentSeedInstance, TencentSeedNetworkInterface, TencentSeedTask, TencentSeedVpc } from "./seed";
import { privateIpOf } from "./instances";

const CREATED_TIME = "2020-01-01 00:00:00";

export function renderInstance(instance: TencentSeedInstance) {
  const inVpc = instance.networkType === "vpc";
  return {
    Placement: { Zone: instance.zone, ProjectId: 0 },
    InstanceId: instance.instanceId,
    InstanceType: "S5.MEDIUM2",
    InstanceName: instance.instanceId,
    InstanceChargeType: "POSTPAID_BY_HOUR",
    InstanceState: instance.status,
    VirtualPrivateCloud: {
      VpcId: inVpc ? (instance.vpcId ?? "") : "",
      SubnetId: inVpc ? (instance.subnetId ?? "") : "",
      AsVpcGateway: false,
    },
    PrivateIpAddresses: [privateIpOf(instance)],
    PublicIpAddresses: [],
    CreatedTime: CREATED_TIME,
    RestrictState: instance.locked ? "PROTECTIVELY_ISOLATED" : "NORMAL",
    LatestOperation: instance.latestOperation?.action ?? "",
    LatestOperationState: instance.latestOperation ? (instance.transition ? "OPERATING" : "SUCCESS") : "",
    LatestOperationRequestId: instance.latestOperation?.requestId ?? "",
  };
}

export function renderVpc(vpc: TencentSeedVpc) {
  return {
    VpcName: vpc.vpcName ?? vpc.vpcId,
    VpcId: vpc.vpcId,
    CidrBlock: vpc.cidrBlock,
    IsDefault: false,
    EnableMulticast: false,
    CreatedTime: CREATED_TIME,
    EnableDhcp: true,
    DnsServerSet: [],
    DomainName: "",
    DhcpOptionsId: "",
    TagSet: [],
    AssistantCidrSet: [],
    Ipv6CidrBlock: "",
  };
}

/** Attached and settled: State AVAILABLE, NetworkInterfaceState INUSE, Attachment set. */
export function renderNetworkInterface(eni: TencentSeedNetworkInterface, model: TencentModel, defaultAccount: string) {
  const primary = eni.type === "Primary";
  const owner = eni.instanceId ? model.instances.get(eni.instanceId) : undefined;
  const privateIp = eni.privateIp ?? privateIpOf({ instanceId: eni.networkInterfaceId });
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    NetworkInterfaceName: eni.networkInterfaceId,
    NetworkInterfaceDescription: "",
    SubnetId: eni.subnetId ?? "",
    VpcId: eni.vpcId,
    GroupSet: [],
    Primary: primary,
    MacAddress: macOf(eni.networkInterfaceId),
    State: eni.status,
    NetworkInterfaceState: eni.status === "AVAILABLE" && eni.instanceId ? "INUSE" : eni.status,
    PrivateIpAddressSet: [{ PrivateIpAddress: privateIp, Primary: true, PublicIpAddress: "", AddressId: "", Description: "", IsWanIpBlocked: false, State: "AVAILABLE" }],
    Attachment: eni.instanceId
      ? {
          InstanceId: eni.instanceId,
          DeviceIndex: eni.deviceIndex ?? (primary ? 0 : 1),
          InstanceAccountId: owner?.account ?? eni.account ?? defaultAccount,
          AttachTime: eni.attachTime ?? "",
        }
      : null,
    Zone: eni.zone,
    CreatedTime: CREATED_TIME,
    Ipv6AddressSet: [],
    TagSet: [],
    EniType: primary ? 1 : 0,
    Business: "cvm",
    AttachType: eni.attachType ?? 0,
  };
}

export function renderTask(task: TencentSeedTask) {
  return { Status: task.status, Output: task.output ?? "" };
}

function macOf(id: string): string {
  const hex = Buffer.from(id).toString("hex").padEnd(10, "0").slice(-10);
  return `20:${hex.match(/../g)?.join(":")}`;
}
