import type { CliReport } from './cliReport';

/** One grep-like line per finding: `file:line:column: confidence rule masked message [fingerprint]`. */
export function formatText(report: CliReport): string {
  return report.findings
    .map((finding) => {
      const known = finding.knownKeyId !== undefined ? ` (known key ${finding.knownKeyId})` : '';
      return `${finding.relativeFile}:${finding.line}:${finding.column}: ${finding.confidence} ${finding.ruleId} ${finding.masked} ${finding.message}${known} [${finding.fingerprint}]\n`;
    })
    .join('');
}

/** The stderr summary line. */
export function formatSummary(report: CliReport, seconds: number): string {
  const files = new Set(report.findings.map((finding) => finding.relativeFile)).size;
  const noun = report.findings.length === 1 ? 'finding' : 'findings';
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : '';
  return `palette-keys: ${report.findings.length} ${noun} in ${files} ${files === 1 ? 'file' : 'files'} (${report.filesScanned} files scanned${skipped}) in ${seconds.toFixed(2)}s\n`;
}
