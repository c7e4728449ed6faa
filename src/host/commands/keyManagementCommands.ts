import type { CommandHandler } from '../commands';
import type { CommandId, HistoryCommandId, ScannerCommandId, TerminalCommandId } from '../constants';
import type { CommandDeps } from './commandDeps';
import { commandHandler, type CommandDefinition } from './commandRunner';
import { signInCommand, signOutCommand, switchConnectionCommand } from './connectionCommands';
import { InteractivePrompts } from './interactivePrompts';
import {
  copyKeyUidCommand, createKeyCommand, deleteKeyCommand, editKeyCommand, openInConsoleCommand, reactivateKeyCommand, renewKeyCommand,
} from './keyCommands';
import { reviewKeysCommand } from './reviewKeys';
import { revokeKeyCommand } from './revokeKey';
import { rotateKeyCommand } from './rotateKey';
import { clearFilterCommand, filterKeysCommand, refreshCommand } from './viewCommands';

type KeyCommandId = Exclude<CommandId, 'paletteKeys.showLog' | 'paletteKeys.showKeyDetails' | ScannerCommandId | HistoryCommandId | TerminalCommandId>;

/** Every key-management command, defined once (parse, then run) and behind the shared error policy. */
export function keyManagementCommands(deps: CommandDeps): Record<KeyCommandId, CommandHandler> {
  const interactive = new InteractivePrompts(deps.extensionUri, deps.log);
  const handler = <Request, Result>(id: KeyCommandId, definition: CommandDefinition<Request, Result>) =>
    commandHandler(id, definition, interactive, deps.log);
  return {
    'paletteKeys.signIn': handler('paletteKeys.signIn', signInCommand(deps)),
    'paletteKeys.signOut': handler('paletteKeys.signOut', signOutCommand(deps)),
    'paletteKeys.switchConnection': handler('paletteKeys.switchConnection', switchConnectionCommand(deps)),
    'paletteKeys.refresh': handler('paletteKeys.refresh', refreshCommand(deps)),
    'paletteKeys.createKey': handler('paletteKeys.createKey', createKeyCommand(deps)),
    'paletteKeys.editKey': handler('paletteKeys.editKey', editKeyCommand(deps)),
    'paletteKeys.revokeKey': handler('paletteKeys.revokeKey', revokeKeyCommand(deps)),
    'paletteKeys.reactivateKey': handler('paletteKeys.reactivateKey', reactivateKeyCommand(deps)),
    'paletteKeys.deleteKey': handler('paletteKeys.deleteKey', deleteKeyCommand(deps)),
    'paletteKeys.renewKey': handler('paletteKeys.renewKey', renewKeyCommand(deps)),
    'paletteKeys.rotateKey': handler('paletteKeys.rotateKey', rotateKeyCommand(deps)),
    'paletteKeys.copyKeyUid': handler('paletteKeys.copyKeyUid', copyKeyUidCommand(deps)),
    'paletteKeys.openInConsole': handler('paletteKeys.openInConsole', openInConsoleCommand(deps)),
    'paletteKeys.reviewKeys': handler('paletteKeys.reviewKeys', reviewKeysCommand(deps)),
    'paletteKeys.filterKeys': handler('paletteKeys.filterKeys', filterKeysCommand(deps)),
    'paletteKeys.clearFilter': handler('paletteKeys.clearFilter', clearFilterCommand(deps)),
  };
}
