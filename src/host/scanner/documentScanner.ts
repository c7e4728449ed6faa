import * as path from 'node:path';
import * as vscode from 'vscode';
import { TextScanWorker, type TextScanOutcome } from '../../core/scanner/worker/textScanWorker';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { FindingStore } from './findingStore';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';
import { SCAN_TIME_BUDGET_MS, type ScannerSettings } from './scannerSettings';
import { SCANNED_SCHEMES, scanFileName } from './scannedDocuments';

/** The worker scanning documents, and the known-key version it was started with. */
interface DocumentWorker {
  readonly worker: TextScanWorker;
  readonly version: number;
  inFlight: number;
}

/**
 * Scans open documents on open, on save and (debounced) as they change, on a worker thread
 * (`TextScanWorker`), so no document, however hostile, holds the extension host: the host only
 * copies the text out and applies the findings. Each scan has a time budget; a document whose scan
 * runs past it is reported as skipped in the log. Closed documents are handed back to the workspace
 * scanner, which re-reads them from disk.
 */
export class DocumentScanner extends Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The newest scan asked for per document: answers to older ones are dropped. */
  private readonly latest = new Map<string, number>();
  private nextTicket = 0;
  private lastScanMs = 0;
  private current: DocumentWorker | undefined;

  constructor(
    private readonly store: FindingStore,
    private readonly knownKeys: KnownKeyFingerprints,
    private readonly settings: () => ScannerSettings,
    private readonly onClosed: (uri: vscode.Uri) => void,
    private readonly log: Logger,
    private readonly workerScript: string,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.scan(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.scan(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && this.settings().run === 'onType') this.schedule(event.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this._register({
      dispose: () => {
        void this.current?.worker.dispose();
        this.current = undefined;
      },
    });
  }

  /** Milliseconds the last scan of a document took (for the log and the benchmark). */
  get lastDurationMs(): number {
    return this.lastScanMs;
  }

  /** Scans every open document now (start-up, known keys or settings changed). */
  scanAll(): void {
    for (const document of vscode.workspace.textDocuments) this.scan(document);
  }

  /** True when this scanner owns the document's findings. */
  isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((document) => document.uri.toString() === key && SCANNED_SCHEMES.has(document.uri.scheme));
  }

  scan(document: vscode.TextDocument): void {
    if (!SCANNED_SCHEMES.has(document.uri.scheme)) return;
    this.cancelTimer(document.uri);
    const settings = this.settings();
    if (!settings.enabled) return;
    const text = document.getText();
    // Huge documents are skipped, as the workspace scan skips huge files (counted in UTF-16 units, close enough).
    if (text.length > settings.maxFileSizeBytes) {
      // A scan of an earlier, smaller version may be in flight: its answer must not land now.
      this.latest.set(document.uri.toString(), ++this.nextTicket);
      this.store.delete(document.uri);
      return;
    }
    const key = document.uri.toString();
    const ticket = ++this.nextTicket;
    this.latest.set(key, ticket);
    const started = performance.now();
    const name = path.basename(document.uri.path);
    void this.scanOffThread(text, scanFileName(document)).then(
      (outcome) => {
        // A newer scan of this document was asked for meanwhile, or it closed: this answer is stale.
        if (this.latest.get(key) !== ticket || document.isClosed) return;
        this.latest.delete(key);
        this.lastScanMs = performance.now() - started;
        if (outcome.status === 'skipped') {
          this.store.delete(document.uri);
          this.log.warn(`skipped ${name} (time-budget): its scan took longer than ${SCAN_TIME_BUDGET_MS} ms`);
          return;
        }
        if (outcome.durationMs > 100) this.log.trace(`scanning ${name} took ${outcome.durationMs.toFixed(0)} ms`);
        if (outcome.truncated) this.log.info(`${name}: more than ${outcome.findings.length} findings; the scan stopped there`);
        this.store.set(document.uri, 'document', outcome.findings);
      },
      (error: unknown) => {
        if (this.latest.get(key) === ticket) this.latest.delete(key);
        this.log.warn(`scanning ${name} failed: ${error instanceof Error ? error.message : 'error'}`);
      },
    );
  }

  /**
   * Scans on the document worker, started for the current known keys: a worker started with older
   * fingerprints finishes what it holds and then stops.
   */
  private async scanOffThread(text: string, fileName: string): Promise<TextScanOutcome> {
    const version = this.knownKeys.version;
    if (this.current?.version !== version) {
      const retired = this.current;
      if (retired && retired.inFlight === 0) void retired.worker.dispose();
      const knownKeys = this.knownKeys.workerConfig;
      this.current = { worker: new TextScanWorker({ ...(knownKeys ? { knownKeys } : {}) }, this.workerScript), version, inFlight: 0 };
    }
    const entry = this.current;
    entry.inFlight++;
    try {
      return await entry.worker.scan(text, fileName, 'low', SCAN_TIME_BUDGET_MS);
    } finally {
      entry.inFlight--;
      if (entry !== this.current && entry.inFlight === 0) void entry.worker.dispose();
    }
  }

  private schedule(document: vscode.TextDocument): void {
    if (!SCANNED_SCHEMES.has(document.uri.scheme) || !this.settings().enabled) return;
    this.cancelTimer(document.uri);
    const delay = this.settings().debounceMs;
    const uri = document.uri.toString();
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      // The document may have closed while the timer ran.
      if (!document.isClosed) this.scan(document);
    }, delay));
  }

  private closed(document: vscode.TextDocument): void {
    if (!SCANNED_SCHEMES.has(document.uri.scheme)) return;
    this.cancelTimer(document.uri);
    if (this.store.origin(document.uri) === 'document') this.store.delete(document.uri);
    if (document.uri.scheme === 'file') this.onClosed(document.uri);
  }

  private cancelTimer(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }
}
