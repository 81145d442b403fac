// Read-only cloud lookups for preflight, coalesced: every resource of a preview that asks about the
// same instance, VPC, ENI or link list shares one request (and its answer) for the rest of the
// preview (core/coalesce.ts SharedAnswers; the reads themselves go through the clouds' coalesced
// calls). Reads are retried through throttling and transient failures like any other read.

import { AlicloudTarget } from "../clouds/alicloud/client";
import * as ecs from "../clouds/alicloud/ecs";
import * as aliVpc from "../clouds/alicloud/vpc";
import { TencentOp } from "../clouds/tencentcloud/client";
import * as cvm from "../clouds/tencentcloud/cvm";
import * as tcVpc from "../clouds/tencentcloud/vpc";
import { SharedAnswers } from "../core/coalesce";
import { resolveRegion, tencentcloudCredentials } from "../core/credentials";
import { isCloudError } from "../core/errors";
import { callWithRetry } from "../core/retry";
import { ProviderContext } from "../resources/types";

/** How long a preflight read may keep retrying before the preview fails on it. */
export const READ_DEADLINE_MS = 60_000;

/** How long one answer serves the rest of a preview (every resource asking about the same object). */
export const PREVIEW_SHARE_MS = 60_000;

// The core's shared answers (core/coalesce.ts): a failed read is not remembered, the next resource asks again.
const previewAnswers = new SharedAnswers<unknown>(PREVIEW_SHARE_MS);

function once<T>(cacheKey: string, load: () => Promise<T>): Promise<T> {
  return previewAnswers.get(cacheKey, load) as Promise<T>;
}

/** Forgets every remembered answer (tests run several previews in one process). */
export function forgetReads(): void {
  previewAnswers.clear();
}

export interface AlicloudReads {
  region: string;
  instance(id: string): Promise<ecs.EcsInstance | undefined>;
  linksOfInstance(id: string): Promise<ecs.ClassicLink[]>;
  linksOfVpc(id: string): Promise<ecs.ClassicLink[]>;
  vpc(id: string): Promise<aliVpc.VpcAttribute | undefined>;
  eni(id: string): Promise<ecs.NetworkInterface | undefined>;
}

export function alicloudReads(ctx: ProviderContext, region: string | undefined): AlicloudReads {
  const resolved = resolveRegion("alicloud", ctx.settings, region);
  const target: AlicloudTarget = { settings: ctx.settings, region: resolved };
  const read = <T>(what: string, id: string, call: () => Promise<T>) =>
    once(`alicloud ${resolved} ${what} ${id}`, () => callWithRetry(call, { runtime: ctx.runtime, deadline: ctx.runtime.now() + READ_DEADLINE_MS, mutation: false }));
  return {
    region: resolved,
    instance: (id) => read("instance", id, () => ecs.describeInstance(target, id)),
    linksOfInstance: (id) =>
      read("links-of-instance", id, async () => {
        try {
          return await ecs.describeClassicLinks(target, { instanceId: id });
        } catch (error) {
          if (isCloudError(error) && error.code === "InvalidInstanceId.NotFound") return [];
          throw error;
        }
      }),
    linksOfVpc: (id) => read("links-of-vpc", id, () => ecs.describeClassicLinks(target, { vpcId: id })),
    vpc: (id) => read("vpc", id, () => aliVpc.describeVpcAttribute(target, id)),
    eni: (id) => read("eni", id, () => ecs.describeNetworkInterface(target, id)),
  };
}

export interface TencentReads {
  region: string;
  instance(id: string): Promise<cvm.InstanceRecord | undefined>;
  linksOfInstance(id: string): Promise<tcVpc.ClassicLinkRecord[]>;
  linksOfVpc(id: string): Promise<tcVpc.ClassicLinkRecord[]>;
  vpc(id: string): Promise<tcVpc.VpcRecord | undefined>;
  eni(id: string): Promise<tcVpc.NetworkInterfaceRecord | undefined>;
}

export function tencentReads(ctx: ProviderContext, region: string | undefined): TencentReads {
  const resolved = resolveRegion("tencentcloud", ctx.settings, region);
  tencentcloudCredentials(ctx.settings);
  const op = (): TencentOp => ({ settings: ctx.settings, region: resolved, runtime: ctx.runtime, deadline: ctx.runtime.now() + READ_DEADLINE_MS });
  const read = <T>(what: string, id: string, call: () => Promise<T>) => once(`tencentcloud ${resolved} ${what} ${id}`, call);
  return {
    region: resolved,
    instance: (id) => read("instance", id, () => cvm.describeInstance(op(), id)),
    // The API has no instance filter: one listing of all links serves every instance.
    linksOfInstance: async (id) => (await read("links", "*", () => tcVpc.describeClassicLinks(op(), {}))).filter((l) => l.instanceId === id),
    linksOfVpc: async (id) => (await read("links", "*", () => tcVpc.describeClassicLinks(op(), {}))).filter((l) => l.vpcId === id),
    vpc: (id) => read("vpc", id, () => tcVpc.describeVpc(op(), id)),
    eni: (id) => read("eni", id, () => tcVpc.describeNetworkInterface(op(), id)),
  };
}
