import { createHash } from 'node:crypto';
import type { StorageOnBoard } from '../secrets/revisionGuardedSecretStore';

/**
 * What a window announces after it wrote to secret storage. Never a secret: a sequence number
 * that grows with every announcement, the writing window's random id, the id of the secret storage
 * it wrote to (random) with its counter there, every secret storage the board has heard of, and the
 * ids of the saved connections (random UUIDs), so that a window whose copy of secret storage is
 * stale can still tell that its connection was signed out.
 */
export interface SecretsSignal {
  readonly sequence: number;
  readonly windowId: string;
  readonly storageId: string;
  readonly activeId?: string;
  readonly connectionIds: readonly string[];
  readonly storages: ReadonlyMap<string, StorageOnBoard>;
}

/**
 * What a window announces after it saw the key list of a tenant change (create, edit, delete…):
 * other windows on the same tenant refresh. `scope` and `digest` are hashes, not data.
 */
export interface KeysSignal {
  readonly windowId: string;
  readonly scope: string;
  readonly digest: string;
}

/** Parses the secrets signal file; anything damaged reads as "no signal yet". */
export function parseSecretsSignal(text: string | undefined): SecretsSignal | undefined {
  const value = parseRecord(text);
  if (!value || !isCounter(value.sequence) || typeof value.windowId !== 'string' || typeof value.storageId !== 'string') return undefined;
  const ids = Array.isArray(value.connectionIds) ? value.connectionIds.filter((id): id is string => typeof id === 'string') : [];
  const storages = new Map<string, StorageOnBoard>();
  const listed = typeof value.storages === 'object' && value.storages !== null ? value.storages as Record<string, unknown> : {};
  for (const [id, entry] of Object.entries(listed)) {
    const storage = typeof entry === 'object' && entry !== null ? entry as Record<string, unknown> : {};
    if (isCounter(storage.revision) && isCounter(storage.since)) storages.set(id, { revision: storage.revision, since: storage.since });
  }
  return {
    sequence: value.sequence,
    windowId: value.windowId,
    storageId: value.storageId,
    ...(typeof value.activeId === 'string' ? { activeId: value.activeId } : {}),
    connectionIds: ids,
    storages,
  };
}

/** The signal as written to its file (the map of storages as a plain object). */
export function formatSecretsSignal(signal: SecretsSignal): string {
  return JSON.stringify({ ...signal, storages: Object.fromEntries(signal.storages) });
}

/** Parses the keys signal file; anything damaged reads as "no signal yet". */
export function parseKeysSignal(text: string | undefined): KeysSignal | undefined {
  const value = parseRecord(text);
  if (!value || typeof value.windowId !== 'string' || typeof value.scope !== 'string' || typeof value.digest !== 'string') return undefined;
  return { windowId: value.windowId, scope: value.scope, digest: value.digest };
}

/** Names a tenant as seen from one Palette host, without writing either down. */
export function keysScope(baseUrl: string, tenantUid: string): string {
  return shortHash(`${baseUrl}\n${tenantUid}`);
}

/**
 * A fingerprint of a key list: changes when a key is added, removed or changed (any field the
 * tree shows). Order-independent.
 */
export function keyListDigest(keys: readonly { readonly uid: string }[]): string {
  const lines = keys.map((key) => canonical(key)).sort();
  return shortHash(lines.join('\n'));
}

/** JSON with object keys sorted at every level (dates as ISO strings), so equal data hashes equally. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function isCounter(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function parseRecord(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
