import type { ApiKey } from './apiKey';
import { classifyKey, sortByExpiry } from './expiry';

/** The user's own keys that expire soon, for the once-a-day summary notification. */
export interface ExpirySummary {
  /** Active keys of `ownerUid` that expire within the warning window, soonest first. */
  readonly expiring: readonly ApiKey[];
}

/**
 * What the daily summary is about: the owner's active keys that are `expiring` (see `classifyKey`).
 * Keys that have already expired are left out: they show in the tree, the badge and the status bar,
 * and warning about them every day until they are deleted would be noise.
 */
export function summariseExpiry(keys: readonly ApiKey[], ownerUid: string, now: Date, warningDays: number): ExpirySummary {
  const expiring = keys.filter((key) => key.owner.uid === ownerUid && classifyKey(key, now, warningDays) === 'expiring');
  return { expiring: sortByExpiry(expiring) };
}

/** The calendar day of `now` in local time, `YYYY-MM-DD`: the unit "once a day" is counted in. */
export function calendarDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
