import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';

/** The variables a terminal gets: the names the Terraform provider and the MCP server read, and Palette's scripts' names. */
export const TERMINAL_KEY_VARIABLES = ['SPECTROCLOUD_APIKEY', 'PALETTE_API_KEY'] as const;
export const TERMINAL_HOST_VARIABLES = ['SPECTROCLOUD_HOST', 'PALETTE_HOST'] as const;

/** The key the terminals of this window use: who it is, never its value. */
export interface TerminalKey {
  readonly connectionId: string;
  readonly uid: string;
  readonly name: string;
  /** `host[:port]` of the connection, as `SPECTROCLOUD_HOST` holds it (the Terraform provider's form). */
  readonly host: string;
}

/**
 * Puts one key's value and host into the environment of the integrated terminals this window opens
 * from now on, through the extension's environment variable collection with `persistent = false`:
 * VS Code keeps it in memory only, so the value never reaches its storage, and a reload forgets it.
 * Terminals already open keep their environment (VS Code marks them stale).
 */
export class TerminalKeyEnvironment extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when terminals start or stop using a key. */
  readonly onDidChange = this.changed.event;
  private key: TerminalKey | undefined;

  constructor(private readonly collection: vscode.GlobalEnvironmentVariableCollection) {
    super();
    collection.persistent = false;
    // Nothing of an earlier session may linger (a persisted collection of an older version).
    collection.clear();
  }

  /** The key new terminals get, if any. */
  get current(): TerminalKey | undefined {
    return this.key;
  }

  use(key: TerminalKey, value: string): void {
    for (const name of TERMINAL_KEY_VARIABLES) this.collection.replace(name, value);
    for (const name of TERMINAL_HOST_VARIABLES) this.collection.replace(name, key.host);
    this.collection.description = vscode.l10n.t('Palette API key "{0}" for SPECTROCLOUD_APIKEY and PALETTE_API_KEY', key.name);
    this.key = key;
    this.changed.fire();
  }

  stop(): void {
    if (!this.key) return;
    this.collection.clear();
    this.key = undefined;
    this.changed.fire();
  }

  override dispose(): void {
    this.collection.clear();
    super.dispose();
  }
}
