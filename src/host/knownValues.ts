import * as vscode from 'vscode';
import type { ConnectionStore } from '../core/connections/connectionStore';
import type { KeyValueVault, KnownKeyValue } from '../core/secrets/keyValueVault';
import { Disposable } from './lifecycle';
import { CoalescingRunner } from '../core/util/coalescingRunner';

/**
 * The key values this machine knows — kept values of created keys, API-key credentials of saved
 * connections, and values the user registered — read from secret storage. It follows the change
 * events of the connection store and the key value vault (this window's writes and, where secret
 * storage tells, other windows'), so no caller reloads it by hand. The tree asks it which keys
 * have a known value; the scanner turns the values into fingerprints.
 */
export class KnownValues extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the set of values (or what they belong to) changed. */
  readonly onDidChange = this.changed.event;
  private values: readonly KnownKeyValue[] = [];
  private loaded = false;
  private readonly loader = new CoalescingRunner(() => this.load());

  constructor(private readonly store: ConnectionStore, private readonly vault: KeyValueVault) {
    super();
    this._register(store.onDidChange(() => void this.reload()));
    this._register(vault.onDidChange(() => void this.reload()));
  }

  get all(): readonly KnownKeyValue[] {
    return this.values;
  }

  /** Uids of keys of `connectionId` whose value is known. */
  uidsFor(connectionId: string | undefined): ReadonlySet<string> {
    return new Set(this.values.filter((v) => v.connectionId === connectionId && v.keyUid).map((v) => v.keyUid as string));
  }

  /**
   * Reads secret storage again: at start-up, and when another window may have changed it without
   * an event the stores heard (a signal file on the web). A call made while a load runs joins it
   * and makes it read once more afterwards: the running load may have read before the change.
   */
  reload(): Promise<void> {
    return this.loader.run();
  }

  /** Settles once the values reflect every store change made so far (the store events start a load at once). */
  whenLoaded(): Promise<void> {
    return this.loader.whenIdle();
  }

  private async load(): Promise<void> {
    const state = await this.store.read();
    const values: KnownKeyValue[] = [];
    for (const connection of state.connections) {
      values.push(...await this.vault.list(connection.id));
      const credential = await this.store.credential(connection.id);
      if (credential?.kind === 'apiKey') {
        values.push({ id: `credential:${connection.id}`, connectionId: connection.id, value: credential.apiKey });
      }
    }
    (await this.vault.extraValues()).forEach((value, index) => values.push({ id: `extra:${index}`, value }));
    // Store events come in bursts (a sign-in writes twice, other windows echo): only a real change re-scans.
    if (this.loaded && sameValues(this.values, values)) return;
    this.loaded = true;
    this.values = values;
    this.changed.fire();
  }
}

function sameValues(a: readonly KnownKeyValue[], b: readonly KnownKeyValue[]): boolean {
  return a.length === b.length && a.every((value, i) => {
    const other = b[i];
    return value.id === other.id && value.value === other.value && value.keyUid === other.keyUid && value.connectionId === other.connectionId;
  });
}
