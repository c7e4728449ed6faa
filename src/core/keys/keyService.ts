import {
  DEFAULT_MAX_EXPIRY_DAYS,
  DEFAULT_RECOMMENDED_EXPIRY_DAYS,
  hasErrors,
  normalizeKeyForm,
  parseExpiry,
  validateKeyForm,
  type FieldIssue,
  type KeyFormField,
  type KeyFormInput,
} from '../../shared/keyFormValidation';
import {
  mapApiKey,
  mapApiKeys,
  mapCreateResponse,
  mapUserInfo,
  mapUsers,
  toApiKeyEntity,
  toApiKeyUpdate,
  type KeyFields,
  type Rejections,
} from '../palette/mapping';
import type { V1ApiKey } from '../palette/wireTypes';
import type { ApiKey, CurrentUser, PaletteUser } from './apiKey';
import { KeyValidationError } from './errors';
import { sortByExpiry } from './expiry';
import { isCancellationError, isForbiddenError, type PaletteApi } from './paletteApi';
import { findOrphans } from './review';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface KeyLimits {
  /** Longest lifetime a key may get from this extension (Palette's UI stops at 90 days). */
  maxExpiryDays: number;
  /** Lifetimes beyond this get a warning (Spectro Cloud recommends about 30 days). */
  recommendedExpiryDays: number;
  /** Lifetime of a rotated key when the old key's lifetime is unknown. */
  defaultExpiryDays: number;
}

export const DEFAULT_KEY_LIMITS: KeyLimits = {
  maxExpiryDays: DEFAULT_MAX_EXPIRY_DAYS,
  recommendedExpiryDays: DEFAULT_RECOMMENDED_EXPIRY_DAYS,
  defaultExpiryDays: DEFAULT_RECOMMENDED_EXPIRY_DAYS,
};

/** Fields an edit may change; absent fields keep their current value. The owner cannot change. */
export type KeyChanges = Partial<Pick<KeyFormInput, 'name' | 'description' | 'expiry'>>;

export interface CreatedKey {
  key: ApiKey;
  /** The key value. Palette returns it once; show it, offer to store it, then drop it. */
  value: string;
}

export interface RotatedKey {
  oldKey: ApiKey;
  newKey: ApiKey;
  value: string;
}

/** A list of mapped keys plus the count of items Palette sent that could not be used. */
export interface KeyList extends Rejections {
  keys: ApiKey[];
}

/**
 * The API key use cases over one Palette connection. Stateless apart from the cached identity;
 * change notification and list caching belong to the host.
 */
export class KeyService {
  private readonly limits: KeyLimits;
  private identity: Promise<CurrentUser> | undefined;

  constructor(
    private readonly api: PaletteApi,
    private readonly now: () => Date = () => new Date(),
    limits: Partial<KeyLimits> = {},
  ) {
    this.limits = { ...DEFAULT_KEY_LIMITS, ...limits };
  }

  get host(): string {
    return this.api.host;
  }

  /**
   * Who the caller is, and whether they are a tenant admin: Palette has no direct flag, so an
   * admin is someone whose `GET /v1/users` succeeds (a `forbidden` answer means a regular user).
   * Cached after the first success; a failure is not cached. Concurrent callers share the first
   * caller's request, so its `signal` cancels theirs too; they can simply ask again.
   */
  whoAmI(signal?: AbortSignal): Promise<CurrentUser> {
    if (!this.identity) {
      const pending = this.fetchIdentity(signal);
      this.identity = pending;
      pending.catch(() => {
        if (this.identity === pending) this.identity = undefined;
      });
    }
    return this.identity;
  }

  /** Forgets the cached identity (after signing in again or switching connection). */
  invalidateIdentity(): void {
    this.identity = undefined;
  }

  /** Every key the caller may see, soonest expiry first, plus a count of unusable items. */
  async listKeys(signal?: AbortSignal): Promise<KeyList> {
    const { keys, rejected, problems } = mapApiKeys(await this.api.listApiKeys(signal));
    return { keys: sortByExpiry(keys), rejected, problems };
  }

