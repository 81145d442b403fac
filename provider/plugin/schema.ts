// The Pulumi package schema of `netattach`: what Pulumi YAML (and SDK generators) read to type
// a program. The inputs are the ones each resource's check accepts (tests/plugin/schema.test.ts
// holds them together); check, diff and everything else run in the resource implementations.

import { CONFIG_KEYS, ConfigKey } from "../core/settings";
import { RESOURCE_KINDS, ResourceKind } from "../kinds";
import { isSecretKey, pluginConfigName } from "./config";

export const PACKAGE = "netattach";

type Property = { type: string; description: string; default?: unknown } | { $ref: string; description: string };

const str = (description: string): Property => ({ type: "string", description });

const REGION = str("Region of the resource; default: the provider's region (netattach:alicloudRegion / netattach:tencentcloudRegion or the environment). Changing it replaces.");
const TIMEOUTS: Property = {
  $ref: "#/types/netattach:index:Timeouts",
  description: 'Deadlines of create, update and delete, like "10m"; never replaces. Pulumi\'s customTimeouts option, when set, wins.',
};

interface ResourceSpec {
  description: string;
  inputs: Record<string, Property>;
  required: string[];
  outputs: Record<string, Property>;
}

const ADOPTED: Property = { type: "boolean", description: "true when create found the attachment (or setting) already as asked and changed nothing." };
const ALI_REQUEST_ID = { lastRequestId: str("RequestId of the last change the cloud answered, for a support ticket; absent when adopted or imported.") };
const TC_TASK_ID = { lastTaskId: str("Task id of the last change, for a support ticket; absent when adopted or imported.") };
const DEVICE_INDEX: Property = { type: "integer", description: "The ENI's index on the instance as the cloud reports it (the primary ENI is 0)." };

const SPECS: Record<ResourceKind, ResourceSpec> = {
  "alicloud:ClassicLinkAttachment": {
    description: "Links a classic-network ECS instance to a VPC (ClassicLink). Import ID: `<instanceId>:<vpcId>`.",
    inputs: { instanceId: str("Classic-network ECS instance, i-…. Changing it replaces."), vpcId: str("VPC with ClassicLink enabled, vpc-…. Changing it replaces.") },
    required: ["instanceId", "vpcId"],
    outputs: { status: str("Linked, as last seen."), ...ALI_REQUEST_ID },
  },
  "alicloud:VpcClassicLinkSetting": {
    description: "Turns ClassicLink on (or off) for a VPC. Import ID: `<vpcId>`.",
    inputs: {
      vpcId: str("The VPC, vpc-…. Changing it replaces."),
      enabled: { type: "boolean", description: "ClassicLink on (default) or off; updates in place.", default: true },
    },
    required: ["vpcId"],
    outputs: {
      status: str("Enabled or Disabled, as last seen."),
      ...ALI_REQUEST_ID,
      foundEnabled: { type: "boolean", description: "ClassicLink as create found it: delete turns it off only when create found it off." },
    },
  },
  "alicloud:EniAttachment": {
    description: "Attaches a secondary ENI to a VPC ECS instance. Import ID: `<networkInterfaceId>:<instanceId>`.",
    inputs: {
      instanceId: str("VPC ECS instance, i-…. Changing it replaces."),
      networkInterfaceId: str("Secondary ENI, eni-…. Changing it replaces."),
      networkCardIndex: { type: "integer", description: "Network card of the instance type to attach to (0-based; types with several network cards only). Changing it replaces." },
      trunkNetworkInstanceId: str("Trunk ENI, eni-…, attached to the instance, to attach through. Changing it replaces."),
      waitForNetworkConfigurationReady: { type: "boolean", description: "AttachNetworkInterface's WaitForNetworkConfigurationReady (deprecated by Alibaba); updates in place and sends nothing." },
    },
    required: ["instanceId", "networkInterfaceId"],
    outputs: { status: str("The ENI's status, InUse once attached."), ...ALI_REQUEST_ID, deviceIndex: DEVICE_INDEX },
  },
  "tencentcloud:ClassicLinkAttachment": {
    description: "Links a basic-network CVM instance to a VPC (ClassicLink). Import ID: `<vpcId>#<instanceId>`.",
    inputs: { instanceId: str("Basic-network CVM instance, ins-xxxxxxxx. Changing it replaces."), vpcId: str("The VPC, vpc-xxxxxxxx. Changing it replaces.") },
    required: ["instanceId", "vpcId"],
    outputs: { status: str("Linked, as last seen."), ...TC_TASK_ID },
  },
  "tencentcloud:EniAttachment": {
    description: "Attaches a non-primary ENI to a VPC CVM instance. Import ID: `<networkInterfaceId>+<instanceId>`.",
    inputs: {
      instanceId: str("VPC CVM instance, ins-xxxxxxxx. Changing it replaces."),
      networkInterfaceId: str("Non-primary ENI, eni-xxxxxxxx. Changing it replaces."),
      attachType: { type: "integer", description: "AttachNetworkInterface's AttachType: 0 standard (the cloud's default when unset) or 1 extended. Changing it replaces." },
    },
    required: ["instanceId", "networkInterfaceId"],
    outputs: { status: str("The ENI's state, as last seen."), ...TC_TASK_ID, deviceIndex: DEVICE_INDEX },
  },
};

