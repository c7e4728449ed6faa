import * as vscode from 'vscode';
import { toPlainKey, type PlainKey } from '../../core/keys/apiKey';
import { describeError } from '../errorPresenter';
import { InvalidArgumentError, isScriptArgs, optionalBoolean, optionalString, requireConfirmation, type ScriptArgs } from './commandArgs';
import type { CommandDeps } from './commandDeps';
import type { CommandDefinition } from './commandRunner';
import { parseKeyTarget, resolveKey, type KeyTarget } from './keyTarget';
import { revealValueOnce, warnValueNotKept } from './newKeyValue';
import type { Prompts } from './prompts';
import { replaceKeyValueWithReferences } from './workspaceKeyReplacer';

type OldKeyAction = 'revoke' | 'delete' | 'keep';

export interface RotationResult extends PlainKey {
  /** The key that was replaced, as it is after rotation. */
  readonly previous: PlainKey & { readonly action: OldKeyAction };
  /** Workspace files in which the old value was replaced by an environment reference. */
  readonly updatedFiles: readonly string[];
  /** Set when the replacement exists but revoking/deleting the old key (or updating files) failed. */
  readonly problem?: string;
}

interface RotateRequest {
  readonly target: KeyTarget;
  /** What happens to the old key; asked when not given. */
  readonly oldKeyAction?: OldKeyAction;
  /** Whether to replace the old value in workspace files by environment references; asked when not given. */
  readonly updateFiles?: boolean;
  /** Whether new terminals of this window get the new key (Use in Terminals); offered when not given. */
  readonly useInTerminals?: boolean;
}

/**
 * Rotation: create a replacement with the same name, description and lifetime, keep its value,
 * offer to take the old value out of workspace files, then revoke (or delete) the old key
 * after confirmation. Files get environment references, never the new value.
 * Scripted: `{uid, confirm: true, oldKeyAction?: 'revoke'|'delete'|'keep', updateFiles?, useInTerminals?}`.
 */
export function rotateKeyCommand(deps: CommandDeps): CommandDefinition<RotateRequest, RotationResult> {
  return {
    failureTitle: vscode.l10n.t('Could not rotate the key'),
    // Everything is checked before anything is created: a bad argument found after the create would strand the new key.
    parse: (arg, mode) => {
      if (mode !== 'scripted' || !isScriptArgs(arg)) return { target: parseKeyTarget(arg, mode) };
      requireConfirmation(arg, 'rotate a key');
      return {
        target: parseKeyTarget(arg, mode),
        oldKeyAction: oldKeyActionFromArgs(deps, arg),
        updateFiles: optionalBoolean(arg, 'updateFiles') ?? false,
        useInTerminals: optionalBoolean(arg, 'useInTerminals') ?? false,
      };
    },
    run: (request, prompts) => rotate(deps, request, prompts),
  };
}

