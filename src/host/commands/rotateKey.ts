import * as vscode from 'vscode';
import { toPlainKey, type PlainKey } from '../../core/keys/apiKey';
import { InvalidArgumentError, isScriptArgs, optionalBoolean, optionalString, requireConfirmation } from './commandArgs';
import type { CommandDeps } from './commandDeps';
import { forgetValue } from './keyCommands';
import { keepNewKeyValue, revealValueOnce } from './newKeyValue';
import { resolveTargetKey } from './keyTarget';
import { replaceKeyValueInWorkspace } from './workspaceKeyReplacer';

type OldKeyAction = 'revoke' | 'delete' | 'keep';

export interface RotationResult extends PlainKey {
  /** The key that was replaced, as it is after rotation. */
  readonly previous: PlainKey & { readonly action: OldKeyAction };
  /** Workspace files in which the old value was replaced by the new one. */
  readonly updatedFiles: readonly string[];
}

/**
 * Rotation: create a replacement with the same name, description and lifetime, keep its value,
 * offer to update workspace files that hold the old value, then revoke (or delete) the old key
 * after confirmation. Scripted: `{uid, confirm: true, oldKeyAction?: 'revoke'|'delete'|'keep', updateFiles?}`.
 */
export async function rotateKey(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<RotationResult | undefined> {
  if (scripted && isScriptArgs(arg)) requireConfirmation(arg, 'rotate a key');
  const service = deps.session.requireService();
  const connection = deps.session.requireConnection();
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Rotate API Key'));
  if (!key) return undefined;

  if (!scripted) {
    const go = vscode.l10n.t('Rotate');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Rotate API key "{0}"?', key.name),
      { modal: true, detail: vscode.l10n.t('A new key with the same name, description and lifetime is created for {0}. You choose what happens to the old key next.', key.owner.displayName) },
      go,
    );
    if (answer !== go) return undefined;
  }

  const rotated = await deps.session.track(service.rotateKey(key.uid));
  const stored = await keepNewKeyValue(deps, connection.id, rotated.newKey, rotated.value);
  deps.log.info(`rotated key ${key.uid}: replacement ${rotated.newKey.uid}`);

  const oldValue = await deps.vault.get(connection.id, key.uid);
  const updatedFiles = oldValue ? await maybeUpdateFiles(arg, scripted, oldValue, rotated.value) : [];

  const action = await chooseOldKeyAction(deps, arg, scripted, key.name);
  if (action === 'revoke') await deps.session.track(service.revokeKey(key.uid));
  if (action === 'delete') {
    await deps.session.track(service.deleteKey(key.uid));
    await forgetValue(deps, key.uid);
  }
  deps.log.info(`old key ${key.uid} after rotation: ${action}`);
  void deps.session.refresh();
  if (!scripted) await revealValueOnce(rotated.newKey, rotated.value, stored);
  const previous = action === 'revoke' ? { ...toPlainKey(key), isActive: false } : toPlainKey(key);
  return { ...toPlainKey(rotated.newKey), previous: { ...previous, action }, updatedFiles: updatedFiles.map((uri) => vscode.workspace.asRelativePath(uri)) };
}

async function maybeUpdateFiles(arg: unknown, scripted: boolean, oldValue: string, newValue: string): Promise<vscode.Uri[]> {
  if (scripted) {
    return isScriptArgs(arg) && optionalBoolean(arg, 'updateFiles') ? replaceKeyValueInWorkspace(oldValue, newValue) : [];
  }
  const update = vscode.l10n.t('Update Files');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('The old key\'s value may appear in workspace files. Replace it with the new value wherever it is found?'),
    update, vscode.l10n.t('Skip'),
  );
  if (answer !== update) return [];
  const changed = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Updating files…'), cancellable: true },
    (_progress, token) => replaceKeyValueInWorkspace(oldValue, newValue, token),
  );
  void vscode.window.showInformationMessage(vscode.l10n.t('Updated {0} file(s) with the new key.', changed.length));
  return changed;
}

async function chooseOldKeyAction(deps: CommandDeps, arg: unknown, scripted: boolean, name: string): Promise<OldKeyAction> {
  if (scripted && isScriptArgs(arg)) {
    const requested = optionalString(arg, 'oldKeyAction', 10);
    if (requested === undefined) return deps.settings().rotateOldKeyAction === 'delete' ? 'delete' : 'revoke';
    if (requested === 'revoke' || requested === 'delete' || requested === 'keep') return requested;
    throw new InvalidArgumentError('The "oldKeyAction" argument must be "revoke", "delete" or "keep".');
  }
  const revoke = vscode.l10n.t('Revoke Old Key');
  const remove = vscode.l10n.t('Delete Old Key');
  const preferred = deps.settings().rotateOldKeyAction;
  const buttons = preferred === 'delete' ? [remove, revoke] : [revoke, remove];
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('The replacement for "{0}" is ready. What should happen to the old key?', name),
    { modal: true, detail: vscode.l10n.t('Revoking stops it at once and keeps it listed (it can be re-activated); deleting removes it for good. Cancel keeps it working.') },
    ...buttons,
  );
  if (answer === revoke) return 'revoke';
  if (answer === remove) return 'delete';
  return 'keep';
}
