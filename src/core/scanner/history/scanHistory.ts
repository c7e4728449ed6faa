import { bytesCannotHoldFinding } from '../byteTriage';
import { resolveScanConfig, type FileScanConfig } from '../files/scanConfig';
import { bytesMayHoldKey } from '../prefilter';
import { scanText } from '../scanText';
import type { Finding, ScanOptions } from '../types';
import { firstLine, GitError, gitStartFailure, HistoryScanCancelled, runGit, startGit } from './gitProcess';
import { valuesAtHead } from './headValues';
import { FindingCollector } from './findingCollector';
import { MAX_SKIPS_KEPT, type HistoryScanResult, type HistorySighting, type HistorySkip, type HistorySource, type HistoryWalkResult } from './historyFinding';
import { LOG_FORMAT, LogPatchParser, type CommitHeader, type FileAdditions } from './logPatchParser';
import { ValueRecorder } from './valueRecorder';

/** What to scan, and how. */
export interface HistoryScanOptions {
  /** A folder inside the repository. Paths are relative to it. */
  readonly cwd: string;
  /** Limit the scan to these paths (git pathspecs, relative to `cwd`). Default: everything. */
  readonly paths?: readonly string[];
  /** Every ref (`--all`) instead of what HEAD reaches. */
  readonly allRefs?: boolean;
  /** Only commits not reachable from this revision (e.g. `origin/main` on a pull request). */
  readonly since?: string;
  /** Scan at most this many commits (newest first). */
  readonly maxCommits?: number;
  /** Detectors' settings: size limit, confidence, ignored fingerprints, known keys. */
  readonly config?: FileScanConfig;
  readonly signal?: AbortSignal;
  /** Called now and then with the number of commits read so far. */
  readonly onProgress?: (commitsScanned: number) => void;
}

const PROGRESS_EVERY = 200;

/**
 * Scans git history for leaked keys: streams `git log -p` (one git process, started without a
 * shell) and runs the working-tree scan's detectors on the lines each commit adds, plus each
 * commit's message and author name. Memory holds one file diff and the findings, however long the
 * history. Why `git log -p` and not `rev-list` + `cat-file --batch`: git computes the added lines
 * in C, where the other way reads every changed blob whole and needs a diff in JavaScript (see
 * docs/history-scanning.md for the figures).
 */
export async function scanHistory(options: HistoryScanOptions): Promise<HistoryScanResult> {
  const collector = new FindingCollector();
  const { valuesAtHead: atHead, ...walk } = await walkHistory(options, (sightings) => sightings.forEach((sighting) => collector.add(sighting)));
  return { ...walk, findings: collector.findings(new Set(atHead)) };
}

/**
 * The walk behind `scanHistory`: hands each commit's sightings to `onSightings` as it goes and keeps
 * only the distinct values found (to look for at HEAD once the log has ended), so a caller on
 * another thread can hold the findings (`scanHistoryOnWorker`).
 */
