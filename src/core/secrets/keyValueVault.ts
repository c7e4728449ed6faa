import { parseStringList, type StoreChange } from '../connections/connectionStore';
import { ChangeEmitter, type ChangeEvent } from '../util/changeEmitter';
import { SECRET_KEYS } from './secretKeys';
import type { SecretStore } from './secretStore';
import { SerialQueue } from '../util/serialQueue';

/** A key value the scanner should recognise exactly, with what it belongs to. */
export interface KnownKeyValue {
  /** `<connectionId>:<keyUid>` for created keys, `credential:<connectionId>` for sign-in keys, `extra:<n>` for registered ones. */
  readonly id: string;
  readonly keyUid?: string;
  readonly connectionId?: string;
  readonly value: string;
}

/**
 * Keeps the one-time values of keys this extension created. Written before the value is shown, so a
 * crash or a closed dialog never loses it.
 */
export class KeyValueVault {
  private readonly queue = new SerialQueue();
  private readonly changed = new ChangeEmitter<StoreChange>();
  /** Fires after every write of the vault, and when secret storage reports a secret of it changed. */
  readonly onDidChange: ChangeEvent<StoreChange> = this.changed.event;

  constructor(private readonly secrets: SecretStore) {}

  save(connectionId: string, keyUid: string, value: string): Promise<void> {
    return this.queue.run(async () => {
      await this.secrets.store(SECRET_KEYS.keyValue(connectionId, keyUid), value);
      const index = parseStringList(await this.secrets.get(SECRET_KEYS.keyValueIndex(connectionId)));
      if (!index.includes(keyUid)) {
        await this.secrets.store(SECRET_KEYS.keyValueIndex(connectionId), JSON.stringify([...index, keyUid]));
      }
      this.changed.fire({ origin: 'write' });
    });
  }

  get(connectionId: string, keyUid: string): Promise<string | undefined> {
    return this.secrets.get(SECRET_KEYS.keyValue(connectionId, keyUid));
  }

  /** Drops a value, e.g. once its key was deleted in Palette. */
  forget(connectionId: string, keyUid: string): Promise<void> {
    return this.queue.run(async () => {
      await this.secrets.delete(SECRET_KEYS.keyValue(connectionId, keyUid));
      const index = parseStringList(await this.secrets.get(SECRET_KEYS.keyValueIndex(connectionId)));
      // No write when nothing was kept: every secret write makes other web windows stale.
      if (index.includes(keyUid)) {
        await this.secrets.store(SECRET_KEYS.keyValueIndex(connectionId), JSON.stringify(index.filter((uid) => uid !== keyUid)));
      }
      this.changed.fire({ origin: 'write' });
    });
  }

  /** Every value kept for one connection. */
  async list(connectionId: string): Promise<KnownKeyValue[]> {
    const index = parseStringList(await this.secrets.get(SECRET_KEYS.keyValueIndex(connectionId)));
    const values: KnownKeyValue[] = [];
    for (const keyUid of index) {
      const value = await this.get(connectionId, keyUid);
      if (value) values.push({ id: `${connectionId}:${keyUid}`, keyUid, connectionId, value });
    }
    return values;
  }

  /** Values the user registered by hand (e.g. keys created in the Palette console). */
  async extraValues(): Promise<string[]> {
    return parseStringList(await this.secrets.get(SECRET_KEYS.extraKnownValues));
  }

  addExtraValue(value: string): Promise<void> {
    return this.queue.run(async () => {
      const values = await this.extraValues();
      if (!values.includes(value)) {
        await this.secrets.store(SECRET_KEYS.extraKnownValues, JSON.stringify([...values, value]));
      }
      this.changed.fire({ origin: 'write' });
    });
  }


}
