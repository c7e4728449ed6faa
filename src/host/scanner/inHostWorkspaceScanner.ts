import * as vscode from 'vscode';
import type { SkipReason } from '../../core/scanner/files/skipReason';
import { ScanScheduler, type ScanTrigger } from '../../core/scanner/scanScheduler';
import type { Finding } from '../../core/scanner/types';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import { excludeGlobs } from './excludeGlobs';
import { baseName, isWorkspaceScheme } from './inHostDocumentScanner';
import { InHostTextScanner } from './inHostTextScanner';
import type { WorkspaceScanning } from './scanEngines';
import { forgetUnseenWorkspaceFindings, forgetWorkspaceFindingsUnder } from './workspaceFindings';
import type { ScannerSettings } from './scannerSettings';
import type { WorkspaceFindingSink, WorkspaceKnownKeys, WorkspaceScanOutcome } from './workspaceScanner';

/** Files read from the workspace file system at once. */
const READ_BATCH = 16;
/** The host scans at most this long before it yields to other work (messages, other extensions). */
const SLICE_MS = 30;
/** Changed files are collected for this long before they are re-scanned together. */
const CHANGE_BATCH_MS = 300;
/** Bytes inspected for a NUL to decide that a file is binary, as the desktop scan does. */
const BINARY_SNIFF_BYTES = 8192;

type FileOutcome = { readonly status: 'scanned'; readonly findings: readonly Finding[] } | { readonly status: 'skipped'; readonly reason: SkipReason };

/**
 * The workspace scan of the web build: `findFiles` lists the folders' files (with files.exclude and
 * search.exclude), `vscode.workspace.fs` reads them in batches, and the extension host scans them
 * one by one, yielding every few milliseconds so it keeps answering; cancellable from its progress.
 * Same size limit and per-file time budget as the desktop scan. `.gitignore` files are not read here.
 */
export class InHostWorkspaceScanner extends Disposable implements WorkspaceScanning {
  private readonly scanner: InHostTextScanner;
  private readonly fullScans = new ScanScheduler<WorkspaceScanOutcome, vscode.ProgressLocation>(
    (_trigger, location, signal) => this.scanWithProgress(location, signal),
    () => ({ filesScanned: 0, filesSkipped: 0, filesOverBudget: 0, cancelled: true, durationMs: 0 }),
  );
  private readonly pending = new Map<string, vscode.Uri>();
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private hasScanned = false;
  private readonly finished = this._register(new vscode.EventEmitter<Date>());
  readonly onDidFinishScan = this.finished.event;
  private lastFinished: Date | undefined;