  /** One key, fresh from Palette. */
  async getKey(uid: string, signal?: AbortSignal): Promise<ApiKey> {
    return mapApiKey(await this.api.getApiKey(uid, signal));
  }

  /** Tenant users (tenant admins only: rejects with a `forbidden` error otherwise). Unusable items are skipped. */
  async listUsers(signal?: AbortSignal): Promise<PaletteUser[]> {
    return mapUsers(await this.api.listUsers(signal)).users;
  }

  /**
   * Validates and creates a key. Throws `KeyValidationError` (nothing sent) when the form has
   * errors; warnings do not block. Once Palette has created the key, the value is returned even
   * if fetching the new key's details fails or `signal` fires: it cannot be obtained again.
   */
  async createKey(form: KeyFormInput, signal?: AbortSignal): Promise<CreatedKey> {
    const input = normalizeKeyForm(form);
    const issues = this.validate(input);
    if (hasErrors(issues)) throw new KeyValidationError(issues);
    return this.create(this.toFields(input), input.userUid, signal);
  }

  /**
   * Changes name, description and/or expiry. Only the changed fields are validated, so a key can
   * be renamed after it expired. Annotations Palette keeps on the key are preserved.
   */
  async editKey(uid: string, changes: KeyChanges, signal?: AbortSignal): Promise<ApiKey> {
    const dto = await this.api.getApiKey(uid, signal);
    const current = mapApiKey(dto);
    const merged = normalizeKeyForm({
      name: changes.name ?? current.name,
      description: changes.description ?? current.description,
      expiry: changes.expiry ?? current.expiry.toISOString(),
    });
    const changed = new Set<KeyFormField>(
      (['name', 'description', 'expiry'] as const).filter((field) => changes[field] !== undefined),
    );
    const issues = this.validate(merged).filter((issue) => changed.has(issue.field));
    if (hasErrors(issues)) throw new KeyValidationError(issues);
    return this.update(current, dto, this.toFields(merged), signal);
  }

  /** Revokes a key: it stops working at once but stays listed until deleted. */
  async revokeKey(uid: string, signal?: AbortSignal): Promise<void> {
    await this.api.setApiKeyActive(uid, false, signal);
  }

  /** Re-activates a revoked key (Palette may refuse for an expired one). */
  async reactivateKey(uid: string, signal?: AbortSignal): Promise<void> {
    await this.api.setApiKeyActive(uid, true, signal);
  }

  /**
   * Extends a key by `days`: new expiry = max(now, current expiry) + days, capped at `now +
   * maxExpiryDays`. Throws `KeyValidationError` when `days` is not a positive number or the key
   * already expires at or beyond the cap (renewing would not extend it).
   */
  async renewKey(uid: string, days: number, signal?: AbortSignal): Promise<ApiKey> {
    if (!Number.isFinite(days) || days <= 0) {
      throw new KeyValidationError([expiryError('Renew by a positive number of days.')]);
    }
    const dto = await this.api.getApiKey(uid, signal);
    const current = mapApiKey(dto);
    const now = this.now().getTime();
    const cap = now + this.limits.maxExpiryDays * DAY_MS;
    const target = Math.min(Math.max(now, current.expiry.getTime()) + days * DAY_MS, cap);
    if (target <= current.expiry.getTime()) {
      throw new KeyValidationError([
        expiryError(`This key already expires at the latest allowed date (${this.limits.maxExpiryDays} days from now).`),
      ]);
    }
    const fields: KeyFields = { name: current.name, description: current.description, expiry: new Date(target) };
    return this.update(current, dto, fields, signal);
  }

  /**
   * Creates a replacement for a key: same name, description and owner, and the same lifetime
   * length as the old key (capped at the maximum; the default when the old lifetime is unknown).
   * The old key is left alone: revoking or deleting it is a separate, confirmed step.
   */
  async rotateKey(uid: string, signal?: AbortSignal): Promise<RotatedKey> {
    const oldKey = await this.getKey(uid, signal);
    const now = this.now();
    const input = normalizeKeyForm({
      name: oldKey.name,
      description: oldKey.description,
      expiry: new Date(now.getTime() + this.rotationLifetimeMs(oldKey)).toISOString(),
      userUid: oldKey.owner.uid,
    });
    const issues = this.validate(input);
    if (hasErrors(issues)) throw new KeyValidationError(issues);
    const { key, value } = await this.create(this.toFields(input), input.userUid, signal);
    return { oldKey, newKey: key, value };
  }

