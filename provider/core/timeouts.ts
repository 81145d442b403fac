// Per-operation deadlines. Pulumi's customTimeouts never reach a dynamic provider, so resources
// take a `timeouts` input ({create, update, delete} as "30s", "10m", "1h30m") that never
// causes a replace.

export type Operation = "create" | "update" | "delete";
export type Timeouts = Partial<Record<Operation, string>>;

export const DEFAULT_TIMEOUTS_MS: Record<Operation, number> = {
  create: 10 * 60_000,
  update: 10 * 60_000,
  // Detach can sit in Detaching for a long time on Alibaba (terraform-provider-alicloud#6436).
  delete: 20 * 60_000,
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses "1h30m", "45s", "500ms"; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * UNIT_MS[unit];
  return total > 0 ? total : undefined;
}

/** `override`: a per-call deadline (the plugin's customTimeouts), which wins when given. */
export function timeoutMs(timeouts: Timeouts | undefined, operation: Operation, override?: number): number {
  if (override !== undefined && override > 0) return override;
  const text = timeouts?.[operation];
  return (text && parseDuration(text)) || DEFAULT_TIMEOUTS_MS[operation];
}
