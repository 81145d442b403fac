// Reads the document `pulumi preview --json` prints (pkg/display/json.go, PreviewDigest) into
// the resource changes a reviewer needs. Dynamic providers send no detailed diff (detailedDiff is
// null, diffReasons absent), so what changed is computed here from each step's old and new state.

import { collectSecrets, isSecretValue } from "./secrets";

export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STACK_TYPE = "pulumi:pulumi:Stack";
/** Steps `--show-replacement-steps` adds around each `replace`. */
const REPLACEMENT_HALVES = new Set(["create-replacement", "delete-replaced"]);

export interface ResourceState {
  urn?: string;
  id?: string;
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
  pendingReplacement?: boolean;
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: ResourceState;
  newState?: ResourceState;
  replaceReasons?: string[];
  diffReasons?: string[];
  detailedDiff?: Record<string, { kind?: string; inputDiff?: boolean }> | null;
}

export interface PreviewDiagnostic {
  urn?: string;
  message?: string;
  severity?: string;
}

export interface PreviewDocument {
  steps?: PreviewStep[];
  diagnostics?: PreviewDiagnostic[];
  changeSummary?: Record<string, number>;
  config?: unknown;
}

/** A value as the comment may show it: secrets already masked, unknowns named. */
export type Shown = { kind: "value"; value: unknown } | { kind: "secret" } | { kind: "unknown" } | { kind: "absent" };

export interface PropertyChange {
  key: string;
  old: Shown;
  new: Shown;
  forcesReplace: boolean;
}

/**
 * - "yes": the old resource is deleted before its replacement exists (an outage window);
 * - "no": the replacement is created first;
 * - "inferred-yes" / "inferred-no": read from the old state's pendingReplacement flag because
 *   the preview was run without --show-replacement-steps.
 */
export type DeleteFirst = "yes" | "no" | "inferred-yes" | "inferred-no";

export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  op: string;
  id?: string;
  properties: PropertyChange[];
  replaceReasons: string[];
  deleteFirst?: DeleteFirst;
}

export interface PreviewDigest {
  project?: string;
  stack?: string;
  changes: ResourceChange[];
  counts: Record<string, number>;
  unchanged: number;
  /** Plaintexts of every secret in the document, to be masked wherever they appear. */
  secrets: string[];
  /** Resources the preview read from the cloud first (`--refresh`); not changes by themselves. */
  refreshed: number;
  /** Preview flags this digest would have needed (e.g. --show-replacement-steps). */
  missingFlags: string[];
  errors: string[];
  warnings: string[];
}

export function parsePreview(text: string): PreviewDocument {
  const trimmed = text.trim();
  if (!trimmed) throw new Error("the preview JSON is empty: run `pulumi preview --json --show-replacement-steps` and pass its output");
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    throw new Error(`the input is not JSON (${(error as Error).message}): pass the output of \`pulumi preview --json --show-replacement-steps\`, without other output mixed in`);
  }
  const doc = parsed as PreviewDocument | null;
  const looksLikePreview = !!doc && typeof doc === "object" && !Array.isArray(doc) && (Array.isArray(doc.steps) || (doc.steps === undefined && typeof doc.changeSummary === "object"));
  if (!looksLikePreview) {
    throw new Error("the input is JSON but not a `pulumi preview --json` document (no steps array)");
  }
  return parsed as PreviewDocument;
}

export function digestPreview(doc: PreviewDocument, extraSecrets: readonly string[] = []): PreviewDigest {
  const steps = doc.steps ?? [];
  const secrets = [...collectSecrets(doc), ...extraSecrets];
  const urnParts = (steps[0]?.urn ?? "").split("::");
  const withHalves = steps.some((s) => REPLACEMENT_HALVES.has(s.op));
  const changes: ResourceChange[] = [];
  let sameSteps = 0;
  let refreshed = 0;
  let stackSame = 0;
  const counts: Record<string, number> = {};

  for (const step of steps) {
    if (REPLACEMENT_HALVES.has(step.op)) continue;
    if (typeOf(step) === STACK_TYPE) {
      if (step.op === "same") stackSame++;
      continue;
    }
    if (step.op === "same") {
      sameSteps++;
      continue;
    }
    // `preview --refresh` lists a refresh step per resource; what the refresh found shows up in
    // the resource's own step after it (old state as refreshed).
    if (step.op === "refresh") {
      refreshed++;
      continue;
    }
    counts[step.op] = (counts[step.op] ?? 0) + 1;
    const change: ResourceChange = {
      urn: step.urn,
      type: displayType(typeOf(step)),
      name: step.urn.split("::").pop() ?? step.urn,
      op: step.op,
      id: step.oldState?.id,
      properties: propertyChanges(step),
      replaceReasons: [...(step.replaceReasons ?? [])],
    };
    if (step.op === "replace") change.deleteFirst = deleteFirst(steps, step, withHalves);
    changes.push(change);
  }

  // --json lists unchanged resources only with --show-sames; its summary counts them (and the stack).
  const summarySame = doc.changeSummary?.same;
  const unchanged = typeof summarySame === "number" ? Math.max(sameSteps, summarySame - stackSame) : sameSteps;
  const hasReplace = changes.some((c) => c.op === "replace");
  const diagnostics = doc.diagnostics ?? [];
  return {
    project: urnParts[1],
    stack: urnParts[0]?.replace(/^urn:pulumi:/, "") || undefined,
    changes,
    counts,
    unchanged,
    secrets,
    refreshed,
    missingFlags: hasReplace && !withHalves ? ["--show-replacement-steps"] : [],
    errors: diagnostics.filter((d) => d.severity === "error" && d.message).map((d) => d.message!.trim()),
    warnings: diagnostics.filter((d) => d.severity === "warning" && d.message).map((d) => d.message!.trim()),
  };
}

