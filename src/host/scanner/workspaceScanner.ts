import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileScanResult } from '../../core/scanner/files/fileScanResult';
import type { FileScanConfig } from '../../core/scanner/files/scanConfig';
import { walkFiles } from '../../core/scanner/files/walkFiles';
import { ScanScheduler, type ScanTrigger } from '../../core/scanner/scanScheduler';
import { ScanWorkerPool, type PoolScanOptions, type PoolScanOutcome, type ScanProgress } from '../../core/scanner/worker/scanWorkerPool';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { FindingStore } from './findingStore';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';
import { SCAN_TIME_BUDGET_MS, type ScannerSettings } from './scannerSettings';
import { excludeGlobs, PathFilter } from './workspaceExcludes';
import { forgetUnseenWorkspaceFindings, forgetWorkspaceFindingsUnder } from './workspaceFindings';

/** The totals of one full workspace scan. */
export interface WorkspaceScanOutcome {
  readonly filesScanned: number;
  readonly filesSkipped: number;
  /** Of the skipped files, those whose scan ran past the per-file time budget. */
  readonly filesOverBudget: number;
  readonly cancelled: boolean;
  readonly durationMs: number;
}

/** The part of the `FindingStore` the workspace scanner writes to. */
export type WorkspaceFindingSink = Pick<FindingStore, 'uris' | 'origin' | 'set' | 'delete'>;

/** The part of `KnownKeyFingerprints` the workspace scanner reads: workers get the fingerprints, never values. */
export type WorkspaceKnownKeys = Pick<KnownKeyFingerprints, 'whenReady' | 'version' | 'workerConfig'>;

/** Changed files are collected for this long before one batch goes to the workers. */
const CHANGE_BATCH_MS = 300;
/** Progress messages are refreshed at most this often. */
const PROGRESS_INTERVAL_MS = 150;

/**
 * Scans the workspace folders on worker threads (the core's `ScanWorkerPool` over
 * `dist/scanWorker.js`), so the extension host only walks folders and applies results. Walks honour
 * files.exclude, search.exclude and, unless the user opts out, .gitignore; a file-system watcher
 * re-scans changed files. Results land in the shared `FindingStore` for files that are not open
 * (open documents are scanned from their editor text instead).
 */
export class WorkspaceScanner extends Disposable {
  private pool: { readonly pool: ScanWorkerPool; readonly key: string; last: Promise<unknown> } | undefined;
  private readonly fullScans = new ScanScheduler<WorkspaceScanOutcome, vscode.ProgressLocation>(
    (_trigger, location, signal) => this.scanWithProgress(location, signal),
    () => ({ filesScanned: 0, filesSkipped: 0, filesOverBudget: 0, cancelled: true, durationMs: 0 }),
  );
  private readonly pending = new Set<string>();
  private readonly finished = this._register(new vscode.EventEmitter<Date>());
  /** Fires when a full workspace scan has finished (not when it was cancelled), with the time it did. */
  readonly onDidFinishScan = this.finished.event;
  private lastFinished: Date | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private hasScanned = false;
  /** Paths deleted (files or folders) while a full scan runs: results read before the deletion must not bring them back. */
  private deletedDuringScan: string[] | undefined;

