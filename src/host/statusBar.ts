import * as vscode from 'vscode';
import { countNeedingAttention } from '../core/keys/keyFilter';
import { Disposable } from './lifecycle';
import type { PaletteSession } from './session/paletteSession';
import type { TerminalKey } from './terminal/terminalKeyEnvironment';
import { showTerminalKey } from './terminal/terminalKeyStatus';

/**
 * Where the item sits: on the right, away from the Problems count (left) that it used to look like.
 * Priorities sort right-hand items high to low from the left; this lands among the extensions' items.
 */
const STATUS_BAR_PRIORITY = 90;

/**
 * One status bar item that reads as Palette's own ("Palette: 3 expiring") and opens the view.
 * Quiet unless something is wrong: the error background only once a key has expired. Hidden when signed out.
 */
export class KeysStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('paletteKeys.status', vscode.StatusBarAlignment.Right, STATUS_BAR_PRIORITY));

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
      this.item.text = `$(sync~spin) ${vscode.l10n.t('Palette')}`;
      this.item.tooltip = vscode.l10n.t('Loading Palette API keys…');
    } else if (state.kind === 'error') {
      this.item.text = `$(key) ${vscode.l10n.t('Palette: not loaded')}`;
      this.item.tooltip = vscode.l10n.t('Could not load Palette API keys. Click to see why.');
    } else {
      const { expired, expiring } = countNeedingAttention(state.keys, this.now(), this.warningDays());
      this.item.text = `$(key) ${statusText(expired, expiring)}`;
      this.item.tooltip = expired + expiring === 0
        ? vscode.l10n.t('{0} Palette API keys, none expiring within {1} days ({2})', state.keys.length, this.warningDays(), state.connection.label)
        : vscode.l10n.t('Palette API keys: {0} expired, {1} expiring within {2} days ({3})', expired, expiring, this.warningDays(), state.connection.label);
      // A key that expired has stopped working: the one case worth colour.
      if (expired > 0) this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    showTerminalKey(this.item, this.terminalKey());
    this.item.accessibilityInformation = { label: typeof this.item.tooltip === 'string' ? this.item.tooltip : vscode.l10n.t('Palette API Keys') };
    this.item.show();
  }
}

/** "Palette: 2 expired, 1 expiring", "Palette: 3 expiring", or "Palette" when nothing needs attention. */
function statusText(expired: number, expiring: number): string {
  if (expired > 0 && expiring > 0) return vscode.l10n.t('Palette: {0} expired, {1} expiring', expired, expiring);
  if (expired > 0) return vscode.l10n.t('Palette: {0} expired', expired);
  if (expiring > 0) return vscode.l10n.t('Palette: {0} expiring', expiring);
  return vscode.l10n.t('Palette');
}
