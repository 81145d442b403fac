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
  // Longest first, so a secret that contains another is masked whole.
  return [...found].sort((a, b) => b.length - a.length);
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(MASK);
  return masked;
}
