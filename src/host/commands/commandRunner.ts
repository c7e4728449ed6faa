import * as vscode from 'vscode';
import type { CommandId } from '../constants';
import { describeError, showError } from '../errorPresenter';
import type { Logger } from '../logger';
import { isScriptArgs } from './commandArgs';

/**
 * Wraps a command handler with the error policy of the whole extension: a scripted call (plain
 * object argument) rejects with the error so the caller can act on it; an interactive call shows
 * the error with fitting actions (Retry runs the command again with the same argument) and
 * resolves to undefined. Cancelling is silent either way.
 */
export function guarded<T>(
  log: Logger,
  commandId: CommandId,
  failureTitle: string,
  handler: (arg: unknown, scripted: boolean) => Promise<T | undefined>,
): (arg?: unknown) => Promise<T | undefined> {
  return async (arg?: unknown) => {
    const scripted = isScriptArgs(arg) && arg.interactive !== true;
    try {
      return await handler(arg, scripted);
    } catch (e) {
      const problem = describeError(e);
      if (problem.kind !== 'cancelled') log.warn(`${commandId} failed: ${problem.kind}: ${problem.message}`);
      if (scripted) throw e;
      void showError(failureTitle, e, () => vscode.commands.executeCommand(commandId, arg));
      return undefined;
    }
  };
}