function typeOf(step: PreviewStep): string {
  return step.newState?.type ?? step.oldState?.type ?? step.urn.split("::")[2] ?? "";
}

/** `pulumi-nodejs:dynamic/alicloud:EniAttachment` reads as `alicloud:EniAttachment`. */
function displayType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic\//, "");
}

/**
 * Delete-first when the engine deletes the old resource before creating the replacement: with
 * --show-replacement-steps the steps say so by their order; without it, the engine's
 * pendingReplacement mark on the old state (set only for delete-before-replace) is the hint.
 */
function deleteFirst(steps: PreviewStep[], replace: PreviewStep, withHalves: boolean): DeleteFirst {
  if (withHalves) {
    const del = steps.findIndex((s) => s.op === "delete-replaced" && s.urn === replace.urn);
    const create = steps.findIndex((s) => s.op === "create-replacement" && s.urn === replace.urn);
    return del >= 0 && (create < 0 || del < create) ? "yes" : "no";
  }
  return replace.oldState?.pendingReplacement === true ? "inferred-yes" : "inferred-no";
}

/**
 * Inputs compared old against new. The old value is the stored output where there is one (after a
 * refresh it is what the cloud holds; older @pulumi/pulumi versions leave refreshed inputs stale),
 * else the stored input. Output-only keys (status, region resolved) are not inputs and not shown.
 */
function propertyChanges(step: PreviewStep): PropertyChange[] {
  const oldInputs = visible(step.oldState?.inputs);
  const oldOutputs = step.oldState?.outputs ?? {};
  const newInputs = visible(step.newState?.inputs);
  const secretKeys = new Set([...(step.oldState?.additionalSecretOutputs ?? []), ...(step.newState?.additionalSecretOutputs ?? [])]);
  const replaceReasons = new Set(step.replaceReasons ?? []);
  if (step.op === "delete" || step.op === "discard") return [];
  const keys = step.op === "create" ? Object.keys(newInputs) : [...new Set([...Object.keys(oldInputs), ...Object.keys(newInputs)])];
  const result: PropertyChange[] = [];
  for (const key of keys.sort()) {
    const oldRaw = step.op === "create" ? undefined : key in oldOutputs ? oldOutputs[key] : oldInputs[key];
    const newRaw = newInputs[key];
    if (step.op !== "create" && canonical(oldRaw) === canonical(newRaw)) continue;
    // An input the program leaves out whose stored output is the same value is a default the
    // provider fills in (a refresh records `region` this way), not a change.
    if (newRaw === undefined && key in oldOutputs && key in oldInputs && canonical(oldInputs[key]) === canonical(oldOutputs[key])) continue;
    result.push({ key, old: shown(oldRaw, secretKeys.has(key)), new: shown(newRaw, secretKeys.has(key)), forcesReplace: replaceReasons.has(key) });
  }
  // A reason the engine gave that the state comparison did not show (e.g. an unknown value).
  for (const key of replaceReasons) {
    if (!result.some((p) => p.key === key)) result.push({ key, old: shown(oldInputs[key], secretKeys.has(key)), new: shown(newInputs[key], secretKeys.has(key)), forcesReplace: true });
  }
  return result;
}

/** Keys starting with `__` are Pulumi's own (`__provider`, the serialized code); never shown. */
function visible(values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([key]) => !key.startsWith("__")));
}

function shown(value: unknown, secretKey: boolean): Shown {
  if (value === undefined) return { kind: "absent" };
  if (secretKey || containsSecret(value)) return { kind: "secret" };
  if (value === UNKNOWN_SENTINEL) return { kind: "unknown" };
  return { kind: "value", value };
}

function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}

function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
