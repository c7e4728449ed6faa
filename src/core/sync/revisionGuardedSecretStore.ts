import { randomUuid } from '../crypto/randomBytes';
import type { SecretStore } from '../secrets/secretStore';
import { SerialQueue } from '../util/serialQueue';
import { REVISION_STAMP, type RevisionStamp, type StorageOnBoard, type StoredStamp } from './channels';

/**
 * How long before the extension host started a window's copy of secret storage may have been
 * loaded: on the web the page copies it, then the server starts the extension host (seconds later;
 * a minute leaves room for a slow machine).
 */
export const COPY_LOAD_MARGIN_MS = 60_000;

/** Raised instead of a write when this window's view of secret storage is older than another window's writes. */
export class StaleSecretsError extends Error {
  constructor() {
    super('Palette sign-in changed in another window. Reload this window before changing it here.');
    this.name = 'StaleSecretsError';
  }
}

/** What every window can see (a signal file): each secret storage's counter, and how a write announces the next one. */
export interface RevisionBoard {
  storages(): Promise<ReadonlyMap<string, StorageOnBoard>>;
  publish(stamp: RevisionStamp): Promise<void>;
}

/**
 * Secret storage that refuses to write from a window whose copy of it is stale.
 *
 * Why: VS Code for the Web (code-server) keeps secrets in one encrypted localStorage record that
 * each tab loads once, answers reads from memory and writes back whole on every store/delete. A
 * tab that has not reloaded since another tab signed in would, on its next write (a key value, a
 * sign-in), silently put its old record back and erase the other tab's sign-in. Desktop VS Code
 * keeps each secret in the OS keychain and has no such problem, and there the check always passes.
 *
 * How: every write also stores a stamp in secret storage (`REVISION_STAMP`: the storage's random
 * id and a counter) and announces it on a board all windows share (`SecretsSignalBoard`). A window
 * whose counter is below the one announced for its storage is reading an old copy, so it refuses to
 * write (`StaleSecretsError`) until it reloads. Simpler and safer than merging: the stale window cannot even read what it
 * would merge with. Stamps, never secrets, are compared.
 *
 * The id matters because one board can serve several secret storages: code-server opened in a
 * second browser (or after its site data was cleared) has a secret storage of its own, which no
 * reload would ever bring up to the first browser's counter. A copy without a stamp is stale only
 * when a storage appeared on the board after the copy may have been loaded (it may be that one,
 * newer); otherwise it is simply a storage nobody has written yet. (On the web, "Restart Extension
 * Host" in a tab that never wrote keeps the page's old copy but moves the start time: not guarded.)
 */
export class RevisionGuardedSecretStore implements SecretStore {
  private readonly queue = new SerialQueue();

  /**
   * @param recheckMs before refusing, read once more after this long: on desktop another window's
   *   write can land between our two reads and is then visible to us.
   * @param copyLoadedBy when this window's copy of secret storage had certainly been loaded (ms
   *   since the epoch): the extension host's start.
   */
  constructor(
    private readonly inner: SecretStore,
    private readonly board: RevisionBoard,
    private readonly recheckMs = 200,
    private readonly copyLoadedBy = Date.now(),
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }

  /** Storing what is already stored is not a write: it neither bumps the revision nor needs a fresh copy. */
  async store(key: string, value: string): Promise<void> {
    if ((await this.inner.get(key)) === value) return;
    await this.write(() => this.inner.store(key, value));
  }

  /** Deleting what is not there is not a write either (a key deleted in Palette that kept no value). */
  async delete(key: string): Promise<void> {
    if ((await this.inner.get(key)) === undefined) return;
    await this.write(() => this.inner.delete(key));
  }

  /** The stamp as this window's secret storage has it. */
  async stamp(): Promise<StoredStamp> {
    return REVISION_STAMP.decode(await this.inner.get(REVISION_STAMP.name)) ?? { revision: 0 };
  }

  /** True when another window wrote to this secret storage after this window's copy of it was loaded. */
  async isStale(): Promise<boolean> {
    return (await this.staleness()).stale;
  }

  private write(operation: () => Promise<void>): Promise<void> {
    return this.queue.run(async () => {
      let judged = await this.staleness();
      if (judged.stale) {
        await new Promise((resolve) => setTimeout(resolve, this.recheckMs));
        judged = await this.staleness();
        if (judged.stale) throw new StaleSecretsError();
      }
      await operation();
      const next: RevisionStamp = { storageId: judged.storageId ?? randomUuid(), revision: judged.newest + 1 };
      await this.inner.store(REVISION_STAMP.name, REVISION_STAMP.encode(next));
      // The secret is stored: a board we cannot write (read-only global storage) must not turn
      // that into a failure. Other windows then just do not hear of this write.
      await this.board.publish(next).catch(() => undefined);
    });
  }

  /** Compares this copy's stamp with the board: stale or not, and the highest counter seen for this storage. */
  private async staleness(): Promise<{ stale: boolean; storageId?: string; newest: number }> {
    // The board first: a writer stores its stamp before it announces it, so a stamp read after
    // the board is never older than the board's because of a write still landing (desktop).
    const storages = await this.board.storages();
    const mine = await this.stamp();
    if (mine.storageId !== undefined) {
      const announced = storages.get(mine.storageId)?.revision ?? 0;
      return { stale: mine.revision < announced, storageId: mine.storageId, newest: Math.max(mine.revision, announced) };
    }
    const loadedAfter = this.copyLoadedBy - COPY_LOAD_MARGIN_MS;
    const newerStorage = [...storages.values()].some((storage) => storage.since > loadedAfter);
    return { stale: newerStorage, newest: mine.revision };
  }
}
