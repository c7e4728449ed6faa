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

/**
 * True when the bytes hold a run of `classTable` bytes of at least `minLength` (same sampling as
 * `forEachRun`); lets file scanning dismiss most files before decoding them.
 */
export function bytesHaveRun(bytes: Uint8Array, classTable: Uint8Array, minLength: number): boolean {
  const n = bytes.length;
  let floor = 0;
  let p = minLength - 1;
  while (p < n) {
    const b = bytes[p];
    if (b >= 128 || classTable[b] === 0) {
      p += minLength;
      continue;
    }
    let start = p;
    while (start > floor && bytes[start - 1] < 128 && classTable[bytes[start - 1]] === 1) start--;
    let end = p + 1;
    while (end < n && bytes[end] < 128 && classTable[bytes[end]] === 1) end++;
    if (end - start >= minLength) return true;
    floor = end;
    p = end + minLength;
  }
  return false;
}

/** True when `code` is in `classTable` (non-ASCII is never in a class). */
export function inClass(classTable: Uint8Array, code: number): boolean {
  return code < 128 && classTable[code] === 1;
}
