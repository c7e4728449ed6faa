import * as vscode from 'vscode';
import type { CommandHandler } from '../commands';
import { InvalidArgumentError } from '../commands/commandArgs';
import type { CommandDeps } from '../commands/commandDeps';
import { commandHandler, type CommandDefinition } from '../commands/commandRunner';
import { InteractivePrompts } from '../commands/interactivePrompts';
import { parseKeyTarget, resolveKey, type KeyTarget } from '../commands/keyTarget';
import type { TerminalCommandId } from '../constants';
import type { TerminalKey, TerminalKeyEnvironment } from './terminalKeyEnvironment';

export interface TerminalCommandDeps extends CommandDeps {
  readonly terminal: TerminalKeyEnvironment;
  /** Uids of the active connection's keys whose value is in secret storage. */
  readonly knownValueUids: () => ReadonlySet<string>;
}

/** What a script gets back: which key terminals use, never its value. */
export interface PlainTerminalKey {
  readonly uid: string;
  readonly name: string;
  readonly host: string;
}

/** Use in Terminals / Stop Using in Terminals, behind the shared error policy. */
export function terminalCommands(deps: TerminalCommandDeps): Record<TerminalCommandId, CommandHandler> {
  const interactive = new InteractivePrompts(deps.extensionUri, deps.log);
  const handler = <Request, Result>(id: TerminalCommandId, definition: CommandDefinition<Request, Result>) =>
    commandHandler(id, definition, interactive, deps.log);
  return {
    'paletteKeys.useInTerminals': handler('paletteKeys.useInTerminals', useInTerminalsCommand(deps)),
    'paletteKeys.stopUsingInTerminals': handler('paletteKeys.stopUsingInTerminals', stopUsingInTerminalsCommand(deps)),
  };
}

/**
 * Puts a key into new terminals of this window (`{uid}` scripted; the tree's item, or a pick among
 * the keys whose value is in secret storage). Only a key whose value this machine keeps can go
 * there: Palette never shows a value twice.
 */
function useInTerminalsCommand(deps: TerminalCommandDeps): CommandDefinition<{ readonly target: KeyTarget }, PlainTerminalKey> {
  return {
    failureTitle: vscode.l10n.t('Could not use the key in terminals'),
    parse: (arg, mode) => ({ target: parseKeyTarget(arg, mode) }),
    run: async (request, prompts) => {
      const connection = deps.session.requireConnection();
      const known = deps.knownValueUids();
      const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Use API Key in Terminals'), (status, candidate) => status !== 'revoked' && known.has(candidate.uid));
      if (!key) return undefined;
      if (!key.isActive) throw new InvalidArgumentError(`"${key.name}" is revoked: terminals would get a key Palette refuses.`);
      const value = await deps.vault.get(connection.id, key.uid);
      if (!value) {
        throw new InvalidArgumentError(`The value of "${key.name}" is not in this machine's secret storage: only keys created here or registered with the leak scanner can be used in terminals.`);
      }
      const used: TerminalKey = { connectionId: connection.id, uid: key.uid, name: key.name, host: new URL(connection.baseUrl).host };
      deps.terminal.use(used, value);
      deps.log.info(`new terminals use key ${key.uid}`);
      return { uid: used.uid, name: used.name, host: used.host };
    },
  };
}

function stopUsingInTerminalsCommand(deps: TerminalCommandDeps): CommandDefinition<Record<string, never>, { readonly stopped: boolean }> {
  return {
    failureTitle: vscode.l10n.t('Could not take the key out of terminals'),
    parse: () => ({}),
    run: async () => {
      const stopped = deps.terminal.current !== undefined;
      deps.terminal.stop();
      if (stopped) deps.log.info('new terminals no longer get a key');
      return { stopped };
    },
  };
}
