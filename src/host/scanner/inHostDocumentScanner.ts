import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { FindingStore } from './findingStore';
import { InHostTextScanner } from './inHostTextScanner';
import type { DocumentScanning } from './scanEngines';
import { SCANNED_SCHEMES, scanFileName } from './scannedDocuments';
import { SCAN_TIME_BUDGET_MS, type ScannerSettings } from './scannerSettings';
import type { WorkspaceKnownKeys } from './workspaceScanner';

/**
 * Scans open documents in the web worker extension host (the web build's `DocumentScanner`): on open,
 * on save and, debounced, as they change, each under the per-file time budget. Besides the desktop's
 * schemes it scans documents of the workspace folders' own scheme (`vscode-remote`, `vscode-vfs`, ...).
 */
export class InHostDocumentScanner extends Disposable implements DocumentScanning {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly scanner: InHostTextScanner;

  constructor(
    private readonly store: FindingStore,
    knownKeys: WorkspaceKnownKeys,
    private readonly settings: () => ScannerSettings,
    private readonly onClosed: (uri: vscode.Uri) => void,
    private readonly log: Logger,
  ) {
    super();
    this.scanner = new InHostTextScanner(knownKeys);
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.scan(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.scan(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && this.settings().run === 'onType') this.schedule(event.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
  }

  scanAll(): void {
    for (const document of vscode.workspace.textDocuments) this.scan(document);
  }

  isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((document) => document.uri.toString() === key && isScanned(document.uri));
  }

  private scan(document: vscode.TextDocument): void {
    if (!isScanned(document.uri)) return;
    this.cancelTimer(document.uri);
    const settings = this.settings();
    if (!settings.enabled) return;
    const text = document.getText();
    // Huge documents are skipped, as the workspace scan skips huge files.
    if (text.length > settings.maxFileSizeBytes) {
      this.store.delete(document.uri);
      return;
    }
    const outcome = this.scanner.scan(text, scanFileName(document));
    if (outcome.status === 'skipped') {
      this.store.delete(document.uri);
      this.log.warn(`skipped ${baseName(document.uri)} (time-budget): its scan took longer than ${SCAN_TIME_BUDGET_MS} ms`);
      return;
    }
    if (outcome.truncated) this.log.info(`${baseName(document.uri)}: more than ${outcome.findings.length} findings; the scan stopped there`);
    this.store.set(document.uri, 'document', outcome.findings);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isScanned(document.uri) || !this.settings().enabled) return;
    this.cancelTimer(document.uri);
    const key = document.uri.toString();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) this.scan(document);
    }, this.settings().debounceMs));
  }

  private closed(document: vscode.TextDocument): void {
    if (!isScanned(document.uri)) return;
    this.cancelTimer(document.uri);
    if (this.store.origin(document.uri) === 'document') this.store.delete(document.uri);
    if (isWorkspaceScheme(document.uri)) this.onClosed(document.uri);
  }

  private cancelTimer(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }
}

/** A URI of the scheme the workspace folders use (files the workspace scan covers). */
export function isWorkspaceScheme(uri: vscode.Uri): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme === uri.scheme);
}

function isScanned(uri: vscode.Uri): boolean {
  return SCANNED_SCHEMES.has(uri.scheme) || isWorkspaceScheme(uri);
}

/** The last segment of a URI's path, for the log. */
export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
