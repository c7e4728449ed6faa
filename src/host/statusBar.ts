import * as vscode from 'vscode';
import { countNeedingAttention } from '../core/keys/keyFilter';
import { Disposable } from './lifecycle';
import type { PaletteSession } from './session/paletteSession';
import type { TerminalKey } from './terminal/terminalKeyEnvironment';
import { showTerminalKey } from './terminal/terminalKeyStatus';

/** One status bar item that summarises key health and opens the view. Hidden when signed out. */
export class KeysStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('paletteKeys.status', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly session: PaletteSession,
    private readonly now: () => Date,
    private readonly warningDays: () => number,
    private readonly terminalKey: () => TerminalKey | undefined = () => undefined,
  ) {
    super();
    this.item.name = vscode.l10n.t('Palette API Keys');
    this.item.command = 'workbench.view.extension.paletteKeys';
    this._register(session.onDidChangeState(() => this.update()));
    this.update();
  }

  update(): void {
    const state = this.session.state;
    if (state.kind === 'signedOut') {
      this.item.hide();
      return;
    }
    this.item.backgroundColor = undefined;
    if (state.kind === 'loading') {
      this.item.text = '$(sync~spin) Palette';
      this.item.tooltip = vscode.l10n.t('Loading Palette API keys…');
    } else if (state.kind === 'error') {
      this.item.text = '$(error) Palette';
      this.item.tooltip = vscode.l10n.t('Could not load Palette API keys. Click to see why.');
    } else {
      const { expired, expiring } = countNeedingAttention(state.keys, this.now(), this.warningDays());
      if (expired + expiring === 0) {
        this.item.text = `$(key) ${state.keys.length}`;
        this.item.tooltip = vscode.l10n.t('{0} Palette API keys, none expiring within {1} days ({2})', state.keys.length, this.warningDays(), state.connection.label);
      } else {
        this.item.text = `$(warning) ${expired + expiring}`;
        this.item.tooltip = vscode.l10n.t('Palette API keys: {0} expired, {1} expiring within {2} days ({3})', expired, expiring, this.warningDays(), state.connection.label);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      }
    }
    showTerminalKey(this.item, this.terminalKey());
    this.item.accessibilityInformation = { label: typeof this.item.tooltip === 'string' ? this.item.tooltip : 'Palette API keys' };
    this.item.show();
  }
}
