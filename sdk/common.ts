import * as pulumi from "@pulumi/pulumi";
import { preflightMark } from "./preflight";

/**
 * Per-operation deadlines, as "30s", "10m" or "1h30m". Pulumi's `customTimeouts` option never
 * reaches a dynamic provider, so this input stands in for it; changing it never replaces anything.
 */
export interface TimeoutsArgs {
  create?: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
}

export interface Timeouts {
  create?: string;
  update?: string;
  delete?: string;
}

/** Inputs of both clouds' ClassicLinkAttachment. */
export interface ClassicLinkAttachmentArgs {
  /** The classic-network (Tencent: basic-network) instance: "i-…" on Alibaba, "ins-…" on Tencent. */
  instanceId: pulumi.Input<string>;
  /** The VPC to link to. On Alibaba it must have ClassicLink enabled (see VpcClassicLinkSetting). */
  vpcId: pulumi.Input<string>;
  /** Region of the instance and VPC; defaults to the provider's region (stack config or environment). */
  region?: pulumi.Input<string>;
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** Inputs of both clouds' EniAttachment. */
export interface EniAttachmentArgs {
  /** The VPC instance: "i-…" on Alibaba, "ins-…" on Tencent. */
  instanceId: pulumi.Input<string>;
  /** A Secondary (non-primary) ENI in the instance's zone and VPC: "eni-…". */
  networkInterfaceId: pulumi.Input<string>;
  /** Defaults to the provider's region (stack config or environment). */
  region?: pulumi.Input<string>;
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** Outputs every resource has: its region as resolved, its timeouts and the cloud's status. */
export abstract class NetattachResource extends pulumi.dynamic.Resource {
  declare readonly region: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  declare readonly status: pulumi.Output<string>;

  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions, module?: string, type?: string) {
    // Preflight hook (sdk/preflight.ts): marks the inputs in a preview with netattach:preflight.
    super(provider, name, { ...props, ...preflightMark(name) }, opts, module, type);
  }
}

/** Outputs of both clouds' ClassicLinkAttachment (each adds the id of its last call). */
export abstract class ClassicLinkAttachmentOutputs extends NetattachResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly vpcId: pulumi.Output<string>;
}

/** Outputs of both clouds' EniAttachment (each adds the id of its last call and its own options). */
export abstract class EniAttachmentOutputs extends NetattachResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly networkInterfaceId: pulumi.Output<string>;
  /** The ENI's index on the instance as the cloud reports it (the primary ENI is 0); absent until it is attached. */
  declare readonly deviceIndex: pulumi.Output<number | undefined>;
}
