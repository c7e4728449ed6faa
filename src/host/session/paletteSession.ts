import * as vscode from 'vscode';
import type { ConnectionInfo } from '../../core/connections/connection';
import type { ConnectionStore } from '../../core/connections/connectionStore';
import type { KeyValueVault } from '../../core/secrets/keyValueVault';
import type { ApiKey, CurrentUser, PaletteUser } from '../../core/keys/apiKey';
import { KeyService } from '../../core/keys/keyService';
import { isCancellationError } from '../../core/keys/paletteApi';
import { isPaletteApiError } from '../../core/palette/errors';
import { PaletteClient, type PaletteCredential } from '../../core/palette/paletteClient';
import type { ProxyConfig } from '../../core/palette/proxyResolution';
import { SerialQueue } from '../../core/util/serialQueue';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { PaletteKeysSettings } from '../settings';
import type { SessionState } from './sessionState';
import { CoalescingRunner } from '../../core/util/coalescingRunner';
import { SessionKeyService } from './sessionKeyService';

/** What a sign-in needs; the credential is checked against the server before anything is saved. */
export interface SignInRequest {
  readonly baseUrl: string;
  readonly credential: PaletteCredential;
  readonly caFile?: string;
  readonly proxyUrl?: string;
}

/** Raised when a command needs a connection and there is none. */
export class NotSignedInError extends Error {
  constructor() {
    super('Sign in to Palette first.');
    this.name = 'NotSignedInError';
  }
}

interface ActiveConnection {
  readonly connection: ConnectionInfo;
  readonly client: PaletteClient;
  readonly service: KeyService;
}

export interface PaletteSessionDeps {
  readonly store: ConnectionStore;
  /** Where new keys' one-time values are kept, and deleted keys' values forgotten. */
  readonly vault: KeyValueVault;
  readonly settings: () => PaletteKeysSettings;
  readonly log: Logger;
  readonly now: () => Date;
  /** Proxy to use when a connection names none (VS Code's `http.proxy`). */
  readonly defaultProxy: () => string | undefined;
  /** VS Code's other proxy settings and the environment (`http.noProxy`, `NO_PROXY`, `HTTPS_PROXY`, ...). */
  readonly proxySettings?: () => ProxyConfig;
}

/**
 * The active Palette connection and what it last loaded. Owns the client and the key service of
 * that connection, and tells the tree, status bar and notifier when anything changes.
 */
