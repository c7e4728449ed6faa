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

/** `[A-Za-z0-9_-]`: characters that continue an identifier or a dashed name (`ApiKeyId`, `X-ApiKey`). */
export const IDENTIFIER_CHARS = table(DIGITS + UPPER + LOWER + '_-');

/** `[A-Za-z0-9_.-]`: the characters of a setting's name (`SPECTROCLOUD_APIKEY`, `palette.api-key`). */
export const NAME_CHARS = table(DIGITS + UPPER + LOWER + '_.-');

/** True when `code` is in `classTable` (non-ASCII is never in a class). */
export function inClass(classTable: Uint8Array, code: number): boolean {
  return code < 128 && classTable[code] === 1;
}

/**
 * True when `code` is whitespace as a regex `\s` sees it (Unicode spaces and line terminators), for
 * hand-written scans that replace anchored regexes over unbounded text.
 */
export function isRegexSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Start of the run of regex-space characters that ends at `end`, not crossing a `\n` or `floor`. */
export function spaceRunStart(text: string, end: number, floor = 0): number {
  let p = end;
  while (p > floor && text.charCodeAt(p - 1) !== 10 && isRegexSpace(text.charCodeAt(p - 1))) p--;
  return p;
}

/** True when `offset` is the start of a line (`\n`-separated, as the line index counts them). */
export function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text.charCodeAt(offset - 1) === 10;
}

/** ASCII letters folded to lower case; every other code (up to 255) stays itself. */
export const ASCII_FOLD = Uint8Array.from({ length: 256 }, (_, code) => (code >= 65 && code <= 90 ? code + 32 : code));

/**
 * Wu and Manber's skip table over pairs of codes for lower-case ASCII `words`, read ASCII
 * case-insensitively: how far a window as long as the shortest word may slide when it ends with a
 * pair (indexed `first << codeBits | second`), 0 where the pair ends some word's window and the
 * words are compared there. Each pair of a word is set under every case of its letters: a few
 * hundred entries, where folding every pair cost milliseconds at every start (a loop that runs
 * once is never compiled).
 */
export function pairSkipTable(words: readonly Uint8Array[], codeBits: 7 | 8): Uint8Array {
  const window = Math.min(...words.map((word) => word.length));
  const skip = new Uint8Array(1 << (2 * codeBits)).fill(Math.min(window - 1, 255));
  for (const word of words) {
    for (let j = 1; j < window; j++) {
      for (const first of caseVariants(word[j - 1])) {
        for (const second of caseVariants(word[j])) {
          const pair = (first << codeBits) | second;
          skip[pair] = Math.min(skip[pair], window - 1 - j);
        }
      }
    }
  }
  return skip;
}

/** A lower-case ASCII code and the codes that fold to it: itself, and its upper case for a letter. */
function caseVariants(lower: number): readonly number[] {
  return lower >= 97 && lower <= 122 ? [lower, lower - 32] : [lower];
}
