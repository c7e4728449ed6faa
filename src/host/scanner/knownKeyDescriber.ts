import type { ApiKey } from '../../core/keys/apiKey';
import { classifyKey } from '../../core/keys/expiry';
import type { PaletteSession } from '../session/paletteSession';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';

/** What is known about the key a known-key finding matched, as far as this machine can tell. */
export type KnownKeyState = 'active' | 'expiring' | 'expired' | 'revoked' | 'deleted' | 'unknown';

export interface KnownKeyInfo {
  /** Kept by this extension (created here, or registered with its key), the credential of a saved connection, or registered by hand. */
  readonly kind: 'kept' | 'credential' | 'registered';
  readonly state: KnownKeyState;
  /** The key as the active connection lists it (name, owner, expiry). */
  readonly key?: ApiKey;
  /** Set when the key is a key of the active connection that can be revoked from here. */
  readonly revocableUid?: string;
  /** The key belongs to a saved connection that is not the active one. */
  readonly otherConnection: boolean;
  /** The key is another user's (an admin sees everyone's keys). */
  readonly ownedByOther?: boolean;
}

/**
 * Maps a finding's `knownKeyId` back to the key: its name, owner and state come from the active
 * connection's key list; a key that list no longer holds was deleted in Palette.
 */
export class KnownKeyDescriber {
  constructor(
    private readonly fingerprints: KnownKeyFingerprints,
    private readonly session: PaletteSession,
    private readonly now: () => Date,
    private readonly warningDays: () => number,
  ) {}

  describe(knownKeyId: string): KnownKeyInfo | undefined {
    const origin = this.fingerprints.origin(knownKeyId);
    if (!origin) return undefined;
    const kind = origin.id.startsWith('credential:') ? 'credential' : origin.connectionId === undefined ? 'registered' : 'kept';
    const state = this.session.state;
    const activeId = this.session.connection?.id;
    const otherConnection = origin.connectionId !== undefined && origin.connectionId !== activeId;
    if (kind === 'credential') {
      // Palette answered with this credential, so it still works.
      const working = !otherConnection && state.kind === 'ready';
      return { kind, state: working ? 'active' : 'unknown', otherConnection };
    }
    if (origin.keyUid === undefined || otherConnection || state.kind !== 'ready') {
      return { kind, state: 'unknown', otherConnection };
    }
    const key = state.keys.find((candidate) => candidate.uid === origin.keyUid);
    if (!key) return { kind, state: 'deleted', otherConnection };
    const status = classifyKey(key, this.now(), this.warningDays());
    const ownedByOther = key.owner.uid !== this.session.connection?.userUid;
    return { kind, state: status, key, ...(status !== 'revoked' ? { revocableUid: key.uid } : {}), otherConnection, ownedByOther };
  }
}
