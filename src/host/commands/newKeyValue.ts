import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { copySecret, clipboardClearSeconds } from '../clipboard';
import type { CommandDeps } from './commandDeps';

/** The environment variable Palette's own tools read a key from (Terraform provider, MCP server). */
export const KEY_ENV_VAR = 'SPECTROCLOUD_APIKEY';

/**
 * Puts a freshly created key's value in secret storage before anything else happens: Palette
 * returns it once, and from here on a closed dialog or a crash must not lose it. A failure to
 * store is reported, never thrown, so the value still reaches the user.
 */
export async function keepNewKeyValue(deps: CommandDeps, connectionId: string, key: ApiKey, value: string): Promise<boolean> {
  try {
    await deps.vault.save(connectionId, key.uid, value);
    return true;
  } catch (e) {
    deps.log.error(`could not keep the value of key ${key.uid} in secret storage: ${e instanceof Error ? e.name : 'error'}`);
    void vscode.window.showWarningMessage(vscode.l10n.t(
      'The value of the new key "{0}" could not be kept in secret storage. Copy it now: Palette will never show it again, and the leak scanner will not recognise it.',
      key.name,
    ));
    return false;
  }
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
