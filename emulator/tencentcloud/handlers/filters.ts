// Filters: every name must be one the action knows; an item matches when, for each filter, one of
// the values matches.

import type { Filter } from "../params";
import { TencentError } from "../errors";

export type Matchers<T> = Record<string, (item: T, value: string) => boolean>;

export function applyFilters<T>(items: T[], filters: Filter[] | undefined, matchers: Matchers<T>, unknownCode: string): T[] {
  for (const filter of filters ?? []) {
    if (!Object.hasOwn(matchers, filter.name)) throw new TencentError(unknownCode, `The filter \`${filter.name}\` is not supported.`);
  }
  return items.filter((item) => (filters ?? []).every((filter) => filter.values.some((value) => matchers[filter.name](item, value))));
}
