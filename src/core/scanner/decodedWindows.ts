/**
 * Longest decoded base64 text made into one string. V8 keeps longer strings (over 128 KiB) in its
 * large-object space, where each one costs fresh pages: about 3.5 ns a byte on this project's
 * machines against 0.05 for smaller ones. A 750 KB decoded blob took 2.7 ms of a 9.8 ms scan just
 * to become a string; read as windows of whole lines, it takes 0.05 ms.
 */
export const MAX_DECODED_STRING = 120_000;

/**
 * How much consecutive windows share, at least. Each window answers for the findings that start in
 * the middle of what it shares with its neighbours, so every finding is judged with at least half of
 * this (8 KiB) of its text on either side: far more than any detector reads around a value (a name
 * 200 characters back, an anchor 1,000, "Palette near" 300). Only a multi-line construct longer than
 * that (a Terraform provider block of over 8 KiB) can cross the edge of what its window sees.
 */
export const DECODED_WINDOW_OVERLAP = 16_384;

/** Where one window lies in the decoded text, and which part of it the window answers for. */
export interface WindowLayout {
  /** The window: [start, end), both line starts (or the text's ends). */
  readonly start: number;
  readonly end: number;
  /** The findings the window keeps start in [ownStart, ownEnd); the windows' own parts tile the text. */
  readonly ownStart: number;
  readonly ownEnd: number;
}

/**
 * Lays `length` decoded bytes out as overlapping windows of whole lines, each at most `maxWindow`
 * long, or returns undefined when the lines are too long for that (a line break must fall within
 * `overlap` bytes of where each window would end and of where the next would start). Windows never
 * cut a line, so a value is never cut short; each step forward is at least `maxWindow - 3 * overlap`,
 * so the windows hold at most `maxWindow / (maxWindow - 3 * overlap)` times the text.
 */
export function layOutLineWindows(bytes: Uint8Array, length: number, maxWindow = MAX_DECODED_STRING, overlap = DECODED_WINDOW_OVERLAP): WindowLayout[] | undefined {
  const windows: WindowLayout[] = [];
  let start = 0;
  let ownStart = 0;
  while (length - start > maxWindow) {
    const end = lineStartAtOrBefore(bytes, start + maxWindow, start + maxWindow - overlap);
    if (end < 0) return undefined;
    const next = lineStartAtOrBefore(bytes, end - overlap, end - 2 * overlap);
    if (next < 0) return undefined;
    // Halfway through what the two windows share: each side of the boundary has overlap / 2 or more.
    const ownEnd = next + Math.floor((end - next) / 2);
    windows.push({ start, end, ownStart, ownEnd });
    start = next;
    ownStart = ownEnd;
  }
  windows.push({ start, end: length, ownStart, ownEnd: length });
  return windows;
}

/** The last line start in [floor, limit] (a position just after `\n` or `\r`), or -1. */
function lineStartAtOrBefore(bytes: Uint8Array, limit: number, floor: number): number {
  for (let i = limit; i >= floor && i > 0; i--) {
    const before = bytes[i - 1];
    if (before === 10 || before === 13) return i;
  }
  return -1;
}
