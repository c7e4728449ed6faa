import type { ApiKey } from './apiKey';

/**
 * Expiry status of a key at a given instant. Every function takes `now` so callers (and tests)
 * control the clock.
 *
 * Boundaries, with `remaining = expiry - now`:
 * - `revoked`:  the key is inactive, whatever its expiry (revocation is the stronger fact);
 * - `expired`:  `remaining <= 0` (a key is dead at its expiry instant, not one millisecond later);
 * - `expiring`: `0 < remaining <= warningDays * 24h` (a key exactly `warningDays` away warns);
 * - `active`:   otherwise. With `warningDays <= 0` nothing is ever `expiring`.
 */
export type KeyStatus = 'revoked' | 'expired' | 'expiring' | 'active';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const YEAR_DAYS = 365;

/** Classifies a key; see `KeyStatus` for the exact boundaries. */
export function classifyKey(key: Pick<ApiKey, 'isActive' | 'expiry'>, now: Date, warningDays: number): KeyStatus {
  if (!key.isActive) return 'revoked';
  const remaining = key.expiry.getTime() - now.getTime();
  if (remaining <= 0) return 'expired';
  if (remaining <= warningDays * DAY_MS) return 'expiring';
  return 'active';
}

/**
 * Whole days from `now` until `expiry`, rounded down: 0 means less than a day is left, and a
 * negative number means the key has expired (-1: within the last day).
 */
export function daysUntil(expiry: Date, now: Date): number {
  return Math.floor((expiry.getTime() - now.getTime()) / DAY_MS);
}

/**
 * A short English phrase for an expiry relative to `now`: "expires in 3 days", "expires in 5
 * hours", "expires in 40 minutes", "expired 2 days ago", "expired yesterday".
 *
 * Deterministic (a table, not Intl, so the host, the CLI and the webview print the same thing).
 * Durations are elapsed time rounded down to the largest whole unit: under a minute, minutes under
 * an hour, hours under a day, days under a year, then years. Exactly one day reads "tomorrow" /
 * "yesterday" as `Intl.RelativeTimeFormat` with `numeric: 'auto'` would.
 */
export function describeExpiry(expiry: Date, now: Date): string {
  const diff = expiry.getTime() - now.getTime();
  const future = diff > 0;
  const abs = Math.abs(diff);
  if (abs < MINUTE_MS) return future ? 'expires in less than a minute' : 'expired just now';
  const [count, unit] = largestUnit(abs);
  if (unit === 'day' && count === 1) return future ? 'expires tomorrow' : 'expired yesterday';
  const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return future ? `expires in ${amount}` : `expired ${amount} ago`;
}

/** A new array ordered by expiry, soonest first; ties by name, then uid, so the order is stable. */
export function sortByExpiry<T extends Pick<ApiKey, 'expiry' | 'name' | 'uid'>>(keys: readonly T[]): T[] {
  return [...keys].sort(
    (a, b) => a.expiry.getTime() - b.expiry.getTime() || compareText(a.name, b.name) || compareText(a.uid, b.uid),
  );
}

function largestUnit(ms: number): [number, 'minute' | 'hour' | 'day' | 'year'] {
  if (ms < HOUR_MS) return [Math.floor(ms / MINUTE_MS), 'minute'];
  if (ms < DAY_MS) return [Math.floor(ms / HOUR_MS), 'hour'];
  const days = Math.floor(ms / DAY_MS);
  if (days < YEAR_DAYS) return [days, 'day'];
  return [Math.floor(days / YEAR_DAYS), 'year'];
}

// Code-unit order, not localeCompare: the same on every machine and locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
