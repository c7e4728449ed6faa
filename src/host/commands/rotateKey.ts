import * as vscode from 'vscode';
import { toPlainKey, type PlainKey } from '../../core/keys/apiKey';
import { describeError } from '../errorPresenter';
import { InvalidArgumentError, isScriptArgs, optionalBoolean, optionalString, requireConfirmation, type ScriptArgs } from './commandArgs';
import type { CommandDeps } from './commandDeps';
import { revealValueOnce, warnValueNotKept } from './newKeyValue';
import { resolveTargetKey } from './keyTarget';
import { replaceKeyValueInWorkspace } from './workspaceKeyReplacer';

type OldKeyAction = 'revoke' | 'delete' | 'keep';

export interface RotationResult extends PlainKey {
  /** The key that was replaced, as it is after rotation. */
  readonly previous: PlainKey & { readonly action: OldKeyAction };
  /** Workspace files in which the old value was replaced by the new one. */
  readonly updatedFiles: readonly string[];
  /** Set when the replacement exists but revoking/deleting the old key (or updating files) failed. */
  readonly problem?: string;
}

/**
 * Rotation: create a replacement with the same name, description and lifetime, keep its value,
 * offer to update workspace files that hold the old value, then revoke (or delete) the old key
 * after confirmation. Scripted: `{uid, confirm: true, oldKeyAction?: 'revoke'|'delete'|'keep', updateFiles?}`.
 */
export async function rotateKey(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<RotationResult | undefined> {
  if (scripted && isScriptArgs(arg)) requireConfirmation(arg, 'rotate a key');
  // Checked before anything is created: a bad argument found after the create would strand the new key.
  const requestedAction = scripted && isScriptArgs(arg) ? oldKeyActionFromArgs(deps, arg) : undefined;
  if (scripted && isScriptArgs(arg)) optionalBoolean(arg, 'updateFiles');
  const service = deps.session.service;
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

  const rotated = await service.rotateKey(key.uid);
  if (!rotated.kept) warnValueNotKept(rotated.key);

  // The replacement exists and its value is in hand: nothing below may lose it, so a failure
  // here is reported next to the value instead of thrown past it.
  let updatedFiles: vscode.Uri[] = [];
  let action: OldKeyAction = 'keep';
  let problem: string | undefined;
  try {
    const oldValue = await deps.vault.get(connection.id, key.uid);
    updatedFiles = oldValue ? await maybeUpdateFiles(arg, scripted, oldValue, rotated.value) : [];
    const chosen = requestedAction ?? await chooseOldKeyAction(deps, key.name);
    if (chosen === 'revoke') await service.revokeKey(key.uid);
    if (chosen === 'delete') await service.deleteKey(key.uid);
    action = chosen;
  } catch (e) {
    problem = vscode.l10n.t('The replacement "{0}" was created, but finishing the rotation failed: {1} The old key is unchanged.', rotated.key.name, describeError(e).message);
    deps.log.warn(`rotation of ${key.uid}: replacement ${rotated.key.uid} created, finishing failed: ${describeError(e).message}`);
  }
  deps.log.info(`old key ${key.uid} after rotation: ${action}`);
  if (!scripted) {
    await revealValueOnce(rotated.key, rotated.value, rotated.kept);
    if (problem) void vscode.window.showWarningMessage(problem);
  }
  const previous = action === 'revoke' ? { ...toPlainKey(key), isActive: false } : toPlainKey(key);
  return {
    ...toPlainKey(rotated.key),
    previous: { ...previous, action },
    updatedFiles: updatedFiles.map((uri) => vscode.workspace.asRelativePath(uri)),
    ...(problem ? { problem } : {}),
  };
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

function oldKeyActionFromArgs(deps: CommandDeps, args: ScriptArgs): OldKeyAction {
  const requested = optionalString(args, 'oldKeyAction', 10);
  if (requested === undefined) return deps.settings().rotateOldKeyAction === 'delete' ? 'delete' : 'revoke';
  if (requested === 'revoke' || requested === 'delete' || requested === 'keep') return requested;
  throw new InvalidArgumentError('The "oldKeyAction" argument must be "revoke", "delete" or "keep".');
}

async function chooseOldKeyAction(deps: CommandDeps, name: string): Promise<OldKeyAction> {
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
