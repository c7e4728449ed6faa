import { isFindingFingerprint } from './fingerprint';

/** The comment marker that silences findings on its own line and on the next line. */
export const ALLOW_MARKER = 'palette-keys:allow';

/** Name of the workspace ignore file: finding fingerprints, one a line, `#` comments. */
export const IGNORE_FILE_NAME = '.palette-keys-ignore';

/**
 * Parses `.palette-keys-ignore` text. Lines hold a fingerprint optionally followed by a comment
 * (`pk1:… # test fixture`); blank lines, `#` lines and lines that are not fingerprints are skipped.
 */
export function parseIgnoreFile(text: string): Set<string> {
  const fingerprints = new Set<string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (isFindingFingerprint(line)) fingerprints.add(line);
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
