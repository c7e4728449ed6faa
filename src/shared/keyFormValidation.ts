/**
 * Validation of the API key form (create and edit), shared by the extension host, the core key
 * service and the webview bundle. Pure: no Node or DOM APIs, no clock of its own (callers pass
 * `now`), so the webview shows exactly the verdict the host will enforce.
 *
 * Decisions worth knowing:
 * - Lengths are counted in Unicode code points, so a name in Japanese or with emoji gets the same
 *   budget as one in English. Palette documents no limits; ours are deliberately generous.
 * - A date-only expiry (`2025-03-31`) means the end of that day in UTC (23:59:59.999Z): "valid
 *   through the 31st". A date-time without an offset is read as UTC too, never as the machine's
 *   local time, so host and webview agree. The webview sends an explicit offset when it means
 *   local time.
 * - The maximum and the recommendation are whole days: anything up to the end of the UTC day that
 *   is `maxExpiryDays` from now is accepted, so picking "the date 90 days from today" in a date
 *   picker is not rejected for the hours left in that day.
 */

export interface KeyFormInput {
  name: string;
  description: string;
  /** ISO 8601 date (`YYYY-MM-DD`) or date-time (`YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:mm]`). */
  expiry: string;
  /** Owner of a new key; absent or empty means the signed-in user. Ignored when editing. */
  userUid?: string;
}

export interface ValidationLimits {
  now: Date;
  /** Hard limit: an expiry further away than this is an error. */
  maxExpiryDays: number;
  /** Soft limit: an expiry further away than this gets a warning. */
  recommendedExpiryDays: number;
}

export type KeyFormField = 'name' | 'description' | 'expiry' | 'userUid';

export interface FieldIssue {
  field: KeyFormField;
  severity: 'error' | 'warning';
  message: string;
}

/** Longest accepted key name, in code points. */
export const NAME_MAX_LENGTH = 128;
/** Longest accepted description, in code points. */
export const DESCRIPTION_MAX_LENGTH = 1024;
/** Longest accepted owner uid (Palette uids are 24 hex characters; emulators may use others). */
export const USER_UID_MAX_LENGTH = 128;
/** The expiry presets the Palette UI offers, in days. */
export const EXPIRY_PRESETS = [7, 30, 60, 90] as const;
/** Palette's UI caps keys at 90 days; the default for `ValidationLimits.maxExpiryDays`. */
export const DEFAULT_MAX_EXPIRY_DAYS = 90;
/** Spectro Cloud recommends short-lived keys, about 30 days, renewed as needed. */
export const DEFAULT_RECOMMENDED_EXPIRY_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

const USER_UID_PATTERN = /^[A-Za-z0-9._:-]+$/;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** Trims the text fields, folds CRLF to LF in the description, NFC-normalizes the name, and drops an empty `userUid`. */
export function normalizeKeyForm(input: KeyFormInput): KeyFormInput {
  const normalized: KeyFormInput = {
    name: input.name.trim().normalize('NFC'),
    description: input.description.replace(/\r\n?/g, '\n').trim(),
    expiry: input.expiry.trim(),
  };
  const userUid = input.userUid?.trim();
  if (userUid) normalized.userUid = userUid;
  return normalized;
}

/**
 * Parses an expiry typed or picked in the form, or sent by the server. Strict ISO 8601 subset:
 * out-of-range components (month 13, February 30, hour 24) are rejected rather than rolled over
 * as `Date.parse` would. See the module comment for date-only and offset-less inputs.
 */
export function parseExpiry(text: string): Date | undefined {
  const trimmed = text.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!isValidDate(year, month, day)) return undefined;
    return utcDate(year, month, day, 23, 59, 59, 999);
  }
  const m = DATE_TIME.exec(trimmed);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Sub-millisecond digits (Go sends nanoseconds) are truncated, not rounded into the next second.
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offH > 23 || offM > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const local = utcDate(year, month, day, hour, minute, second, millis);
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/** The expiry a preset button sets: exactly `days` days after `now`. */
export function expiryFromPreset(days: number, now: Date): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/**
 * The latest expiry accepted for a limit of `days` days: the end of the UTC day that is `days`
 * days after `now` (whole-day semantics, see the module comment).
 */
