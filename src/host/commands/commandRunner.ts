import * as vscode from 'vscode';
import type { CommandHandler } from '../commands';
import type { CommandId } from '../constants';
import { describeError, showError } from '../errorPresenter';
import type { Logger } from '../logger';
import { isScriptArgs } from './commandArgs';
import type { Prompts } from './prompts';
import { ScriptedPrompts } from './scriptedPrompts';

/**
 * Scripted: a plain object from a script, keybinding or test, answered without a person. A plain
 * object with `interactive: true` (a quick fix, a notification button) is interactive: it names
 * what to act on, and the person is asked the rest. Anything else (nothing, a tree node) is interactive.
 */
export type CommandMode = 'interactive' | 'scripted';

/**
 * A command in two steps: whatever arrived is parsed into a typed request (a bad argument is
 * refused before anything happens, with a message naming it), then one flow runs, asking its
 * questions through `Prompts`.
 */
export interface CommandDefinition<Request, Result> {
  /** Shown before the reason when an interactive run fails ("Could not revoke the key"); localised. */
  readonly failureTitle: string;
  /** Builds the request from the argument; throws `InvalidArgumentError` for a bad one. */
  parse(arg: unknown, mode: CommandMode): Request;
  /** Resolves to the result a script gets, or undefined when the person cancelled. */
  run(request: Request, prompts: Prompts): Promise<Result | undefined>;
}

export function commandMode(arg: unknown): CommandMode {
  return isScriptArgs(arg) && arg.interactive !== true ? 'scripted' : 'interactive';
}

/**
 * The handler VS Code calls for a definition, with the error policy of the whole extension: a
 * scripted call rejects with the error itself (its own message), so the caller can act on it; an
 * interactive call shows the error with fitting actions (Retry runs the command again with the
 * same argument) and resolves to undefined. Cancelling is silent either way.
 */
export function commandHandler<Request, Result>(
  commandId: CommandId,
  definition: CommandDefinition<Request, Result>,
  interactive: Prompts,
  log: Logger,
): CommandHandler {
  return async (arg?: unknown): Promise<Result | undefined> => {
    const mode = commandMode(arg);
    try {
      const request = definition.parse(arg, mode);
      const prompts = mode === 'scripted' && isScriptArgs(arg) ? new ScriptedPrompts(arg) : interactive;
      return await definition.run(request, prompts);
    } catch (e) {
      const problem = describeError(e);
      if (problem.kind !== 'cancelled') log.warn(`${commandId} failed: ${problem.kind}: ${problem.message}`);
      if (mode === 'scripted') throw e;
      void showError(definition.failureTitle, e, () => vscode.commands.executeCommand(commandId, arg));
      return undefined;
    }
  };
}