export async function walkHistory(options: HistoryScanOptions, onSightings: (sightings: readonly HistorySighting[]) => void): Promise<HistoryWalkResult> {
  const { signal } = options;
  if (signal?.aborted === true) throw new HistoryScanCancelled();
  // One git process answers three questions (top folder, shallow, HEAD), and the log starts beside
  // it: on a short history, process starts are most of the time. Only `--since` must be resolved first.
  const facts = repository(options.cwd, signal);
  const since = options.since === undefined ? undefined : await resolveCommit((await facts).root, options.since, signal);

  const resolved = resolveScanConfig(options.config ?? {});
  const recorder = new ValueRecorder();
  const scanOptions: ScanOptions = { ...resolved.scanOptions, detectors: recorder.detectors };
  const sightings = new SightingScanner(scanOptions, recorder);
  const report = (found: HistorySighting[]): void => {
    if (found.length > 0) onSightings(found);
  };
  const skipped: HistorySkip[] = [];
  let skippedCount = 0;
  let commitsScanned = 0;
  let commit: CommitHeader | undefined;

  const parser = new LogPatchParser(
    {
      commit(header) {
        commitsScanned++;
        if (commitsScanned % PROGRESS_EVERY === 0) options.onProgress?.(commitsScanned);
        const scanned = sightings.inMetadata(header);
        commit = scanned.commit;
        report(scanned.sightings);
      },
      file(additions) {
        if (commit) report(sightings.inAdditions(commit, additions));
      },
      skipped(file, reason) {
        skippedCount++;
        if (commit && skipped.length < MAX_SKIPS_KEPT) skipped.push({ commit: commit.id, file, reason });
      },
    },
    resolved.maxFileSize,
  );

  const args = [
    // Big blobs are diffed as binary ("Binary files differ"): git never hands us their text.
    '-c', `core.bigFileThreshold=${resolved.maxFileSize}`,
    'log', '-p', '--cc', '-M', `--format=${LOG_FORMAT}`, '--encoding=UTF-8',
    // Pin every setting a user's config could change about the output (log.showRoot: the first commit's diff).
    '--root', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '--no-show-signature', '--src-prefix=a/', '--dst-prefix=b/',
    ...(options.maxCommits !== undefined ? [`--max-count=${options.maxCommits}`] : []),
    ...(options.allRefs === true ? ['--all'] : ['HEAD']),
    ...(since !== undefined ? ['--not', since] : []),
    '--',
    ...(options.paths ?? []),
  ];
  const [factsOutcome, logOutcome] = await Promise.allSettled([facts, streamLog(options.cwd, args, parser, signal)]);
  // Not a repository: the log failed too, and this is the reason to give.
  if (factsOutcome.status === 'rejected') throw factsOutcome.reason;
  const { root, shallow, head } = factsOutcome.value;
  // With no HEAD commit, `git log HEAD` fails; `git log --all` in a repository with no refs prints nothing.
  if (head === undefined && options.allRefs !== true) return { valuesAtHead: [], root, head, commitsScanned: 0, skipped: [], skippedCount: 0, empty: true, shallow };
  if (logOutcome.status === 'rejected') throw logOutcome.reason;
  options.onProgress?.(commitsScanned);

  const atHead: string[] = [];
  if (head !== undefined && sightings.hashes.size > 0) {
    const present = await valuesAtHead(root, [...sightings.hashes.keys()], signal);
    for (const [value, hash] of sightings.hashes) if (present.has(value)) atHead.push(hash);
  }
  return {
    valuesAtHead: atHead,
    root,
    head,
    commitsScanned,
    skipped,
    skippedCount,
    empty: commitsScanned === 0 && head === undefined,
    shallow,
  };
}

/**
 * The repository's top folder, whether it is a shallow clone and HEAD's commit (none in a repository
 * without commits), or a `GitError` saying the folder is not in a repository.
 */
async function repository(cwd: string, signal: AbortSignal | undefined): Promise<{ root: string; shallow: boolean; head: string | undefined }> {
  // Exits 1 after the first two lines when HEAD has no commit yet.
  const result = await runGit(cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository', '--verify', '--quiet', 'HEAD^{commit}'], signal);
  const [root, shallow, head] = result.stdout.trim().split('\n');
  if (root === undefined || root === '' || shallow === undefined) throw new GitError(`Not a git repository (or git cannot read it): ${cwd}`);
  return { root, shallow: shallow === 'true', head: result.code === 0 && head !== undefined && head !== '' ? head : undefined };
}

/** Resolves a revision the user named to a commit id; refuses option-like names. */
async function resolveCommit(root: string, revision: string, signal: AbortSignal | undefined): Promise<string> {
  const result = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], signal);
  if (revision.startsWith('-') || result.code !== 0) throw new GitError(`Unknown revision: ${revision}`);
  return result.stdout.trim();
}

