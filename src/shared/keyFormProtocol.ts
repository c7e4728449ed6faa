/**
 * The one message protocol between the key form webview and the extension host. Both bundles
 * import this file, so it uses neither Node, DOM nor `vscode` APIs.
 *
 * Order: the webview posts `ready` once its script runs; only then does the host post `init`
 * (messages posted earlier would be lost). The host posts `init` again on every `ready`, because
 * a hidden webview without `retainContextWhenHidden` is reloaded when shown.
 *
 * Requests (`submit`, `searchUsers`, `copyValue`, `insertReference`) carry an `id`; the host
 * answers each with exactly one reply carrying the same id (see `ReplyTo`). Everything that
 * crosses the boundary is checked with `isWebviewToHostMessage` / `isHostToWebviewMessage`:
 * unknown types, missing or extra fields, wrong types and oversized strings are rejected.
 *
 * The key value travels only host -> webview in `reveal`. `copyValue` deliberately carries no
 * value: the host copies the value it already holds, so the webview never sends the secret back.
 */
import type { FieldIssue, KeyFormField, KeyFormInput, ValidationLimits } from './keyFormValidation';

/** Upper bound for any free-text field on the wire. Well above the form's own limits, so a too-long
 * name reaches validation (and is reported by the field) instead of being dropped as malformed. */
export const MAX_WIRE_TEXT = 16_384;
/** Upper bound for short identifiers on the wire (uids, titles, ids of forms, env var names). */
export const MAX_WIRE_SHORT_TEXT = 512;
/** Longest user search query the webview may send. */
export const MAX_SEARCH_QUERY = 256;
/** Most users one `users` reply may carry. */
export const MAX_USER_RESULTS = 100;
/** Most field issues one `submitResult` may carry. */
export const MAX_FIELD_ISSUES = 32;

export type KeyFormMode = 'create' | 'edit';

/** `ValidationLimits` as it crosses the boundary: `Date` does not survive `postMessage` as a type. */
export interface WireLimits {
  nowIso: string;
  maxExpiryDays: number;
  recommendedExpiryDays: number;
}

export interface UserSummary {
  uid: string;
  displayName: string;
  email: string;
}

// ---- webview -> host ----

export interface ReadyMessage { type: 'ready' }
export interface SubmitMessage { type: 'submit'; id: number; input: KeyFormInput }
export interface SearchUsersMessage { type: 'searchUsers'; id: number; query: string }
/** Copy the revealed value; valid only while a value is revealed. */
export interface CopyValueMessage { type: 'copyValue'; id: number }
/** Insert an environment-variable reference (not the value) into the last active editor. */
export interface InsertReferenceMessage { type: 'insertReference'; id: number }
/** The user has finished with the revealed value: the host forgets it and closes the panel. */
export interface DoneMessage { type: 'done' }
export interface CancelMessage { type: 'cancel' }

export type WebviewToHostMessage =
  | ReadyMessage
  | SubmitMessage
  | SearchUsersMessage
  | CopyValueMessage
  | InsertReferenceMessage
  | DoneMessage
  | CancelMessage;

// ---- host -> webview ----

export interface InitMessage {
  type: 'init';
  /** Changes whenever the panel is reused for another request; keys the webview's saved draft. */
  formId: string;
  mode: KeyFormMode;
  title: string;
  initial: KeyFormInput;
  isAdmin: boolean;
  limits: WireLimits;
  presets: number[];
}
export interface SubmitResultMessage {
  type: 'submitResult';
  id: number;
  ok: boolean;
  error?: string;
  fieldIssues?: FieldIssue[];
}
export interface UsersMessage { type: 'users'; id: number; items: UserSummary[]; error?: string }
/** Reply to `copyValue` and `insertReference`: a short status line for the user. */
export interface ActionResultMessage { type: 'actionResult'; id: number; ok: boolean; message: string }
export interface RevealMessage { type: 'reveal'; keyName: string; value: string; envVarName: string }
export interface BusyMessage { type: 'busy'; busy: boolean }

export type HostToWebviewMessage =
  | InitMessage
  | SubmitResultMessage
  | UsersMessage
  | ActionResultMessage
  | RevealMessage
  | BusyMessage;

/** The webview messages that expect a reply. */
export type RequestMessage = Extract<WebviewToHostMessage, { id: number }>;
export type RequestType = RequestMessage['type'];

