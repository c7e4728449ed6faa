import type { ApiKey } from './apiKey';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A warning that is due: `key` expires within `thresholdDays`, and no smaller threshold applies yet. */
export interface DueWarning {
  readonly key: ApiKey;
  readonly thresholdDays: number;
  /** Stable name of this warning, so it is shown once per key, threshold and expiry. */
  readonly id: string;
}

/**
 * Which expiry warnings are due now. Each active, unexpired key gets at most one: the tightest
 * threshold it has crossed (a key 20 hours from expiry warns for "1 day", not also for "7 days").
 * The id includes the expiry, so renewing a key re-arms its warnings.
 */
export function dueExpiryWarnings(keys: readonly ApiKey[], thresholdsDays: readonly number[], now: Date): DueWarning[] {
  const thresholds = [...new Set(thresholdsDays)].filter((d) => d > 0).sort((a, b) => a - b);
  const due: DueWarning[] = [];
  for (const key of keys) {
    const remaining = key.expiry.getTime() - now.getTime();
    if (!key.isActive || remaining <= 0) continue;
    const threshold = thresholds.find((days) => remaining <= days * DAY_MS);
    if (threshold === undefined) continue;
    due.push({ key, thresholdDays: threshold, id: `expiry-${key.uid}-${threshold}d-${key.expiry.getTime()}` });
  }
  return due;
}
