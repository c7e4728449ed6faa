import type { FieldIssue } from '../../shared/keyFormValidation';

/**
 * A form or a key operation was refused before any request was sent. `issues` holds the
 * blocking errors (and any warnings found alongside), ready to show next to the form fields.
 */
export class KeyValidationError extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[]) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    super(errors.map((issue) => issue.message).join(' ') || 'The key form is not valid.');
    this.name = 'KeyValidationError';
    this.issues = issues;
  }
}

/** What kind of Palette payload failed validation. */
export type PayloadKind = 'apiKey' | 'user' | 'userInfo' | 'createResponse';

/**
 * Palette answered with a payload the domain cannot use (a missing uid, a date that is not a
 * date, a string where a boolean belongs). The message names the field and the problem, never the
 * value: the value could be anything, including a secret.
 */
export class MalformedPayloadError extends Error {
  readonly payload: PayloadKind;
  /** Dotted wire path of the offending field, e.g. `spec.expiry`. */
  readonly field: string;
  /** The uid of the item, when it had a usable one. */
  readonly itemUid?: string;

  constructor(payload: PayloadKind, field: string, problem: string, itemUid?: string) {
    const what = PAYLOAD_NAMES[payload];
    super(`Palette sent ${what}${itemUid ? ` (${itemUid})` : ''} whose ${field} is ${problem}.`);
    this.name = 'MalformedPayloadError';
    this.payload = payload;
    this.field = field;
    if (itemUid !== undefined) this.itemUid = itemUid;
  }
}

const PAYLOAD_NAMES: Record<PayloadKind, string> = {
  apiKey: 'an API key',
  user: 'a user',
  userInfo: 'user information',
  createResponse: 'a key creation answer',
};
