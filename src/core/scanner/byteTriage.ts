import { base64HeadLooksLikeText, BASE64_HEAD_CHARS, MIN_BASE64_RUN } from './base64Segments';
import { ALNUM, ASCII_FOLD, BASE64, pairSkipTable } from './charClass';
import { assessKeyCandidate, KEY_LENGTH } from './keyCandidate';
import type { KnownKeyIndex } from './knownKeyIndex';
import { forEachByteRun, inByteClass } from './tokenRuns';

/**
 * Words one of which every context detector needs in the text before it reports anything,
 * compared ASCII case-insensitively: the anchored detectors test `CONTEXT_ANCHOR`
 * (`api[-_]?key|spectro|palette`, paletteMention.ts), the section detector `SECTION_WORDS`
 * (`spectro|palette|sc_host`, rules/paletteSection.ts). Lower case. A unit test keeps this list
 * and those regexes in step.
 */
export const CONTEXT_WORDS: readonly string[] = ['apikey', 'api_key', 'api-key', 'spectro', 'palette', 'sc_host'];

/**
 * True when a file that passed `bytesMayHoldKey` cannot give a finding even so, judged on its raw
 * UTF-8 bytes without decoding them. A detector reports a plain value only when it is a maximal run
 * of exactly 32 letters and digits that `assessKeyCandidate` finds plausible (the known-key detector:
 * one that is a known key), and a context detector only in text with a context word; an encoded key
 * needs a base64 run that may decode to text. So a file is settled when it has no such base64 run,
 * no known key, and either no context word or no plausible 32-character run. Most candidates of a
 * dependency tree are like that (minified bundles and lock files with hashes: 901 of the 915
 * candidates in this project's node_modules; type declarations whose long identifiers mention a
 * palette), and decoding them was most of a workspace scan's time and garbage.
 *
 * Offsets do not matter here: a file with anything to report is decoded and scanned in full.
 * Multi-byte UTF-8 sequences hold no ASCII byte, so runs and words are the decoded text's.
 */
export function bytesCannotHoldFinding(bytes: Buffer, knownKeys: KnownKeyIndex | undefined): boolean {
  const lookUp = knownKeys !== undefined && knownKeys.size > 0 ? knownKeys : undefined;
  const contextWord = hasContextWord(bytes);
  let cannot = true;
  // One pass over the runs that can matter: base64 runs of 32 or more hold every 32-character
  // alphanumeric run (a subset of base64), and every base64 run long enough to hold an encoded key.
  forEachByteRun(bytes, BASE64, KEY_LENGTH, (start, end) => {
    cannot = !(end - start >= MIN_BASE64_RUN && textLikeSegmentHead(bytes, start, end)) && !holdsReportableRun(bytes, start, end, lookUp, contextWord);
    return cannot;
  });
  return cannot;
}

/**
 * Whether a plain 32-character alphanumeric run inside the base64 run [start, end) is a known key,
 * or (with a context word in the file) a plausible key.
 */
function holdsReportableRun(bytes: Buffer, start: number, end: number, knownKeys: KnownKeyIndex | undefined, contextWord: boolean): boolean {
  if (knownKeys === undefined && !contextWord) return false;
  let runStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && inByteClass(ALNUM, bytes[i])) continue;
    if (i - runStart === KEY_LENGTH) {
      const value = bytes.toString('latin1', runStart, i);
      if (knownKeys?.lookup(value) !== undefined || (contextWord && assessKeyCandidate(value).plausible)) return true;
    }
    runStart = i + 1;
  }
  return false;
}

/**
 * Whether `findBase64Segments` would decode the base64 run [start, runEnd) whole: its head, from the
 * same first character and with the same padding, decodes to text. A file without such a run has no
 * base64 segment.
 */
function textLikeSegmentHead(bytes: Buffer, start: number, runEnd: number): boolean {
  let end = runEnd;
  while (end < bytes.length && end - runEnd < 2 && bytes[end] === 61 /* = */) end++;
  const from = (runEnd - start) % 4 === 1 ? start + 1 : start;
  return base64HeadLooksLikeText(bytes, from, Math.min(end, from + BASE64_HEAD_CHARS));
}

/** The shortest word's length: the window the search slides over the bytes. */
const WINDOW = Math.min(...CONTEXT_WORDS.map((word) => word.length));
const WORD_CODES = CONTEXT_WORDS.map((word) => Uint8Array.from(word, (char) => char.charCodeAt(0)));

/**
 * The words' pair skip table over bytes (`first << 8 | second`). Pairs are rarer than single bytes,
 * so the window mostly slides by WINDOW - 1 (a single-byte table stops at every `e`, `t` and `s`).
 */
const PAIR_SKIP = pairSkipTable(WORD_CODES, 8);

/** Whether a context word occurs, ASCII case-insensitively (as the detectors' `/i` regexes read it). */
export function hasContextWord(bytes: Uint8Array): boolean {
  const n = bytes.length;
  for (let p = WINDOW - 1; p < n; ) {
    const step = PAIR_SKIP[(bytes[p - 1] << 8) | bytes[p]];
    if (step !== 0) {
      p += step;
      continue;
    }
    const start = p - WINDOW + 1;
    for (let w = 0; w < WORD_CODES.length; w++) if (wordAt(bytes, start, WORD_CODES[w])) return true;
    p++;
  }
  return false;
}

function wordAt(bytes: Uint8Array, start: number, word: Uint8Array): boolean {
  if (start + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) if (ASCII_FOLD[bytes[start + i]] !== word[i]) return false;
  return true;
}
