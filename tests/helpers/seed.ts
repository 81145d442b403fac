// Builds test seeds from a shared one: an Alibaba section with more VPC instances and ENIs, so a
// test file adds the few resources its cases need next to the fixture's.

type Section = { instances?: unknown[]; networkInterfaces?: unknown[]; [key: string]: unknown };

/** Where the added VPC instances and ENIs live (zone and VPC of the fixture they join). */
export interface Placement {
  region: string;
  zone: string;
  vpcId: string;
}

export function aliVpcBuilders(at: Placement) {
  return {
    instance: (instanceId: string, extra: Record<string, unknown> = {}) => ({ instanceId, ...at, networkType: "vpc", status: "Running", ...extra }),
    eni: (networkInterfaceId: string, extra: Record<string, unknown> = {}) => ({ networkInterfaceId, ...at, type: "Secondary", status: "Available", ...extra }),
  };
}

/** `base` with `more` instances and ENIs appended to its alicloud section. */
export function withAlicloud<T extends Record<string, unknown>>(base: T, more: { instances?: unknown[]; networkInterfaces?: unknown[] }): T {
  const section = (base.alicloud ?? {}) as Section;
  return {
    ...base,
    alicloud: {
      ...section,
      instances: [...(section.instances ?? []), ...(more.instances ?? [])],
      networkInterfaces: [...(section.networkInterfaces ?? []), ...(more.networkInterfaces ?? [])],
    },
  };
}