export class PaletteSession extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<SessionState>());
  /** Fires on every state change: loading, loaded, failed, signed out. */
  readonly onDidChangeState = this.changed.event;

  private readonly authLost = this._register(new vscode.EventEmitter<ConnectionInfo>());
  /** Fires when Palette answers 401 for the active connection (revoked or expired credential). */
  readonly onDidLoseAuthentication = this.authLost.event;

  private current: ActiveConnection | undefined;
  private stateValue: SessionState = { kind: 'signedOut' };
  private readonly refresher = new CoalescingRunner(() => this.load());
  private generation = 0;
  /** Serialises every read-then-bind of the active connection (sign-in, reload, settings). */
  private readonly bindings = new SerialQueue();

  /**
   * The key service of whichever connection is active when a call is made, wrapped once: calls
   * report a 401 as lost authentication and changes reload the key list (see `SessionKeyService`).
   */
  readonly service: SessionKeyService;

  constructor(private readonly deps: PaletteSessionDeps) {
    super();
    this.service = new SessionKeyService({
      active: () => {
        if (!this.current) throw new NotSignedInError();
        return { connectionId: this.current.connection.id, service: this.current.service };
      },
      track: (operation) => this.track(operation),
      refresh: () => this.refresh(),
      vault: deps.vault,
      log: deps.log,
    });
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get connection(): ConnectionInfo | undefined {
    return this.current?.connection;
  }

  /** The active connection; throws `NotSignedInError` without one. */
  requireConnection(): ConnectionInfo {
    if (!this.current) throw new NotSignedInError();
    return this.current.connection;
  }

  /**
   * Loads the active connection from secret storage (at start, or when another window changed it)
   * and, when it differs from the one in use, switches to it and refreshes.
   */
  async reload(): Promise<void> {
    const changed = await this.bindings.run(async () => {
      // Read and bind in one step: a read that raced a sign-in must not bind what it read after
      // that sign-in has bound something newer (secret events for our own writes arrive late).
      const connection = await this.deps.store.active();
      const credential = connection ? await this.deps.store.credential(connection.id) : undefined;
      const same = connection && this.current
        && connection.id === this.current.connection.id
        && connection.signedInAt === this.current.connection.signedInAt;
      if (same) return false;
      this.bind(connection && credential ? { connection, credential } : undefined);
      return true;
    });
    if (changed) await this.settle();
  }

  /**
   * Checks a credential with `GET /v1/users/info`, then saves it and makes it the active
   * connection. Nothing is stored when the check fails.
   */
  async signIn(request: SignInRequest): Promise<ConnectionInfo> {
    const client = this.createClient(request.baseUrl, request.credential, request.caFile, request.proxyUrl);
    let me: CurrentUser;
    try {
      me = await new KeyService(client, this.deps.now).whoAmI();
    } catch (e) {
      await client.close();
      throw e;
    }
    await client.close();
    const host = new URL(request.baseUrl).host;
    const who = request.credential.kind === 'password' ? request.credential.emailId : host;
    const connection = await this.bindings.run(async () => {
      const saved = await this.deps.store.add({
        baseUrl: request.baseUrl,
        label: `${me.orgName || 'Palette'} (${who})`,
        authKind: request.credential.kind,
        userUid: me.userUid,
        tenantUid: me.tenantUid,
        orgName: me.orgName,
        signedInAt: this.deps.now().toISOString(),
        ...(request.caFile ? { caFile: request.caFile } : {}),
        ...(request.proxyUrl ? { proxyUrl: request.proxyUrl } : {}),
      }, request.credential);
      this.bind({ connection: saved, credential: request.credential });
      return saved;
    });
    this.deps.log.info(`signed in to ${host} as user ${me.userUid}${me.isTenantAdmin ? ' (tenant admin)' : ''}`);
    await this.settle();
    return connection;
  }

  async signOut(connectionId: string): Promise<void> {
    await this.deps.store.remove(connectionId);
    this.deps.log.info('signed out of a connection and removed its secrets');
    await this.reload();
  }

  /**
   * Rebuilds the active connection's client after a setting it was built from changed (timeout,
   * CA file, proxy, expiry limits), then refreshes. Without this a fixed `paletteKeys.caFile`
   * would only take effect after a reload of the window.
   */
  async applySettings(): Promise<void> {
    const changed = await this.bindings.run(async () => {
      const active = this.current;
      if (!active) return false;
      const credential = await this.deps.store.credential(active.connection.id);
      this.deps.log.info('settings changed: reconnecting with the new timeout, CA and proxy settings');
      this.bind(credential ? { connection: active.connection, credential } : undefined);
      return true;
    });
    if (changed) await this.settle();
  }

  /**
   * Stops using the active connection in this window only, leaving secret storage alone: for a
   * window that learnt from another window that its connection was signed out or switched, but
   * cannot read the new state (VS Code for the Web until the window reloads).
   */
  async forgetLocally(): Promise<void> {
    await this.bindings.run(async () => this.bind(undefined));
    await this.settle();
  }

  async switchTo(connectionId: string): Promise<void> {
    await this.deps.store.setActive(connectionId);
    await this.reload();
  }

  /**
   * Reloads keys (and, for admins, users). Calls made while a refresh runs join it and schedule
   * exactly one more, so the tree ends up showing the state after the last change.
   */
  refresh(): Promise<void> {
    return this.refresher.run();
  }

  /** The keys currently shown, or none when not loaded. */
  get keys(): readonly ApiKey[] {
    return this.stateValue.kind === 'ready' ? this.stateValue.keys : [];
  }

  get users(): readonly PaletteUser[] | undefined {
    return this.stateValue.kind === 'ready' ? this.stateValue.users : undefined;
  }

  override dispose(): void {
    void this.current?.client.close();
    this.current = undefined;
    super.dispose();
  }

  /** Runs a call against Palette and reports a 401 as lost authentication. */
  private track<T>(operation: Promise<T>): Promise<T> {
    return operation.catch((e: unknown) => {
      this.noticeAuthFailure(e);
      throw e;
    });
  }

  /** Makes `next` the active connection with a fresh client; call `settle` afterwards. */
  private bind(next: { connection: ConnectionInfo; credential: PaletteCredential } | undefined): void {
    const previous = this.current;
    this.generation++;
    if (next) {
      const client = this.createClient(next.connection.baseUrl, next.credential, next.connection.caFile, next.connection.proxyUrl);
      const settings = this.deps.settings();
      this.current = {
        connection: next.connection,
        client,
        service: new KeyService(client, this.deps.now, {
          maxExpiryDays: settings.maxExpiryDays,
          recommendedExpiryDays: settings.recommendedExpiryDays,
        }),
      };
    } else {
      this.current = undefined;
    }
    void previous?.client.close();
  }

  /** Loads what the latest `bind` chose, or shows the signed-out state. */
  private async settle(): Promise<void> {
    if (this.current) {
      await this.refresh();
    } else {
      // Also what tests wait for: storage was read and holds no sign-in, so nothing will bring one back.
      this.deps.log.info('no saved Palette connection: signed out');
      this.setState({ kind: 'signedOut' });
    }
  }

  private async load(): Promise<void> {
    const active = this.current;
    if (!active) {
      this.setState({ kind: 'signedOut' });
      return;
    }
    const generation = this.generation;
    this.setState({ kind: 'loading', connection: active.connection });
    try {
      const me = await active.service.whoAmI();
      const [list, users] = await Promise.all([
        active.service.listKeys(),
        me.isTenantAdmin ? active.service.listUsers() : Promise.resolve(undefined),
      ]);
      if (generation !== this.generation) return;
      if (list.rejected > 0) {
        this.deps.log.warn(`Palette sent ${list.rejected} key(s) that could not be read; they are not shown`);
      }
      this.deps.log.info(`loaded ${list.keys.length} keys${users ? ` and ${users.length} users` : ''}`);
      this.setState({
        kind: 'ready',
        connection: active.connection,
        me,
        keys: list.keys,
        ...(users ? { users } : {}),
        rejectedCount: list.rejected,
        loadedAt: this.deps.now(),
      });
    } catch (e) {
      if (generation !== this.generation || isCancellationError(e)) return;
      this.deps.log.warn(`loading keys failed: ${describeForLog(e)}`);
      this.noticeAuthFailure(e);
      this.setState({ kind: 'error', connection: active.connection, error: e });
    }
  }

  private noticeAuthFailure(e: unknown): void {
    if (isPaletteApiError(e) && e.kind === 'unauthenticated' && this.current) {
      this.authLost.fire(this.current.connection);
    }
  }

  private setState(state: SessionState): void {
    this.stateValue = state;
    this.changed.fire(state);
  }

  private createClient(baseUrl: string, credential: PaletteCredential, caFile?: string, proxyUrl?: string): PaletteClient {
    const settings = this.deps.settings();
    const proxy = proxyUrl ?? this.deps.defaultProxy();
    return new PaletteClient({
      baseUrl,
      credential,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      userAgent: 'palette-api-keys-vscode',
      caHint: CA_HINT,
      ...(caFile ?? settings.caFile ? { caFile: caFile ?? settings.caFile } : {}),
      ...(proxy ? { proxyUrl: proxy } : {}),
      ...(this.deps.proxySettings ? { proxy: this.deps.proxySettings() } : {}),
      allowInsecureHosts: settings.allowInsecureHosts,
    });
  }
}

/** Ends an untrusted-certificate message: names the setting that fixes it (never "disable checks"). */
const CA_HINT = 'set the paletteKeys.caFile setting to the path of its CA certificate (PEM file).';

/** A log line for a failure: the client's messages are already redacted; anything else shows its type only. */
export function describeForLog(e: unknown): string {
  if (isPaletteApiError(e)) return `${e.kind}${e.status ? ` (HTTP ${e.status})` : ''}: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return 'unknown error';
}
