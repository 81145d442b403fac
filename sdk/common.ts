import * as pulumi from "@pulumi/pulumi";

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
