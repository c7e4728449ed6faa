import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionsState } from '../../core/connections/connection';
import { CLAIM_FOLDER, SIGNAL_FOLDER } from '../../core/sync/channels';
import { CrossWindowOnce } from '../../core/sync/crossWindowOnce';
import { RevisionGuardedSecretStore } from '../../core/sync/revisionGuardedSecretStore';
import { SecretsSignalBoard } from '../../core/sync/secretsSignalBoard';
import { SignalFolder } from '../../core/sync/signalFolder';
import { WindowSync, type WindowSyncDeps } from '../../core/sync/windowSync';
import { Disposable } from '../lifecycle';
import { VsCodeSecretStore } from '../secretStorageAdapter';
import type { PaletteSession } from '../session/paletteSession';

/** What the windows of one machine share, as one window sees it (built by `openCrossWindowStorage`). */
export interface CrossWindowStorage extends Pick<WindowSyncDeps, 'signals' | 'board' | 'windowId' | 'secrets'> {
  readonly once: CrossWindowOnce;
}

/**
 * Builds the cross-window pieces in the extension's global storage, which every window of this
 * machine shares: the signal folder, the revision board, the claim folder, and secret storage
 * behind the guard. `readConnections` reads the connection metadata the guarded store just wrote
 * (called only after a write, so it may close over a store built from `secrets`).
 */
export function openCrossWindowStorage(context: vscode.ExtensionContext, readConnections: () => Promise<ConnectionsState>): CrossWindowStorage {
  const root = context.globalStorageUri.fsPath;
  const signals = new SignalFolder(path.join(root, SIGNAL_FOLDER));
  // Not vscode.env.sessionId: code-server gives every tab the same one ("someValue.sessionId").
  const windowId = randomUUID();
  const board = new SecretsSignalBoard(signals, windowId, readConnections);
  // This window's copy of secret storage was loaded (on the web: by the page) before the extension host started.
  const hostStartedAt = Date.now() - process.uptime() * 1000;
  const secrets = new RevisionGuardedSecretStore(new VsCodeSecretStore(context.secrets), board, undefined, hostStartedAt);
  return { signals, board, windowId, secrets, once: new CrossWindowOnce(path.join(root, CLAIM_FOLDER)) };
}

export interface CrossWindowSyncDeps extends Omit<WindowSyncDeps, 'session' | 'askToReload'> {
  readonly session: PaletteSession;
  /** Desktop: secret changes of other windows (`context.secrets.onDidChange`); the web never fires them across tabs. */
  readonly secretChanges?: vscode.Event<vscode.SecretStorageChangeEvent>;
  /** Asks the person to reload this window; the default shows a notification with "Reload Window". */
  readonly askToReload?: () => Promise<void>;
}

/**
 * The VS Code side of `WindowSync` (core/sync): feeds it the session's key lists and desktop's
 * secret-change events, and asks to reload the window when it says so.
 */
export class CrossWindowSync extends Disposable {
  private readonly sync: WindowSync;

  constructor(private readonly deps: CrossWindowSyncDeps) {
    super();
    this.sync = new WindowSync({ ...deps, askToReload: deps.askToReload ?? askToReloadWindow });
    this._register(new vscode.Disposable(() => this.sync.stop()));
    if (deps.secretChanges) this._register(deps.secretChanges((event) => this.sync.onSecretChanged(event.key)));
  }

  /** Starts listening to the other windows (see `WindowSync.start`), then to this window's key lists. */
  async start(): Promise<void> {
    await this.sync.start();
    this._register(this.deps.session.onDidChangeState((state) => {
      if (state.kind === 'ready') void this.sync.noticeKeyList(state.connection, state.keys);
    }));
  }

  /** See `WindowSync.checkCopyAtStartUp`. */
  checkCopyAtStartUp(): Promise<void> {
    return this.sync.checkCopyAtStartUp();
  }
}

/** Asks to reload this window, and reloads it when the person agrees. */
async function askToReloadWindow(): Promise<void> {
  const reload = vscode.l10n.t('Reload Window');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('Palette sign-in changed in another window. Reload this window to use it.'),
    reload,
  );
  if (picked === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
}
