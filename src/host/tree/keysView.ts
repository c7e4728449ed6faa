import * as vscode from 'vscode';
import { countNeedingAttention } from '../../core/keys/keyFilter';
import { VIEW_IDS } from '../constants';
import { Disposable } from '../lifecycle';
import type { PaletteSession } from '../session/paletteSession';
import type { KeysTreeNode, KeysTreeProvider } from './keysTreeProvider';

/**
 * The "API Keys" tree view: shows the provider, names the active connection in its description,
 * and counts expired and expiring keys in its badge. Also keeps the context keys that the welcome
 * view and menus use in step with the session.
 */
export class KeysView extends Disposable {
  readonly treeView: vscode.TreeView<KeysTreeNode>;

  constructor(
    private readonly session: PaletteSession,
    provider: KeysTreeProvider,
    private readonly now: () => Date,
    private readonly warningDays: () => number,
  ) {
    super();
    this.treeView = this._register(vscode.window.createTreeView(VIEW_IDS.keys, { treeDataProvider: provider, showCollapseAll: true }));
    this._register(this.treeView.onDidExpandElement((event) => provider.rememberExpansion(event.element, true)));
    this._register(this.treeView.onDidCollapseElement((event) => provider.rememberExpansion(event.element, false)));
    this._register(session.onDidChangeState(() => this.update()));
    this.update();
  }

  update(): void {
    const state = this.session.state;
    void vscode.commands.executeCommand('setContext', 'paletteKeys.signedIn', state.kind !== 'signedOut');
    void vscode.commands.executeCommand('setContext', 'paletteKeys.isTenantAdmin', state.kind === 'ready' && state.me.isTenantAdmin);
    // The organisation, not the host: a port or an address says little here (Switch Connection shows both).
    this.treeView.description = state.kind === 'signedOut' ? undefined : state.connection.orgName || state.connection.label;
    if (state.kind !== 'ready') {
      this.treeView.badge = undefined;
      return;
    }
    const { expired, expiring } = countNeedingAttention(state.keys, this.now(), this.warningDays());
    const total = expired + expiring;
    this.treeView.badge = total === 0 ? undefined : {
      value: total,
      tooltip: vscode.l10n.t('{0} expired, {1} expiring soon', expired, expiring),
    };
  }
}
