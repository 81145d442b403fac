// Request parameters for both wire forms. POST carries typed JSON; GET carries the SDK's
// flattened query (InstanceIds.0=..., Filters.0.Values.1=...), where every value is a string, so
// numbers and booleans are read from their text only for GET.

import { ForbiddenKeyError, forbiddenPart, nullRecord, parseJsonStrict } from "../core/safe-keys";
import { invalidParameter, missingParameter, TencentError } from "./errors";

export interface Filter {
  name: string;
  values: string[];
}

export class Params {
  constructor(
    private readonly data: Record<string, unknown>,
    private readonly fromQuery: boolean,
  ) {}

  static fromJson(body: string): Params {
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? {} : parseJsonStrict(body);
    } catch (error) {
      if (error instanceof ForbiddenKeyError) throw forbiddenName(error.key);
      throw invalidParameter("The request body is not valid JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalidParameter("The request body must be a JSON object.");
    return new Params(parsed as Record<string, unknown>, false);
  }

  static fromQuery(query: string): Params {
    return Params.fromEntries(new URLSearchParams(query));
  }

  /** Flattened names (InstanceIds.0, Filters.0.Values.1) into nested values; every value a string. */
  static fromEntries(entries: Iterable<[string, string]>): Params {
    const root = nullRecord<unknown>();
    for (const [key, value] of entries) {
      if (forbiddenPart(key) !== undefined) throw forbiddenName(key);
      setPath(root, key.split("."), value);
    }
    return new Params(arraysFromIndexedObjects(root) as Record<string, unknown>, true);
  }

  has(name: string): boolean {
    return this.data[name] !== undefined;
  }

  /** Selected identifying parameters for the request log. */
  pick(names: string[]): Record<string, unknown> {
    return Object.fromEntries(names.filter((name) => this.has(name)).map((name) => [name, this.data[name]]));
  }

  string(name: string): string | undefined {
    const value = this.data[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw typeMismatch(name, "String");
    return value;
  }

  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === "") throw missingParameter(name);
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.data[name];
    if (value === undefined) return undefined;
    const number = this.fromQuery && typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) throw typeMismatch(name, "Integer");
    return number;
  }

  boolean(name: string): boolean | undefined {
    const value = this.data[name];
    if (value === undefined) return undefined;
    if (this.fromQuery && (value === "true" || value === "false")) return value === "true";
    if (typeof value !== "boolean") throw typeMismatch(name, "Boolean");
    return value;
  }

  stringArray(name: string): string[] | undefined {
    const value = this.data[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw typeMismatch(name, "Array of String");
    return value as string[];
  }

  requireStringArray(name: string): string[] {
    const value = this.stringArray(name);
    if (value === undefined || value.length === 0) throw missingParameter(name);
    return value;
  }

  filters(): Filter[] | undefined {
    const value = this.data.Filters;
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw new TencentError("InvalidParameter.FilterNotDict", "`Filters` must be a list of {Name, Values}.");
    return value.map((item) => {
      if (typeof item !== "object" || item === null || typeof (item as { Name?: unknown }).Name !== "string") {
        throw new TencentError("InvalidParameter.FilterNotDict", "Each filter must be an object with a `Name`.");
      }
      const { Name, Values } = item as { Name: string; Values?: unknown };
      if (!Array.isArray(Values) || Values.some((v) => typeof v !== "string")) {
        throw new TencentError("InvalidParameter.FilterValuesNotList", `The \`Values\` of filter \`${Name}\` must be a list of strings.`);
      }
      return { name: Name, values: Values as string[] };
    });
  }
}

const forbiddenName = (name: string) => invalidParameter(`The parameter name \`${name}\` is not allowed.`);

const typeMismatch = (name: string, type: string) => invalidParameter(`The type of parameter \`${name}\` must be ${type}.`);

function setPath(target: Record<string, unknown>, path: string[], value: string): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = typeof target[head] === "object" && target[head] !== null ? (target[head] as Record<string, unknown>) : nullRecord<unknown>();
  target[head] = child;
  setPath(child, rest, value);
}

/** {"0": a, "1": b} -> [a, b], recursively. */
function arraysFromIndexedObjects(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, arraysFromIndexedObjects(child)] as const);
  const keys = entries.map(([key]) => key);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => child);
  }
  return Object.assign(nullRecord<unknown>(), Object.fromEntries(entries));
}
