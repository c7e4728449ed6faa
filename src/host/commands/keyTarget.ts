import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { classifyKey, describeExpiry, type KeyStatus } from '../../core/keys/expiry';
import { KeyNode } from '../tree/keyNode';
import { InvalidArgumentError, isScriptArgs, requiredString } from './commandArgs';
import type { CommandDeps } from './commandDeps';
import type { CommandMode } from './commandRunner';
import type { Prompts } from './prompts';

/**
 * The key a command acts on, as its argument named it: the tree item it was invoked on, a `uid`
 * (a scripted call, a quick fix, a notification button), or none, when the person picks one.
 */
export type KeyTarget =
  | { readonly kind: 'key'; readonly key: ApiKey }
  | { readonly kind: 'uid'; readonly uid: string }
  | { readonly kind: 'pick' };

/** Reads the target from a command's argument; a scripted call must name the key by `uid`. */
export function parseKeyTarget(arg: unknown, mode: CommandMode): KeyTarget {
  if (arg instanceof KeyNode) return { kind: 'key', key: arg.key };
  if (isScriptArgs(arg) && arg.uid !== undefined) return { kind: 'uid', uid: requiredString(arg, 'uid', 256) };
  if (mode === 'scripted') throw new InvalidArgumentError('The "uid" argument is required.');
  return { kind: 'pick' };
}

/**
 * The key itself: the tree item's, read fresh from Palette for a uid, or picked among the loaded
 * keys `eligible` allows. Undefined when the person dismisses the picker or there is none to pick.
 */
export async function resolveKey(
  deps: CommandDeps,
  target: KeyTarget,
  prompts: Prompts,
  pickTitle: string,
  eligible: (status: KeyStatus, key: ApiKey) => boolean = () => true,
): Promise<ApiKey | undefined> {
  if (target.kind === 'key') return target.key;
  if (target.kind === 'uid') return deps.session.service.getKey(target.uid);
  return pickKey(deps, prompts, pickTitle, eligible);
}

async function pickKey(deps: CommandDeps, prompts: Prompts, title: string, eligible: (status: KeyStatus, key: ApiKey) => boolean): Promise<ApiKey | undefined> {
  deps.session.requireConnection();
  if (deps.session.state.kind !== 'ready') await deps.session.refresh();
  const now = deps.now();
  const warningDays = deps.settings().expiryWarningDays;
  const keys = deps.session.keys.filter((key) => eligible(classifyKey(key, now, warningDays), key));
  if (keys.length === 0) {
    void prompts.inform(vscode.l10n.t('No API key to choose from.'));
    return undefined;
  }
  const picked = await prompts.pick(
    keys.map((key) => ({
      label: key.name,
      description: key.isActive ? describeExpiry(key.expiry, now) : vscode.l10n.t('revoked'),
      detail: `${key.owner.displayName} · ${key.uid}`,
      key,
    })),
    { argument: 'uid', title, placeHolder: vscode.l10n.t('Choose an API key'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.key;
}
