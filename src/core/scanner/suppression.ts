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

/** True when `lineText` (the finding's line or the line above it) carries the allow marker. */
export function hasAllowMarker(lineText: string): boolean {
  return lineText.includes(ALLOW_MARKER);
}
