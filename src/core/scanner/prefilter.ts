import { decodeBase64 } from '../encoding/base64';
import { base64HeadLooksLikeText, BASE64_HEAD_CHARS, looksLikeText, MIN_BASE64_RUN } from './base64Segments';
import { ALNUM, BASE64, inClass } from './charClass';
import { KEY_LENGTH } from './keyCandidate';
import { forEachByteRun, forEachRun } from './tokenRuns';

/**
 * Whether text can hold a finding at all. Every finding needs an alphanumeric run of exactly 32
 * characters (longer runs are never a key), or a base64 run long enough to encode one that decodes
 * to text. One sampling pass over base64 runs answers both: alphanumerics are a subset of base64.
 */
export function mayHoldKey(text: string): boolean {
  let found = false;
  forEachRun(text, BASE64, KEY_LENGTH, (start, end) => {
    found =
      hasExactAlnumRun((i) => text.charCodeAt(i), start, end) ||
      (end - start >= MIN_BASE64_RUN && looksLikeText(decodeBase64(text.slice(start, Math.min(end, start + BASE64_HEAD_CHARS)))));
    return !found;
  });
  return found;
}

/** `mayHoldKey` on raw UTF-8 bytes (multi-byte sequences are never part of a run), so most files skip decoding. */
export function bytesMayHoldKey(bytes: Uint8Array): boolean {
  let found = false;
  forEachByteRun(bytes, BASE64, KEY_LENGTH, (start, end) => {
    found =
      hasExactAlnumRun((i) => bytes[i], start, end) ||
      (end - start >= MIN_BASE64_RUN && base64HeadLooksLikeText(bytes, start, Math.min(end, start + BASE64_HEAD_CHARS)));
    return !found;
  });
  return found;
}

/** True when [start, end) holds a maximal alphanumeric run of exactly 32. */
function hasExactAlnumRun(codeAt: (index: number) => number, start: number, end: number): boolean {
  let run = 0;
  for (let i = start; i < end; i++) {
    if (inClass(ALNUM, codeAt(i))) run++;
    else {
      if (run === KEY_LENGTH) return true;
      run = 0;
    }
  }
  return run === KEY_LENGTH;
}
