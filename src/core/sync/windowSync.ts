import type { ConnectionInfo } from '../connections/connection';
import { SECRET_KEYS } from '../secrets/secretKeys';
import { KEYS_SIGNAL, REVISION_STAMP, SECRETS_SIGNAL, type KeysSignal, type SecretsSignal } from './channels';
import { keyListDigest, keysScope } from './keyListDigest';
import type { RevisionGuardedSecretStore } from './revisionGuardedSecretStore';
import type { SecretsSignalBoard } from './secretsSignalBoard';
import type { SignalFolder } from './signalFolder';

/** What the sync needs of the window's Palette session (the host's `PaletteSession`). */
export interface SyncedSession {
  readonly connection: ConnectionInfo | undefined;
  /** Re-reads the active connection from secret storage. */
  reload(): Promise<void>;
  /** Reloads the key list of the active connection. */
  refresh(): Promise<void>;
  /** Stops using the active connection in this window only, leaving secret storage alone. */
  forgetLocally(): Promise<void>;
}

/** Where the sync writes what it did (the host's `Logger`); messages never hold a secret. */
export interface SyncLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface WindowSyncDeps {
  readonly signals: SignalFolder;
  readonly board: SecretsSignalBoard;
  /** Random per extension host: tells this window's own signals apart from the others'. */
  readonly windowId: string;
  readonly session: SyncedSession;
  /** This window's secret storage, behind the revision guard. */
  readonly secrets: RevisionGuardedSecretStore;
  /** Re-reads the key values the scanner knows (another window may have stored one). */
  readonly reloadKnownValues: () => Promise<void>;
  readonly log: SyncLog;
  /** Asks the person to reload this window (the host shows a notification with "Reload Window"). */
  readonly askToReload: () => Promise<void>;
}

/**
 * Keeps the windows of one machine consistent through signal files in global storage (see
 * `SignalFolder` and `channels.ts`), because secret storage alone does not: on the web each tab
 * holds its own copy of it and `secrets.onDidChange` never crosses tabs.
 *
 * - After every secret write a window announces a revision (`SecretsSignalBoard`). Another window
 *   re-reads secret storage; on desktop that picks the change up. When its copy is still older
 *   (web), it stops using a connection the signal says is gone, and asks once to reload.
 * - When this window sees the key list of its tenant change (`noticeKeyList`), it announces a
 *   digest of the list; other windows on that tenant whose list differs refresh. This needs no
 *   secrets, so it works on the web too.
 */
