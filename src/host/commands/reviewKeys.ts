import * as vscode from 'vscode';
import { toPlainKey, type ApiKey, type PlainKey } from '../../core/keys/apiKey';
import { reviewKeys as buildReview, type ReviewReason } from '../../core/keys/review';
import { describeError } from '../errorPresenter';
import type { CommandDeps } from './commandDeps';

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
export async function reviewKeys(deps: CommandDeps, _arg: unknown, scripted: boolean): Promise<PlainReviewRow[] | undefined> {
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
  if (scripted) return plain;
  if (rows.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every key looks fine: nothing expired, lingering, expiring soon, too long-lived or orphaned.'));
    return plain;
  }
  const picked = await vscode.window.showQuickPick(
    rows.map((row) => ({ label: row.key.name, description: row.key.owner.displayName, detail: row.message, key: row.key, picked: true })),
    { title: vscode.l10n.t('Review Palette API Keys: {0} need attention', rows.length), canPickMany: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return plain;
  const actions: Array<{ label: string; action: BulkAction }> = [
    { label: `$(history) ${vscode.l10n.t('Renew by {0} days', settings.renewDays)}`, action: 'renew' },
    { label: `$(debug-stop) ${vscode.l10n.t('Revoke')}`, action: 'revoke' },
    { label: `$(trash) ${vscode.l10n.t('Delete')}`, action: 'delete' },
  ];
  const chosen = await vscode.window.showQuickPick(actions, { title: vscode.l10n.t('What should happen to the {0} selected key(s)?', picked.length) });
  if (!chosen) return plain;
  const confirm = vscode.l10n.t('Apply');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} {1} key(s)?', chosen.label.replace(/^\$\([^)]*\) /, ''), picked.length),
    { modal: true, detail: picked.map((item) => item.key.name).join('\n') },
    confirm,
  );
  if (answer !== confirm) return plain;
  const failures = await applyBulk(deps, chosen.action, picked.map((item) => item.key), settings.renewDays);
  if (failures.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Done: {0} key(s) updated.', picked.length));
  } else {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} of {1} key(s) could not be updated: {2}', failures.length, picked.length, failures.join('; ')));
  }
  return plain;
}

async function applyBulk(deps: CommandDeps, action: BulkAction, keys: readonly ApiKey[], renewDays: number): Promise<string[]> {
  const service = deps.session.service;
  const failures: string[] = [];
  // One at a time: Palette rate-limits, and a clear per-key failure beats a burst of 429s.
  for (const key of keys) {
    try {
      if (action === 'renew') await service.renewKey(key.uid, renewDays);
      if (action === 'revoke') await service.revokeKey(key.uid);
      if (action === 'delete') await service.deleteKey(key.uid);
      deps.log.info(`review: ${action} key ${key.uid}`);
    } catch (e) {
      failures.push(`${key.name}: ${describeError(e).message}`);
    }
  }
  return failures;
}
