// Tencent Cloud resources. Each class is a thin shell: inputs go to the provider in
// provider/resources/tencentcloud/*, outputs come back from it.

import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../provider/dynamic";
import { ClassicLinkAttachmentArgs, ClassicLinkAttachmentOutputs, EniAttachmentArgs as CommonEniAttachmentArgs, EniAttachmentOutputs } from "./common";

export type { ClassicLinkAttachmentArgs };

/** tencentcloud.EniAttachment inputs: the common ones plus AttachNetworkInterface's AttachType. */
export interface EniAttachmentArgs extends CommonEniAttachmentArgs {
  /** 0 standard (default) or 1 extended: AttachNetworkInterface's AttachType. Changing it replaces the attachment. */
  attachType?: pulumi.Input<number>;
}

const classicLinkAttachmentProvider = dynamicProvider("tencentcloud:ClassicLinkAttachment");
const eniAttachmentProvider = dynamicProvider("tencentcloud:EniAttachment");

/** Links a basic-network CVM to a VPC (AttachClassicLinkVpc, task polled); unlinks on delete. ID: "<vpcId>#<instanceId>". */
export class ClassicLinkAttachment extends ClassicLinkAttachmentOutputs {
  /** Task id (the RequestId) of the last Attach/Detach call. */
  declare readonly lastTaskId: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClassicLinkAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(classicLinkAttachmentProvider, name, { ...args, status: undefined, lastTaskId: undefined }, opts, "tencentcloud", "ClassicLinkAttachment");
  }
}

/** Attaches an ENI to a CVM (AttachNetworkInterface, task polled); detaches on delete. ID: "<networkInterfaceId>+<instanceId>". */
export class EniAttachment extends EniAttachmentOutputs {
  /** Task id (the RequestId) of the last Attach/Detach call. */
  declare readonly lastTaskId: pulumi.Output<string | undefined>;
  /** 0 standard or 1 extended, as DescribeNetworkInterfaces reports it. */
  declare readonly attachType: pulumi.Output<number>;

  constructor(name: string, args: EniAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(eniAttachmentProvider, name, { attachType: undefined, ...args, status: undefined, lastTaskId: undefined, deviceIndex: undefined }, opts, "tencentcloud", "EniAttachment");
  }
}
