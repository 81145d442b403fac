// Endpoints per cloud service. Overridable through stack config or environment, which is how the
// local emulator is reached; the defaults are the public regional endpoints.

import { ConfigKey, lookup, ProviderSettings } from "./settings";
import { ConfigurationError } from "./credentials";

export type AlicloudService = "ecs" | "vpc";
export type TencentcloudService = "vpc" | "cvm";

/** A full URL for @alicloud/pop-core, e.g. https://ecs.cn-hangzhou.aliyuncs.com */
export function alicloudEndpoint(service: AlicloudService, region: string, settings: ProviderSettings): string {
  const key = `alicloud:${service}Endpoint` as ConfigKey;
  const override = lookup(settings, [key], [`ALICLOUD_${service.toUpperCase()}_ENDPOINT`]);
  if (override) return checkedUrl(override, key);
  return `https://${service}.${region}.aliyuncs.com`;
}

/** Protocol and host[:port][/path] as tencentcloud-sdk-nodejs's httpProfile wants them. */
export function tencentcloudEndpoint(
  service: TencentcloudService,
  settings: ProviderSettings,
): { protocol: "http://" | "https://"; endpoint: string } {
  const key = `tencentcloud:${service}Endpoint` as ConfigKey;
  const override = lookup(settings, [key], [`TENCENTCLOUD_${service.toUpperCase()}_ENDPOINT`]);
  if (!override) return { protocol: "https://", endpoint: `${service}.tencentcloudapi.com` };
  // A bare host means https, as for the real cloud.
  const url = checkedUrl(/^https?:\/\//.test(override) ? override : `https://${override}`, key);
  const parsed = new URL(url);
  const path = parsed.pathname === "/" ? "" : parsed.pathname.replace(/\/$/, "");
  return { protocol: parsed.protocol === "http:" ? "http://" : "https://", endpoint: parsed.host + path };
}

function checkedUrl(value: string, key: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    return value.replace(/\/+$/, "");
  } catch {
    throw new ConfigurationError(`${key} (or its environment variable) must be an http(s) URL, got "${value}"`);
  }
}
