// The contract every resource implementation meets. The dynamic-provider glue (provider/index.ts)
// builds a ProviderContext per call and delegates to these methods.

import { Runtime } from "../core/runtime";
import { ProviderSettings } from "../core/settings";

export interface ProviderContext {
  runtime: Runtime;
  settings: ProviderSettings;
  /**
   * Hook for the resource plugin (provider/plugin): the operation's deadline from Pulumi's
   * `customTimeouts`, which the engine sends with each create/update/delete. When set it wins
   * over the resource's `timeouts` input; dynamic resources never have it.
   */
  timeoutMs?: number;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult<I> {
  inputs?: I;
  failures?: CheckFailure[];
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface ReadResult<I, O> {
  id?: string;
  props?: O;
  inputs?: I;
}

export interface ResourceImpl<I, O> {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult<I>>;
  diff(id: string, olds: O, news: I): Promise<DiffResult>;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  read(id: string, props: O): Promise<ReadResult<I, O>>;
  update(id: string, olds: O, news: I): Promise<{ outs: O }>;
  delete(id: string, props: O): Promise<void>;
}

export type ResourceFactory<I, O> = (ctx: ProviderContext) => ResourceImpl<I, O>;
