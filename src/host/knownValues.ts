import * as vscode from 'vscode';
import type { ConnectionStore } from '../core/connections/connectionStore';
import type { KeyValueVault, KnownKeyValue } from '../core/secrets/keyValueVault';
import { Disposable } from './lifecycle';
import { CoalescingRunner } from '../core/util/coalescingRunner';

/**
 * The key values this machine knows — kept values of created keys, API-key credentials of saved
 * connections, and values the user registered — reloaded from secret storage on change. The
 * tree asks it which keys have a known value; the scanner turns the values into fingerprints.
 */
export class KnownValues extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private values: readonly KnownKeyValue[] = [];
  private readonly loader = new CoalescingRunner(() => this.load());

  constructor(private readonly store: ConnectionStore, private readonly vault: KeyValueVault) {
    super();
  }

  get all(): readonly KnownKeyValue[] {
    return this.values;
  }

  /** Uids of keys of `connectionId` whose value is known. */
  uidsFor(connectionId: string | undefined): ReadonlySet<string> {
    return new Set(this.values.filter((v) => v.connectionId === connectionId && v.keyUid).map((v) => v.keyUid as string));
  }

  /**
   * Reloads from secret storage. A call made while a load runs joins it and makes it read once more
   * afterwards: the running load may have read secrets before the change that prompted the call.
   */
  reload(): Promise<void> {
    return this.loader.run();
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
    this.values = values;
    this.changed.fire();
  }
}
