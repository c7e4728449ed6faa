// The few assertions the web suite needs. Node's `assert` does not exist in a web worker; these throw
// plain errors whose messages never quote the values compared (they may be keys).

export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

export function equal(actual: unknown, expected: unknown, message = 'values differ'): void {
  if (actual !== expected) throw new Error(`${message} (got ${describe(actual)}, expected ${describe(expected)})`);
}

export function match(text: string, pattern: RegExp, message = `text does not match ${pattern}`): void {
  if (!pattern.test(text)) throw new Error(message);
}

export function doesNotMatch(text: string, pattern: RegExp, message = `text matches ${pattern}`): void {
  if (pattern.test(text)) throw new Error(message);
}

export function fail(message: string): never {
  throw new Error(message);
}

/** Numbers, booleans and short words as they are; anything else by its type only. */
function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'string' && value.length <= 20 && !/[A-Za-z0-9]{20,}/.test(value)) return JSON.stringify(value);
  return typeof value;
}
