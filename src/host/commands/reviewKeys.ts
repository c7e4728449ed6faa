import * as vscode from 'vscode';
import { toPlainKey, type ApiKey, type PlainKey } from '../../core/keys/apiKey';
import { reviewKeys as buildReview, type ReviewReason } from '../../core/keys/review';
import { describeError } from '../errorPresenter';
import type { CommandDeps } from './commandDeps';
import type { CommandDefinition } from './commandRunner';
import type { Prompts } from './prompts';
import { confirmRevoke, offerUndo } from './revokeKey';

export interface PlainReviewRow {
  readonly key: PlainKey;
  readonly reasons: readonly ReviewReason[];
  readonly message: string;
}

type BulkAction = 'renew' | 'revoke' | 'delete';

/**
 * Review: the keys that need attention, each with its reasons; interactively, pick some and
 * renew, revoke or delete them behind one confirmation. Scripted, resolves to the rows.
 */
export function reviewKeysCommand(deps: CommandDeps): CommandDefinition<Record<string, never>, PlainReviewRow[]> {
  return {
    failureTitle: vscode.l10n.t('Could not review keys'),
    parse: () => ({}),
    run: (_request, prompts) => reviewKeys(deps, prompts),
  };
}

async function reviewKeys(deps: CommandDeps, prompts: Prompts): Promise<PlainReviewRow[]> {
  deps.session.requireConnection();
  await deps.session.refresh();
  const state = deps.session.state;
  if (state.kind === 'error') throw state.error;
  const settings = deps.settings();
  const rows = buildReview(deps.session.keys, {
    now: deps.now(),
    warningDays: settings.expiryWarningDays,
    maxExpiryDays: settings.maxExpiryDays,
    ...(deps.session.users ? { users: deps.session.users } : {}),
  });
  const plain = rows.map((row) => ({ key: toPlainKey(row.key), reasons: [...row.reasons], message: row.message }));
  if (rows.length === 0) {
    void prompts.inform(vscode.l10n.t('Every key looks fine: nothing expired, lingering, expiring soon, too long-lived or orphaned.'));
    return plain;
  }
  // A script gets the rows and acts on them itself: it picks nothing here.
  const picked = await prompts.pickMany(
    rows.map((row) => ({ label: row.key.name, description: row.key.owner.displayName, detail: row.message, key: row.key, picked: true })),
    { argument: 'keys', whenScripted: [], title: vscode.l10n.t('Review Palette API Keys: {0} need attention', rows.length), matchOnDetail: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return plain;
  const actions: Array<{ label: string; action: BulkAction }> = [
    { label: `$(history) ${vscode.l10n.t('Renew by {0} days', settings.renewDays)}`, action: 'renew' },
    { label: `$(debug-stop) ${vscode.l10n.t('Revoke')}`, action: 'revoke' },
    { label: `$(trash) ${vscode.l10n.t('Delete')}`, action: 'delete' },
  ];
  const chosen = await prompts.pick(actions, { argument: 'action', title: vscode.l10n.t('What should happen to the {0} selected key(s)?', picked.length) });
  if (!chosen) return plain;
  const keys = picked.map((item) => item.key);
  // Revoking says what stops working, names each owner and offers Undo, as a single revoke does.
  const confirmed = chosen.action === 'revoke'
    ? await confirmRevoke(deps, prompts, keys)
    : await prompts.confirm({
      message: vscode.l10n.t('{0} {1} key(s)?', chosen.label.replace(/^\$\([^)]*\) /, ''), picked.length),
      detail: picked.map((item) => item.key.name).join('\n'),
      action: vscode.l10n.t('Apply'),
    });
  if (!confirmed) return plain;
  const failures = await applyBulk(deps, chosen.action, keys, settings.renewDays);
  const done = keys.filter((key) => !failures.some((failure) => failure.key === key));
  if (chosen.action === 'revoke' && done.length > 0) offerUndo(prompts, done);
  else if (failures.length === 0) void prompts.inform(vscode.l10n.t('Done: {0} key(s) updated.', picked.length));
  if (failures.length > 0) {
    const reasons = failures.map((failure) => `${failure.key.name}: ${failure.reason}`).join('; ');
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} of {1} key(s) could not be updated: {2}', failures.length, picked.length, reasons));
  }
  return plain;
}

async function applyBulk(deps: CommandDeps, action: BulkAction, keys: readonly ApiKey[], renewDays: number): Promise<Array<{ key: ApiKey; reason: string }>> {
  const service = deps.session.service;
  const failures: Array<{ key: ApiKey; reason: string }> = [];
  // One at a time: Palette rate-limits, and a clear per-key failure beats a burst of 429s.
  for (const key of keys) {
    try {
      if (action === 'renew') await service.renewKey(key.uid, renewDays);
      if (action === 'revoke') await service.revokeKey(key.uid);
      if (action === 'delete') await service.deleteKey(key.uid);
      deps.log.info(`review: ${action} key ${key.uid}`);
    } catch (e) {
      failures.push({ key, reason: describeError(e).message });
    }
  }
  return failures;
}