export function latestExpiryWithin(days: number, now: Date): Date {
  const target = new Date(now.getTime() + days * DAY_MS);
  return utcDate(target.getUTCFullYear(), target.getUTCMonth() + 1, target.getUTCDate(), 23, 59, 59, 999);
}

/**
 * Checks a form and returns every problem found, errors and warnings, in field order. An empty
 * array means the form can be submitted; warnings alone do not block. Validate the normalized
 * form (`normalizeKeyForm`): surrounding whitespace is tolerated here, not reported.
 */
export function validateKeyForm(input: KeyFormInput, limits: ValidationLimits): FieldIssue[] {
  return [
    ...validateName(input.name),
    ...validateDescription(input.description),
    ...validateExpiry(input.expiry, limits),
    ...validateUserUid(input.userUid),
  ];
}

/** True when `issues` holds at least one error (warnings do not count). */
export function hasErrors(issues: readonly FieldIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

function validateName(raw: string): FieldIssue[] {
  const name = raw.trim();
  if (name.length === 0) return [error('name', 'Enter a name for the key.')];
  const issues: FieldIssue[] = [];
  const length = codePointLength(name);
  if (length > NAME_MAX_LENGTH) {
    issues.push(error('name', `The name is too long: ${length} characters, at most ${NAME_MAX_LENGTH} are allowed.`));
  }
  if (hasForbiddenCharacter(name, false)) {
    issues.push(error('name', 'The name contains a line break, tab or other invisible control character. Remove it.'));
  }
  return issues;
}

function validateDescription(raw: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const length = codePointLength(raw.trim());
  if (length > DESCRIPTION_MAX_LENGTH) {
    issues.push(
      error('description', `The description is too long: ${length} characters, at most ${DESCRIPTION_MAX_LENGTH} are allowed.`),
    );
  }
  if (hasForbiddenCharacter(raw, true)) {
    issues.push(error('description', 'The description contains an invisible control character. Only line breaks and tabs are allowed.'));
  }
  return issues;
}

function validateExpiry(raw: string, limits: ValidationLimits): FieldIssue[] {
  if (raw.trim().length === 0) return [error('expiry', 'Choose an expiry date.')];
  const expiry = parseExpiry(raw);
  if (!expiry) {
    return [error('expiry', 'The expiry is not a valid date. Use YYYY-MM-DD or an ISO 8601 date and time.')];
  }
  const now = limits.now.getTime();
  if (expiry.getTime() <= now) return [error('expiry', 'The expiry must be in the future.')];
  if (expiry.getTime() > latestExpiryWithin(limits.maxExpiryDays, limits.now).getTime()) {
    return [error('expiry', `The expiry is too far away: keys can last at most ${plural(limits.maxExpiryDays, 'day')}.`)];
  }
  if (expiry.getTime() > latestExpiryWithin(limits.recommendedExpiryDays, limits.now).getTime()) {
    return [
      {
        field: 'expiry',
        severity: 'warning',
        message: `Spectro Cloud recommends keys that expire within ${plural(limits.recommendedExpiryDays, 'day')}, renewed as needed.`,
      },
    ];
  }
  return [];
}

function validateUserUid(raw: string | undefined): FieldIssue[] {
  if (raw === undefined) return [];
  const uid = raw.trim();
  if (uid.length === 0) return [];
  if (uid.length > USER_UID_MAX_LENGTH || !USER_UID_PATTERN.test(uid)) {
    return [error('userUid', 'The owner is not a valid Palette user id.')];
  }
  return [];
}

function error(field: KeyFormField, message: string): FieldIssue {
  return { field, severity: 'error', message };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * C0/C1 controls, DEL, line/paragraph separators, and the bidi embedding/override/isolate
 * characters that make text display differently from what it is ("Trojan Source"). Newline and
 * tab are allowed where a multi-line text makes sense.
 */
function hasForbiddenCharacter(text: string, allowNewlineAndTab: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (allowNewlineAndTab && (c === 0x0a || c === 0x09)) continue;
    if (
      c <= 0x1f ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    ) {
      return true;
    }
  }
  return false;
}

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= max;
}

function utcDate(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): Date {
  // Not Date.UTC: it maps years 0-99 to 1900-1999, and Go's zero time (year 1) must stay year 1.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, m, s, ms);
  return d;
}
