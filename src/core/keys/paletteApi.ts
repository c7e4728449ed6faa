import type { V1ApiKey, V1ApiKeyEntity, V1ApiKeyUpdate, V1User, V1UserInfo } from '../palette/wireTypes';

/**
 * The port the key service needs from Palette. `PaletteClient` satisfies it structurally; tests
 * use an in-memory implementation. Methods reject with `PaletteApiError`.
 */
export interface PaletteApi {
  readonly host: string;
  listApiKeys(signal?: AbortSignal): Promise<V1ApiKey[]>;
  getApiKey(uid: string, signal?: AbortSignal): Promise<V1ApiKey>;
  /** The only call that ever returns a key value. */
  createApiKey(body: V1ApiKeyEntity, signal?: AbortSignal): Promise<{ uid: string; apiKey: string }>;
  updateApiKey(uid: string, body: V1ApiKeyUpdate, signal?: AbortSignal): Promise<void>;
  setApiKeyActive(uid: string, isActive: boolean, signal?: AbortSignal): Promise<void>;
  deleteApiKey(uid: string, signal?: AbortSignal): Promise<void>;
  getUserInfo(signal?: AbortSignal): Promise<V1UserInfo>;
  /** Rejects with a `forbidden` error for callers who are not tenant admins. */
  listUsers(signal?: AbortSignal): Promise<V1User[]>;
}

/**
 * True for the client's "forbidden" error. Duck-typed on `kind` so the core does not depend on
 * the client's error class (and keeps working across bundle boundaries).
 */
export function isForbiddenError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'forbidden';
}

/** True when an operation was cancelled (the client's `cancelled` kind, or a DOM `AbortError`). */
export function isCancellationError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  return (e as { kind?: unknown }).kind === 'cancelled' || (e as { name?: unknown }).name === 'AbortError';
}