  constructor(
    private readonly store: WorkspaceFindingSink,
    private readonly isOpen: (uri: vscode.Uri) => boolean,
    private readonly knownKeys: WorkspaceKnownKeys,
    private readonly settings: () => ScannerSettings,
    private readonly workerScript: string,
    private readonly log: Logger,
  ) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidCreate((uri) => this.changed(uri)));
    this._register(watcher.onDidChange((uri) => this.changed(uri)));
    this._register(watcher.onDidDelete((uri) => this.deleted(uri)));
    this._register({
      dispose: () => {
        if (this.batchTimer) clearTimeout(this.batchTimer);
        this.fullScans.cancel();
        void this.pool?.pool.dispose();
        this.pool = undefined;
      },
    });
  }

  /** When the last full scan finished; undefined before the first. */
  get lastScanAt(): Date | undefined {
    return this.lastFinished;
  }

  /** True once a full scan has finished (so later known-key changes warrant a re-scan). */
  get scannedOnce(): boolean {
    return this.hasScanned;
  }

  /**
   * Scans every workspace folder with progress at `location`. A scan the user asked for always runs
   * to the end (unless the user cancels it) and reports: automatic re-scans that arrive meanwhile run
   * once after it. See `ScanScheduler` for how requests meet.
   */
  scanWorkspace(location: vscode.ProgressLocation, trigger: ScanTrigger = 'user'): Promise<WorkspaceScanOutcome> {
    // Automatic scans never take the foreground: they report in the status bar.
    return this.fullScans.request(trigger, trigger === 'automatic' ? vscode.ProgressLocation.Window : location);
  }

  /** Re-reads one file from disk (e.g. after its editor closed), if the workspace scan covers it. */
  rescan(uri: vscode.Uri): void {
    this.changed(uri);
  }

  /** Drops every result that came from disk (the scanner was switched off). */
  clear(): void {
    this.fullScans.cancel();
    this.pending.clear();
    for (const uri of this.store.uris()) if (this.store.origin(uri) === 'workspace') this.store.delete(uri);
  }

  private async scanWithProgress(location: vscode.ProgressLocation, signal: AbortSignal): Promise<WorkspaceScanOutcome> {
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    signal.addEventListener('abort', abort);
    try {
      return await vscode.window.withProgress(
        { location, title: vscode.l10n.t('Scanning for Palette API keys'), cancellable: true },
        (progress, progressToken) => {
          progressToken.onCancellationRequested(abort);
          return this.runFullScan(controller.signal, (message) => progress.report({ message }));
        },
      );
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }

  private async runFullScan(signal: AbortSignal, report: (message: string) => void): Promise<WorkspaceScanOutcome> {
    const started = performance.now();
    this.deletedDuringScan = [];
    const settings = this.settings();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    await this.knownKeys.whenReady();
    let lastReport = 0;
    const onProgress = (progress: ScanProgress): void => {
      const now = performance.now();
      if (now - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = now;
      report(vscode.l10n.t('{0} files scanned, {1} findings', progress.filesScanned, progress.findings));
    };
    // Paths the walk passed over (a special file such as a FIFO, a folder deleted or unreadable
    // mid-walk) count as skipped along with the files the workers skip.
    let walkSkips = 0;
    const files = walkFolders(folders, !settings.includeGitIgnored, signal, () => walkSkips++);
    const outcome = await this.scanOnPool(settings, files, { signal, onProgress });
    const filesSkipped = outcome.filesSkipped + walkSkips;
    const filesOverBudget = this.logOverBudget(outcome.results);
    if (outcome.cancelled) {
      this.deletedDuringScan = undefined;
      this.log.info(`workspace scan cancelled after ${outcome.filesScanned} files`);
      return { filesScanned: outcome.filesScanned, filesSkipped, filesOverBudget, cancelled: true, durationMs: performance.now() - started };
    }
    const deleted = this.deletedDuringScan ?? [];
    this.deletedDuringScan = undefined;
    const seen = new Set<string>();
    for (const result of outcome.results) {
      const uri = vscode.Uri.file(result.path);
      seen.add(uri.toString());
      if (this.isOpen(uri) || deleted.some((gone) => result.path === gone || result.path.startsWith(`${gone}${path.sep}`))) continue;
      if (result.status === 'scanned') this.store.set(uri, 'workspace', result.findings);
      else this.store.delete(uri);
    }
    forgetUnseenWorkspaceFindings(this.store, seen);
    this.hasScanned = true;
    this.lastFinished = new Date();
    this.finished.fire(this.lastFinished);
    const durationMs = performance.now() - started;
    this.log.info(`workspace scan: ${outcome.filesScanned} files scanned, ${filesSkipped} skipped${describeSkips(outcome.results, walkSkips)}, ${outcome.findings} findings in ${durationMs.toFixed(0)} ms`);
    return { filesScanned: outcome.filesScanned, filesSkipped, filesOverBudget, cancelled: false, durationMs };
  }

  /** Names, in the log, the files whose scan ran past the time budget (at most 20); returns how many there were. */
  private logOverBudget(results: readonly FileScanResult[]): number {
    const overBudget = results.filter((result) => result.status === 'skipped' && result.reason === 'time-budget');
    for (const result of overBudget.slice(0, 20)) {
      this.log.warn(`skipped ${vscode.workspace.asRelativePath(result.path, true)} (time-budget): its scan took longer than ${SCAN_TIME_BUDGET_MS} ms`);
    }
    if (overBudget.length > 20) this.log.warn(`skipped ${overBudget.length - 20} more files over the time budget`);
    return overBudget.length;
  }

  private changed(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !this.settings().enabled) return;
    this.pending.add(uri.fsPath);
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = undefined;
      void this.flush().catch((error: unknown) => this.log.warn(`re-scanning changed files failed: ${error instanceof Error ? error.message : 'error'}`));
    }, CHANGE_BATCH_MS);
  }

  private deleted(uri: vscode.Uri): void {
    this.deletedDuringScan?.push(uri.fsPath);
    forgetWorkspaceFindingsUnder(this.store, uri);
  }

  private async flush(): Promise<void> {
    const settings = this.settings();
    const filters = new Map<string, PathFilter>();
    const paths: string[] = [];
    for (const file of this.pending) {
      const uri = vscode.Uri.file(file);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || this.isOpen(uri)) continue;
      let filter = filters.get(folder.uri.toString());
      if (!filter) {
        filter = new PathFilter(folder, excludeGlobs(folder), !settings.includeGitIgnored);
        filters.set(folder.uri.toString(), filter);
      }
      if (filter.includes(file)) paths.push(file);
      else if (this.store.origin(uri) === 'workspace') this.store.delete(uri);
    }
    this.pending.clear();
    if (paths.length === 0) return;
    await this.knownKeys.whenReady();
    const outcome = await this.scanOnPool(settings, paths, {});
    const withResults = new Map(outcome.results.map((result) => [result.path, result]));
    for (const file of paths) {
      const uri = vscode.Uri.file(file);
      // Opened while the batch ran: the document scanner has the newer text.
      if (this.isOpen(uri)) continue;
      const result = withResults.get(file);
      if (result?.status === 'scanned') this.store.set(uri, 'workspace', result.findings);
      else if (this.store.origin(uri) === 'workspace') this.store.delete(uri);
    }
  }

  /**
   * Scans on the pool for the current known keys and size limit (workers take their config when they
   * start); a pool with stale config is disposed once its last scan is done.
   */
  private scanOnPool(settings: ScannerSettings, paths: Iterable<string> | AsyncIterable<string>, options: PoolScanOptions): Promise<PoolScanOutcome> {
    const key = `${this.knownKeys.version}:${settings.maxFileSizeBytes}`;
    if (this.pool?.key !== key) {
      const retired = this.pool;
      if (retired) void retired.last.finally(() => retired.pool.dispose());
      const knownKeys = this.knownKeys.workerConfig;
      const config: FileScanConfig = {
        maxFileSize: settings.maxFileSizeBytes,
        minConfidence: 'low',
        timeBudgetMs: SCAN_TIME_BUDGET_MS,
        ...(knownKeys ? { knownKeys } : {}),
      };
      // Leave a core to the extension host and the renderer.
      const workerCount = Math.max(1, Math.min(4, availableParallelism() - 1));
      this.pool = { pool: new ScanWorkerPool({ config, workerCount, workerScript: this.workerScript }), key, last: Promise.resolve() };
    }
    const entry = this.pool;
    const scan = entry.pool.scan(paths, options);
    entry.last = scan.catch(() => undefined);
    return scan;
  }
}

/** Files of every folder, each walked with its own exclude settings; `onSkip` counts what the walk passed over. */
async function* walkFolders(folders: readonly vscode.WorkspaceFolder[], respectGitignore: boolean, signal: AbortSignal, onSkip: () => void): AsyncGenerator<string> {
  for (const folder of folders) {
    for await (const entry of walkFiles([folder.uri.fsPath], { respectGitignore, exclude: excludeGlobs(folder), signal })) {
      if (entry.kind === 'file') yield entry.path;
      else onSkip();
    }
  }
}

/** " (2 too-large, 1 binary)" for the log: why files were skipped, never their paths or content. */
function describeSkips(results: readonly FileScanResult[], walkSkips: number): string {
  const counts = new Map<string, number>();
  for (const result of results) if (result.status === 'skipped') counts.set(result.reason, (counts.get(result.reason) ?? 0) + 1);
  if (walkSkips > 0) counts.set('during the walk', walkSkips);
  return counts.size === 0 ? '' : ` (${[...counts].map(([reason, count]) => `${count} ${reason}`).join(', ')})`;
}
