import type { PaletteCredential } from '../palette/paletteClient';

/** A saved Palette tenant the user signed in to. Metadata only: the credential lives apart, in secrets. */
export interface ConnectionInfo {
  /** Stable random id, used to name the credential's secret. */
  readonly id: string;
  /** Normalised base URL, e.g. `https://api.spectrocloud.com`. */
  readonly baseUrl: string;
  /** What the user sees: organisation and user, e.g. `Demo Org (ada@example.com)`. */
  readonly label: string;
  readonly authKind: PaletteCredential['kind'];
  readonly userUid: string;
  readonly tenantUid: string;
  readonly orgName: string;
  /** Path of a PEM file with a private CA, for self-hosted Palette. */
  readonly caFile?: string;
  /** HTTPS proxy URL, when the tenant is only reachable through one. */
  readonly proxyUrl?: string;
  /** ISO time of the sign-in that saved this entry; a new sign-in is a new credential. */
  readonly signedInAt?: string;
}

/** The list of saved connections and which one is active, as kept in secret storage. */
export interface ConnectionsState {
  readonly connections: readonly ConnectionInfo[];
  readonly activeId?: string;
}
