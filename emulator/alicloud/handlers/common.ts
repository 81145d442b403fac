// What every Alibaba handler gets, and the small parameter helpers they share.

import type { AliModel, Caller, ModelEnv } from "../model";
import * as err from "../errors";

export interface AliCall {
  action: string;
  params: Record<string, string>;
  account: string;
  requestId: string;
  model: AliModel;
  env: ModelEnv;
}

/** Returns the response fields (RequestId is added by the protocol). */
export type AliHandler = (call: AliCall) => Record<string, unknown>;

export function required(params: Record<string, string>, name: string): string {
  const v = params[name];
  if (v === undefined || v === "") throw err.missingParameter(name);
  return v;
}

/** The caller, after checking RegionId is present and known; each API family has its own region error. */
export function callerIn(call: AliCall, unknownRegion: (region: string) => Error): Caller {
  const region = required(call.params, "RegionId");
  if (!call.model.isKnownRegion(region)) throw unknownRegion(region);
  return { account: call.account, region };
}

/** Repeat-list parameter: Name.1, Name.2, ... (1-based). */
export function repeatList(params: Record<string, string>, name: string): string[] | undefined {
  const values: string[] = [];
  for (let i = 1; params[`${name}.${i}`] !== undefined; i++) values.push(params[`${name}.${i}`]);
  return values.length ? values : undefined;
}

/** Comma-separated list parameter ("i-a,i-b"). */
export function commaList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === "") return undefined;
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

export interface Page<T> {
  items: T[];
  pageNumber: number;
  pageSize: number;
  totalCount: number;
}

export function paginate<T>(params: Record<string, string>, items: T[], maxPageSize: number): Page<T> {
  const pageNumber = intParam(params, "PageNumber", 1, 1, Number.MAX_SAFE_INTEGER);
  const pageSize = intParam(params, "PageSize", 10, 1, maxPageSize);
  return { items: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), pageNumber, pageSize, totalCount: items.length };
}

export function intParam(params: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = params[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw err.invalidParameter(name, raw);
  return n;
}
