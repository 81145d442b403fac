// Provider configuration for the resource plugin. The engine hands a provider only the stack
// config of its own package's namespace (`netattach:*`; the host filters on the key's namespace),
// so the README's `alicloud:accessKey` / `tencentcloud:secretId` keys cannot reach it. The plugin
// takes the same settings under `netattach:`, each named by cloud and key:
//   alicloud:accessKey -> netattach:alicloudAccessKey, tencentcloud:secretId -> netattach:tencentcloudSecretId
// The environment variables are the same as for the dynamic resources (core/credentials.ts).

import { CONFIG_KEYS, ConfigKey, ProviderSettings } from "../core/settings";

/** "alicloud:accessKey" -> "alicloudAccessKey"; a key already in the netattach namespace keeps its name. */
export function pluginConfigName(key: ConfigKey): string {
  const [namespace, name] = key.split(":");
  return namespace === "netattach" ? name : namespace + name[0].toUpperCase() + name.slice(1);
}

const SECRET_NAMES = new Set(["accessKey", "secretKey", "securityToken", "secretId"]);

export function isSecretKey(key: ConfigKey): boolean {
  return SECRET_NAMES.has(key.split(":")[1]);
}

/**
 * The provider's settings from Configure's `args` (plugin names, e.g. `alicloudRegion`), falling
 * back to its `variables` map (`netattach:alicloudRegion`, or the legacy `netattach:config:…`).
 */
export function settingsFromPluginConfig(args: Record<string, unknown>, variables: ReadonlyMap<string, string> | Map<string, string>): ProviderSettings["config"] {
  const config: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const name = pluginConfigName(key);
    const value = unwrapSecret(args[name]) ?? variables.get(`netattach:${name}`) ?? variables.get(`netattach:config:${name}`);
    // Structured config (an object in Pulumi.<stack>.yaml, an explicit provider's property) as the JSON text config holds.
    if (typeof value === "string" && value !== "") config[key] = value;
    else if (value !== null && typeof value === "object") config[key] = JSON.stringify(value);
  }
  return config;
}

/** Pulumi's signature key of a secret value in a Struct: `{ [SECRET_SIG]: SECRET_VALUE, value }`. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Configure is the first call, so the engine may still send secrets wrapped; we keep the value. */
function unwrapSecret(value: unknown): unknown {
  if (value && typeof value === "object" && SECRET_SIG in value) return (value as { value?: unknown }).value;
  return value;
}
