import * as vscode from 'vscode';
import { describeExpiry } from '../core/keys/expiry';
import { dueExpiryWarnings } from '../core/keys/expiryThresholds';
import { CLAIMS } from '../core/sync/channels';
import type { OnceClaims } from '../core/sync/crossWindowOnce';
import { Disposable } from './lifecycle';
import type { Logger } from './logger';
import type { PaletteSession } from './session/paletteSession';

/**
 * Warns before the user's own keys expire, once per key and threshold across every window: the
 * first window to claim a warning shows it. Other users' keys are shown to admins in the badge
 * and the review, not as pop-ups.
 */
export class ExpiryNotifier extends Disposable {
  constructor(
    private readonly session: PaletteSession,
    private readonly once: OnceClaims,
    private readonly thresholdsDays: () => readonly number[],
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {
    super();
    this._register(session.onDidChangeState(() => void this.check()));
  }

  async check(): Promise<void> {
    const state = this.session.state;
    if (state.kind !== 'ready') return;
    const own = state.keys.filter((key) => key.owner.uid === state.me.userUid);
    for (const warning of dueExpiryWarnings(own, this.thresholdsDays(), this.now())) {
      if (!(await this.once.claim(CLAIMS.expiryWarning(state.connection.id, warning.id)))) continue;
      this.log.info(`expiry warning for key ${warning.key.uid} (${warning.thresholdDays}-day threshold)`);
      void this.show(warning.key.uid, warning.key.name, describeExpiry(warning.key.expiry, this.now()));
    }
  }

  private async show(uid: string, name: string, relative: string): Promise<void> {
    const renew = vscode.l10n.t('Renew');
    const rotate = vscode.l10n.t('Rotate');
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('Palette API key "{0}" {1}.', name, relative), renew, rotate);
    if (picked === renew) await vscode.commands.executeCommand('paletteKeys.renewKey', { uid });
    else if (picked === rotate) await vscode.commands.executeCommand('paletteKeys.rotateKey', { uid, interactive: true });
  }
}
