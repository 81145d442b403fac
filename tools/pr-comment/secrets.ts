// Pulumi marks a secret in JSON state with its signature key; `pulumi preview --json` prints the
// value masked ("[secret]") unless --show-secrets was given, in which case the plaintext sits next
// to the signature. Either way the comment must not show it, here or anywhere else it appears.

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const MASK = "[secret]";
/** Shorter plaintexts would mask ordinary words; Pulumi masks them in its own output anyway. */
const MIN_MASKED_LENGTH = 4;

export function isSecretValue(value: unknown): boolean {
  return !!value && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE;
}

/** Every plaintext held in a secret anywhere in the document (strings and the leaves of objects). */
export function collectSecrets(document: unknown): string[] {
  const found = new Set<string>();
  const leaves = (value: unknown): void => {
    if (typeof value === "string") {
      if (value.length >= MIN_MASKED_LENGTH && value !== MASK) found.add(value);
    } else if (Array.isArray(value)) value.forEach(leaves);
    else if (value && typeof value === "object") Object.values(value).forEach(leaves);
  };
  const walk = (value: unknown): void => {
    if (isSecretValue(value)) {
      const plaintext = (value as Record<string, unknown>).plaintext ?? (value as Record<string, unknown>).value;
      if (typeof plaintext === "string") {
        try {
          leaves(JSON.parse(plaintext));
        } catch {
          /* not JSON: the string itself is the secret */
        }
      }
      leaves(plaintext);
      return;
    }
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(document);
  return [...found];
}

/**
 * Secret values of the stack's config, from `pulumi config --json --show-secrets`. Needed because
 * Pulumi prints a dynamic resource's inputs in plaintext in `preview --json`, even when they came
 * from secret config (verified with CLI v3.259 and @pulumi/pulumi 3.248: the provider does not
 * accept secrets, so the inputs lose their secret mark in check). Every length counts: the user
 * said these are secret.
 */
export function secretsFromConfig(configJson: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(configJson);
  } catch (error) {
    throw new Error(`--secrets-from: not JSON (${(error as Error).message}); pass the output of \`pulumi config --json --show-secrets\``);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("--secrets-from: expected the object `pulumi config --json --show-secrets` prints");
  const found = new Set<string>();
  const leaves = (value: unknown): void => {
    if (typeof value === "string" && value.length > 0) found.add(value);
    else if (typeof value === "number" || typeof value === "boolean") found.add(String(value));
    else if (Array.isArray(value)) value.forEach(leaves);
    else if (value && typeof value === "object") Object.values(value).forEach(leaves);
  };
  for (const [key, entry] of Object.entries(parsed as Record<string, { value?: unknown; objectValue?: unknown; secret?: boolean }>)) {
    if (!entry || entry.secret !== true) continue;
    if (entry.value === undefined && entry.objectValue === undefined) {
      throw new Error(`--secrets-from: ${key} is secret but its value is missing: run \`pulumi config --json --show-secrets\``);
    }
    leaves(entry.value);
    leaves(entry.objectValue);
    if (typeof entry.value === "string") {
      try {
        leaves(JSON.parse(entry.value));
      } catch {
        /* a plain string */
      }
    }
  }
  return [...found];
}

/** Config keys the preview shows as secret (`"[secret]"` in its config section). */
export function secretConfigKeys(config: unknown): string[] {
  if (!config || typeof config !== "object") return [];
  return Object.entries(config as Record<string, unknown>).filter(([, v]) => v === MASK).map(([k]) => k);
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) masked = masked.split(secret).join(MASK);
  return masked;
}