async function rotate(deps: CommandDeps, request: RotateRequest, prompts: Prompts): Promise<RotationResult | undefined> {
  const service = deps.session.service;
  const connection = deps.session.requireConnection();
  const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Rotate API Key'));
  if (!key) return undefined;
  const confirmed = await prompts.confirm({
    message: vscode.l10n.t('Rotate API key "{0}"?', key.name),
    detail: vscode.l10n.t('A new key with the same name, description and lifetime is created for {0}. You choose what happens to the old key next.', key.owner.displayName),
    action: vscode.l10n.t('Rotate'),
    scriptedConsent: 'rotate a key',
  });
  if (!confirmed) return undefined;

  const rotated = await service.rotateKey(key.uid);
  if (!rotated.kept) warnValueNotKept(rotated.key);

  // The replacement exists and its value is in hand: nothing below may lose it, so a failure
  // here is reported next to the value instead of thrown past it.
  let updatedFiles: vscode.Uri[] = [];
  let action: OldKeyAction = 'keep';
  let problem: string | undefined;
  try {
    const oldValue = await deps.vault.get(connection.id, key.uid);
    updatedFiles = oldValue ? await maybeUpdateFiles(request, prompts, oldValue, rotated.key.uid, rotated.kept) : [];
    if (request.useInTerminals && rotated.kept) await vscode.commands.executeCommand('paletteKeys.useInTerminals', { uid: rotated.key.uid });
    const chosen = request.oldKeyAction ?? await chooseOldKeyAction(deps, prompts, key.name);
    if (chosen === 'revoke') await service.revokeKey(key.uid);
    if (chosen === 'delete') await service.deleteKey(key.uid);
    action = chosen;
  } catch (e) {
    problem = vscode.l10n.t('The replacement "{0}" was created, but finishing the rotation failed: {1} The old key is unchanged.', rotated.key.name, describeError(e).message);
    deps.log.warn(`rotation of ${key.uid}: replacement ${rotated.key.uid} created, finishing failed: ${describeError(e).message}`);
  }
  deps.log.info(`old key ${key.uid} after rotation: ${action}`);
  if (prompts.interactive) {
    // A person sees the new value once; a script never gets it.
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

/**
 * Takes the old value out of workspace files: each becomes an environment reference, never the new
 * value (a live key in a file is the leak the scanner reports). The new value stays in secret
 * storage, and a person is offered to put it into this window's terminals.
 */
async function maybeUpdateFiles(request: RotateRequest, prompts: Prompts, oldValue: string, newUid: string, kept: boolean): Promise<vscode.Uri[]> {
  const update = request.updateFiles ?? await prompts.choose({
    argument: 'updateFiles',
    message: vscode.l10n.t('The old key\'s value may appear in workspace files. Replace it with a reference to the SPECTROCLOUD_APIKEY environment variable wherever it is found?'),
    detail: vscode.l10n.t('The new value is never written to a file: it stays in secret storage, and Use in Terminals puts it into the terminals of this window.'),
    choices: [{ label: vscode.l10n.t('Update Files'), value: true }, { label: vscode.l10n.t('Skip'), value: false }],
  });
  if (!update) return [];
  // A person watches (and may cancel) the update; a script just waits for its result.
  const changed = prompts.interactive
    ? await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Updating files…'), cancellable: true },
      (_progress, token) => replaceKeyValueWithReferences(oldValue, token),
    )
    : await replaceKeyValueWithReferences(oldValue);
  const useInTerminals = vscode.l10n.t('Use in Terminals');
  const message = vscode.l10n.t('Replaced the old key in {0} file(s) with a reference to SPECTROCLOUD_APIKEY.', changed.length);
  void (request.useInTerminals || !kept ? prompts.inform(message) : prompts.inform(message, useInTerminals)).then((picked) => {
    if (picked === useInTerminals) void vscode.commands.executeCommand('paletteKeys.useInTerminals', { uid: newUid, interactive: true });
  });
  return changed;
}

function oldKeyActionFromArgs(deps: CommandDeps, args: ScriptArgs): OldKeyAction {
  const requested = optionalString(args, 'oldKeyAction', 10);
  if (requested === undefined) return deps.settings().rotateOldKeyAction === 'delete' ? 'delete' : 'revoke';
  if (requested === 'revoke' || requested === 'delete' || requested === 'keep') return requested;
  throw new InvalidArgumentError('The "oldKeyAction" argument must be "revoke", "delete" or "keep".');
}

async function chooseOldKeyAction(deps: CommandDeps, prompts: Prompts, name: string): Promise<OldKeyAction> {
  const revoke = { label: vscode.l10n.t('Revoke Old Key'), value: 'revoke' as const };
  const remove = { label: vscode.l10n.t('Delete Old Key'), value: 'delete' as const };
  const answer = await prompts.choose<OldKeyAction>({
    argument: 'oldKeyAction',
    message: vscode.l10n.t('The replacement for "{0}" is ready. What should happen to the old key?', name),
    detail: vscode.l10n.t('Revoking stops it at once and keeps it listed (it can be re-activated); deleting removes it for good. Cancel keeps it working.'),
    modal: true,
    severity: 'warning',
    choices: deps.settings().rotateOldKeyAction === 'delete' ? [remove, revoke] : [revoke, remove],
  });
  return answer ?? 'keep';
}
