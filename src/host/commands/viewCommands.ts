import * as vscode from 'vscode';
import type { KeyStatus } from '../../core/keys/expiry';
import type { KeyFilter } from '../../core/keys/keyFilter';
import { InvalidArgumentError, isScriptArgs, optionalString, type ScriptArgs } from './commandArgs';
import type { CommandDeps } from './commandDeps';

const STATUSES: readonly KeyStatus[] = ['active', 'expiring', 'expired', 'revoked'];

/** Reloads keys; resolves to how many are shown, or rejects with the reason they could not be loaded. */
export async function refresh(deps: CommandDeps): Promise<{ count: number }> {
  deps.session.requireConnection();
  await deps.session.refresh();
  const state = deps.session.state;
  if (state.kind === 'error') throw state.error;
  return { count: deps.session.keys.length };
}

/** Filters the tree by state, text and (admins) owner. Scripted: `{statuses?, text?, ownerUid?}`. */
export async function filterKeys(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<KeyFilter | undefined> {
  const filter = scripted && isScriptArgs(arg) ? filterFromArgs(arg) : await promptFilter(deps);
  if (!filter) return undefined;
  deps.tree.setFilter(filter);
  await vscode.commands.executeCommand('setContext', 'paletteKeys.filtered', true);
  return filter;
}

export async function clearFilter(deps: CommandDeps): Promise<KeyFilter> {
  deps.tree.setFilter({});
  await vscode.commands.executeCommand('setContext', 'paletteKeys.filtered', false);
  return {};
}

function filterFromArgs(args: ScriptArgs): KeyFilter {
  const statuses = args.statuses;
  if (statuses !== undefined && (!Array.isArray(statuses) || !statuses.every((s) => STATUSES.includes(s as KeyStatus)))) {
    throw new InvalidArgumentError(`The "statuses" argument must be a list of ${STATUSES.join(', ')}.`);
  }
  const text = optionalString(args, 'text', 200);
  const ownerUid = optionalString(args, 'ownerUid', 256);
  return {
    ...(statuses ? { statuses: statuses as KeyStatus[] } : {}),
    ...(text ? { text } : {}),
    ...(ownerUid ? { ownerUid } : {}),
  };
}

async function promptFilter(deps: CommandDeps): Promise<KeyFilter | undefined> {
  const current = deps.tree.filter;
  const labels: Record<KeyStatus, string> = {
    active: vscode.l10n.t('Active'),
    expiring: vscode.l10n.t('Expiring soon'),
    expired: vscode.l10n.t('Expired'),
    revoked: vscode.l10n.t('Revoked'),
  };
  const picked = await vscode.window.showQuickPick(
    STATUSES.map((status) => ({ label: labels[status], status, picked: current.statuses?.includes(status) ?? false })),
    { title: vscode.l10n.t('Filter Keys (1/3): states'), canPickMany: true, placeHolder: vscode.l10n.t('Pick states to show; none shows all') },
  );
  if (!picked) return undefined;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter Keys (2/3): text'),
    prompt: vscode.l10n.t('Text in the name, description, owner or uid (empty for any)'),
    value: current.text ?? '',
  });
  if (text === undefined) return undefined;
  let ownerUid: string | undefined;
  const users = deps.session.users;
  if (users && users.length > 0) {
    const everyone = { label: vscode.l10n.t('All users'), uid: '' };
    const owner = await vscode.window.showQuickPick(
      [everyone, ...users.map((user) => ({ label: user.displayName, description: user.email, uid: user.uid }))],
      { title: vscode.l10n.t('Filter Keys (3/3): owner'), matchOnDescription: true },
    );
    if (!owner) return undefined;
    ownerUid = owner.uid || undefined;
  }
  return {
    ...(picked.length ? { statuses: picked.map((item) => item.status) } : {}),
    ...(text.trim() ? { text: text.trim() } : {}),
    ...(ownerUid ? { ownerUid } : {}),
  };
}
