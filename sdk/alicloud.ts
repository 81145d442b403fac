// Alibaba Cloud resources. Each class is a thin shell: inputs go to the provider in
// provider/resources/alicloud/*, outputs come back from it.

import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../provider/dynamic";
import { ClassicLinkAttachmentArgs, ClassicLinkAttachmentOutputs, EniAttachmentArgs as CommonEniAttachmentArgs, EniAttachmentOutputs, NetattachResource, TimeoutsArgs } from "./common";

export type { ClassicLinkAttachmentArgs };

/** alicloud.EniAttachment inputs: the common ones plus AttachNetworkInterface's options (as alicloud.ecs.EcsNetworkInterfaceAttachment has them). */
export interface EniAttachmentArgs extends CommonEniAttachmentArgs {
  /** The instance type's network card to attach to (0-based; types with several network cards only). Changing it replaces the attachment. */
  networkCardIndex?: pulumi.Input<number>;
  /** A Trunk ENI already attached to the instance to attach through ("eni-…"). Changing it replaces the attachment. */
  trunkNetworkInstanceId?: pulumi.Input<string>;
  /** Sent as AttachNetworkInterface's WaitForNetworkConfigurationReady (deprecated by Alibaba); changing it updates in place and sends nothing. */
  waitForNetworkConfigurationReady?: pulumi.Input<boolean>;
}

// One provider object per kind, so Pulumi serializes it once per program.
const classicLinkAttachmentProvider = dynamicProvider("alicloud:ClassicLinkAttachment");
const vpcClassicLinkSettingProvider = dynamicProvider("alicloud:VpcClassicLinkSetting");
const eniAttachmentProvider = dynamicProvider("alicloud:EniAttachment");

/** Links a classic-network ECS instance to a VPC (AttachClassicLinkVpc); unlinks on delete. ID: "<instanceId>:<vpcId>". */
export class ClassicLinkAttachment extends ClassicLinkAttachmentOutputs {
  /** "Linked" while the link exists. */
  declare readonly status: pulumi.Output<string>;
  /** RequestId of the last Attach/Detach call, for support tickets. */
  declare readonly lastRequestId: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClassicLinkAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(classicLinkAttachmentProvider, name, { ...args, status: undefined, lastRequestId: undefined }, opts, "alicloud", "ClassicLinkAttachment");
  }
}

export interface VpcClassicLinkSettingArgs {
  /** The VPC, e.g. "vpc-bp1m7v25emi1h5mtcxyz". */
  vpcId: pulumi.Input<string>;
  /** Whether ClassicLink is on; default true. Changes in place. */
  enabled?: pulumi.Input<boolean>;
  region?: pulumi.Input<string>;
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** Turns ClassicLink on or off for a VPC (Enable/DisableVpcClassicLink); delete turns it off. ID: the VPC ID. */
export class VpcClassicLinkSetting extends NetattachResource {
  declare readonly vpcId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly lastRequestId: pulumi.Output<string | undefined>;

  constructor(name: string, args: VpcClassicLinkSettingArgs, opts?: pulumi.CustomResourceOptions) {
    super(vpcClassicLinkSettingProvider, name, { ...args, status: undefined, lastRequestId: undefined }, opts, "alicloud", "VpcClassicLinkSetting");
  }
}

/** Attaches an ENI to an instance (AttachNetworkInterface); detaches on delete. ID: "<networkInterfaceId>:<instanceId>". */
export class EniAttachment extends EniAttachmentOutputs {
  /** The ENI's status as last read, "InUse" when attached. */
  declare readonly status: pulumi.Output<string>;
  declare readonly lastRequestId: pulumi.Output<string | undefined>;
  /** The network card the ENI is on, as DescribeNetworkInterfaces reports it (absent when none was named). */
  declare readonly networkCardIndex: pulumi.Output<number | undefined>;
  /** The trunk ENI it is attached through, as DescribeNetworkInterfaces reports it. */
  declare readonly trunkNetworkInstanceId: pulumi.Output<string | undefined>;
  declare readonly waitForNetworkConfigurationReady: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: EniAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      eniAttachmentProvider,
      name,
      { networkCardIndex: undefined, trunkNetworkInstanceId: undefined, waitForNetworkConfigurationReady: undefined, ...args, status: undefined, lastRequestId: undefined, deviceIndex: undefined },
      opts,
      "alicloud",
      "EniAttachment",
    );
  }
}
