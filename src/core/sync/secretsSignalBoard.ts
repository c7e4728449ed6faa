import type { ConnectionsState } from '../connections/connection';
import type { RevisionBoard } from '../secrets/revisionGuardedSecretStore';
import type { SignalFolder } from './signalFolder';
import { parseSecretsSignal, type SecretsSignal } from './windowSignals';

/** Name of the signal file announcing secret-storage writes. */
export const SECRETS_SIGNAL_FILE = 'secrets';

/**
 * The revision board of `RevisionGuardedSecretStore` as a signal file: each announcement carries
 * the revision, the writing window's random id and the saved connections' ids (never a secret).
 */
export class SecretsSignalBoard implements RevisionBoard {
  constructor(
    private readonly signals: SignalFolder,
    private readonly windowId: string,
    /** The connection metadata just written (read through the writing window's fresh copy). */
    private readonly readConnections: () => Promise<ConnectionsState>,
  ) {}

  async read(): Promise<SecretsSignal | undefined> {
    return parseSecretsSignal(await this.signals.read(SECRETS_SIGNAL_FILE));
  }

  async latest(): Promise<number> {
    return (await this.read())?.revision ?? 0;
  }

  async publish(revision: number): Promise<void> {
    const state = await this.readConnections();
    const signal: SecretsSignal = {
      // Never lower the board: a slower window finishing an older write must not hide a newer one.
      revision: Math.max(revision, await this.latest()),
      windowId: this.windowId,
      ...(state.activeId ? { activeId: state.activeId } : {}),
      connectionIds: state.connections.map((connection) => connection.id),
    };
    await this.signals.write(SECRETS_SIGNAL_FILE, JSON.stringify(signal));
  }
}
