import type { ConnectionInfo } from '../../core/connections/connection';
import type { ApiKey, CurrentUser, PaletteUser } from '../../core/keys/apiKey';

/** What the key tree, status bar and notifier show, derived from the active connection. */
export type SessionState =
  | { readonly kind: 'signedOut' }
  | { readonly kind: 'loading'; readonly connection: ConnectionInfo }
  | {
      readonly kind: 'ready';
      readonly connection: ConnectionInfo;
      readonly me: CurrentUser;
      readonly keys: readonly ApiKey[];
      /** Tenant users, known to admins only; used for grouping, the user filter and orphans. */
      readonly users?: readonly PaletteUser[];
      /** Items in the server's answer that could not be read (malformed). */
      readonly rejectedCount: number;
      readonly loadedAt: Date;
    }
  | { readonly kind: 'error'; readonly connection: ConnectionInfo; readonly error: unknown };
