/** Lookup tables over ASCII: 1 when the code unit belongs to the class. Tables beat regexes in hot loops. */
function table(chars: string): Uint8Array {
  const result = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) result[chars.charCodeAt(i)] = 1;
  return result;
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** `[A-Za-z0-9]`: the alphabet of a Palette API key. */
export const ALNUM = table(DIGITS + UPPER + LOWER);

/**
 * The standard base64 alphabet (padding excluded). URL-safe base64 (`-`, `_`) is left out on purpose:
 * Kubernetes Secrets and config use the standard one, and with `-`/`_` every long snake_case or
 * kebab-case name would become a run to decode.
 */
export const BASE64 = table(DIGITS + UPPER + LOWER + '+/');

/** Characters that glue a token to a longer word, identifier or base64/hex run. */
export const TOKEN_GLUE = table(DIGITS + UPPER + LOWER + '+/-_');

/** True when `code` is in `classTable` (non-ASCII is never in a class). */
export function inClass(classTable: Uint8Array, code: number): boolean {
  return code < 128 && classTable[code] === 1;
}