interface ReplyTypes {
  submit: SubmitResultMessage;
  searchUsers: UsersMessage;
  copyValue: ActionResultMessage;
  insertReference: ActionResultMessage;
}
/** The reply the host sends for a request of type `T`. */
export type ReplyTo<T extends RequestType> = ReplyTypes[T];
export type ReplyMessage = ReplyTypes[RequestType];

/** The reply message type for each request type, for the webview's request/reply matcher. */
export const REPLY_TYPE: { readonly [T in RequestType]: ReplyTo<T>['type'] } = {
  submit: 'submitResult',
  searchUsers: 'users',
  copyValue: 'actionResult',
  insertReference: 'actionResult',
};

export function toWireLimits(limits: ValidationLimits): WireLimits {
  return {
    nowIso: limits.now.toISOString(),
    maxExpiryDays: limits.maxExpiryDays,
    recommendedExpiryDays: limits.recommendedExpiryDays,
  };
}

export function fromWireLimits(limits: WireLimits): ValidationLimits {
  return {
    now: new Date(limits.nowIso),
    maxExpiryDays: limits.maxExpiryDays,
    recommendedExpiryDays: limits.recommendedExpiryDays,
  };
}

// ---- runtime guards ----
// Each message type has one schema, and `SchemaOf<T>` makes the compiler check that schema against
// the interface: a field missing from the schema, an extra one, or a mismatched kind fails to compile.

interface StringSchema<T extends string> {
  kind: 'string';
  maxLength: number;
  /** Required exactly when the field is a union of string literals. */
  oneOf?: readonly T[];
}
interface LiteralStringSchema<T extends string> extends StringSchema<T> {
  oneOf: readonly T[];
}
interface NumberSchema {
  kind: 'number';
  integer: boolean;
  min: number;
  max: number;
}
interface BooleanSchema { kind: 'boolean' }
interface ArraySchema<E> { kind: 'array'; maxItems: number; items: SchemaOf<E> }
interface ObjectSchema<T> { kind: 'object'; fields: { [K in keyof T]-?: FieldSchema<T, K> } }

type SchemaOf<T> = [T] extends [string]
  ? string extends T ? StringSchema<string> : LiteralStringSchema<T>
  : [T] extends [number] ? NumberSchema
  : [T] extends [boolean] ? BooleanSchema
  : [T] extends [readonly (infer E)[]] ? ArraySchema<E>
  : [T] extends [object] ? ObjectSchema<T>
  : never;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is the standard test for an optional key
type FieldSchema<T, K extends keyof T> = {} extends Pick<T, K>
  ? SchemaOf<Exclude<T[K], undefined>> & { optional: true }
  : SchemaOf<T[K]>;

type AnySchema = (
  | StringSchema<string>
  | NumberSchema
  | BooleanSchema
  | { kind: 'array'; maxItems: number; items: AnySchema }
  | { kind: 'object'; fields: Record<string, AnySchema> }
) & { optional?: boolean };

const text = (maxLength: number): StringSchema<string> => ({ kind: 'string', maxLength });
const literal = <T extends string>(...oneOf: T[]): LiteralStringSchema<T> => ({ kind: 'string', maxLength: MAX_WIRE_SHORT_TEXT, oneOf });
const requestId: NumberSchema = { kind: 'number', integer: true, min: 1, max: Number.MAX_SAFE_INTEGER };
const bool: BooleanSchema = { kind: 'boolean' };
const days: NumberSchema = { kind: 'number', integer: true, min: 0, max: 36_500 };

const KEY_FORM_FIELDS: readonly KeyFormField[] = ['name', 'description', 'expiry', 'userUid'];

const keyFormInputSchema: ObjectSchema<KeyFormInput> = {
  kind: 'object',
  fields: {
    name: text(MAX_WIRE_TEXT),
    description: text(MAX_WIRE_TEXT),
    expiry: text(MAX_WIRE_SHORT_TEXT),
    userUid: { ...text(MAX_WIRE_SHORT_TEXT), optional: true },
  },
};

const fieldIssueSchema: ObjectSchema<FieldIssue> = {
  kind: 'object',
  fields: {
    field: literal(...KEY_FORM_FIELDS),
    severity: literal('error', 'warning'),
    message: text(MAX_WIRE_TEXT),
  },
};

const userSummarySchema: ObjectSchema<UserSummary> = {
  kind: 'object',
  fields: { uid: text(MAX_WIRE_SHORT_TEXT), displayName: text(MAX_WIRE_SHORT_TEXT), email: text(MAX_WIRE_SHORT_TEXT) },
};

