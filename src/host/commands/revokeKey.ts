import * as vscode from 'vscode';
import { toPlainKey, type ApiKey, type PlainKey } from '../../core/keys/apiKey';
import { classifyKey } from '../../core/keys/expiry';
import { showError } from '../errorPresenter';
import type { CommandDeps } from './commandDeps';
import type { CommandDefinition } from './commandRunner';
import { parseKeyTarget, resolveKey, type KeyTarget } from './keyTarget';
import type { Prompts } from './prompts';

/** What a script must consent to with `confirm: true` before an active key is revoked. */
export const REVOKE_CONSENT = 'revoke an active key';

/**
 * Revoke, from every place that offers it (tree, Command Palette, quick fix, history view): an
 * active key is revoked only after a modal that names it and its owner and offers Rotate Instead;
 * scripts pass `{uid, confirm: true}`. A revoked or expired key stops nothing, so it is not asked
 * about. Afterwards a person gets Undo (re-activate).
 */
export function revokeKeyCommand(deps: CommandDeps): CommandDefinition<{ readonly target: KeyTarget }, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not revoke the key'),
    parse: (arg, mode) => ({ target: parseKeyTarget(arg, mode) }),
    run: async (request, prompts) => {
      const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Revoke API Key'), (status) => status !== 'revoked');
      if (!key) return undefined;
      if (!await confirmRevoke(deps, prompts, [key])) return undefined;
      await deps.session.service.revokeKey(key.uid);
      offerUndo(prompts, [key]);
      return toPlainKey(await deps.session.service.getKey(key.uid));
    },
  };
}

/**
 * The modal before revoking `keys`, asked only when one of them still works: it names each key and
 * its owner and says what stops working. For one key it offers Rotate Instead, which runs the
 * rotation (a replacement first, then the old key) and answers false.
 */
export async function confirmRevoke(deps: CommandDeps, prompts: Prompts, keys: readonly ApiKey[]): Promise<boolean> {
  const now = deps.now();
  const warningDays = deps.settings().expiryWarningDays;
  const working = keys.filter((key) => ['active', 'expiring'].includes(classifyKey(key, now, warningDays)));
  if (working.length === 0) return true;
  const stops = vscode.l10n.t('Everything that signs in with it (Terraform, the Palette CLI, the MCP server, scripts, CI jobs) stops working at once. You can re-activate it afterwards.');
  if (working.length === 1 && keys.length === 1) {
    const [key] = working;
    return prompts.confirm({
      message: vscode.l10n.t('Revoke "{0}" of {1}?', key.name, key.owner.displayName),
      detail: stops,
      action: vscode.l10n.t('Revoke'),
      scriptedConsent: REVOKE_CONSENT,
      alternative: {
        label: vscode.l10n.t('Rotate Instead'),
        run: () => Promise.resolve(vscode.commands.executeCommand('paletteKeys.rotateKey', { uid: key.uid, interactive: true })),
      },
    });
  }
  return prompts.confirm({
    message: vscode.l10n.t('Revoke {0} key(s), {1} of them still working?', keys.length, working.length),
    detail: `${working.map((key) => `${key.name} (${key.owner.displayName})`).join('\n')}\n\n${stops}`,
    action: vscode.l10n.t('Revoke'),
    scriptedConsent: REVOKE_CONSENT,
  });
}

/** After a revoke: a notification whose Undo re-activates the keys (nothing is shown to a script). */
export function offerUndo(prompts: Prompts, keys: readonly ApiKey[]): void {
  const undo = vscode.l10n.t('Undo');
  const message = keys.length === 1
    ? vscode.l10n.t('Revoked "{0}". Anything still using it stops working.', keys[0].name)
    : vscode.l10n.t('Revoked {0} keys. Anything still using them stops working.', keys.length);
  void prompts.inform(message, undo).then(async (picked) => {
    if (picked !== undo) return;
    try {
      for (const key of keys) await vscode.commands.executeCommand('paletteKeys.reactivateKey', { uid: key.uid });
    } catch (e) {
      void showError(vscode.l10n.t('Could not re-activate the key'), e);
    }
  });
}
