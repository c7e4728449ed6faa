import type { ConnectionsState } from '../connections/connection';
import { SECRETS_SIGNAL, type RevisionStamp, type SecretsSignal, type StorageOnBoard } from './channels';
import type { RevisionBoard } from './revisionGuardedSecretStore';
import type { SignalFolder } from './signalFolder';

/**
 * The revision board of `RevisionGuardedSecretStore` as a signal file (`SECRETS_SIGNAL`): each
 * announcement carries a growing sequence number, the writing window's random id, the stamp it
 * wrote, every secret storage heard of so far and the saved connections' ids (never a secret).
 */
export class SecretsSignalBoard implements RevisionBoard {
  constructor(
    private readonly signals: SignalFolder,
    private readonly windowId: string,
    /** The connection metadata just written (read through the writing window's fresh copy). */
    private readonly readConnections: () => Promise<ConnectionsState>,
    private readonly now: () => number = Date.now,
  ) {}

  read(): Promise<SecretsSignal | undefined> {
    return this.signals.read(SECRETS_SIGNAL);
  }

  /** The sequence number of the last announcement; 0 when none was made. */
  async latest(): Promise<number> {
    return (await this.read())?.sequence ?? 0;
  }

  async storages(): Promise<ReadonlyMap<string, StorageOnBoard>> {
    return (await this.read())?.storages ?? new Map();
  }

  async publish(stamp: RevisionStamp): Promise<void> {
    const state = await this.readConnections();
    const previous = await this.read();
    const storages = new Map(previous?.storages);
    const known = storages.get(stamp.storageId);
    // Never lower a counter: a slower window finishing an older write must not hide a newer one.
    storages.set(stamp.storageId, { revision: Math.max(stamp.revision, known?.revision ?? 0), since: known?.since ?? this.now() });
    const signal: SecretsSignal = {
      sequence: (previous?.sequence ?? 0) + 1,
      windowId: this.windowId,
      storageId: stamp.storageId,
      ...(state.activeId ? { activeId: state.activeId } : {}),
      connectionIds: state.connections.map((connection) => connection.id),
      storages,
    };
    await this.signals.write(SECRETS_SIGNAL, signal);
  }
}