type SchemasByType<M extends { type: string }> = { [T in M['type']]: ObjectSchema<Extract<M, { type: T }>> };

const webviewToHostSchemas: SchemasByType<WebviewToHostMessage> = {
  ready: { kind: 'object', fields: { type: literal('ready') } },
  submit: { kind: 'object', fields: { type: literal('submit'), id: requestId, input: keyFormInputSchema } },
  searchUsers: {
    kind: 'object',
    fields: { type: literal('searchUsers'), id: requestId, query: text(MAX_SEARCH_QUERY) },
  },
  copyValue: { kind: 'object', fields: { type: literal('copyValue'), id: requestId } },
  insertReference: { kind: 'object', fields: { type: literal('insertReference'), id: requestId } },
  done: { kind: 'object', fields: { type: literal('done') } },
  cancel: { kind: 'object', fields: { type: literal('cancel') } },
};

const hostToWebviewSchemas: SchemasByType<HostToWebviewMessage> = {
  init: {
    kind: 'object',
    fields: {
      type: literal('init'),
      formId: text(MAX_WIRE_SHORT_TEXT),
      mode: literal('create', 'edit'),
      title: text(MAX_WIRE_SHORT_TEXT),
      initial: keyFormInputSchema,
      isAdmin: bool,
      limits: {
        kind: 'object',
        fields: { nowIso: text(64), maxExpiryDays: days, recommendedExpiryDays: days },
      },
      presets: { kind: 'array', maxItems: 16, items: days },
    },
  },
  submitResult: {
    kind: 'object',
    fields: {
      type: literal('submitResult'),
      id: requestId,
      ok: bool,
      error: { ...text(MAX_WIRE_TEXT), optional: true },
      fieldIssues: { kind: 'array', maxItems: MAX_FIELD_ISSUES, items: fieldIssueSchema, optional: true },
    },
  },
  users: {
    kind: 'object',
    fields: {
      type: literal('users'),
      id: requestId,
      items: { kind: 'array', maxItems: MAX_USER_RESULTS, items: userSummarySchema },
      error: { ...text(MAX_WIRE_TEXT), optional: true },
    },
  },
  actionResult: {
    kind: 'object',
    fields: { type: literal('actionResult'), id: requestId, ok: bool, message: text(MAX_WIRE_TEXT) },
  },
  reveal: {
    kind: 'object',
    fields: {
      type: literal('reveal'),
      keyName: text(MAX_WIRE_TEXT),
      value: text(MAX_WIRE_SHORT_TEXT),
      envVarName: text(MAX_WIRE_SHORT_TEXT),
    },
  },
  busy: { kind: 'object', fields: { type: literal('busy'), busy: bool } },
};

/** True when `value` is a well-formed message the webview may send. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  return matchesMessage(value, webviewToHostSchemas);
}

/** True when `value` is a well-formed message the host may send. */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  return matchesMessage(value, hostToWebviewSchemas);
}

/** True when `value` is a well-formed `KeyFormInput` (shape and sizes only; see `validateKeyForm` for content). */
export function isKeyFormInput(value: unknown): value is KeyFormInput {
  return matches(value, keyFormInputSchema as AnySchema);
}

function matchesMessage(value: unknown, schemas: object): boolean {
  if (!isPlainObject(value)) return false;
  const type = value.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, type)) return false;
  return matches(value, (schemas as Record<string, AnySchema>)[type]);
}

function matches(value: unknown, schema: AnySchema): boolean {
  switch (schema.kind) {
    case 'string':
      return typeof value === 'string'
        && value.length <= schema.maxLength
        && (schema.oneOf === undefined || schema.oneOf.includes(value));
    case 'number':
      return typeof value === 'number'
        && Number.isFinite(value)
        && (!schema.integer || Number.isInteger(value))
        && value >= schema.min
        && value <= schema.max;
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value)
        && value.length <= schema.maxItems
        && value.every((item) => matches(item, schema.items));
    case 'object': {
      if (!isPlainObject(value)) return false;
      // Strict: an unexpected key is as suspicious as a missing one.
      if (Object.keys(value).some((key) => !Object.prototype.hasOwnProperty.call(schema.fields, key))) return false;
      return Object.entries(schema.fields).every(([key, field]) => {
        const present = Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined;
        return present ? matches(value[key], field) : field.optional === true;
      });
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
