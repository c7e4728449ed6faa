import * as vscode from 'vscode';
import type { CommandHandler } from '../commands';
import { VIEW_IDS, type HistoryCommandId } from '../constants';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { IgnoreFiles } from '../scanner/ignoreFiles';
import type { KnownKeyDescriber } from '../scanner/knownKeyDescriber';
import type { KnownKeyFingerprints } from '../scanner/knownKeyFingerprints';
import type { PaletteSession } from '../session/paletteSession';
import { historyCommands } from './historyCommands';
import { HISTORY_SCHEME, HistoryDocumentProvider } from './historyDocumentProvider';
import { HistoryTreeProvider, type FolderFinding, type HistoryTreeNode } from './historyTree';

export interface GitHistoryDeps {
  readonly extensionUri: vscode.Uri;
  readonly session: PaletteSession;
  readonly fingerprints: KnownKeyFingerprints;
  readonly describer: KnownKeyDescriber;
  readonly ignoreFiles: IgnoreFiles;
  readonly log: Logger;
}

/** Set once a history scan has run in this window: the view shows from then on. */
const SCANNED_CONTEXT = 'paletteKeys.historyScanned';

/**
 * The git history scan inside VS Code: its command, the "Leaks in Git History" view (kept
 * self-contained, so it can move into a general findings view), and read-only documents of files
 * as they were in a commit.
 */
export class GitHistoryView extends Disposable {
  private readonly tree: HistoryTreeProvider;
  private readonly treeView: vscode.TreeView<HistoryTreeNode>;

  constructor(private readonly deps: GitHistoryDeps) {
    super();
    this.tree = new HistoryTreeProvider({
      describe: (id) => deps.describer.describe(id),
      isIgnored: (folder, fingerprint) => deps.ignoreFiles.isIgnored(folder.uri, fingerprint),
      multipleFolders: () => (vscode.workspace.workspaceFolders?.length ?? 0) > 1,
    });
    this.treeView = this._register(vscode.window.createTreeView(VIEW_IDS.history, { treeDataProvider: this.tree, showCollapseAll: true }));
    this._register(vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, new HistoryDocumentProvider()));
    // Key states (active, revoked…) and ignore entries change what the view shows.
    this._register(deps.session.onDidChangeState(() => this.update()));
    this._register(deps.fingerprints.onDidChange(() => this.update()));
    this._register(deps.ignoreFiles.onDidChange(() => this.update()));
  }

  commands(): Record<HistoryCommandId, CommandHandler> {
    return historyCommands({
      extensionUri: this.deps.extensionUri,
      fingerprints: this.deps.fingerprints,
      ignoreFiles: this.deps.ignoreFiles,
      tree: this.tree,
      log: this.deps.log.withComponent('history'),
      showResults: (findings) => this.showResults(findings),
    });
  }

  private async showResults(findings: readonly FolderFinding[]): Promise<void> {
    this.tree.show(findings);
    await vscode.commands.executeCommand('setContext', SCANNED_CONTEXT, true);
    this.update();
    if (findings.length > 0) await vscode.commands.executeCommand(`${VIEW_IDS.history}.focus`);
  }

  private update(): void {
    this.tree.redraw();
    const leaks = this.tree.visibleLeaks();
    const active = leaks.filter((leak) => {
      const known = this.tree.knownKey(leak);
      return known?.state === 'active' || known?.state === 'expiring';
    }).length;
    this.treeView.badge = leaks.length === 0 ? undefined : { value: leaks.length, tooltip: vscode.l10n.t('{0} leaked key(s) in git history, {1} still active', leaks.length, active) };
    this.treeView.message = leaks.length === 0 ? vscode.l10n.t('No leaked Palette API keys in the git history.') : undefined;
  }
}
