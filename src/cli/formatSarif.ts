import type { Log, ReportingDescriptor, Result } from 'sarif';
import { pathToFileURL } from 'node:url';
import { paletteKeysPreset } from '../core/scanner/preset';
import type { Confidence } from '../core/scanner/types';
import type { CliReport } from './cliReport';

const LEVEL: Readonly<Record<Confidence, Result.level>> = { high: 'error', medium: 'warning', low: 'note' };

/** Key of the partial fingerprint; GitHub code scanning and other SARIF consumers dedupe on it. */
export const SARIF_FINGERPRINT_KEY = 'paletteKeysFinding/v1';

/**
 * SARIF 2.1.0 with every rule of the preset, one result per finding, UTF-16 columns, URIs relative
 * to %SRCROOT% (the working directory), and partial fingerprints. No snippets: they would hold the key.
 */
export function formatSarif(report: CliReport): string {
  const rules: ReportingDescriptor[] = paletteKeysPreset.map((detector) => ({
    id: detector.meta.id,
    name: detector.meta.id.replace(/^palette-keys\//, ''),
    shortDescription: { text: detector.meta.docs.description },
    fullDescription: { text: detector.meta.docs.description },
    help: { text: detector.meta.docs.help },
    defaultConfiguration: { level: 'error' },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: Result[] = report.findings.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.confidence],
    message: { text: `${finding.message} (${finding.masked})` },
    // A key in a commit message or author name has no file to point at; its commit is in the properties.
    locations: finding.history !== undefined && finding.history.source !== 'file' ? [] : [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(finding.relativeFile), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      confidence: finding.confidence,
      masked: finding.masked,
      encoding: finding.encoding,
      ...(finding.knownKeyId !== undefined ? { knownKeyId: finding.knownKeyId } : {}),
      ...(finding.history !== undefined ? { ...finding.history } : {}),
    },
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'palette-keys', version: report.version, semanticVersion: report.version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.cwd.endsWith('/') ? report.cwd : `${report.cwd}/`).href } },
        columnKind: 'utf16CodeUnits',
        ...(report.provenance !== undefined
          ? { versionControlProvenance: [{ repositoryUri: report.provenance.repositoryUri, ...(report.provenance.revisionId !== undefined ? { revisionId: report.provenance.revisionId } : {}), mappedTo: { uriBaseId: '%SRCROOT%' } }] }
          : {}),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A relative URI reference for a `/`-separated path: each segment percent-encoded (`#`, `?`, spaces…). */
function relativeUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}