  /** Deletes a key for good. */
  async deleteKey(uid: string, signal?: AbortSignal): Promise<void> {
    await this.api.deleteApiKey(uid, signal);
  }

  /** Keys whose owner is not among `users` (none when `users` is empty: see `findOrphans`). */
  findOrphans(keys: readonly ApiKey[], users: readonly PaletteUser[]): ApiKey[] {
    return findOrphans(keys, users);
  }

  /** Validates a form against this service's limits and clock, for callers that show issues live. */
  validate(form: KeyFormInput): FieldIssue[] {
    return validateKeyForm(form, {
      now: this.now(),
      maxExpiryDays: this.limits.maxExpiryDays,
      recommendedExpiryDays: this.limits.recommendedExpiryDays,
    });
  }

  private async fetchIdentity(signal?: AbortSignal): Promise<CurrentUser> {
    const info = mapUserInfo(await this.api.getUserInfo(signal));
    let isTenantAdmin: boolean;
    try {
      await this.api.listUsers(signal);
      isTenantAdmin = true;
    } catch (e) {
      if (!isForbiddenError(e)) throw e;
      isTenantAdmin = false;
    }
    return { ...info, isTenantAdmin };
  }

  private async create(fields: KeyFields, userUid: string | undefined, signal?: AbortSignal): Promise<CreatedKey> {
    const { uid, value } = mapCreateResponse(await this.api.createApiKey(toApiKeyEntity(fields, userUid), signal));
    // From here on the key exists and its value is in hand: never let it be lost to an error.
    let key: ApiKey;
    try {
      key = mapApiKey(await this.api.getApiKey(uid));
    } catch {
      key = await this.localKey(uid, fields, userUid);
    }
    return { key, value };
  }

  private async update(current: ApiKey, dto: V1ApiKey, fields: KeyFields, signal?: AbortSignal): Promise<ApiKey> {
    await this.api.updateApiKey(current.uid, toApiKeyUpdate(fields, dto), signal);
    try {
      return mapApiKey(await this.api.getApiKey(current.uid, signal));
    } catch (e) {
      if (isCancellationError(e)) throw e;
      // The change went through; report it as we sent it rather than fail the whole edit.
      return { ...current, name: fields.name, description: fields.description, expiry: fields.expiry, lastModifiedAt: this.now() };
    }
  }

  /** The new key as we asked for it, when Palette would not show it back right after creating it. */
  private async localKey(uid: string, fields: KeyFields, userUid: string | undefined): Promise<ApiKey> {
    let ownerUid = userUid;
    if (!ownerUid) ownerUid = await this.whoAmI().then((me) => me.userUid, () => '');
    return {
      uid,
      name: fields.name,
      description: fields.description,
      expiry: fields.expiry,
      isActive: true,
      owner: { uid: ownerUid, firstName: '', lastName: '', displayName: ownerUid },
      createdAt: this.now(),
    };
  }

  private rotationLifetimeMs(oldKey: ApiKey): number {
    const max = this.limits.maxExpiryDays * DAY_MS;
    const lifetime = oldKey.createdAt ? oldKey.expiry.getTime() - oldKey.createdAt.getTime() : NaN;
    // A lifetime under a day is an accident or a test, not a policy worth copying.
    if (!Number.isFinite(lifetime) || lifetime < DAY_MS) return Math.min(this.limits.defaultExpiryDays * DAY_MS, max);
    return Math.min(lifetime, max);
  }

  private toFields(input: KeyFormInput): KeyFields {
    const expiry = parseExpiry(input.expiry);
    // validate() has already rejected an unparseable expiry; this guards against misuse.
    if (!expiry) throw new KeyValidationError([expiryError('The expiry is not a valid date.')]);
    return { name: input.name, description: input.description, expiry };
  }
}

function expiryError(message: string): FieldIssue {
  return { field: 'expiry', severity: 'error', message };
}
