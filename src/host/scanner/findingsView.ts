import * as vscode from 'vscode';
import { VIEW_IDS } from '../constants';
import { Disposable } from '../lifecycle';
import type { FindingsTreeNode, FindingsTreeProvider } from './findingsTree';
import type { WorkspaceScanning } from './scanEngines';

/**
 * The "Leaked keys" tree view: the provider, the findings count in its description and the time of the last workspace scan ("scanned 14:32"), so an empty view reads as "clean", not "never looked".
 */
export class FindingsView extends Disposable {
  readonly treeView: vscode.TreeView<FindingsTreeNode>;

  constructor(private readonly provider: FindingsTreeProvider, private readonly workspace: WorkspaceScanning) {
    super();
    this.treeView = this._register(vscode.window.createTreeView(VIEW_IDS.findings, { treeDataProvider: provider, showCollapseAll: true }));
    this._register(provider.onDidChangeTreeData(() => this.update()));
    this._register(workspace.onDidFinishScan(() => this.update()));
    this.update();
  }

  update(): void {
    const count = this.provider.findingNodes().length;
    const scannedAt = this.workspace.lastScanAt;
    const when = scannedAt ? vscode.l10n.t('scanned {0}', scannedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })) : undefined;
    this.treeView.description = [count > 0 ? (count === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', count)) : undefined, when]
      .filter(Boolean).join(' · ') || undefined;
    void vscode.commands.executeCommand('setContext', 'paletteKeys.workspaceScanned', scannedAt !== undefined);
  }
}
