import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FileScanResult } from '../core/scanner/files/fileScanResult';
import { FileScanner } from '../core/scanner/files/fileScanner';
import type { FileScanConfig } from '../core/scanner/files/scanConfig';
import type { SkipReason } from '../core/scanner/files/skipReason';
import { globMatcher } from '../core/scanner/files/globMatcher';
import { walkFilesSync } from '../core/scanner/files/walkFiles';
import { readIgnoreFile, type IgnoreFileRead } from '../core/scanner/files/ignoreFileReader';
import { IGNORE_FILE_NAME, MAX_IGNORE_FILE_BYTES } from '../core/scanner/suppression';
import { FingerprintSet } from '../core/scanner/fingerprintSet';
import { scanOnThreads } from '../core/scanner/worker/scanOnThreads';
import { parseCliArgs, UsageError, type ScanCommandOptions } from './cliOptions';
import type { CliFinding, CliReport } from './cliReport';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatSummary, formatText } from './formatText';
import { HELP_TEXT } from './helpText';
import { runHistoryScan } from './historyScan';
import { parseKnownKeysFile } from './knownKeysFile';
import { readStagedFiles } from './stagedFiles';
import { CLI_VERSION } from './version';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The history scan's worker script; default: `historyWorker.js` beside the scanner's modules. */
  readonly historyWorkerScript?: string;
}

/** Runs the CLI and resolves to the exit status: 0 no findings, 1 findings, 2 error. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const request = parseCliArgs(argv);
    if (request.command === 'help') {
      io.stdout(HELP_TEXT);
      return 0;
    }
    if (request.command === 'version') {
      io.stdout(`${CLI_VERSION}\n`);
      return 0;
    }
    return request.history !== undefined ? await runHistoryScan(request, request.history, io) : await runScan(request, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`palette-keys: ${message}\n`);
    if (error instanceof UsageError) io.stderr("Run 'palette-keys --help' for usage.\n");
    return 2;
  }
}

async function runScan(options: ScanCommandOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  const config: FileScanConfig = { ...scanConfigFrom(options, io), followSymlinks: options.follow };
  const results = options.staged ? await scanStaged(options, config, io.cwd) : await scanPaths(options, config, io.cwd);

  const findings: CliFinding[] = [];
  const skipped: { file: string; reason: SkipReason }[] = [];
  for (const result of results.results) {
    if (result.status === 'skipped') skipped.push({ file: relativeTo(io.cwd, result.path), reason: result.reason });
    else for (const finding of result.findings) findings.push({ ...finding, relativeFile: relativeTo(io.cwd, finding.file) });
  }
  findings.sort((a, b) => (a.relativeFile < b.relativeFile ? -1 : a.relativeFile > b.relativeFile ? 1 : a.start - b.start));
  const report: CliReport = { findings, skipped, filesScanned: results.filesScanned, cwd: io.cwd, version: CLI_VERSION };
  io.stdout(options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report));
  io.stderr(formatSummary(report, (performance.now() - started) / 1000));
  return findings.length > 0 ? 1 : 0;
}

interface ScanResults {
  readonly results: readonly FileScanResult[];
  readonly filesScanned: number;
}

async function scanPaths(options: ScanCommandOptions, config: FileScanConfig, cwd: string): Promise<ScanResults> {
  const roots = options.paths.map((given) => path.resolve(cwd, given));
  for (const [index, root] of roots.entries()) {
    try {
      statSync(root);
    } catch {
      throw new UsageError(`No such file or directory: ${options.paths[index]}`);
    }
  }
  const walkSkips: FileScanResult[] = [];
  const walk = walkFilesSync(roots, { respectGitignore: !options.noIgnore, exclude: options.exclude, followSymlinks: options.follow });
  function* walkedFiles(): Generator<string> {
    for (const entry of walk) {
      if (entry.kind === 'file') yield entry.path;
      else walkSkips.push({ path: entry.path, status: 'skipped', reason: entry.reason });
    }
  }
  const outcome = await scanOnThreads(walkedFiles(), { config, ...(options.jobs > 0 ? { threads: options.jobs } : {}) });
  return { results: [...outcome.results, ...walkSkips], filesScanned: outcome.filesScanned };
}

async function scanStaged(options: ScanCommandOptions, config: FileScanConfig, cwd: string): Promise<ScanResults> {
  const { files } = await readStagedFiles(cwd, options.maxFileSize);
  const roots = options.paths.map((given) => path.resolve(cwd, given));
  const excluded = options.exclude.length > 0 ? globMatcher(options.exclude) : undefined;
  const scanner = new FileScanner(config);
  const results: FileScanResult[] = [];
  let filesScanned = 0;
  for (const file of files) {
    if (!roots.some((root) => isWithin(file.path, root))) continue;
    if (excluded?.(relativeTo(cwd, file.path)) === true) continue;
    const result: FileScanResult =
      'content' in file ? scanner.scanBytes(file.path, file.content) : { path: file.path, status: 'skipped', reason: file.error };
    if (result.status === 'scanned') filesScanned++;
    if (result.status === 'skipped' || result.findings.length > 0) results.push(result);
  }
  return { results, filesScanned };
}

/** What a file or history scan is configured with from the command line: limits, ignore files, known keys. */
export function scanConfigFrom(options: ScanCommandOptions, io: CliIo): FileScanConfig {
  return {
    maxFileSize: options.maxFileSize,
    minConfidence: options.minConfidence,
    ignoredFingerprints: [...loadIgnoredFingerprints(options, io.cwd, io.stderr)],
    knownKeys: loadKnownKeys(options, io),
  };
}

function loadKnownKeys(options: ScanCommandOptions, io: CliIo): FileScanConfig['knownKeys'] {
  if (options.knownKeysFile === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, options.knownKeysFile), 'utf8');
  } catch {
    throw new UsageError(`Cannot read the known-keys file ${options.knownKeysFile}.`);
  }
  return parseKnownKeysFile(text, io.env[options.hmacSecretEnv], options.hmacSecretEnv);
}

function loadIgnoredFingerprints(options: ScanCommandOptions, cwd: string, warn: (text: string) => void): ReadonlySet<string> {
  const tooLarge = (file: string, bytes: number): string =>
    `${file} is ${bytes} bytes, more than the ${MAX_IGNORE_FILE_BYTES} an ignore file may hold; it is not read.`;
  if (options.ignoreFile !== undefined) {
    let read: IgnoreFileRead;
    try {
      read = readIgnoreFile(path.resolve(cwd, options.ignoreFile));
    } catch {
      throw new UsageError(`Cannot read the ignore file ${options.ignoreFile}.`);
    }
    if (read.kind === 'too-large') throw new UsageError(tooLarge(options.ignoreFile, read.bytes));
    return read.fingerprints;
  }
  // The working directory's file and the repository top's, so a hook run from a subfolder still applies it.
  const fingerprints = new FingerprintSet();
  for (const dir of new Set([cwd, repositoryTop(cwd) ?? cwd])) {
    let read: IgnoreFileRead;
    try {
      read = readIgnoreFile(path.join(dir, IGNORE_FILE_NAME));
    } catch {
      continue; // No ignore file here.
    }
    if (read.kind === 'too-large') warn(`palette-keys: warning: ${tooLarge(path.join(dir, IGNORE_FILE_NAME), read.bytes)}\n`);
    else for (const fingerprint of read.fingerprints) fingerprints.add(fingerprint);
  }
  return fingerprints;
}

function repositoryTop(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isWithin(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
