import * as vscode from 'vscode';
import type { ConnectionInfo } from '../core/connections/connection';
import { CLAIMS } from '../core/sync/channels';
import type { OnceClaims } from '../core/sync/crossWindowOnce';
import type { Logger } from './logger';

/**
 * Asks to sign in again when Palette rejects the saved credential (revoked, expired, deleted).
 * Once per credential, across every window: the first window that sees the 401 asks; the rest
 * show the error in their tree only. A new sign-in is a new credential and re-arms it.
 */
export function createReauthPrompt(once: OnceClaims, log: Logger): (connection: ConnectionInfo) => void {
  const askedHere = new Set<string>();
  return (connection) => {
    const claim = CLAIMS.signInAgain(connection.id, connection.signedInAt);
    if (askedHere.has(claim)) return;
    askedHere.add(claim);
    void (async () => {
      if (!(await once.claim(claim))) return;
      log.warn(`Palette rejected the credential of ${connection.label}; asking to sign in again`);
      const signIn = vscode.l10n.t('Sign In Again');
      const picked = await vscode.window.showWarningMessage(
        vscode.l10n.t('Palette no longer accepts the credential for {0}: it was revoked, expired or deleted.', connection.label),
        signIn,
      );
      if (picked === signIn) await vscode.commands.executeCommand('paletteKeys.signIn');
    })();
  };
}
