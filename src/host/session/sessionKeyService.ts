import type { ApiKey, CurrentUser, PaletteUser } from '../../core/keys/apiKey';
import type { KeyChanges, KeyService } from '../../core/keys/keyService';
import { isPaletteApiError } from '../../core/palette/errors';
import type { KeyValueVault } from '../../core/secrets/keyValueVault';
import type { KeyFormInput } from '../../shared/keyFormValidation';
import type { Logger } from '../logger';

/** A key just created (or a rotation's replacement), its one-time value, and whether the vault kept it. */
export interface NewKey {
  readonly key: ApiKey;
  readonly value: string;
  /** False when secret storage refused the value: the caller must urge the person to copy it now. */
  readonly kept: boolean;
}

export interface RotatedKeyResult extends NewKey {
  /** The key that was replaced, as it was before the rotation. */
  readonly oldKey: ApiKey;
}

/** What the facade needs of the session that owns it. */
export interface SessionKeyServiceDeps {
  /** The active connection's id and key service; throws `NotSignedInError` without one. */
  readonly active: () => { readonly connectionId: string; readonly service: KeyService };
  /** Reports a 401 of `operation` as lost authentication, then passes its outcome on. */
  readonly track: <T>(operation: Promise<T>) => Promise<T>;
  /** Reloads the key list (coalescing: a burst of changes loads at most twice). */
  readonly refresh: () => Promise<void>;
  readonly vault: KeyValueVault;
  readonly log: Logger;
}

/** Failures after which a create may have happened anyway: the answer was lost, not refused. */
const UNCERTAIN_CREATE_KINDS = new Set(['timeout', 'network', 'server', 'malformedResponse']);

/**
 * The active connection's key service as commands use it, so the bookkeeping happens at one door:
 * every call reports a 401 as lost authentication; every change reloads the key list (not awaited,
 * as the tree follows the session's state); a new key's one-time value is kept in the vault before
 * the call returns; a deleted key's kept value is forgotten, so the scanner stops calling it live.
 */
export class SessionKeyService {
  constructor(private readonly deps: SessionKeyServiceDeps) {}

  /** Identity of the caller on the active connection (cached by the service). */
  whoAmI(): Promise<CurrentUser> {
    return this.read((service) => service.whoAmI());
  }

  getKey(uid: string): Promise<ApiKey> {
    return this.read((service) => service.getKey(uid));
  }

  listUsers(): Promise<PaletteUser[]> {
    return this.read((service) => service.listUsers());
  }

  /**
   * Creates a key and keeps its value. After a create whose answer was lost the key may exist
   * anyway: the list is reloaded so it shows up, instead of inviting a blind second create.
   */
  async createKey(input: KeyFormInput): Promise<NewKey> {
    const { connectionId, service } = this.deps.active();
    const created = await this.deps.track(service.createKey(input)).catch((e: unknown) => this.afterUncertainCreate(e));
    const kept = await this.keep(connectionId, created.key, created.value);
    this.deps.log.info(`created key ${created.key.uid}${kept ? '' : ' (value not kept)'}`);
    this.changed();
    return { key: created.key, value: created.value, kept };
  }

  /** Creates a replacement with the old key's name, description and lifetime, and keeps its value; the old key is left alone. */
  async rotateKey(uid: string): Promise<RotatedKeyResult> {
    const { connectionId, service } = this.deps.active();
    const rotated = await this.deps.track(service.rotateKey(uid)).catch((e: unknown) => this.afterUncertainCreate(e));
    const kept = await this.keep(connectionId, rotated.newKey, rotated.value);
    this.deps.log.info(`rotated key ${uid}: replacement ${rotated.newKey.uid}${kept ? '' : ' (value not kept)'}`);
    this.changed();
    return { oldKey: rotated.oldKey, key: rotated.newKey, value: rotated.value, kept };
  }

  editKey(uid: string, changes: KeyChanges): Promise<ApiKey> {
    return this.change((service) => service.editKey(uid, changes), `edited key ${uid}`);
  }

  renewKey(uid: string, days: number): Promise<ApiKey> {
    return this.change((service) => service.renewKey(uid, days), `renewed key ${uid} by ${days} days`);
  }

  revokeKey(uid: string): Promise<void> {
    return this.change((service) => service.revokeKey(uid), `revoked key ${uid}`);
  }

  reactivateKey(uid: string): Promise<void> {
    return this.change((service) => service.reactivateKey(uid), `re-activated key ${uid}`);
  }

  /** Deletes a key for good and forgets its kept value. */
  async deleteKey(uid: string): Promise<void> {
    const { connectionId, service } = this.deps.active();
    await this.deps.track(service.deleteKey(uid));
    this.deps.log.info(`deleted key ${uid}`);
    await this.deps.vault.forget(connectionId, uid);
    this.changed();
  }

  private read<T>(call: (service: KeyService) => Promise<T>): Promise<T> {
    return this.deps.track(call(this.deps.active().service));
  }

  private async change<T>(call: (service: KeyService) => Promise<T>, logLine: string): Promise<T> {
    const result = await this.read(call);
    this.deps.log.info(logLine);
    this.changed();
    return result;
  }

  private changed(): void {
    void this.deps.refresh();
  }

  private afterUncertainCreate(e: unknown): never {
    if (isPaletteApiError(e) && UNCERTAIN_CREATE_KINDS.has(e.kind)) {
      this.deps.log.warn('the answer to a key create was lost; refreshing in case the key exists');
      this.changed();
    }
    throw e;
  }

  /**
   * Puts a new key's value in secret storage before anything else happens: Palette returns it
   * once, and from here on a closed dialog or a crash must not lose it. A failure is reported in
   * the result, never thrown, so the value still reaches the person.
   */
  private async keep(connectionId: string, key: ApiKey, value: string): Promise<boolean> {
    try {
      await this.deps.vault.save(connectionId, key.uid, value);
      return true;
    } catch (e) {
      this.deps.log.error(`could not keep the value of key ${key.uid} in secret storage: ${e instanceof Error ? e.name : 'error'}`);
      return false;
    }
  }
}
