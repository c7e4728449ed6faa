import { base64HeadLooksLikeText, BASE64_HEAD_CHARS, base64TextLooksLikeText, MIN_BASE64_RUN } from './base64Segments';
import { ALNUM, BASE64, inClass } from './charClass';
import { KEY_LENGTH } from './keyCandidate';
import { forEachByteRun } from './tokenRuns';

/**
 * Whether text can hold a finding at all. Every finding needs an alphanumeric run of exactly 32
 * characters (longer runs are never a key), or a base64 run long enough to encode one that decodes
 * to text. One sampling pass over base64 runs answers both: alphanumerics are a subset of base64.
 * A run is judged as it is read, so a huge base64 blob is answered for by its first characters.
 */
export function mayHoldKey(text: string): boolean {
  const n = text.length;
  let floor = 0;
  let p = KEY_LENGTH - 1;
  while (p < n) {
    if (!inClass(BASE64, text.charCodeAt(p))) {
      p += KEY_LENGTH;
      continue;
    }
    let start = p;
    while (start > floor && inClass(BASE64, text.charCodeAt(start - 1))) start--;
    let alnumRun = 0;
    let end = start;
    for (; end < n; end++) {
      const code = text.charCodeAt(end);
      if (!inClass(BASE64, code)) break;
      if (inClass(ALNUM, code)) alnumRun++;
      else if (alnumRun === KEY_LENGTH) return true;
      else alnumRun = 0;
      // A run this long is judged by this head, whatever follows.
      if (end + 1 - start === BASE64_HEAD_CHARS && base64TextLooksLikeText(text, start, end + 1)) return true;
    }
    if (alnumRun === KEY_LENGTH) return true;
    if (end - start >= MIN_BASE64_RUN && end - start < BASE64_HEAD_CHARS && base64TextLooksLikeText(text, start, end)) return true;
    floor = end;
    p = end + KEY_LENGTH;
  }
  return false;
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
