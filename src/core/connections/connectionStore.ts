import { randomUuid } from '../crypto/randomBytes';
import type { PaletteCredential } from '../palette/paletteClient';
import { SECRET_KEYS } from '../secrets/secretKeys';
import type { SecretStore } from '../secrets/secretStore';
import type { ConnectionInfo, ConnectionsState } from './connection';
import { SerialQueue } from '../util/serialQueue';
import { ChangeEmitter, type ChangeEvent } from '../util/changeEmitter';

/**
 * How a store learnt of a change: its own write (fired before the write's promise settles). Other
 * windows' writes reach the known values through cross-window sync (core/sync/windowSync.ts).
 */
export interface StoreChange {
  readonly origin: 'write';
}

/**
 * Saved connections and their credentials, all in secret storage. Writes go through one queue so
 * that two quick sign-ins in the same window cannot interleave their read-modify-write.
 */
export class ConnectionStore {
  private readonly queue = new SerialQueue();
  private readonly changed = new ChangeEmitter<StoreChange>();
  /** Fires after every write of this store, and when secret storage reports a secret of it changed. */
  readonly onDidChange: ChangeEvent<StoreChange> = this.changed.event;

  constructor(private readonly secrets: SecretStore, private readonly newId: () => string = randomUuid) {}

  async read(): Promise<ConnectionsState> {
    return parseConnectionsState(await this.secrets.get(SECRET_KEYS.connections));
  }

  async active(): Promise<ConnectionInfo | undefined> {
    const state = await this.read();
    return state.connections.find((connection) => connection.id === state.activeId);
  }

  async credential(connectionId: string): Promise<PaletteCredential | undefined> {
    return parseCredential(await this.secrets.get(SECRET_KEYS.credential(connectionId)));
  }

  /**
   * Saves a connection whose credential was already checked against the server and makes it the
   * active one. Signing in again to the same tenant as the same user replaces the old entry.
   */
  add(info: Omit<ConnectionInfo, 'id'>, credential: PaletteCredential): Promise<ConnectionInfo> {
    return this.queue.run(async () => {
      const state = await this.read();
      const previous = state.connections.find((c) =>
        c.baseUrl === info.baseUrl && c.tenantUid === info.tenantUid && c.userUid === info.userUid);
      const connection: ConnectionInfo = { ...info, id: previous?.id ?? this.newId() };
      // The credential first: a connection listed without its credential would look signed in.
      await this.secrets.store(SECRET_KEYS.credential(connection.id), JSON.stringify(credential));
      const others = state.connections.filter((c) => c.id !== connection.id);
      await this.write({ connections: [...others, connection], activeId: connection.id });
      this.changed.fire({ origin: 'write' });
      return connection;
    });
  }

  setActive(connectionId: string): Promise<void> {
    return this.queue.run(async () => {
      const state = await this.read();
      if (!state.connections.some((c) => c.id === connectionId)) {
        throw new Error('That connection no longer exists.');
      }
      await this.write({ ...state, activeId: connectionId });
      this.changed.fire({ origin: 'write' });
    });
  }

  /** Forgets a connection and every secret that belongs to it. */
  remove(connectionId: string): Promise<void> {
    return this.queue.run(async () => {
      const state = await this.read();
      const connections = state.connections.filter((c) => c.id !== connectionId);
      const activeId = state.activeId === connectionId ? connections[0]?.id : state.activeId;
      await this.write({ connections, activeId });
      await this.secrets.delete(SECRET_KEYS.credential(connectionId));
      const keyUids = parseStringList(await this.secrets.get(SECRET_KEYS.keyValueIndex(connectionId)));
      for (const uid of keyUids) await this.secrets.delete(SECRET_KEYS.keyValue(connectionId, uid));
      await this.secrets.delete(SECRET_KEYS.keyValueIndex(connectionId));
      this.changed.fire({ origin: 'write' });
    });
  }


  private async write(state: ConnectionsState): Promise<void> {
    await this.secrets.store(SECRET_KEYS.connections, JSON.stringify(state));
  }

}

/** Reads the stored state defensively: a damaged entry is dropped, not allowed to break sign-in. */
export function parseConnectionsState(text: string | undefined): ConnectionsState {
  const parsed = parseJson(text);
  if (!isRecord(parsed) || !Array.isArray(parsed.connections)) return { connections: [] };
  const connections = parsed.connections.filter(isConnectionInfo);
  const activeId = typeof parsed.activeId === 'string' && connections.some((c) => c.id === parsed.activeId)
    ? parsed.activeId
    : connections[0]?.id;
  return { connections, activeId };
}

function parseCredential(text: string | undefined): PaletteCredential | undefined {
  const parsed = parseJson(text);
  if (!isRecord(parsed)) return undefined;
  if (parsed.kind === 'apiKey' && typeof parsed.apiKey === 'string') return { kind: 'apiKey', apiKey: parsed.apiKey };
  if (parsed.kind === 'password' && typeof parsed.emailId === 'string' && typeof parsed.password === 'string') {
    return {
      kind: 'password',
      emailId: parsed.emailId,
      password: parsed.password,
      ...(typeof parsed.org === 'string' ? { org: parsed.org } : {}),
    };
  }
  return undefined;
}

export function parseStringList(text: string | undefined): string[] {
  const parsed = parseJson(text);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

function isConnectionInfo(value: unknown): value is ConnectionInfo {
  return isRecord(value)
    && ['id', 'baseUrl', 'label', 'userUid', 'tenantUid', 'orgName'].every((field) => typeof value[field] === 'string')
    && (value.authKind === 'apiKey' || value.authKind === 'password');
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