  constructor(
    private readonly store: WorkspaceFindingSink,
    private readonly isOpen: (uri: vscode.Uri) => boolean,
    private readonly knownKeys: WorkspaceKnownKeys,
    private readonly settings: () => ScannerSettings,
    private readonly log: Logger,
  ) {
    super();
    this.scanner = new InHostTextScanner(knownKeys);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidCreate((uri) => this.rescan(uri)));
    this._register(watcher.onDidChange((uri) => this.rescan(uri)));
    this._register(watcher.onDidDelete((uri) => this.deleted(uri)));
    this._register({
      dispose: () => {
        if (this.batchTimer) clearTimeout(this.batchTimer);
        this.fullScans.cancel();
      },
    });
  }

  get scannedOnce(): boolean {
    return this.hasScanned;
  }

  get lastScanAt(): Date | undefined {
    return this.lastFinished;
  }

  scanWorkspace(location: vscode.ProgressLocation, trigger: ScanTrigger = 'user'): Promise<WorkspaceScanOutcome> {
    return this.fullScans.request(trigger, trigger === 'automatic' ? vscode.ProgressLocation.Window : location);
  }

  /** Re-reads one file (changed, or its editor closed) a moment later, with others that change meanwhile. */
  rescan(uri: vscode.Uri): void {
    if (!isWorkspaceScheme(uri) || !this.settings().enabled) return;
    this.pending.set(uri.toString(), uri);
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = undefined;
      void this.flush().catch((error: unknown) => this.log.warn(`re-scanning changed files failed: ${error instanceof Error ? error.message : 'error'}`));
    }, CHANGE_BATCH_MS);
  }

  clear(): void {
    this.fullScans.cancel();
    this.pending.clear();
    for (const uri of this.store.uris()) if (this.store.origin(uri) === 'workspace') this.store.delete(uri);
  }

  private async scanWithProgress(location: vscode.ProgressLocation, signal: AbortSignal): Promise<WorkspaceScanOutcome> {
    return vscode.window.withProgress(
      { location, title: vscode.l10n.t('Scanning for Palette API keys'), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        const abort = (): void => controller.abort();
        signal.addEventListener('abort', abort);
        token.onCancellationRequested(abort);
        return this.runFullScan(controller.signal, (message) => progress.report({ message })).finally(() => signal.removeEventListener('abort', abort));
      },
    );
  }

  private async runFullScan(signal: AbortSignal, report: (message: string) => void): Promise<WorkspaceScanOutcome> {
    const started = performance.now();
    const settings = this.settings();
    await this.knownKeys.whenReady();
    const files = await listWorkspaceFiles(signal);
    const seen = new Set<string>();
    let filesScanned = 0;
    let filesSkipped = 0;
    let filesOverBudget = 0;
    let findings = 0;
    let sliceStarted = performance.now();
    for (let i = 0; i < files.length; i += READ_BATCH) {
      if (signal.aborted) break;
      const batch = files.slice(i, i + READ_BATCH);
      const contents = await Promise.all(batch.map((uri) => readWorkspaceFile(uri, settings.maxFileSizeBytes)));
      for (const [index, uri] of batch.entries()) {
        const outcome = this.scanContent(uri, contents[index]);
        seen.add(uri.toString());
        if (outcome.status === 'scanned') {
          filesScanned++;
          findings += outcome.findings.length;
        } else {
          filesSkipped++;
          if (outcome.reason === 'time-budget') filesOverBudget++;
        }
        this.apply(uri, outcome);
        if (performance.now() - sliceStarted > SLICE_MS) {
          await yieldToHost();
          sliceStarted = performance.now();
        }
      }
      report(vscode.l10n.t('{0} files scanned, {1} findings', filesScanned, findings));
    }
    const durationMs = performance.now() - started;
    if (signal.aborted) {
      this.log.info(`workspace scan cancelled after ${filesScanned} files`);
      return { filesScanned, filesSkipped, filesOverBudget, cancelled: true, durationMs };
    }
    forgetUnseenWorkspaceFindings(this.store, seen);
    this.hasScanned = true;
    this.lastFinished = new Date();
    this.finished.fire(this.lastFinished);
    this.log.info(`workspace scan (in the extension host): ${filesScanned} files scanned, ${filesSkipped} skipped, ${findings} findings in ${durationMs.toFixed(0)} ms`);
    return { filesScanned, filesSkipped, filesOverBudget, cancelled: false, durationMs };
  }

  private scanContent(uri: vscode.Uri, content: Uint8Array | SkipReason): FileOutcome {
    if (typeof content === 'string') return { status: 'skipped', reason: content };
    if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { status: 'skipped', reason: 'binary' };
    const text = new TextDecoder().decode(content);
    const outcome = this.scanner.scan(text, uri.path);
    if (outcome.status === 'skipped') this.log.warn(`skipped ${baseName(uri)} (time-budget)`);
    return outcome;
  }

  private apply(uri: vscode.Uri, outcome: FileOutcome): void {
    // An open document is scanned from its editor text, which may be newer.
    if (this.isOpen(uri)) return;
    if (outcome.status === 'scanned') this.store.set(uri, 'workspace', outcome.findings);
    else if (this.store.origin(uri) === 'workspace') this.store.delete(uri);
  }

  private deleted(uri: vscode.Uri): void {
    forgetWorkspaceFindingsUnder(this.store, uri);
  }

  private async flush(): Promise<void> {
    const settings = this.settings();
    const changed = [...this.pending.values()].filter((uri) => !this.isOpen(uri));
    this.pending.clear();
    const uris = await coveredByWorkspaceScan(changed);
    if (uris.length === 0) return;
    await this.knownKeys.whenReady();
    for (const uri of uris) this.apply(uri, this.scanContent(uri, await readWorkspaceFile(uri, settings.maxFileSizeBytes)));
  }
}

/** The folder's files.exclude and search.exclude, and `.git`, as one pattern for `findFiles`. */
function scanExcludes(folder: vscode.WorkspaceFolder): vscode.RelativePattern {
  return new vscode.RelativePattern(folder, `{${['**/.git', ...excludeGlobs(folder)].join(',')}}`);
}

/**
 * The changed files the full scan would read: in a workspace folder and not excluded. `findFiles`
 * for the file's own path with the scan's excludes decides, so both follow the same rules.
 */
async function coveredByWorkspaceScan(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  // Read each folder's exclude settings once per batch, not once per changed file.
  const excludes = new Map<vscode.WorkspaceFolder, vscode.RelativePattern>();
  const covered = await Promise.all(uris.map(async (uri) => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const relative = uri.path.slice(folder.uri.path.replace(/\/+$/, '').length + 1);
    if (relative === '') return undefined;
    let exclude = excludes.get(folder);
    if (!exclude) excludes.set(folder, (exclude = scanExcludes(folder)));
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, literalGlob(relative)), exclude, 1);
    return found.length > 0 ? uri : undefined;
  }));
  return covered.filter((uri): uri is vscode.Uri => uri !== undefined);
}

/** A glob that matches exactly `path`: each character that starts a glob construct in a class of its own. */
function literalGlob(path: string): string {
  return path.replace(/[*?[{]/g, (character) => `[${character}]`);
}

/** Every file of every workspace folder, less each folder's files.exclude and search.exclude. */
async function listWorkspaceFiles(signal: AbortSignal): Promise<vscode.Uri[]> {
  const cancellation = new vscode.CancellationTokenSource();
  const cancel = (): void => cancellation.cancel();
  signal.addEventListener('abort', cancel);
  try {
    const files: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      files.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), scanExcludes(folder), undefined, cancellation.token)));
    }
    return files;
  } finally {
    signal.removeEventListener('abort', cancel);
    cancellation.dispose();
  }
}

/** A file's bytes, or why it is skipped: over the size limit (checked before reading), gone or unreadable. */
async function readWorkspaceFile(uri: vscode.Uri, maxFileSize: number): Promise<Uint8Array | SkipReason> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File) return 'not-a-file';
    if (stat.size > maxFileSize) return 'too-large';
    return await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'not-found' : 'unreadable';
  }
}

/** Lets the extension host run what queued up (a macrotask, not a microtask). */
function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