export class WindowSync {
  private lastSecretsSequence = 0;
  private lastKeysSignal: KeysSignal | undefined;
  /** Digest of the last list shown, per connection, to notice a change. */
  private shownDigest: { connectionId: string; digest: string } | undefined;
  private promptedReload = false;
  private handling: Promise<void> = Promise.resolve();
  private stopWatching: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: WindowSyncDeps) {}

  /**
   * Starts listening; signals from before this call count as already seen (but see
   * `checkCopyAtStartUp`, which judges what they left behind).
   */
  async start(): Promise<void> {
    this.lastSecretsSequence = await this.deps.board.latest();
    this.lastKeysSignal = await this.deps.signals.read(KEYS_SIGNAL);
    const stop = await this.deps.signals.watch((names) => void this.enqueue(() => this.onSignals(names)));
    if (this.stopped) stop();
    else this.stopWatching = stop;
  }

  /** Stops listening. */
  stop(): void {
    this.stopped = true;
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  /**
   * Judges this window's copy of secret storage once the session has loaded from it. On the web a
   * tab copies secret storage when its page loads, but this extension starts later (after start-up
   * finished): another tab's sign-in in between is a signal this window never hears, and without
   * this check it would show itself signed out, or signed in to a connection since removed, and
   * never say why.
   */
  checkCopyAtStartUp(): Promise<void> {
    return this.enqueue(async () => {
      const signal = await this.deps.board.read();
      if (signal && await this.deps.secrets.isStale()) await this.followStaleCopy(signal);
    });
  }

  /**
   * Announces a changed key list (call it with every list the session loads). The first list of a
   * connection is not a change, and a list equal to the last announced one is what another window
   * already said (no echo back).
   */
  async noticeKeyList(connection: Pick<ConnectionInfo, 'id' | 'baseUrl' | 'tenantUid'>, keys: readonly { uid: string }[]): Promise<void> {
    const digest = keyListDigest(keys);
    const previous = this.shownDigest;
    this.shownDigest = { connectionId: connection.id, digest };
    if (!previous || previous.connectionId !== connection.id || previous.digest === digest) return;
    const scope = keysScope(connection.baseUrl, connection.tenantUid);
    if (this.lastKeysSignal?.scope === scope && this.lastKeysSignal.digest === digest) return;
    const signal: KeysSignal = { windowId: this.deps.windowId, scope, digest };
    this.lastKeysSignal = signal;
    try {
      await this.deps.signals.write(KEYS_SIGNAL, signal);
    } catch (e) {
      this.deps.log.warn(`could not tell other windows that the keys changed: ${e instanceof Error ? e.name : 'error'}`);
    }
  }

  /**
   * Follows a secret another window changed, as desktop VS Code reports it to every window
   * (`secrets.onDidChange`; on the web it never crosses tabs and the signal files take over).
   */
  onSecretChanged(key: string): void {
    // A sign-in, sign-out or switch.
    if (key === SECRET_KEYS.connections || key.startsWith(SECRET_KEYS.credential(''))) void this.deps.session.reload();
    // Credentials, kept key values and registered values are what the scanner knows.
    if (key !== SECRET_KEYS.connections && key !== REVISION_STAMP.name) void this.deps.reloadKnownValues();
  }

  /** Runs signal handling one task at a time, in order: a reload must finish before the next signal is judged. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.handling = this.handling.then(task).catch((e: unknown) => {
      this.deps.log.warn(`handling a signal from another window failed: ${e instanceof Error ? e.name : 'error'}`);
    });
    return this.handling;
  }

  private async onSignals(names: ReadonlySet<string>): Promise<void> {
    if (names.has(SECRETS_SIGNAL.name)) await this.onSecretsSignal();
    if (names.has(KEYS_SIGNAL.name)) await this.onKeysSignal();
  }

  private async onSecretsSignal(): Promise<void> {
    const signal = await this.deps.board.read();
    if (!signal || signal.sequence <= this.lastSecretsSequence) return;
    this.lastSecretsSequence = signal.sequence;
    if (signal.windowId === this.deps.windowId) return;
    this.deps.log.info(`another window changed the Palette sign-in or stored secrets (signal ${signal.sequence}); reloading them`);
    await this.deps.reloadKnownValues();
    await this.deps.session.reload();
    if (await this.deps.secrets.isStale()) await this.followStaleCopy(signal);
    else this.deps.log.info(`secret storage in this window is current after signal ${signal.sequence}`);
  }

  /**
   * This window's copy of secret storage predates `signal`'s write: stop using a connection the
   * signal says is gone, and ask (once per window) to reload.
   */
  private async followStaleCopy(signal: SecretsSignal): Promise<void> {
    // Our copy of secret storage predates the other window's write (VS Code for the Web): we
    // cannot read its sign-in, but when that write went to our secret storage (not another
    // browser's) we know which connections still exist.
    const current = this.deps.session.connection;
    const sameStorage = (await this.deps.secrets.stamp()).storageId === signal.storageId;
    if (current && sameStorage && current.id !== signal.activeId) {
      this.deps.log.info('the connection this window used was signed out or switched in another window');
      await this.deps.session.forgetLocally();
    }
    if (this.promptedReload) return;
    this.promptedReload = true;
    this.deps.log.warn('secret storage in this window is older than another window\'s changes; asking to reload the window');
    // Not awaited: the answer may never come, and later signals must still be handled.
    void this.deps.askToReload();
  }

  private async onKeysSignal(): Promise<void> {
    const signal = await this.deps.signals.read(KEYS_SIGNAL);
    if (!signal || signal.windowId === this.deps.windowId) return;
    if (this.lastKeysSignal && this.lastKeysSignal.digest === signal.digest && this.lastKeysSignal.scope === signal.scope) return;
    this.lastKeysSignal = signal;
    const connection = this.deps.session.connection;
    if (!connection || keysScope(connection.baseUrl, connection.tenantUid) !== signal.scope) return;
    if (this.shownDigest?.connectionId === connection.id && this.shownDigest.digest === signal.digest) return;
    this.deps.log.info('another window changed the keys of this tenant; refreshing');
    await this.deps.session.refresh();
  }
}
