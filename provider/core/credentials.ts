// Credentials are resolved per call from config and environment, never captured or stored.
// Errors name where to set a value, never the value.

import { Cloud } from "./errors";
import { lookup, ProviderSettings } from "./settings";

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

export interface AlicloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface TencentcloudCredentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

const ALICLOUD = {
  accessKey: { config: ["alicloud:accessKey" as const], env: ["ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID"] },
  secretKey: { config: ["alicloud:secretKey" as const], env: ["ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"] },
  securityToken: { config: ["alicloud:securityToken" as const], env: ["ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN"] },
  region: { config: ["alicloud:region" as const], env: ["ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID"] },
};

const TENCENTCLOUD = {
  secretId: { config: ["tencentcloud:secretId" as const], env: ["TENCENTCLOUD_SECRET_ID"] },
  secretKey: { config: ["tencentcloud:secretKey" as const], env: ["TENCENTCLOUD_SECRET_KEY"] },
  token: { config: ["tencentcloud:securityToken" as const], env: ["TENCENTCLOUD_SECURITY_TOKEN"] },
  region: { config: ["tencentcloud:region" as const], env: ["TENCENTCLOUD_REGION"] },
};

function required(settings: ProviderSettings, what: string, source: { config: any[]; env: string[] }): string {
  const value = lookup(settings, source.config, source.env);
  if (value) return value;
  throw new ConfigurationError(
    `missing ${what}: set stack config \`pulumi config set ${source.config[0]} <value> --secret\` ` +
      `or the environment variable ${source.env.join(" or ")}`,
  );
}

export function alicloudCredentials(settings: ProviderSettings): AlicloudCredentials {
  return {
    accessKeyId: required(settings, "Alibaba Cloud access key", ALICLOUD.accessKey),
    accessKeySecret: required(settings, "Alibaba Cloud secret key", ALICLOUD.secretKey),
    securityToken: lookup(settings, ALICLOUD.securityToken.config, ALICLOUD.securityToken.env),
  };
}

export function tencentcloudCredentials(settings: ProviderSettings): TencentcloudCredentials {
  return {
    secretId: required(settings, "Tencent Cloud secret id", TENCENTCLOUD.secretId),
    secretKey: required(settings, "Tencent Cloud secret key", TENCENTCLOUD.secretKey),
    token: lookup(settings, TENCENTCLOUD.token.config, TENCENTCLOUD.token.env),
  };
}

/** The resource's own `region` input wins; then stack config; then the environment. */
export function resolveRegion(cloud: Cloud, settings: ProviderSettings, explicit?: string): string {
  if (explicit) return explicit;
  const source = cloud === "alicloud" ? ALICLOUD.region : TENCENTCLOUD.region;
  const value = lookup(settings, source.config, source.env);
  if (value) return value;
  throw new ConfigurationError(
    `no ${cloud} region: set the resource's \`region\` input, stack config ` +
      `\`pulumi config set ${source.config[0]} <region>\`, or the environment variable ${source.env.join(" or ")}`,
  );
}

/** Every secret value we know of, so error text can be scrubbed of them. */
export function knownSecrets(settings: ProviderSettings): string[] {
  const names = [
    ...ALICLOUD.accessKey.env, ...ALICLOUD.secretKey.env, ...ALICLOUD.securityToken.env,
    ...TENCENTCLOUD.secretId.env, ...TENCENTCLOUD.secretKey.env, ...TENCENTCLOUD.token.env,
  ];
  const fromEnv = names.map((n) => settings.env[n]);
  const fromConfig = [
    settings.config["alicloud:accessKey"], settings.config["alicloud:secretKey"], settings.config["alicloud:securityToken"],
    settings.config["tencentcloud:secretId"], settings.config["tencentcloud:secretKey"], settings.config["tencentcloud:securityToken"],
  ];
  return [...fromEnv, ...fromConfig].filter((v): v is string => !!v && v.length >= 4);
}

/** Replaces every known secret in a text with a marker. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("***");
  return out;
}