export function typeToken(kind: ResourceKind): string {
  return `${PACKAGE}:${kind}`;
}

/** "netattach:alicloud:EniAttachment" (or a URN's type) -> "alicloud:EniAttachment"; undefined for anything else. */
export function kindOfType(type: string): ResourceKind | undefined {
  const kind = type.startsWith(`${PACKAGE}:`) ? type.slice(PACKAGE.length + 1) : "";
  return (RESOURCE_KINDS as readonly string[]).includes(kind) ? (kind as ResourceKind) : undefined;
}

/** The inputs each type takes, for tests and for `netattach discover`. */
export function inputNames(kind: ResourceKind): string[] {
  return [...Object.keys(SPECS[kind].inputs), "region", "timeouts"];
}

function configVariables(): Record<string, Property & { secret?: boolean }> {
  const described: Partial<Record<ConfigKey, string>> = {
    "alicloud:accessKey": "Alibaba Cloud AccessKey ID (or ALICLOUD_ACCESS_KEY / ALIBABA_CLOUD_ACCESS_KEY_ID).",
    "alicloud:secretKey": "Alibaba Cloud AccessKey secret (or ALICLOUD_SECRET_KEY / ALIBABA_CLOUD_ACCESS_KEY_SECRET).",
    "alicloud:securityToken": "Alibaba Cloud STS token (or ALICLOUD_SECURITY_TOKEN / ALIBABA_CLOUD_SECURITY_TOKEN).",
    "alicloud:region": "Default Alibaba Cloud region (or ALICLOUD_REGION / ALIBABA_CLOUD_REGION_ID).",
    "alicloud:ecsEndpoint": "ECS endpoint URL (or ALICLOUD_ECS_ENDPOINT).",
    "alicloud:vpcEndpoint": "VPC endpoint URL (or ALICLOUD_VPC_ENDPOINT).",
    "tencentcloud:secretId": "Tencent Cloud SecretId (or TENCENTCLOUD_SECRET_ID).",
    "tencentcloud:secretKey": "Tencent Cloud SecretKey (or TENCENTCLOUD_SECRET_KEY).",
    "tencentcloud:securityToken": "Tencent Cloud token (or TENCENTCLOUD_SECURITY_TOKEN).",
    "tencentcloud:region": "Default Tencent Cloud region (or TENCENTCLOUD_REGION).",
    "tencentcloud:vpcEndpoint": "VPC endpoint, URL or host (or TENCENTCLOUD_VPC_ENDPOINT).",
    "tencentcloud:cvmEndpoint": "CVM endpoint, URL or host (or TENCENTCLOUD_CVM_ENDPOINT).",
    "netattach:rateLimits": "Rate-limit overrides for the provider's governor, a JSON list of {cloud?, action?, limit, windowMs?} (or NETATTACH_RATE_LIMITS); README, \"Fleets\".",
  };
  return Object.fromEntries(
    CONFIG_KEYS.map((key) => [
      pluginConfigName(key),
      { type: "string", description: described[key] ?? `As \`${key}\` in the README.`, ...(isSecretKey(key) ? { secret: true } : {}) },
    ]),
  );
}

export function packageSchema(version: string): Record<string, unknown> {
  const variables = configVariables();
  const resources = Object.fromEntries(
    RESOURCE_KINDS.map((kind) => {
      const spec = SPECS[kind];
      const inputProperties = { ...spec.inputs, region: REGION, timeouts: TIMEOUTS };
      return [
        typeToken(kind),
        {
          description: spec.description,
          inputProperties,
          requiredInputs: spec.required,
          properties: { ...inputProperties, ...spec.outputs, adopted: ADOPTED },
          required: [...spec.required, "region", "status", ...(kind === "alicloud:VpcClassicLinkSetting" ? ["enabled"] : [])],
        },
      ];
    }),
  );
  return {
    name: PACKAGE,
    displayName: "netattach",
    version,
    description: "ClassicLink and ENI attachments on Alibaba Cloud and Tencent Cloud (pulumi-netattach).",
    license: "Apache-2.0",
    config: { variables },
    provider: { description: "The netattach provider: credentials, regions and endpoints (environment variables also work).", inputProperties: variables },
    types: {
      "netattach:index:Timeouts": {
        type: "object",
        description: "Per-operation deadlines as durations: 30s, 10m, 1h30m.",
        properties: { create: str("Default 10m."), update: str("Default 10m."), delete: str("Default 20m.") },
      },
    },
    resources,
  };
}
