import { inClass } from './charClass';

/**
 * Calls `onRun(start, end)` for every maximal run of characters of `classTable` that is at least
 * `minLength` long. It samples one character in every `minLength` (any long-enough run must cover a
 * sample), so text without long runs costs about n / minLength reads instead of n.
 * Return `false` from `onRun` to stop early; `from` (the end of the last run read, or 0) resumes.
 */
export function forEachRun(
  text: string,
  classTable: Uint8Array,
  minLength: number,
  onRun: (start: number, end: number) => boolean | void,
  from = 0,
): void {
  const n = text.length;
  let floor = from;
  let p = from + minLength - 1;
  while (p < n) {
    if (!inClass(classTable, text.charCodeAt(p))) {
      p += minLength;
      continue;
    }
    let start = p;
    while (start > floor && inClass(classTable, text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < n && inClass(classTable, text.charCodeAt(end))) end++;
    if (end - start >= minLength && onRun(start, end) === false) return;
    floor = end;
    // The next run starts at end + 1 at the earliest, so its minLength-th character is at end + minLength.
    p = end + minLength;
  }
}

/** True when the text has at least one run of `classTable` characters of `minLength` or more. */
export function hasRun(text: string, classTable: Uint8Array, minLength: number): boolean {
  let found = false;
  forEachRun(text, classTable, minLength, () => {
    found = true;
    return false;
  });
  return found;
}

/**
 * `forEachRun` over raw UTF-8 bytes (a multi-byte sequence is never part of an ASCII class): every
 * maximal run of `classTable` bytes at least `minLength` long, in order. Return `false` from `onRun`
 * to stop.
 *
 * It looks at the last byte of a window of `minLength` bytes and reads the window backwards: the
 * first byte outside the class it meets means no long-enough run can hold it, so the next window
 * ends `minLength` bytes after that byte. Only a window read to its start without one is a run,
 * then read out to both ends. Source text (words shorter than the window, most of them) costs a
 * few bytes per window this way; walking out to each word's end first cost half the text more.
 */
export function forEachByteRun(bytes: Uint8Array, classTable: Uint8Array, minLength: number, onRun: (start: number, end: number) => boolean | void): void {
  const n = bytes.length;
  let floor = 0;
  let p = minLength - 1;
  while (p < n) {
    if (!inByteClass(classTable, bytes[p])) {
      p += minLength;
      continue;
    }
    const windowStart = p - minLength + 1;
    let q = p - 1;
    while (q >= windowStart && inByteClass(classTable, bytes[q])) q--;
    if (q >= windowStart) {
      p = q + minLength;
      continue;
    }
    let start = windowStart;
    while (start > floor && inByteClass(classTable, bytes[start - 1])) start--;
    let end = p + 1;
    while (end < n && inByteClass(classTable, bytes[end])) end++;
    if (onRun(start, end) === false) return;
    floor = end;
    p = end + minLength;
  }
}

/** `inClass` for a byte. */
export function inByteClass(classTable: Uint8Array, byte: number): boolean {
  return byte < 128 && classTable[byte] === 1;
}
