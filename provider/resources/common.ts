// Shared by every resource: input checking and diffing (pure functions, no API calls), and how a
// change the cloud may have accepted is kept as partial state.

import { ConfigurationError, resolveRegion } from "../core/credentials";
import { Cloud, TaskFailedError, UnconfirmedChangeError } from "../core/errors";
import { parseDuration, Timeouts } from "../core/timeouts";
import { CheckFailure, CheckResult, DiffResult, ProviderContext } from "./types";

/** The value Pulumi sends for an input that is not known yet during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/**
 * Bounds on what check accepts. Real IDs are at most 36 characters and real regions at most 21
 * (cn-shanghai-finance-1); a duration longer than a day is a typo (no attach waits that long) and
 * would overflow Node's 24.8-day timer. Anything longer is refused before a request is built.
 */
export const MAX_ID_LENGTH = 64;
export const MAX_REGION_LENGTH = 32;
export const MAX_DURATION_LENGTH = 16;
export const MAX_DURATION_MS = 24 * 3_600_000;

/** A value as a failure message quotes it: never Pulumi's unknown placeholder, never unbounded. */
export function shown(value: unknown): string {
  if (isUnknown(value)) return "(a value not known until apply)";
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const quoted = typeof value === "string" ? `"${text}"` : text;
  return quoted.length <= 48 ? quoted : `${quoted.slice(0, 40)}… (${text.length} characters)`;
}

export type IdKind = "instance" | "vpc" | "eni";

const ID_PATTERNS: Record<Cloud, Record<IdKind, { pattern: RegExp; example: string }>> = {
  alicloud: {
    instance: { pattern: /^i-[a-z0-9]{6,32}$/, example: "i-bp1hfc2ghzsl0ahu3vzc" },
    vpc: { pattern: /^vpc-[a-z0-9]{6,32}$/, example: "vpc-bp1m7v25emi1h5mtcxyz" },
    eni: { pattern: /^eni-[a-z0-9]{6,32}$/, example: "eni-bp17pdijfczax1huji5b" },
  },
  tencentcloud: {
    instance: { pattern: /^ins-[a-z0-9]{8}$/, example: "ins-0h3a5new" },
    vpc: { pattern: /^vpc-[a-z0-9]{8}$/, example: "vpc-2ari9m7h" },
    eni: { pattern: /^eni-[a-z0-9]{8}$/, example: "eni-gtlvkjvz" },
  },
};

// Alibaba: cn-<city>[-…] in mainland China, <area>-<direction>-<n> elsewhere (ap-southeast-1).
// Tencent: <area>-<city>[-fsi] (ap-guangzhou, na-siliconvalley, ap-shanghai-fsi); never cn-, never a number.
const REGION_PATTERN: Record<Cloud, { pattern: RegExp; example: string }> = {
  alicloud: { pattern: /^(cn-[a-z]+(-[a-z0-9]+)*|[a-z]{2}-[a-z]+-\d+)$/, example: "cn-hangzhou" },
  tencentcloud: { pattern: /^(ap|na|eu|sa)-[a-z]+(-[a-z]+)?$/, example: "ap-guangzhou" },
};

const CLOUD_TITLE: Record<Cloud, string> = { alicloud: "Alibaba Cloud", tencentcloud: "Tencent Cloud" };
const A_CLOUD: Record<Cloud, string> = { alicloud: "an Alibaba Cloud", tencentcloud: "a Tencent Cloud" };
const KIND_TITLE: Record<IdKind, string> = { instance: "instance", vpc: "VPC", eni: "ENI" };

/** Collects check failures; every message names the property and the fix. */
export class InputChecker {
  readonly failures: CheckFailure[] = [];

