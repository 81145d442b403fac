// What `netattach discover` finds: every ClassicLink, ClassicLink setting and secondary-ENI
// attachment of one cloud account and region, read page by page through the provider's own
// clients (so the same retries, error types and pacing apply), as resources to import.

import { describeClassicLinks as aliClassicLinks } from "../../provider/clouds/alicloud/ecs";
import { listNetworkInterfacesPage as aliEnisPage, listVpcIdsPage } from "../../provider/clouds/alicloud/inventory";
import { describeVpcAttribute } from "../../provider/clouds/alicloud/vpc";
import { AlicloudTarget } from "../../provider/clouds/alicloud/client";
import { TencentOp } from "../../provider/clouds/tencentcloud/client";
import { listNetworkInterfacesPage as tcEnisPage } from "../../provider/clouds/tencentcloud/inventory";
import { describeClassicLinks as tcClassicLinks } from "../../provider/clouds/tencentcloud/vpc";
import { callWithRetry } from "../../provider/core/retry";
import { Runtime } from "../../provider/core/runtime";
import { ProviderSettings } from "../../provider/core/settings";
import { ResourceKind } from "../../provider/kinds";

export interface Discovered {
  kind: ResourceKind;
  /** Logical name: letters, digits and `_`, unique in the program. */
  name: string;
  /** The import ID, in the README's form for the type. */
  id: string;
  inputs: Record<string, string | boolean>;
  /** Name of a resource this one must follow (an Alibaba link after its VPC's setting). */
  dependsOn?: string;
}

export interface Inventory {
  resources: Discovered[];
  /** What was seen and left out, by reason ("primary ENIs": 12). */
  skipped: Record<string, number>;
}

export interface DiscoverOptions {
  settings: ProviderSettings;
  region: string;
  vpcId?: string;
  runtime: Runtime;
  /** Each read may be retried until this long after it starts. */
  readTimeoutMs: number;
  progress(line: string): void;
}

function nameOf(prefix: string, ...ids: string[]): string {
  return `${prefix}_${ids.join("_").replace(/[^A-Za-z0-9]/g, "_")}`;
}

class Collector {
  readonly resources: Discovered[] = [];
  readonly skipped: Record<string, number> = {};
  skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }
  inventory(): Inventory {
    return { resources: this.resources, skipped: this.skipped };
  }
}

function reader(options: DiscoverOptions) {
  return <T>(call: () => Promise<T>): Promise<T> =>
    callWithRetry(call, { runtime: options.runtime, deadline: options.runtime.now() + options.readTimeoutMs, mutation: false });
}

/** Pages of a listing until `more` is false. */
async function allPages<T>(fetch: (page: number) => Promise<{ items: T[]; more: boolean }>, progress: (count: number, page: number) => void): Promise<T[]> {
  const items: T[] = [];
  for (let page = 0; ; page++) {
    const batch = await fetch(page);
    items.push(...batch.items);
    progress(items.length, page + 1);
    if (!batch.more) return items;
  }
}

export async function discoverAlicloud(options: DiscoverOptions): Promise<Inventory> {
  const read = reader(options);
  const target: AlicloudTarget = { settings: options.settings, region: options.region, runtime: options.runtime };
  const found = new Collector();
  const region = options.region;

  const vpcIds = options.vpcId
    ? [options.vpcId]
    : await allPages(
        async (page) => {
          const { vpcIds: items, more } = await read(() => listVpcIdsPage(target, page + 1));
          return { items, more };
        },
        (count, page) => options.progress(`alicloud ${region}: ${count} VPCs (page ${page})`),
      );

  for (const [index, vpcId] of vpcIds.entries()) {
    const vpc = await read(() => describeVpcAttribute(target, vpcId));
    if (!vpc) throw new Error(`VPC ${vpcId} was not found in alicloud region ${region}`);
    if (!vpc.classicLinkEnabled) {
      found.skip("VPCs with ClassicLink off");
      continue;
    }
    const setting = nameOf("aliSetting", vpcId);
    found.resources.push({ kind: "alicloud:VpcClassicLinkSetting", name: setting, id: vpcId, inputs: { vpcId, enabled: true, region } });
    const links = await read(() => aliClassicLinks(target, { vpcId }));
    for (const link of links) {
      found.resources.push({
        kind: "alicloud:ClassicLinkAttachment",
        name: nameOf("aliLink", link.instanceId, vpcId),
        id: `${link.instanceId}:${vpcId}`,
        inputs: { instanceId: link.instanceId, vpcId, region },
        dependsOn: setting,
      });
    }
    options.progress(`alicloud ${region}: ClassicLink of ${index + 1}/${vpcIds.length} VPCs read`);
  }

  const enis = await allPages(
    async (page) => {
      const { networkInterfaces: items, more } = await read(() => aliEnisPage(target, page + 1, { vpcId: options.vpcId }));
      return { items, more };
    },
    (count, page) => options.progress(`alicloud ${region}: ${count} ENIs (page ${page})`),
  );
  for (const eni of enis) {
    if (eni.type === "Primary") found.skip("primary ENIs");
    else if (eni.type !== "Secondary") found.skip(`${eni.type} ENIs`);
    else if (!eni.instanceId) found.skip("unattached ENIs");
    else if (eni.status !== "InUse") found.skip(`ENIs ${eni.status} (not settled; run discover again later)`);
    else {
      found.resources.push({
        kind: "alicloud:EniAttachment",
        name: nameOf("aliEni", eni.networkInterfaceId),
        id: `${eni.networkInterfaceId}:${eni.instanceId}`,
        inputs: { instanceId: eni.instanceId, networkInterfaceId: eni.networkInterfaceId, region },
      });
    }
  }
  return found.inventory();
}

export async function discoverTencentcloud(options: DiscoverOptions): Promise<Inventory> {
  const read = reader(options);
  const op: TencentOp = { settings: options.settings, region: options.region, runtime: options.runtime, deadline: options.runtime.now() + options.readTimeoutMs };
  const found = new Collector();
  const region = options.region;

  options.progress(`tencentcloud ${region}: reading ClassicLinks`);
  const links = await tcClassicLinks(op, { vpcId: options.vpcId });
  for (const link of links) {
    found.resources.push({
      kind: "tencentcloud:ClassicLinkAttachment",
      name: nameOf("tcLink", link.instanceId, link.vpcId),
      id: `${link.vpcId}#${link.instanceId}`,
      inputs: { instanceId: link.instanceId, vpcId: link.vpcId, region },
    });
  }
  options.progress(`tencentcloud ${region}: ${links.length} ClassicLinks`);

  const enis = await allPages(
    async (page) => {
      const { networkInterfaces: items, more } = await read(() => tcEnisPage(op, page * 100, { vpcId: options.vpcId }));
      return { items, more };
    },
    (count, page) => options.progress(`tencentcloud ${region}: ${count} ENIs (page ${page})`),
  );
  for (const eni of enis) {
    if (eni.primary) found.skip("primary ENIs");
    else if (!eni.attachedTo) found.skip("unattached ENIs");
    else if (eni.state !== "AVAILABLE") found.skip(`ENIs ${eni.state} (not settled; run discover again later)`);
    else {
      found.resources.push({
        kind: "tencentcloud:EniAttachment",
        name: nameOf("tcEni", eni.networkInterfaceId),
        id: `${eni.networkInterfaceId}+${eni.attachedTo}`,
        inputs: { instanceId: eni.attachedTo, networkInterfaceId: eni.networkInterfaceId, region },
      });
    }
  }
  return found.inventory();
}
