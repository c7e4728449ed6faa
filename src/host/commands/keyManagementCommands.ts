import type { CommandHandler } from '../commands';
import type { CommandId, HistoryCommandId, ScannerCommandId } from '../constants';
import type { CommandDeps } from './commandDeps';
import { guarded } from './commandRunner';
import { signIn, signOut, switchConnection } from './connectionCommands';
import { copyKeyUid, createKey, deleteKey, editKey, openInConsole, reactivateKey, renewKey, revokeKey } from './keyCommands';
import { reviewKeys } from './reviewKeys';
import { rotateKey } from './rotateKey';
import { clearFilter, filterKeys, refresh } from './viewCommands';

type KeyCommandId = Exclude<CommandId, 'paletteKeys.showLog' | ScannerCommandId | HistoryCommandId>;

/** The handler of every key-management command, each behind the shared error policy. */
export function keyManagementCommands(deps: CommandDeps): Record<KeyCommandId, CommandHandler> {
  const g = <T>(id: KeyCommandId, failure: string, run: (arg: unknown, scripted: boolean) => Promise<T | undefined>) =>
    guarded(deps.log, id, failure, run);
  return {
    'paletteKeys.signIn': g('paletteKeys.signIn', 'Sign-in failed', (arg, scripted) => signIn(deps, arg, scripted)),
    'paletteKeys.signOut': g('paletteKeys.signOut', 'Sign-out failed', (arg, scripted) => signOut(deps, arg, scripted)),
    'paletteKeys.switchConnection': g('paletteKeys.switchConnection', 'Could not switch connection', (arg, scripted) => switchConnection(deps, arg, scripted)),
    'paletteKeys.refresh': g('paletteKeys.refresh', 'Could not load keys', () => refresh(deps)),
    'paletteKeys.createKey': g('paletteKeys.createKey', 'Could not create the key', (arg, scripted) => createKey(deps, arg, scripted)),
    'paletteKeys.editKey': g('paletteKeys.editKey', 'Could not edit the key', (arg, scripted) => editKey(deps, arg, scripted)),
    'paletteKeys.revokeKey': g('paletteKeys.revokeKey', 'Could not revoke the key', (arg) => revokeKey(deps, arg)),
    'paletteKeys.reactivateKey': g('paletteKeys.reactivateKey', 'Could not re-activate the key', (arg) => reactivateKey(deps, arg)),
    'paletteKeys.deleteKey': g('paletteKeys.deleteKey', 'Could not delete the key', (arg, scripted) => deleteKey(deps, arg, scripted)),
    'paletteKeys.renewKey': g('paletteKeys.renewKey', 'Could not renew the key', (arg, scripted) => renewKey(deps, arg, scripted)),
    'paletteKeys.rotateKey': g('paletteKeys.rotateKey', 'Could not rotate the key', (arg, scripted) => rotateKey(deps, arg, scripted)),
    'paletteKeys.copyKeyUid': g('paletteKeys.copyKeyUid', 'Could not copy the uid', (arg) => copyKeyUid(deps, arg)),
    'paletteKeys.openInConsole': g('paletteKeys.openInConsole', 'Could not open the console', () => openInConsole(deps)),
    'paletteKeys.reviewKeys': g('paletteKeys.reviewKeys', 'Could not review keys', (arg, scripted) => reviewKeys(deps, arg, scripted)),
    'paletteKeys.filterKeys': g('paletteKeys.filterKeys', 'Could not filter keys', (arg, scripted) => filterKeys(deps, arg, scripted)),
    'paletteKeys.clearFilter': g('paletteKeys.clearFilter', 'Could not clear the filter', () => clearFilter(deps)),
  };
}
