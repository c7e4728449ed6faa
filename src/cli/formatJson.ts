import type { CliReport } from './cliReport';

/** `{"findings": [...], "skipped": [...]}`; no field carries a raw value. */
export function formatJson(report: CliReport): string {
  const findings = report.findings.map((finding) => ({
    file: finding.relativeFile,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    ruleId: finding.ruleId,
    confidence: finding.confidence,
    fingerprint: finding.fingerprint,
    masked: finding.masked,
    message: finding.message,
    encoding: finding.encoding,
    ...(finding.knownKeyId !== undefined ? { knownKeyId: finding.knownKeyId } : {}),
    ...(finding.history !== undefined
      ? { source: finding.history.source, commit: finding.history.commit, author: finding.history.author, date: finding.history.date, presentAtHead: finding.history.presentAtHead }
      : {}),
  }));
  return `${JSON.stringify({ findings, skipped: report.skipped }, null, 2)}\n`;
}
