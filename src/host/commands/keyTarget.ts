import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { classifyKey, describeExpiry, type KeyStatus } from '../../core/keys/expiry';
import { KeyNode } from '../tree/keyNode';
import { type ScriptArgs, isScriptArgs, requiredString } from './commandArgs';
import type { CommandDeps } from './commandDeps';

/**
 * The key a command acts on: the tree item it was invoked on, the `uid` of a scripted call (read
 * fresh from Palette), or one the user picks. Undefined when the user dismisses the picker.
 */
export async function resolveTargetKey(
  deps: CommandDeps,
  arg: unknown,
  pickTitle: string,
  eligible: (status: KeyStatus) => boolean = () => true,
): Promise<ApiKey | undefined> {
  if (arg instanceof KeyNode) return arg.key;
  if (isScriptArgs(arg) && arg.uid !== undefined) return keyFromArgs(deps, arg);
  return pickKey(deps, pickTitle, eligible);
}

async function keyFromArgs(deps: CommandDeps, args: ScriptArgs): Promise<ApiKey> {
  const uid = requiredString(args, 'uid', 256);
  return deps.session.service.getKey(uid);
}

async function pickKey(deps: CommandDeps, title: string, eligible: (status: KeyStatus) => boolean): Promise<ApiKey | undefined> {
  deps.session.requireConnection();
  if (deps.session.state.kind !== 'ready') await deps.session.refresh();
  const now = deps.now();
  const warningDays = deps.settings().expiryWarningDays;
  const keys = deps.session.keys.filter((key) => eligible(classifyKey(key, now, warningDays)));
  if (keys.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No API key to choose from.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    keys.map((key) => ({
      label: key.name,
      description: key.isActive ? describeExpiry(key.expiry, now) : vscode.l10n.t('revoked'),
      detail: `${key.owner.displayName} · ${key.uid}`,
      key,
    })),
    { title, placeHolder: vscode.l10n.t('Choose an API key'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.key;
}
