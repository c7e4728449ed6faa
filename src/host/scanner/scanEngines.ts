import * as vscode from 'vscode';
import type { ScanTrigger } from '../../core/scanner/scanScheduler';
import type { Logger } from '../logger';
import { DocumentScanner } from './documentScanner';
import type { FindingStore } from './findingStore';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';
import type { ScannerSettings } from './scannerSettings';
import { WorkspaceScanner, type WorkspaceScanOutcome } from './workspaceScanner';

/*
 * The scanners that feed the finding store, as a port with two adapters: this one scans on worker
 * threads (dist/scanWorker.js) for the desktop build; `scanEngines.browser.ts` scans in the web
 * worker extension host over `vscode.workspace.fs`, time-sliced (esbuild picks it for platform browser).
 */

/** What the leak scanner asks of the open-document scanner. */
export interface DocumentScanning extends vscode.Disposable {
  scanAll(): void;
  isOpen(uri: vscode.Uri): boolean;
}

/** What the leak scanner and its commands ask of the workspace scanner. */
export interface WorkspaceScanning extends vscode.Disposable {
  readonly scannedOnce: boolean;
  /** When the last full scan finished; undefined before the first. */
  readonly lastScanAt: Date | undefined;
  /** Fires when a full workspace scan has finished (not when it was cancelled), with the time it did. */
  readonly onDidFinishScan: vscode.Event<Date>;
  scanWorkspace(location: vscode.ProgressLocation, trigger?: ScanTrigger): Promise<WorkspaceScanOutcome>;
  rescan(uri: vscode.Uri): void;
  clear(): void;
}

export interface ScanEngineDeps {
  readonly extensionUri: vscode.Uri;
  readonly store: FindingStore;
  readonly fingerprints: KnownKeyFingerprints;
  readonly settings: () => ScannerSettings;
  readonly log: Logger;
}

export interface ScanEngines {
  readonly documents: DocumentScanning;
  readonly workspace: WorkspaceScanning;
}

/** The desktop scanners, on worker threads. */
export function createScanEngines(deps: ScanEngineDeps): ScanEngines {
  const workerScript = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'scanWorker.js').fsPath;
  const documents: DocumentScanner = new DocumentScanner(deps.store, deps.fingerprints, deps.settings, (uri) => workspace.rescan(uri), deps.log, workerScript);
  const workspace: WorkspaceScanner = new WorkspaceScanner(deps.store, (uri) => documents.isOpen(uri), deps.fingerprints, deps.settings, workerScript, deps.log);
  return { documents, workspace };
}
