// Offset/Limit for the Describe actions (a parameter helper of the handlers, as paginate is in
// alicloud/handlers/common.ts). DescribeClassicLinkInstances and DescribeVpcs type them
// as strings; the others as integers.

import type { Params } from "../params";
import { TencentError } from "../errors";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export interface Page {
  offset: number;
  limit: number;
}

function check(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TencentError("InvalidParameterValue.Range", `The value of \`${name}\` is out of range.`);
  if (name === "Limit" && value > MAX_LIMIT) throw new TencentError("InvalidParameterValue.LimitExceeded", `\`Limit\` must be at most ${MAX_LIMIT}.`);
  return value;
}

function fromText(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) throw new TencentError("InvalidParameterValue.Range", `The value of \`${name}\` is out of range.`);
  return check(name, Number(text));
}

export const stringPage = (params: Params): Page => ({
  offset: fromText("Offset", params.string("Offset"), 0),
  limit: fromText("Limit", params.string("Limit"), DEFAULT_LIMIT),
});

export const integerPage = (params: Params): Page => ({
  offset: check("Offset", params.integer("Offset") ?? 0),
  limit: check("Limit", params.integer("Limit") ?? DEFAULT_LIMIT),
});

export const pageOf = <T>(items: T[], page: Page): T[] => items.slice(page.offset, page.offset + page.limit);