  constructor(private readonly cloud: Cloud, private readonly resourceName: string) {}

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** A required ID of the given kind; unknown during preview is accepted. Returns the trimmed value. */
  id(property: string, value: unknown, kind: IdKind): string | undefined {
    if (isUnknown(value)) return value as string;
    if (value === undefined || value === null || value === "") {
      this.fail(property, `${property} is required: pass the ${CLOUD_TITLE[this.cloud]} ${KIND_TITLE[kind]} ID, like "${ID_PATTERNS[this.cloud][kind].example}"`);
      return undefined;
    }
    if (typeof value !== "string") {
      this.fail(property, `${property} must be a string ${KIND_TITLE[kind]} ID, got ${typeof value}`);
      return undefined;
    }
    const id = value.trim();
    if (id.length > MAX_ID_LENGTH) {
      this.fail(property, `${shown(id)} is too long for ${A_CLOUD[this.cloud]} ${KIND_TITLE[kind]} ID (at most ${MAX_ID_LENGTH} characters): expected the form "${ID_PATTERNS[this.cloud][kind].example}"`);
      return undefined;
    }
    const spec = ID_PATTERNS[this.cloud][kind];
    const other: Cloud = this.cloud === "alicloud" ? "tencentcloud" : "alicloud";
    const otherShape = ID_PATTERNS[other][kind].pattern.test(id);
    // Tencent IDs have exactly 8 characters after the prefix, Alibaba's about 20: an ID both
    // patterns accept has the Tencent shape, so an Alibaba resource reads it as a Tencent ID.
    if (spec.pattern.test(id) && !(otherShape && other === "tencentcloud")) return id;
    if (otherShape) {
      this.fail(property, `${shown(id)} looks like ${A_CLOUD[other]} ${KIND_TITLE[kind]} ID; ${this.resourceName} is for ${CLOUD_TITLE[this.cloud]}. ` +
        `Use netattach.${other}.${this.resourceName.split(".").pop()} for ${CLOUD_TITLE[other]} resources.`);
      return undefined;
    }
    this.fail(property, `${shown(id)} is not ${A_CLOUD[this.cloud]} ${KIND_TITLE[kind]} ID: expected the form "${spec.example}" (${spec.pattern.source})`);
    return undefined;
  }

  /**
   * The resource's region, or else the provider's (stack config, then environment), so the
   * region is a real input: stored in state as read() reports it, and a change of the provider's
   * region shows as a replace. Unknown during preview is kept unknown.
   */
  region(property: string, value: unknown, settings?: ProviderContext["settings"]): string | undefined {
    if (isUnknown(value)) return value as string;
    if (value === undefined || value === null || value === "") {
      if (!settings) return undefined;
      let resolved: string;
      try {
        resolved = resolveRegion(this.cloud, settings);
      } catch (error) {
        // No region configured anywhere: left unset, so check's verdict does not depend on the
        // settings; create (and every other call) then fails naming both ways to set it.
        if (error instanceof ConfigurationError) return undefined;
        throw error;
      }
      return this.regionValue(property, resolved, "the provider's region ");
    }
    return this.regionValue(property, value, "");
  }

  private regionValue(property: string, value: unknown, source: string): string | undefined {
    const fix = source ? `set ${this.cloud}:region (or the resource's ${property} input) to a region like "${REGION_PATTERN[this.cloud].example}"` : `expected a region ID like "${REGION_PATTERN[this.cloud].example}", or leave ${property} unset to use the provider's region`;
    if (typeof value !== "string") {
      this.fail(property, `${source}${shown(value)} is not ${A_CLOUD[this.cloud]} region: ${fix}`);
      return undefined;
    }
    const region = value.trim();
    if (region.length > MAX_REGION_LENGTH) {
      this.fail(property, `${source}${shown(region)} is too long for a region ID (at most ${MAX_REGION_LENGTH} characters): ${fix}`);
      return undefined;
    }
    if (REGION_PATTERN[this.cloud].pattern.test(region)) return region;
    const other: Cloud = this.cloud === "alicloud" ? "tencentcloud" : "alicloud";
    if (REGION_PATTERN[other].pattern.test(region)) {
      this.fail(property, `${source}${shown(region)} is a region of ${CLOUD_TITLE[other]}; ${this.resourceName} is for ${CLOUD_TITLE[this.cloud]}: ${fix}`);
      return undefined;
    }
    this.fail(property, `${source}${shown(region)} is not ${A_CLOUD[this.cloud]} region: ${fix}`);
    return undefined;
  }

  boolean<F extends boolean | undefined>(property: string, value: unknown, fallback: F): boolean | F {
    if (value === undefined || value === null) return fallback;
    if (isUnknown(value)) return value as unknown as boolean;
    if (typeof value !== "boolean") {
      this.fail(property, `${property} must be true or false, got ${shown(value)}`);
      return fallback;
    }
    return value;
  }

