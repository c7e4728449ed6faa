import { SerialQueue } from '../util/serialQueue';
import type { SecretStore } from './secretStore';

/** Where the guard keeps its counter in secret storage, next to what it counts. */
export const REVISION_SECRET_KEY = 'paletteKeys.revision';

/** Raised instead of a write when this window's view of secret storage is older than another window's writes. */
export class StaleSecretsError extends Error {
  constructor() {
    super('Palette sign-in changed in another window. Reload this window before changing it here.');
    this.name = 'StaleSecretsError';
  }
}

/** The revision every window can see (a signal file), and how a write announces the next one. */
export interface RevisionBoard {
  /** The highest revision any window announced; 0 when none did. */
  latest(): Promise<number>;
  publish(revision: number): Promise<void>;
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
 * How: every write also stores a counter in secret storage and announces it on a board all windows
 * share. A window whose stored counter is below the announced one is reading an old copy, so it
 * refuses to write (`StaleSecretsError`) until it reloads. Simpler and safer than merging: the
 * stale window cannot even read what it would merge with. The counter is compared, never a secret.
 */
export class RevisionGuardedSecretStore implements SecretStore {
  private readonly queue = new SerialQueue();

  /**
   * @param recheckMs before refusing, read once more after this long: on desktop another window's
   *   write can land between our two reads (counter, then board) and is then visible to us.
   */
  constructor(private readonly inner: SecretStore, private readonly board: RevisionBoard, private readonly recheckMs = 200) {}

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

  /** The counter as this window's secret storage has it. */
  async revision(): Promise<number> {
    const stored = Number(await this.inner.get(REVISION_SECRET_KEY));
    return Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
  }

  /** True when another window wrote after this window's copy of secret storage was loaded. */
  async isStale(): Promise<boolean> {
    // The board first: a writer stores its counter before it announces it, so a counter read after
    // the board is never older than the board's because of a write still landing (desktop).
    const latest = await this.board.latest();
    return (await this.revision()) < latest;
  }

  private write(operation: () => Promise<void>): Promise<void> {
    return this.queue.run(async () => {
      let mine = await this.revision();
      const latest = await this.board.latest();
      if (mine < latest) {
        await new Promise((resolve) => setTimeout(resolve, this.recheckMs));
        mine = await this.revision();
        if (mine < latest) throw new StaleSecretsError();
      }
      await operation();
      const next = Math.max(mine, latest) + 1;
      await this.inner.store(REVISION_SECRET_KEY, String(next));
      // The secret is stored: a board we cannot write (read-only global storage) must not turn
      // that into a failure. Other windows then just do not hear of this write.
      await this.board.publish(next).catch(() => undefined);
    });
  }
}
