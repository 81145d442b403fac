// Where the provider's settings come from: the environment of the provider process and the
// stack config that Pulumi hands to `configure`. Nothing here is ever written to state.

/** The stack config keys the provider reads; nothing else from config is kept. */
export const CONFIG_KEYS = [
  "alicloud:accessKey",
  "alicloud:secretKey",
  "alicloud:securityToken",
  "alicloud:region",
  "alicloud:ecsEndpoint",
  "alicloud:vpcEndpoint",
  "tencentcloud:secretId",
  "tencentcloud:secretKey",
  "tencentcloud:securityToken",
  "tencentcloud:region",
  "tencentcloud:vpcEndpoint",
  "tencentcloud:cvmEndpoint",
  // JSON list of rate-limit overrides for the process's governor (core/governor.ts), e.g.
  // [{"cloud":"tencentcloud","action":"DescribeVpcTaskResult","limit":10,"windowMs":1000}]
  "netattach:rateLimits",
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface ProviderSettings {
  env: Readonly<Record<string, string | undefined>>;
  config: Readonly<Partial<Record<ConfigKey, string>>>;
}

/** Reads the keys we use from a Pulumi config object (anything with `get(key)`). */
export function configFrom(source: { get(key: string): string | undefined }): ProviderSettings["config"] {
  const picked: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const value = source.get(key);
    if (value !== undefined && value !== "") picked[key] = value;
  }
  return picked;
}

/** First non-empty value among config keys and environment variables, in that order. */
export function lookup(settings: ProviderSettings, configKeys: ConfigKey[], envNames: string[]): string | undefined {
  for (const key of configKeys) {
    const value = settings.config[key];
    if (value) return value;
  }
  for (const name of envNames) {
    const value = settings.env[name];
    if (value) return value;
  }
  return undefined;
}
