import type { ApiKey } from './apiKey';
import { classifyKey, type KeyStatus } from './expiry';

/** What the key tree shows: every field narrows the list; an empty filter shows everything. */
export interface KeyFilter {
  /** Statuses to keep; empty or absent keeps all. */
  readonly statuses?: readonly KeyStatus[];
  /** Case-insensitive text matched against name, description, owner and uid. */
  readonly text?: string;
  /** Owner uid to keep (admins). */
  readonly ownerUid?: string;
}

export function isEmptyFilter(filter: KeyFilter): boolean {
  return !filter.statuses?.length && !filter.text?.trim() && !filter.ownerUid;
}

/** Keeps the keys that pass every part of the filter, in their original order. */
export function applyKeyFilter(keys: readonly ApiKey[], filter: KeyFilter, now: Date, warningDays: number): ApiKey[] {
  const text = filter.text?.trim().toLocaleLowerCase();
  const statuses = filter.statuses?.length ? new Set(filter.statuses) : undefined;
  return keys.filter((key) => {
    if (filter.ownerUid && key.owner.uid !== filter.ownerUid) return false;
    if (statuses && !statuses.has(classifyKey(key, now, warningDays))) return false;
    if (text) {
      const haystack = [key.name, key.description, key.owner.displayName, key.uid].join('\n').toLocaleLowerCase();
      if (!haystack.includes(text)) return false;
    }
    return true;
  });
}

/** Counts keys that need the user's eye soon: expired or expiring, not revoked. */
export function countNeedingAttention(keys: readonly ApiKey[], now: Date, warningDays: number): { expired: number; expiring: number } {
  let expired = 0;
  let expiring = 0;
  for (const key of keys) {
    const status = classifyKey(key, now, warningDays);
    if (status === 'expired') expired++;
    else if (status === 'expiring') expiring++;
  }
  return { expired, expiring };
}
