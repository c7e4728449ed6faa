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

/** Standard and URL-safe base64 alphabets together (padding excluded). */
export const BASE64 = table(DIGITS + UPPER + LOWER + '+/-_');

/** Characters that glue a token to a longer word, identifier or base64/hex run. */
export const TOKEN_GLUE = table(DIGITS + UPPER + LOWER + '+/-_');

/** True when `code` is in `classTable` (non-ASCII is never in a class). */
export function inClass(classTable: Uint8Array, code: number): boolean {
  return code < 128 && classTable[code] === 1;
}
