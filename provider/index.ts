// The implementation entry that serialized providers load at call time
// (`require("pulumi-netattach/provider")`). It holds no clients: each call builds its context
// from the process environment and the stack config Pulumi passed to `configure`.

import { operationStarted } from "./core/activity";
import { knownSecrets, redact } from "./core/credentials";
import { realRuntime } from "./core/runtime";
import { configFrom, ProviderSettings } from "./core/settings";
import { ResourceKind, RESOURCE_KINDS } from "./kinds";
import { checkWithPreflight } from "./preflight";
import { ProviderContext, ResourceFactory, ResourceImpl } from "./resources/types";

export { RESOURCE_KINDS };
export type { ResourceKind };

type Method = keyof ResourceImpl<unknown, unknown>;

// Stack config arrives once per provider process through `configure`; only the keys we read
// (credentials, regions, endpoints) are kept, in memory, never in state.
let stackConfig: ProviderSettings["config"] = {};

export function configure(config: { get(key: string): string | undefined }): void {
  stackConfig = configFrom(config);
}

export function currentSettings(): ProviderSettings {
  return { env: process.env, config: stackConfig };
}

/** Loads one kind's implementation; the other cloud's SDK is never loaded. */
export function factoryFor(kind: ResourceKind): ResourceFactory<any, any> {
  switch (kind) {
    case "alicloud:ClassicLinkAttachment":
      return require("./resources/alicloud/classicLinkAttachment").classicLinkAttachment;
    case "alicloud:VpcClassicLinkSetting":
      return require("./resources/alicloud/vpcClassicLinkSetting").vpcClassicLinkSetting;
    case "alicloud:EniAttachment":
      return require("./resources/alicloud/eniAttachment").eniAttachment;
    case "tencentcloud:ClassicLinkAttachment":
      return require("./resources/tencentcloud/classicLinkAttachment").classicLinkAttachment;
    case "tencentcloud:EniAttachment":
      return require("./resources/tencentcloud/eniAttachment").eniAttachment;
    default:
      throw new Error(`unknown pulumi-netattach resource kind "${kind}": upgrade pulumi-netattach to the version that wrote this state`);
  }
}

/** What the serialized provider calls: `configure` or one resource method. */
export async function call(kind: ResourceKind, method: Method | "configure", args: unknown[]): Promise<unknown> {
  if (method === "configure") {
    const request = args[0] as { config: { get(key: string): string | undefined } };
    return configure(request.config);
  }
  return invoke(kind, method, args);
}

export async function invoke(kind: ResourceKind, method: Method, args: unknown[], context?: ProviderContext): Promise<unknown> {
  const ctx = context ?? { runtime: realRuntime, settings: currentSettings() };
  const impl = factoryFor(kind)(ctx) as unknown as Record<Method, (...a: unknown[]) => Promise<unknown>>;
  // Operations the engine runs in parallel (its `--parallel` slots); check and diff are not counted.
  const ended = method === "create" || method === "read" || method === "update" || method === "delete" ? operationStarted(ctx.runtime.now()) : () => undefined;
  try {
    // Preflight hook (provider/preflight): in a preview with netattach:preflight, check also reads the cloud.
    const result = method === "check" ? await checkWithPreflight(kind, args, ctx, (olds, news) => impl.check(olds, news)) : await impl[method](...args);
    // The engine accepts only plain JSON values (no undefined, no class instances).
    return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  } catch (error) {
    if (method === "create") keepProviderInPartialState(error, args[0]);
    if (method === "update") keepProviderInPartialState(error, args[2]);
    throw scrubbed(error, ctx.settings);
  } finally {
    ended();
  }
}

/**
 * A create or update that fails after the cloud accepted it returns the resource's outputs in the
 * error (see asPartialState). Pulumi stores those outputs as they are, and refresh and destroy
 * load the provider from them, so they must carry `__provider` like any other outputs (taken from
 * the inputs: create's only argument, update's `news`).
 */
function keepProviderInPartialState(error: unknown, inputs: unknown): void {
  const properties = (error as { properties?: unknown } | null)?.properties;
  const provider = (inputs as { __provider?: unknown } | null)?.__provider;
  if (properties && typeof properties === "object" && provider !== undefined) {
    (properties as Record<string, unknown>).__provider = provider;
  }
}

/** Last line of defence: no known secret leaves the provider in an error message. */
// Pulumi's dynamic-provider host logs a failed call as `${e}: ${e.stack}`, and a stack begins with
// `${e}` itself: the message (and its "What to do") would print twice in a row.
function framesOnly(stack: string, header: string): string {
  return stack.startsWith(header) ? stack.slice(header.length).replace(/^\n/, "") : stack;
}

function scrubbed(error: unknown, settings: ProviderSettings): Error {
  const secrets = knownSecrets(settings);
  if (!(error instanceof Error)) return new Error(redact(String(error), secrets));
  const message = redact(error.message, secrets);
  if (message !== error.message) error.message = message;
  if (error.stack) error.stack = redact(framesOnly(error.stack, `${error}`), secrets);
  return error;
}
