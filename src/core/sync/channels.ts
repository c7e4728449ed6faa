/**
 * Every name and format the windows of one machine use to talk to each other, in one place: the
 * signal files in the extension's global storage, the revision stamp kept in secret storage, and the
 * names of "once" claims. None of them ever holds a secret. See docs/cross-window.md.
 */

/** One kind of signal: where it is kept, how it is written, and how it is read back. */
export interface SignalChannel<T> {
  /** File name in the signal folder (for the revision stamp: its key in secret storage). */
  readonly name: string;
  encode(value: T): string;
  /** Reads what any window (maybe an older version) wrote; missing or damaged reads as undefined. */
  decode(text: string | undefined): T | undefined;
}

/** Folder in global storage for the signal files. */
export const SIGNAL_FOLDER = 'signals';
/** Folder in global storage for the claim files of `CrossWindowOnce`. */
export const CLAIM_FOLDER = 'claims';

/** Which secret storage a write went to, and its counter there. */
export interface RevisionStamp {
  /** Random, made at the first write into a secret storage; names it, says nothing of it. */
  readonly storageId: string;
  readonly revision: number;
}

/** A stamp as a window's copy of secret storage holds it: no id before the storage's first guarded write. */
export interface StoredStamp {
  readonly storageId?: string;
  readonly revision: number;
}

/** What the board knows of one secret storage. */
export interface StorageOnBoard {
  /** The highest counter announced for it. */
  readonly revision: number;
  /** When it was first announced (ms since the epoch). */
  readonly since: number;
}

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
 * other windows on the same tenant refresh. `scope` and `digest` are hashes, not data
 * (see `keyListDigest.ts`).
 */
export interface KeysSignal {
  readonly windowId: string;
  readonly scope: string;
  readonly digest: string;
}

/** The signal file announcing secret-storage writes (the revision board). */
export const SECRETS_SIGNAL: SignalChannel<SecretsSignal> = {
  name: 'secrets',
  // The map of storages as a plain object.
  encode: (signal) => JSON.stringify({ ...signal, storages: Object.fromEntries(signal.storages) }),
  decode(text) {
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
  },
};

/** The signal file announcing a changed key list. */
export const KEYS_SIGNAL: SignalChannel<KeysSignal> = {
  name: 'keys',
  encode: (signal) => JSON.stringify({ windowId: signal.windowId, scope: signal.scope, digest: signal.digest }),
  decode(text) {
    const value = parseRecord(text);
    if (!value || typeof value.windowId !== 'string' || typeof value.scope !== 'string' || typeof value.digest !== 'string') return undefined;
    return { windowId: value.windowId, scope: value.scope, digest: value.digest };
  },
};

/**
 * The revision stamp each copy of secret storage holds, next to what it counts (in secret storage,
 * not a file): `<storage id>:<counter>`, or a bare counter written before storages had ids.
 */
export const REVISION_STAMP: SignalChannel<StoredStamp> = {
  name: 'paletteKeys.revision',
  encode: (stamp) => (stamp.storageId === undefined ? String(stamp.revision) : `${stamp.storageId}:${stamp.revision}`),
  decode(text) {
    const match = /^(?:([0-9a-f-]{36}):)?(\d{1,15})$/.exec(text ?? '');
    if (!match) return undefined;
    return { ...(match[1] ? { storageId: match[1] } : {}), revision: Number(match[2]) };
  },
};

/** Names of the things that happen once across all windows (claim files of `CrossWindowOnce`). */
export const CLAIMS = {
  /** The day's summary of the user's keys that expire soon (`day` from `calendarDay`): one window shows it. */
  expirySummary: (day: string) => `expiry-summary-${day}`,
  /** The "sign in again" prompt for one credential: a new sign-in is a new credential and re-arms it. */
  signInAgain: (connectionId: string, signedInAt: string | undefined) => `reauth-${connectionId}-${signedInAt ?? 'unknown'}`,
} as const;

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