/** Runs git and feeds its stdout to the parser, with backpressure (the parser is synchronous). */
function streamLog(cwd: string, args: readonly string[], parser: LogPatchParser, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = startGit(cwd, args);
    const stderr: Buffer[] = [];
    let failure: Error | undefined;
    const abort = () => {
      failure = new HistoryScanCancelled();
      child.kill();
    };
    signal?.addEventListener('abort', abort, { once: true });
    child.stdin.end();
    child.on('error', (error) => {
      failure ??= new GitError(gitStartFailure(error));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 16) stderr.push(chunk);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        parser.write(chunk);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        child.kill();
      }
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (failure) return reject(failure);
      if (code !== 0) return reject(new GitError(`git log failed: ${firstLine(Buffer.concat(stderr).toString('utf8'))}`));
      parser.end();
      resolve();
    });
  });
}

/** Finds leaks in one commit's added lines, message and author name, as sightings. */
class SightingScanner {
  /**
   * Every value seen, with its hash (made once per value): to look for at HEAD once the log has
   * ended. Values stay on the scan thread; sightings carry only the hash.
   */
  readonly hashes = new Map<string, string>();

  constructor(
    private readonly options: ScanOptions,
    private readonly recorder: ValueRecorder,
  ) {}

  inAdditions(commit: CommitHeader, additions: FileAdditions): HistorySighting[] {
    // Judged on the bytes first, as the working-tree scan judges a file: most diffs cannot hold a key
    // and are never decoded.
    const { bytes, added, lineNumbers } = additions;
    if (!bytesMayHoldKey(bytes) || bytesCannotHoldFinding(bytes, this.options.knownKeys)) return [];
    this.recorder.reset();
    const found: HistorySighting[] = [];
    for (const finding of scanText(bytes.toString('utf8'), { ...this.options, fileName: additions.path })) {
      const index = finding.line - 1;
      // Context lines help detectors read names on the line above; only added lines are this commit's.
      if (added[index] !== 1) continue;
      const endIndex = finding.endLine - 1;
      found.push(this.sighting(commit, 'file', additions.path, finding, {
        line: lineNumbers[index],
        endLine: lineNumbers[endIndex] || lineNumbers[index],
      }));
    }
    return found;
  }

  /**
   * Messages and author names are published with the commit, so a key there leaks as much as in a
   * file. Returns the header with every key in the author's name masked: findings print the name.
   */
  inMetadata(header: CommitHeader): { commit: CommitHeader; sightings: HistorySighting[] } {
    this.recorder.reset();
    const inAuthor = scanText(header.author, { ...this.options, fileName: '', includeSuppressed: true });
    let author = header.author;
    for (const finding of [...inAuthor].reverse()) author = author.slice(0, finding.start) + finding.masked + author.slice(finding.end);
    const commit = author === header.author ? header : { ...header, author };
    const found: HistorySighting[] = [];
    for (const finding of inAuthor) {
      if (finding.suppressed === undefined) found.push(this.sighting(commit, 'author', '', finding, { line: finding.line, endLine: finding.endLine }));
    }
    this.recorder.reset();
    for (const finding of scanText(header.message, { ...this.options, fileName: '' })) {
      found.push(this.sighting(commit, 'message', '', finding, { line: finding.line, endLine: finding.endLine }));
    }
    return { commit, sightings: found };
  }

  private sighting(commit: CommitHeader, source: HistorySource, file: string, finding: Finding, lines: { line: number; endLine: number }): HistorySighting {
    return {
      source,
      file,
      commit: commit.id,
      author: commit.author,
      date: commit.date,
      ruleId: finding.ruleId,
      confidence: finding.confidence,
      message: finding.message,
      line: lines.line,
      column: finding.column,
      endLine: lines.endLine,
      endColumn: finding.endColumn,
      masked: finding.masked,
      fingerprint: finding.fingerprint,
      encoding: finding.encoding,
      ...(finding.knownKeyId !== undefined ? { knownKeyId: finding.knownKeyId } : {}),
      valueHash: this.valueHash(finding),
    };
  }

  private valueHash(finding: Finding): string | undefined {
    const value = this.recorder.valueAt(finding.ruleId, finding.start);
    if (value === undefined) return undefined;
    let hash = this.hashes.get(value);
    if (hash === undefined) {
      hash = this.recorder.hashValue(value);
      this.hashes.set(value, hash);
    }
    return hash;
  }
}