  /** An optional whole number within [min, max]; unset stays unset (a schema default applies in diff only). */
  integer(property: string, value: unknown, spec: { min: number; max?: number; meaning?: string }): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return value as unknown as number;
    const range = spec.max === undefined ? `${spec.min} or more` : `${spec.min}..${spec.max}`;
    if (typeof value !== "number" || !Number.isInteger(value) || value < spec.min || (spec.max !== undefined && value > spec.max)) {
      this.fail(property, `${property} must be a whole number ${range}${spec.meaning ? ` (${spec.meaning})` : ""}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  /** Unknown during preview is accepted whole or per field, and kept so diff and update see it. */
  timeouts(property: string, value: unknown): Timeouts | undefined {
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return value as Timeouts;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(property, `${property} must be an object like { create: "10m", delete: "20m" }`);
      return undefined;
    }
    const out: Timeouts = {};
    for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
      if (key !== "create" && key !== "update" && key !== "delete") {
        this.fail(`${property}.${key}`, `unknown timeout ${shown(key)}: only create, update and delete can be set`);
      } else if (text === undefined || text === null) {
        continue;
      } else if (isUnknown(text)) {
        out[key] = text as string;
      } else {
        const duration = this.duration(`${property}.${key}`, text);
        if (duration !== undefined) out[key] = duration;
      }
    }
    return out;
  }

  private duration(property: string, text: unknown): string | undefined {
    if (typeof text !== "string" || text.trim().length > MAX_DURATION_LENGTH) {
      const why = typeof text === "string" ? `is too long (at most ${MAX_DURATION_LENGTH} characters)` : "is not a duration";
      this.fail(property, `${shown(text)} ${why}: write it like "30s", "10m" or "1h30m"`);
      return undefined;
    }
    const ms = parseDuration(text);
    if (ms === undefined) {
      this.fail(property, `${shown(text)} is not a duration: write it like "30s", "10m" or "1h30m"`);
      return undefined;
    }
    if (ms > MAX_DURATION_MS) {
      this.fail(property, `${shown(text)} is longer than the 24h a timeout may be: write it like "30m" or "2h"`);
      return undefined;
    }
    return text.trim();
  }

  /** Properties this resource does not know (typos such as `instanceID`). */
  unknownProperties(news: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(news)) {
      if (key.startsWith("__") || known.includes(key)) continue;
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
      this.fail(key, near ? `unknown property "${key}": did you mean "${near}"?` : `unknown property "${key}": ${this.resourceName} takes ${known.join(", ")}`);
    }
  }
}

/** Drops undefined values so inputs and outputs are plain JSON (the engine rejects undefined). */
export function plain<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** How one input is checked. */
export type FieldSpec =
  | { kind: "id"; of: IdKind; optional?: boolean }
  | { kind: "region" }
  | { kind: "timeouts" }
  | { kind: "boolean"; default?: boolean }
  /** `default`: what an unset value means to the cloud; diff reads unset (new or stored) as it, check leaves it unset. */
  | { kind: "integer"; min: number; max?: number; default?: number; meaning?: string };

/** A resource's inputs, declaratively: what check validates and how diff treats each change. */
export interface InputSchema {
  cloud: Cloud;
  /** As users write it: "alicloud.ClassicLinkAttachment". */
  resource: string;
  fields: Record<string, FieldSpec>;
  /** Changing these replaces the resource. */
  replaceOn: readonly string[];
  /** Changing these updates in place. */
  updateIn: readonly string[];
  /**
   * Old and new cannot coexist while this field stays the same (one instance links to one VPC,
   * one ENI attaches to one instance), so a replacement must delete first. An unknown value during
   * preview counts as the same, to be safe.
   */
  exclusiveOn: string;
}

/**
 * check and diff for a resource, from its schema. Pure: no API calls. `ctx` gives check the
 * provider's settings, from which an unset `region` is resolved.
 */
export function inputMethods<I, O>(schema: InputSchema, ctx?: ProviderContext) {
  const names = Object.keys(schema.fields);
  const defaults = Object.fromEntries(
    Object.entries(schema.fields).flatMap(([name, spec]) => ((spec.kind === "boolean" || spec.kind === "integer") && spec.default !== undefined ? [[name, spec.default]] : [])),
  );
  return {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult<I>> {
      const checker = new InputChecker(schema.cloud, schema.resource);
      checker.unknownProperties(news, names);
      const inputs: Record<string, unknown> = {};
      for (const [name, spec] of Object.entries(schema.fields)) {
        const value = news[name];
        if (spec.kind === "id") inputs[name] = spec.optional && (value === undefined || value === null || value === "") ? undefined : checker.id(name, value, spec.of);
        else if (spec.kind === "integer") inputs[name] = checker.integer(name, value, spec);
        else if (spec.kind === "region") inputs[name] = checker.region(name, value, ctx?.settings);
        else if (spec.kind === "timeouts") inputs[name] = checker.timeouts(name, value);
        else inputs[name] = checker.boolean(name, value, spec.default);
      }
      if (checker.failures.length > 0) return { failures: checker.failures };
      return { inputs: plain(inputs) as I };
    },

    async diff(_id: string, olds: O, news: I): Promise<DiffResult> {
      const exclusive = schema.exclusiveOn;
      return diffInputs(
        // An output stored before a field with a default existed reads as that default.
        { ...defaults, ...(olds as unknown as Record<string, unknown>) },
        { ...defaults, ...(news as unknown as Record<string, unknown>) },
        schema.replaceOn,
        schema.updateIn,
        (o, n) => o[exclusive] === n[exclusive] || isUnknown(n[exclusive]),
      );
    },
  };
}

/**
 * Diff of the user's inputs against the stored outputs.
 * - `replaceKeys` force a replacement when they change;
 * - `updateKeys` change in place;
 * - `region` is resolved by check (the provider's region when the input is unset), so a change of
 *   the provider's region replaces; only inputs from a check without settings leave it unset, and
 *   then it never diffs against the stored one;
 * - everything else (status, request ids, __provider) never causes a diff, so a package upgrade
 *   that changes only code shows no changes.
 */
export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  replaceKeys: readonly string[],
  updateKeys: readonly string[],
  cannotCoexist: (olds: Record<string, unknown>, news: Record<string, unknown>) => boolean,
): DiffResult {
  const differs = (key: string) => {
    const next = news[key];
    if (key === "region" && (next === undefined || next === "")) return false;
    return JSON.stringify(olds[key] ?? null) !== JSON.stringify(next ?? null);
  };
  const replaces = replaceKeys.filter(differs);
  const updates = updateKeys.filter(differs);
  return {
    changes: replaces.length + updates.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && cannotCoexist(olds, news),
  };
}

/**
 * What Pulumi records for a change the cloud accepted (or may have) that could not be confirmed:
 * the error carries the resource's id and outputs, which the dynamic-provider shim sends as
 * ErrorResourceInitFailed for create AND update, so the engine keeps the resource with an init
 * error instead of forgetting something that may exist. The next `up` calls update for it (the
 * engine does so for any resource with init errors), which finishes or fails it; refresh reads
 * what happened; destroy can undo it. provider/index.ts adds the serialized provider.
 * Status "pending" while the outcome is unknown, "failed" when the cloud said it failed
 * (a Tencent task ended FAILED).
 */
export function asPartialState(error: unknown, id: string, outs: object): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const status = e instanceof TaskFailedError ? FAILED : PENDING;
  return Object.assign(e, { id, properties: { ...outs, status }, reasons: [e.message] });
}

export const PENDING = "pending";
export const FAILED = "failed";

/**
 * The steps after the cloud accepted a change (waiting, confirming): any failure, whatever its
 * kind (timeout, reads failing, task FAILED), keeps the resource as partial state.
 */
export async function confirmedOrPartial<T>(confirmation: Promise<T>, id: string, outs: object): Promise<T> {
  try {
    return await confirmation;
  } catch (error) {
    throw asPartialState(error, id, outs);
  }
}

/**
 * A mutation (mutateSafely): its errors are definitive (nothing was applied) except an
 * UnconfirmedChangeError, whose change may be in the cloud and is kept as partial state.
 */
export async function sentOrPartial<T>(mutation: Promise<T>, id: string, outs: object): Promise<T> {
  try {
    return await mutation;
  } catch (error) {
    if (error instanceof UnconfirmedChangeError) throw asPartialState(error, id, outs);
    throw error;
  }
}

/**
 * diff must not hide a resource whose last change was not confirmed: a refresh that found it still
 * in progress clears Pulumi's init error, so the stored status is what tells. Such a resource
 * diffs as an in-place update, and update finishes (or fails) it.
 */
export function showingUnfinished<O>(
  diff: (id: string, olds: O, news: any) => Promise<DiffResult>,
  settled: (status: unknown) => boolean,
): (id: string, olds: O, news: any) => Promise<DiffResult> {
  return async (id, olds, news) => {
    const result = await diff(id, olds, news);
    if (result.changes || settled((olds as { status?: unknown } | undefined)?.status)) return result;
    return { ...result, changes: true };
  };
}
