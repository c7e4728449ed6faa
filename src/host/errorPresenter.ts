import * as vscode from 'vscode';
import { KeyValidationError, MalformedPayloadError } from '../core/keys/errors';
import { isCancellationError } from '../core/keys/paletteApi';
import { isPaletteApiError, type PaletteErrorKind } from '../core/palette/errors';
import { StaleSecretsError } from '../core/sync/revisionGuardedSecretStore';
import { InvalidArgumentError } from './commands/commandArgs';
import { NotSignedInError } from './session/paletteSession';

export type ProblemKind = PaletteErrorKind | 'notSignedIn' | 'staleWindow' | 'invalidArgument' | 'validation' | 'malformed' | 'unknown';

export interface Problem {
  readonly kind: ProblemKind;
  /** Safe to show and to log: built from redacted client errors and our own messages only. */
  readonly message: string;
}

/** Turns anything thrown below the host into a message fit for a person. */
export function describeError(e: unknown): Problem {
  if (e instanceof NotSignedInError) return { kind: 'notSignedIn', message: e.message };
  if (e instanceof StaleSecretsError) {
    return { kind: 'staleWindow', message: vscode.l10n.t('Palette sign-in changed in another window. Reload this window before changing it here.') };
  }
  // A command's argument was refused: its message names the argument (never its value).
  if (e instanceof InvalidArgumentError) return { kind: 'invalidArgument', message: e.message };
  if (e instanceof KeyValidationError) return { kind: 'validation', message: e.message };
  if (e instanceof MalformedPayloadError) return { kind: 'malformed', message: e.message };
  if (isPaletteApiError(e)) return { kind: e.kind, message: e.message };
  if (isCancellationError(e)) return { kind: 'cancelled', message: vscode.l10n.t('Cancelled.') };
  // Anything else is a bug or an unexpected runtime error: say so without echoing its text,
  // which we did not write and so cannot vouch for.
  return { kind: 'unknown', message: vscode.l10n.t('Something went wrong ({0}). See the Palette log for details.', e instanceof Error ? e.name : typeof e) };
}

/** Actions offered next to an error, by what the user can do about it. */
function actionsFor(kind: ProblemKind): string[] {
  switch (kind) {
    case 'unauthenticated':
    case 'notSignedIn':
      return [vscode.l10n.t('Sign In')];
    case 'server':
    case 'timeout':
    case 'network':
    case 'rateLimited':
      return [vscode.l10n.t('Retry'), vscode.l10n.t('Show Log')];
    case 'tls':
      return [vscode.l10n.t('Configure CA'), vscode.l10n.t('Show Log')];
    case 'staleWindow':
      return [vscode.l10n.t('Reload Window')];
    default:
      return [vscode.l10n.t('Show Log')];
  }
}

/**
 * Shows an error with the actions that fit it and runs the one picked. Cancelling is not an
 * error: nothing is shown. `retry` is offered for transient failures when given.
 */
export async function showError(prefix: string, e: unknown, retry?: () => unknown): Promise<void> {
  const problem = describeError(e);
  if (problem.kind === 'cancelled') return;
  const actions = actionsFor(problem.kind).filter((action) => action !== vscode.l10n.t('Retry') || retry);
  const picked = await vscode.window.showErrorMessage(`${prefix}: ${problem.message}`, ...actions);
  if (picked === vscode.l10n.t('Sign In')) await vscode.commands.executeCommand('paletteKeys.signIn');
  else if (picked === vscode.l10n.t('Retry')) await retry?.();
  else if (picked === vscode.l10n.t('Reload Window')) await vscode.commands.executeCommand('workbench.action.reloadWindow');
  else if (picked === vscode.l10n.t('Show Log')) await vscode.commands.executeCommand('paletteKeys.showLog');
  else if (picked === vscode.l10n.t('Configure CA')) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'paletteKeys.caFile');
  }
}
