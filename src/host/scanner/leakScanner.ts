import * as vscode from 'vscode';
import type { KeyValueVault } from '../../core/secrets/keyValueVault';
import type { SecretStore } from '../../core/secrets/secretStore';
import type { CommandHandler } from '../commands';
import type { ScannerCommandId } from '../constants';
import type { KnownValues } from '../knownValues';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { PaletteSession } from '../session/paletteSession';
import { FindingCodeActionProvider } from './findingCodeActions';
import { FindingHoverProvider } from './findingHover';
import { FindingStore } from './findingStore';
import { FindingsTreeProvider } from './findingsTree';
import { FindingsView } from './findingsView';
import { IgnoreFiles } from './ignoreFiles';
import { KeptOutOfGit } from './keptOutOfGit';
import { KnownKeyDescriber } from './knownKeyDescriber';
import { KnownKeyFingerprints } from './knownKeyFingerprints';
import { createScanEngines, type DocumentScanning, type WorkspaceScanning } from './scanEngines';
import { scannerCommands } from './scannerCommands';
import { readScannerSettings, SCANNER_SETTINGS_SECTION } from './scannerSettings';
import { restrictedModeNote, workspaceRestricted } from './workspaceTrust';

export interface LeakScannerDeps {
  readonly extensionUri: vscode.Uri;
  readonly secrets: SecretStore;
  readonly vault: KeyValueVault;
  readonly knownValues: KnownValues;
  readonly session: PaletteSession;
  readonly log: Logger;
  readonly now: () => Date;
  readonly warningDays: () => number;
}

/** The start-up workspace scan waits this long, so it never competes with activation and the first views. */
const STARTUP_SCAN_DELAY_MS = 3000;
/** Known keys or settings that change in a burst cause one re-scan. */
const RESCAN_DEBOUNCE_MS = 1000;

/**
 * The leak scanner inside VS Code, wired from its parts: known-key fingerprints, the ignore files,
 * one finding store behind one DiagnosticCollection, the open-document and workspace scanners, hover
 * and quick fixes. `activate` builds it and registers its commands.
 */
export class LeakScanner extends Disposable {
  /** Shared with the git history view (src/host/history). */
  readonly fingerprints: KnownKeyFingerprints;
  readonly ignoreFiles: IgnoreFiles;
  readonly describer: KnownKeyDescriber;
  /** The "Leaked keys" view's data; the key details read which findings use a key from it. */
  readonly findings: FindingsTreeProvider;
  private readonly store: FindingStore;
  private readonly documents: DocumentScanning;
  private readonly workspace: WorkspaceScanning;
  private rescanTimer: NodeJS.Timeout | undefined;
  private startupTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: LeakScannerDeps) {
    super();
    const settings = readScannerSettings;
    this.fingerprints = this._register(new KnownKeyFingerprints(deps.knownValues, deps.secrets));
    this.ignoreFiles = this._register(new IgnoreFiles(deps.log.withComponent('scanner')));
    const describer = (this.describer = new KnownKeyDescriber(this.fingerprints, deps.session, deps.now, deps.warningDays));
    const keptOutOfGit = this._register(new KeptOutOfGit());
    this.store = this._register(new FindingStore(this.ignoreFiles, describer, settings, keptOutOfGit));
    // Worker threads on the desktop, the extension host itself on the web (scanEngines.browser.ts).
    const engines = createScanEngines({ extensionUri: deps.extensionUri, store: this.store, fingerprints: this.fingerprints, settings, log: deps.log.withComponent('scanner') });
    this.documents = this._register(engines.documents);
    this.workspace = this._register(engines.workspace);

    this.findings = this._register(new FindingsTreeProvider(this.store));
    this._register(new FindingsView(this.findings, this.workspace));

    this._register(vscode.languages.registerHoverProvider({ scheme: '*' }, new FindingHoverProvider(this.store, deps.now)));
    this._register(vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new FindingCodeActionProvider(this.store), FindingCodeActionProvider.metadata));
    this._register(this.ignoreFiles.onDidChange(() => this.store.republishAll()));
    // Findings name keys by the session's list; known values follow the stores on their own.
    this._register(deps.session.onDidChangeState(() => this.store.republishAll()));
    this._register(this.fingerprints.onDidChange(() => {
      this.documents.scanAll();
      if (this.workspace.scannedOnce) this.scheduleRescan();
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => this.settingsChanged(event)));
    // Trust brings the workspace's settings and ignore file into force: apply them as a settings change would.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      deps.log.info('workspace trusted: applying its scanner settings and .palette-keys-ignore');
      this.applySettings(true);
    }));
    this._register({
      dispose: () => {
        if (this.rescanTimer) clearTimeout(this.rescanTimer);
        if (this.startupTimer) clearTimeout(this.startupTimer);
      },
    });
  }

  /** Scans open documents at once and the workspace a little later (when the setting asks for it). */
  async start(): Promise<void> {
    await Promise.all([this.ignoreFiles.start(), this.fingerprints.rebuild()]);
    if (workspaceRestricted()) this.deps.log.info(restrictedModeNote());
    const settings = readScannerSettings();
    if (!settings.enabled) return;
    this.documents.scanAll();
    if (!settings.scanOnStartup || !vscode.workspace.workspaceFolders?.length) return;
    this.startupTimer = setTimeout(() => {
      this.startupTimer = undefined;
      void this.workspace.scanWorkspace(vscode.ProgressLocation.Window, 'automatic')
        .catch((e: unknown) => this.deps.log.warn(`start-up workspace scan failed: ${e instanceof Error ? e.message : 'error'}`));
    }, STARTUP_SCAN_DELAY_MS);
  }

  commands(): Record<ScannerCommandId, CommandHandler> {
    return scannerCommands({
      extensionUri: this.deps.extensionUri,
      session: this.deps.session,
      vault: this.deps.vault,
      knownValues: this.deps.knownValues,
      fingerprints: this.fingerprints,
      store: this.store,
      workspace: this.workspace,
      ignoreFiles: this.ignoreFiles,
      log: this.deps.log.withComponent('scanner'),
    });
  }

  private settingsChanged(event: vscode.ConfigurationChangeEvent): void {
    const scanner = event.affectsConfiguration(SCANNER_SETTINGS_SECTION);
    const excludes = event.affectsConfiguration('files.exclude') || event.affectsConfiguration('search.exclude');
    if (!scanner && !excludes) return;
    this.applySettings(scanner);
  }

  private applySettings(scannerSettingsChanged: boolean): void {
    if (!readScannerSettings().enabled) {
      this.workspace.clear();
      this.store.clear();
      return;
    }
    this.store.republishAll();
    this.documents.scanAll();
    if (this.workspace.scannedOnce || scannerSettingsChanged) this.scheduleRescan();
  }

  /** A quiet (status bar) workspace re-scan after known keys or scan settings changed. */
  private scheduleRescan(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      if (!vscode.workspace.workspaceFolders?.length) return;
      void this.workspace.scanWorkspace(vscode.ProgressLocation.Window, 'automatic')
        .catch((e: unknown) => this.deps.log.warn(`workspace re-scan failed: ${e instanceof Error ? e.message : 'error'}`));
    }, RESCAN_DEBOUNCE_MS);
  }
}
