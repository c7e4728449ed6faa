import type * as vscode from 'vscode';
import type { ConnectionsState } from '../../core/connections/connection';
import type { KeyValueVault } from '../../core/secrets/keyValueVault';
import type { Logger } from '../logger';
import type { PaletteSession } from '../session/paletteSession';
import type { PaletteKeysSettings } from '../settings';
import type { KeysTreeProvider } from '../tree/keysTreeProvider';

/** What command handlers need, built once in `activate` and passed in. */
export interface CommandDeps {
  readonly session: PaletteSession;
  readonly vault: KeyValueVault;
  readonly tree: KeysTreeProvider;
  readonly settings: () => PaletteKeysSettings;
  readonly log: Logger;
  readonly extensionUri: vscode.Uri;
  readonly now: () => Date;
  /** Saved connections, read fresh from secret storage. */
  readonly sessionConnections: () => Promise<ConnectionsState>;
}
