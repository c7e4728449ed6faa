import { pathToFileURL } from 'node:url';
import { GitError, runGit } from '../core/scanner/history/gitProcess';
import type { HistoryScanResult } from '../core/scanner/history/historyFinding';
import { scanHistoryOnWorker } from '../core/scanner/history/scanHistoryOnWorker';
import { UsageError, type HistoryRange, type ScanCommandOptions } from './cliOptions';
import type { CliFinding, CliReport } from './cliReport';
import { formatJson } from './formatJson';
import { formatHistorySummary, formatHistoryText } from './formatHistoryText';
import { formatSarif } from './formatSarif';
import { scanConfigFrom, type CliIo } from './runCli';
import { CLI_VERSION } from './version';

/**
 * `palette-keys scan --history [paths…]`: every commit HEAD reaches (or every ref with `--all`,
 * or only those after `--since REV`), one finding per leak at its introducing commit. Paths are
 * relative to the repository top, as git names them. Exit codes as for a file scan.
 */
export async function runHistoryScan(options: ScanCommandOptions, range: HistoryRange, io: CliIo): Promise<number> {
  const started = performance.now();
  const config = scanConfigFrom(options, io);
  let result: HistoryScanResult;
  try {
    const scan = {
      cwd: io.cwd,
      paths: options.paths.length === 1 && options.paths[0] === '.' ? [] : options.paths,
      allRefs: range.allRefs,
      since: range.since,
      maxCommits: range.maxCommits,
      config,
    };
    result = await scanHistoryOnWorker(scan, io.historyWorkerScript);
  } catch (error) {
    // A revision or folder the user named that git does not know is a usage mistake (exit 2 either way).
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
  const findings: CliFinding[] = result.findings.map((finding) => ({
    ...finding,
    start: 0,
    end: 0,
    relativeFile: finding.file,
    history: { source: finding.source, commit: finding.commit, author: finding.author, date: finding.date, presentAtHead: finding.presentAtHead },
  }));
  const report: CliReport = {
    findings,
    skipped: [],
    filesScanned: 0,
    cwd: result.root,
    version: CLI_VERSION,
    // Only SARIF shows where the repository lives: no git process for the other formats.
    ...(options.format === 'sarif' ? { provenance: await provenance(result) } : {}),
  };
  const format = options.format;
  io.stdout(format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report) : formatHistoryText(report));
  io.stderr(formatHistorySummary(result, (performance.now() - started) / 1000));
  return findings.length > 0 ? 1 : 0;
}

/** The repository's `origin` URL (or its folder when it has none) and HEAD's commit, for SARIF. */
async function provenance(result: HistoryScanResult): Promise<CliReport['provenance']> {
  const remote = await runGit(result.root, ['config', '--get', 'remote.origin.url']);
  const remoteUrl = remote.code === 0 ? remote.stdout.trim() : '';
  return {
    repositoryUri: remoteUrl !== '' ? withoutCredentials(remoteUrl) : pathToFileURL(`${result.root}/`).href,
    revisionId: result.head,
  };
}

/** A remote URL without a user name or token (`https://user:token@host/…` is common in CI). */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url; // scp-like `git@host:path` has no password part
  }
}
