import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanText } from '../../core/scanner/scanText';
import type { Finding } from '../../core/scanner/types';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { FindingStore } from './findingStore';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';
import type { ScannerSettings } from './scannerSettings';

/** Schemes of documents worth scanning: files, unsaved editors, notebook cells and settings files. */
const SCANNED_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-userdata']);

/** File names that give an unsaved document's language the file kind the detectors expect. */
const UNTITLED_NAMES: Readonly<Record<string, string>> = {
  dotenv: '.env', shellscript: 'untitled.sh', powershell: 'untitled.ps1', dockerfile: 'Dockerfile', terraform: 'untitled.tf',
  yaml: 'untitled.yaml', json: 'untitled.json', jsonc: 'untitled.json', http: 'untitled.http', python: 'untitled.py',
  javascript: 'untitled.js', typescript: 'untitled.ts', go: 'untitled.go',
};

/**
 * Scans open documents on open, on save and (debounced) as they change, on this thread: `scanText`
 * dismisses text without a key-shaped run after a sampling pass, so typing stays cheap. Closed
 * documents are handed back to the workspace scanner, which re-reads them from disk.
 */
export class DocumentScanner extends Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private lastScanMs = 0;

  constructor(
    private readonly store: FindingStore,
    private readonly knownKeys: KnownKeyFingerprints,
    private readonly settings: () => ScannerSettings,
    private readonly onClosed: (uri: vscode.Uri) => void,
    private readonly log: Logger,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.scan(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.scan(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && this.settings().run === 'onType') this.schedule(event.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
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
      this.store.delete(document.uri);
      return;
    }
    const started = performance.now();
    const findings: Finding[] = scanText(text, {
      fileName: scanFileName(document),
      knownKeys: this.knownKeys.index,
      minConfidence: 'low',
    });
    this.lastScanMs = performance.now() - started;
    if (this.lastScanMs > 100) this.log.trace(`scanning ${path.basename(document.uri.path)} took ${this.lastScanMs.toFixed(0)} ms`);
    this.store.set(document.uri, 'document', findings);
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

/** The name the detectors see: the path for files; for unsaved documents, one that carries the language. */
function scanFileName(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  return UNTITLED_NAMES[document.languageId] ?? document.uri.path;
}
