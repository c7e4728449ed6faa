import { ALNUM, inClass } from './charClass';
import { DOCUMENTED_EXAMPLE_KEYS, PLACEHOLDER_WORDS } from './placeholderWords';

/** Length of a Palette API key value. */
export const KEY_LENGTH = 32;

/** Why a 32-character token was judged not to be a real key. */
export type RejectReason =
  | 'shape'
  | 'hex'
  | 'characterClasses'
  | 'lowVariety'
  | 'sequential'
  | 'placeholderWords'
  | 'wordy'
  | 'documentedExample';

/** The verdict on a candidate value: plausible, or rejected with a reason (for tests and debugging). */
export type CandidateVerdict = { readonly plausible: true } | { readonly plausible: false; readonly reason: RejectReason };

const PLAUSIBLE: CandidateVerdict = { plausible: true };
const reject = (reason: RejectReason): CandidateVerdict => ({ plausible: false, reason });

/**
 * The candidate's codes, lower-cased (an ASCII letter's case is bit 0x20, which digits have set
 * already), read once for the tests that follow instead of once per test: reading a sliced string
 * costs more than the tests. Shared by every call (the scanner is synchronous), so it allocates nothing.
 */
const lowerCodes = new Uint8Array(KEY_LENGTH);

/**
 * Judges whether a token could be a real Palette key rather than a placeholder, a hash or a word.
 * A real key is 32 random letters and digits: it mixes upper and lower case (missing either happens
 * about once in 10^7 keys), has ~25 distinct characters, no long sequences and no words. Thresholds
 * are set so a random key is rejected well under once in a thousand.
 */
export function assessKeyCandidate(value: string): CandidateVerdict {
  if (value.length !== KEY_LENGTH) return reject('shape');
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let hexOnly = true;
  let vowels = 0;
  // Distinct characters as bits of two masks (62 possible): no allocation per candidate.
  let seenLow = 0;
  let seenHigh = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!inClass(ALNUM, c)) return reject('shape');
    lowerCodes[i] = c | 0x20;
    const slot = c <= 57 ? c - 48 : c <= 90 ? c - 55 : c - 61;
    if (slot < 31) seenLow |= 1 << slot;
    else seenHigh |= 1 << (slot - 31);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else digits++;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) hexOnly = false;
    if (VOWEL[c] === 1) vowels++;
  }
  if (hexOnly) return reject('hex');
  if (upper === 0 || lower === 0) return reject('characterClasses');
  if (bitCount(seenLow) + bitCount(seenHigh) < 14) return reject('lowVariety');
  if (hasSequence(lowerCodes)) return reject('sequential');
  if (DOCUMENTED_EXAMPLE_KEYS.has(value)) return reject('documentedExample');
  if (placeholderCoverage(lowerCodes) >= 8) return reject('placeholderWords');
  if (isWordy(value, digits, vowels / (upper + lower))) return reject('wordy');
  return PLAUSIBLE;
}

/** 1 for the vowels `aeiouAEIOU`. */
const VOWEL = new Uint8Array(128);
for (const vowel of 'aeiouAEIOU') VOWEL[vowel.charCodeAt(0)] = 1;

function bitCount(mask: number): number {
  let bits = mask - ((mask >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Runs like `abcde`, `12345` or `ZYXWV` (5+ characters stepping by one), or many short ones. */
function hasSequence(codes: Uint8Array): boolean {
  let run = 0;
  let total = 0;
  let lastStep = 0;
  for (let i = 1; i < codes.length; i++) {
    const step = codes[i] - codes[i - 1];
    if ((step === 1 || step === -1) && sameKind(codes[i], codes[i - 1])) {
      total++;
      run = step === lastStep ? run + 1 : 1;
      lastStep = step;
      if (run >= 4) return true;
    } else {
      run = 0;
      lastStep = 0;
    }
  }
  return total >= 8;
}

function sameKind(a: number, b: number): boolean {
  return (a >= 48 && a <= 57) === (b >= 48 && b <= 57);
}

/** The placeholder words as code arrays, listed under their first code: a value is read once, not once per word. */
const WORDS_BY_FIRST_CODE: Uint8Array[][] = Array.from({ length: 128 }, () => []);
for (const word of PLACEHOLDER_WORDS) WORDS_BY_FIRST_CODE[word.charCodeAt(0)].push(Uint8Array.from(word, (char) => char.charCodeAt(0)));
/**
 * 1 for the pairs of codes a placeholder word starts with (`first << 7 | second`; every word has two
 * or more): about one place in thirty of a random value, so most places are passed over with one look.
 */
const WORD_START_PAIRS = new Uint8Array(128 * 128);
for (const word of PLACEHOLDER_WORDS) WORD_START_PAIRS[(word.charCodeAt(0) << 7) | word.charCodeAt(1)] = 1;

/**
 * How many characters of the (lower-case, 32-character) value are covered by placeholder words (a
 * 6+ letter word counts fully). Covered characters are bits of one 32-bit mask.
 */
function placeholderCoverage(codes: Uint8Array): number {
  let covered = 0;
  for (let index = 0; index + 1 < codes.length; index++) {
    if (WORD_START_PAIRS[(codes[index] << 7) | codes[index + 1]] === 0) continue;
    const words = WORDS_BY_FIRST_CODE[codes[index]];
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      if (!wordAt(codes, index, word)) continue;
      if (word.length >= 6) return KEY_LENGTH;
      covered |= ((1 << word.length) - 1) << index;
    }
  }
  return bitCount(covered);
}

function wordAt(codes: Uint8Array, index: number, word: Uint8Array): boolean {
  if (index + word.length > codes.length) return false;
  for (let i = 1; i < word.length; i++) if (codes[index + i] !== word[i]) return false;
  return true;
}

/**
 * CamelCase identifiers and English-like strings (`getDefaultApiKeyProviderForTests`): few
 * case segments, many vowels, hardly any digits. Random keys have ~15 segments and ~19% vowels.
 */
function isWordy(value: string, digits: number, vowelRatio: number): boolean {
  // The cheap tests first: a random key is rarely vowel-rich, and splitting it into segments allocates.
  if (digits > 2 || vowelRatio < 0.2) return false;
  const segments = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g) ?? [];
  // Long words have fewer vowels (`CanvasRenderingContext2DSettings`: 29%, six segments), so below
  // 30% fewer segments count as words: that rejects about 11 more random keys in a million.
  return segments.length <= (vowelRatio >= 0.3 ? 10 : 7);
}
