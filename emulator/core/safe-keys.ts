// Every request is hostile: a parameter name must never reach an object's prototype. Request
// parameters live in null-prototype records, and names that could reach a prototype through any
// later copy (`__proto__`, `constructor`, `prototype`, as a whole name or as one dotted part) are
// refused before anything reads them.

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** The first part of a (dotted) parameter name that could reach a prototype, or undefined. */
export function forbiddenPart(name: string): string | undefined {
  return name.split(".").find((part) => FORBIDDEN.has(part));
}

/** A record with no prototype: `params.constructor` is undefined unless the request sent it. */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Raised when a request or control body names a forbidden key; each caller renders it in its own error shape. */
export class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(`the parameter name "${key}" is not allowed`);
    this.name = "ForbiddenKeyError";
  }
}

/** JSON.parse that refuses forbidden keys at any depth (throws ForbiddenKeyError; SyntaxError as usual). */
export function parseJsonStrict(text: string): unknown {
  return JSON.parse(text, function reviver(key: string, value: unknown) {
    if (FORBIDDEN.has(key)) throw new ForbiddenKeyError(key);
    return value;
  });
}

/** True when `key` is an own property of `table` (so "constructor" never finds Object's). */
export function ownKey<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(table, key);
}
