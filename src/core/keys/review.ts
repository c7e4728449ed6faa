import { latestExpiryWithin } from '../../shared/keyFormValidation';
import type { ApiKey, PaletteUser } from './apiKey';
import { classifyKey, describeExpiry, sortByExpiry } from './expiry';

/** Why a key deserves attention in a review. */
export type ReviewReason = 'expired' | 'revokedLingering' | 'expiringSoon' | 'expiryTooLong' | 'orphaned';

export interface ReviewRow {
  key: ApiKey;
  /** In a fixed order: expired, revokedLingering, expiringSoon, expiryTooLong, orphaned. */
  reasons: ReviewReason[];
  /** One or more sentences explaining the reasons, for a list or a report. */
  message: string;
}

export interface ReviewOptions {
  now: Date;
  warningDays: number;
  maxExpiryDays: number;
  /** Every tenant user. Without it (or with an empty list, e.g. for a non-admin) nothing is flagged as orphaned. */
  users?: readonly Pick<PaletteUser, 'uid'>[];
}

/**
 * Reviews keys against Spectro Cloud's guidance: delete expired and revoked keys, renew keys about
 * to expire, keep lifetimes short, and remove keys of users who left the tenant. Returns only the
 * keys that need attention, soonest expiry first.
 */
export function reviewKeys(keys: readonly ApiKey[], options: ReviewOptions): ReviewRow[] {
  const orphanUids = new Set(findOrphans(keys, options.users ?? []).map((key) => key.uid));
  const latestAllowed = latestExpiryWithin(options.maxExpiryDays, options.now).getTime();
  const rows: ReviewRow[] = [];
  for (const key of sortByExpiry(keys)) {
    const reasons: ReviewReason[] = [];
    const messages: string[] = [];
    const when = describeExpiry(key.expiry, options.now);
    switch (classifyKey(key, options.now, options.warningDays)) {
      case 'expired':
        reasons.push('expired');
        messages.push(`${capitalize(when)}; delete it or renew it.`);
        break;
      case 'revoked':
        reasons.push('revokedLingering');
        messages.push('Revoked but not deleted.');
        break;
      case 'expiring':
        reasons.push('expiringSoon');
        messages.push(`${capitalize(when)}.`);
        break;
      case 'active':
        if (key.expiry.getTime() > latestAllowed) {
          reasons.push('expiryTooLong');
          messages.push(`${capitalize(when)}, longer than the ${options.maxExpiryDays}-day maximum.`);
        }
        break;
    }
    if (orphanUids.has(key.uid)) {
      reasons.push('orphaned');
      messages.push(`Its owner (${key.owner.displayName}) is no longer a user of the tenant.`);
    }
    if (reasons.length > 0) rows.push({ key, reasons, message: messages.join(' ') });
  }
  return rows;
}

/**
 * Keys whose owner is not among `users`. An empty `users` list returns no keys: a tenant always
 * has at least the caller, so an empty list means "unknown" (not an admin), not "everyone left".
 */
export function findOrphans<T extends Pick<ApiKey, 'owner'>>(keys: readonly T[], users: readonly Pick<PaletteUser, 'uid'>[]): T[] {
  if (users.length === 0) return [];
  const known = new Set(users.map((user) => user.uid));
  return keys.filter((key) => !known.has(key.owner.uid));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
