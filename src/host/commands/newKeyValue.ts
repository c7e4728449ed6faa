import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { copySecret, clipboardClearSeconds } from '../clipboard';

/** The environment variable Palette's own tools read a key from (Terraform provider, MCP server). */
export const KEY_ENV_VAR = 'SPECTROCLOUD_APIKEY';

/**
 * Urges the person to copy a new key's value that secret storage refused to keep (the session's
 * key service kept it otherwise, before the value was shown).
 */
export function warnValueNotKept(key: ApiKey): void {
  void vscode.window.showWarningMessage(vscode.l10n.t(
    'The value of the new key "{0}" could not be kept in secret storage. Copy it now: Palette will never show it again, and the leak scanner will not recognise it.',
    key.name,
  ));
}

/**
 * Shows a new key's value once, outside the form (rotation): a modal the user must dismiss, with
 * Copy. The value is never logged and never put anywhere that persists.
 */
export async function revealValueOnce(key: ApiKey, value: string, stored: boolean): Promise<void> {
  const copy = vscode.l10n.t('Copy');
  const note = stored
    ? vscode.l10n.t('It is kept in this machine\'s secret storage so the leak scanner recognises it, but Palette will never show it again.')
    : vscode.l10n.t('Warning: it could not be kept in secret storage. Copy it now: Palette will never show it again.');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('New value of API key "{0}"', key.name),
    { modal: true, detail: `${value}\n\n${note}` },
    copy,
  );
  if (picked === copy) await copySecret(value, clipboardClearSeconds());
}
