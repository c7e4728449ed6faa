import { PaletteApiError } from './errors';

export interface RetrySettings {
  /** Retries after the first attempt; total attempts are `maxRetries + 1`. */
  maxRetries: number;
  baseDelayMs: number;
  /** Upper bound for any single wait, including one asked for by `Retry-After`. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Statuses that say "try again later" rather than "this request is wrong". */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Transport failures worth another try. ENOTFOUND (a wrong host name) and TLS failures are left
 * out: repeating them only delays the message the user needs to see.
 */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Merges partial user settings over the defaults and clamps them to sane ranges. */
export function resolveRetrySettings(partial?: Partial<RetrySettings>): RetrySettings {
  const pick = (value: number | undefined, fallback: number): number =>
    value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  return {
    maxRetries: Math.min(Math.floor(pick(partial?.maxRetries, DEFAULT_RETRY.maxRetries)), 10),
    baseDelayMs: pick(partial?.baseDelayMs, DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: pick(partial?.maxDelayMs, DEFAULT_RETRY.maxDelayMs),
  };
}

/**
 * Whether a failed idempotent request may be sent again. The caller decides idempotency: POST
 * (create, authenticate) is never retried because a lost answer to create would lose the key value,
 * which Palette shows only once.
 */
export function isRetryableError(error: PaletteApiError): boolean {
  if (error.kind === 'rateLimited' || error.kind === 'server') {
    return error.status !== undefined && RETRYABLE_STATUSES.has(error.status);
  }
  if (error.kind === 'network') return error.code !== undefined && RETRYABLE_NETWORK_CODES.has(error.code);
  return false;
}

/**
 * Wait before retry number `retry` (0-based): exponential backoff with "equal jitter" (half fixed,
 * half random) so concurrent clients spread out but never retry instantly. A server's Retry-After
 * wins over the computed delay, capped by `maxDelayMs` so a hostile or confused server cannot park
 * the UI for hours.
 */
export function retryDelayMs(
  retry: number,
  settings: RetrySettings,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), settings.maxDelayMs);
  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(exponential / 2 + (exponential / 2) * jitter);
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Returns the wait in
 * milliseconds from `nowMs`, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // Only accept things that look like dates; Date.parse is lenient with plain numbers and words.
  if (!/[A-Za-z]{3}/.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
