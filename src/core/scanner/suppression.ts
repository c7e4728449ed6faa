import { isRegexSpace, spaceRunStart } from './charClass';
import { FINGERPRINT_LENGTH, isFindingFingerprint } from './fingerprint';
import { FingerprintSet } from './fingerprintSet';
import type { LineIndex } from './lineIndex';
import { OffsetList } from './offsetList';

/** The comment marker that silences findings on its own line and on the next line. */
export const ALLOW_MARKER = 'palette-keys:allow';

/** Name of the workspace ignore file: finding fingerprints, one a line, `#` comments. */
export const IGNORE_FILE_NAME = '.palette-keys-ignore';

/**
 * Largest ignore file read (1 MiB, about 25,000 fingerprints with comments): a larger one is not a
 * list someone keeps by hand. Readers skip it whole (and say so) rather than honour part of it.
 */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/**
 * Parses `.palette-keys-ignore` text. Lines (ended by `\n` or `\r\n`) hold a fingerprint optionally
 * followed by a comment (`pk1:… # test fixture`); blank lines, `#` lines and lines that are not
 * fingerprints are skipped. One pass: each line is cut at its first `#` (a regex such as `/#.*$/`
 * retries from every `#` of a line that holds a lone CR, which is quadratic), and lines are read in
 * place rather than split into an array (a 1 MiB file of comment lines: 28,000 strings at once).
 */
export function parseIgnoreFile(text: string): ReadonlySet<string> {
  const fingerprints = new FingerprintSet();
  const n = text.length;
  // The first `#` at or after the current line's start (n when there is none): found again only
  // once the lines pass it, so a file without `#` is searched once, not once a line.
  let hash = -1;
  for (let start = 0; start <= n; ) {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? n + 1 : newline + 1;
    let end = newline < 0 ? n : newline;
    if (end > start && text.charCodeAt(end - 1) === 13 /* \r */) end--;
    if (hash < start) {
      const found = text.indexOf('#', start);
      hash = found < 0 ? n : found;
    }
    // Trimmed in place: only a line of a fingerprint's length is made into a string.
    const cut = Math.min(end, hash);
    let from = start;
    while (from < cut && isRegexSpace(text.charCodeAt(from))) from++;
    const to = spaceRunStart(text, cut, from);
    if (to - from === FINGERPRINT_LENGTH) {
      const line = text.slice(from, to);
      if (isFindingFingerprint(line)) fingerprints.add(line);
    }
    start = next;
  }
  return fingerprints;
}

/** True when the finding's own line carries the allow marker (usually a trailing comment). */
export function hasAllowMarker(lineText: string): boolean {
  return lineText.includes(ALLOW_MARKER);
}

/**
 * True when the line above a finding is a comment line with the allow marker. A marker trailing
 * code on the line above silences that line only, not the next one too.
 */
export function isAllowCommentLine(lineText: string): boolean {
  const index = lineText.indexOf(ALLOW_MARKER);
  return index >= 0 && /^\s*(?:#|\/\/|\/\*|\*|--|;|<!--|'|rem\b|%)/i.test(lineText.slice(0, index + 1));
}

/**
 * The allow markers of one text, answering "is a finding on this line silenced?" without reading the
 * text again per finding: a file with thousands of findings on one long line would otherwise re-read
 * that line for each. Markers are found from the text's start only as far as the lines asked about.
 */
export class AllowMarkers {
  /** Starts of the markers found so far, in order. */
  private readonly markers = new OffsetList();
  /** Every marker that starts before this offset is recorded. */
  private searchedTo = 0;
  /** Lines holding a marker, each mapped to whether it is a comment line (decided on first ask). */
  private readonly commentLines = new Map<number, boolean>();

  constructor(private readonly text: string, private readonly lines: LineIndex) {}

  /** True when the 1-based `line` carries a marker, or the line above is a comment line with one. */
  suppresses(line: number): boolean {
    if (this.markerOn(line)) return true;
    if (!this.markerOn(line - 1)) return false;
    let commentLine = this.commentLines.get(line - 1);
    if (commentLine === undefined) {
      commentLine = isAllowCommentLine(this.lines.lineText(line - 1));
      this.commentLines.set(line - 1, commentLine);
    }
    return commentLine;
  }

  /** Gives the markers' memory back for the next scan to reuse; the object must not be used after. */
  release(): void {
    this.markers.release();
  }

  /** True when a marker starts on the 1-based `line`. */
  private markerOn(line: number): boolean {
    const start = this.lines.lineStart(line);
    if (start < 0) return false;
    const next = this.lines.lineStart(line + 1);
    const end = next < 0 ? this.text.length : next;
    this.searchTo(end);
    const first = this.markers.firstAtOrAfter(start);
    return first < this.markers.length && this.markers.items[first] < end;
  }

  /** Records the markers that start before `offset`. */
  private searchTo(offset: number): void {
    while (this.searchedTo < offset) {
      const marker = this.text.indexOf(ALLOW_MARKER, this.searchedTo);
      if (marker < 0) {
        this.searchedTo = Number.POSITIVE_INFINITY;
        return;
      }
      this.markers.push(marker);
      this.searchedTo = marker + ALLOW_MARKER.length;
    }
  }
}
