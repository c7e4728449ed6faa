import * as vscode from 'vscode';
import type { KeyStatus } from '../../core/keys/expiry';
import type { KeyFilter } from '../../core/keys/keyFilter';
import { InvalidArgumentError, isScriptArgs, optionalString, type ScriptArgs } from './commandArgs';
import type { CommandDeps } from './commandDeps';
import type { CommandDefinition } from './commandRunner';
import type { Prompts } from './prompts';

const STATUSES: readonly KeyStatus[] = ['active', 'expiring', 'expired', 'revoked'];

/** Reloads keys; resolves to how many are shown, or rejects with the reason they could not be loaded. */
export function refreshCommand(deps: CommandDeps): CommandDefinition<Record<string, never>, { count: number }> {
  return {
    failureTitle: vscode.l10n.t('Could not load keys'),
    parse: () => ({}),
    run: async () => {
      deps.session.requireConnection();
      await deps.session.refresh();
      const state = deps.session.state;
      if (state.kind === 'error') throw state.error;
      return { count: deps.session.keys.length };
    },
  };
}

/** Filters the tree by state, text and (admins) owner. Scripted: `{statuses?, text?, ownerUid?}`. */
export function filterKeysCommand(deps: CommandDeps): CommandDefinition<{ filter?: KeyFilter }, KeyFilter> {
  return {
    failureTitle: vscode.l10n.t('Could not filter keys'),
    parse: (arg, mode) => (mode === 'scripted' && isScriptArgs(arg) ? { filter: filterFromArgs(arg) } : {}),
    run: async (request, prompts) => {
      const filter = request.filter ?? await askFilter(deps, prompts);
      if (!filter) return undefined;
      deps.tree.setFilter(filter);
      await vscode.commands.executeCommand('setContext', 'paletteKeys.filtered', true);
      return filter;
    },
  };
}

export function clearFilterCommand(deps: CommandDeps): CommandDefinition<Record<string, never>, KeyFilter> {
  return {
    failureTitle: vscode.l10n.t('Could not clear the filter'),
    parse: () => ({}),
    run: async () => {
      deps.tree.setFilter({});
      await vscode.commands.executeCommand('setContext', 'paletteKeys.filtered', false);
      return {};
    },
  };
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

async function askFilter(deps: CommandDeps, prompts: Prompts): Promise<KeyFilter | undefined> {
  const current = deps.tree.filter;
  const labels: Record<KeyStatus, string> = {
    active: vscode.l10n.t('Active'),
    expiring: vscode.l10n.t('Expiring soon'),
    expired: vscode.l10n.t('Expired'),
    revoked: vscode.l10n.t('Revoked'),
  };
  const picked = await prompts.pickMany(
    STATUSES.map((status) => ({ label: labels[status], status, picked: current.statuses?.includes(status) ?? false })),
    { argument: 'statuses', title: vscode.l10n.t('Filter Keys (1/3): states'), placeHolder: vscode.l10n.t('Pick states to show; none shows all') },
  );
  if (!picked) return undefined;
  const text = await prompts.input({
    argument: 'text',
    title: vscode.l10n.t('Filter Keys (2/3): text'),
    prompt: vscode.l10n.t('Text in the name, description, owner or uid (empty for any)'),
    value: current.text ?? '',
  });
  if (text === undefined) return undefined;
  let ownerUid: string | undefined;
  const users = deps.session.users;
  if (users && users.length > 0) {
    const everyone = { label: vscode.l10n.t('All users'), uid: '' };
    const owner = await prompts.pick(
      [everyone, ...users.map((user) => ({ label: user.displayName, description: user.email, uid: user.uid }))],
      { argument: 'ownerUid', title: vscode.l10n.t('Filter Keys (3/3): owner'), matchOnDescription: true },
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
