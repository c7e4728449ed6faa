import type { HistoryScanResult } from '../core/scanner/history/historyFinding';
import type { CliFinding, CliReport } from './cliReport';

/**
 * `--history` text output, grouped by fingerprint (one leaked value), then one line per file or
 * commit message it was introduced into:
 *
 *     pk1:… FAKE…Yf1G high palette-keys/env-assignment: removed from HEAD, still in history
 *       deploy/.env:2:21 commit 1a2b3c4d5e6f 2024-05-01 Alice
 */
export function formatHistoryText(report: CliReport): string {
  const groups = new Map<string, CliFinding[]>();
  for (const finding of report.findings) {
    const group = groups.get(finding.fingerprint);
    if (group) group.push(finding);
    else groups.set(finding.fingerprint, [finding]);
  }
  let text = '';
  for (const [fingerprint, findings] of groups) {
    const first = findings[0];
    const atHead = findings.some((finding) => finding.history?.presentAtHead === true);
    const known = first.knownKeyId !== undefined ? ` (known key ${first.knownKeyId})` : '';
    text += `${fingerprint} ${first.masked} ${first.confidence} ${first.ruleId}${known}: ${atHead ? 'still at HEAD' : 'removed from HEAD, still in history'}\n`;
    for (const finding of findings) {
      const history = finding.history;
      const where = history?.source === 'message' ? `(commit message):${finding.line}` : history?.source === 'author' ? '(author name)' : `${finding.relativeFile}:${finding.line}:${finding.column}`;
      text += `  ${where} commit ${history?.commit.slice(0, 12) ?? '?'} ${history?.date.slice(0, 10) ?? ''} ${history?.author ?? ''}\n`;
    }
  }
  return text;
}

/** The stderr summary line of a history scan, with what it could not see. */
export function formatHistorySummary(result: HistoryScanResult, seconds: number): string {
  const leaks = new Set(result.findings.map((finding) => finding.fingerprint)).size;
  const noun = result.findings.length === 1 ? 'finding' : 'findings';
  const skipped = result.skippedCount > 0 ? `, ${result.skippedCount} file diffs skipped (too large or submodules)` : '';
  let summary = `palette-keys: ${result.findings.length} ${noun} (${leaks} distinct ${leaks === 1 ? 'key' : 'keys'}) in ${result.commitsScanned} commits scanned${skipped} in ${seconds.toFixed(2)}s\n`;
  if (result.empty) summary += 'palette-keys: the repository has no commits yet.\n';
  if (result.shallow) summary += 'palette-keys: shallow clone: commits before its boundary were not scanned; a leak may be older than the commit named.\n';
  if (result.findings.length > 0) {
    summary += 'palette-keys: revoke or rotate every key found: deleting it, or rewriting history, does not unpublish a key that was pushed.\n';
  }
  return summary;
}
