import type { ApiKey, CurrentUser, KeyOwner, PaletteUser } from '../keys/apiKey';
import { MalformedPayloadError, type PayloadKind } from '../keys/errors';
import { parseExpiry } from '../../shared/keyFormValidation';
import { API_KEY_ANNOTATIONS, type V1ApiKey, type V1ApiKeyEntity, type V1ApiKeyUpdate } from './wireTypes';

/**
 * Wire payload <-> domain mapping: besides the wire types and the client, the only module that
 * knows Palette's REST field names.
 *
 * Server answers are checked field by field instead of trusted as their TypeScript types claim:
 * - a required field that is missing, null or of the wrong type rejects the item;
 * - an optional field that is present with the wrong type (or an unparseable date) rejects it too,
 *   because a server that sends a number for a name is not one whose other fields we should trust;
 * - `null` counts as absent (Go encodes nil maps and pointers as null);
 * - unknown fields are ignored, so newer Palette versions keep working.
 * Error messages name the field, never its value.
 */

/** What the create and edit forms hand to the mapper: already normalized and validated. */
export interface KeyFields {
  name: string;
  description: string;
  expiry: Date;
}

/** Why items of a list were skipped: a count plus the first few messages, for the log. */
export interface Rejections {
  rejected: number;
  /** Messages of the first few rejections. They name fields, never values. */
  problems: string[];
}

const MAX_REPORTED_PROBLEMS = 10;

/** Maps one `V1ApiKey`. Throws `MalformedPayloadError` when it is not a usable key. */
export function mapApiKey(dto: unknown): ApiKey {
  const r = new Reader('apiKey', dto);
  const uid = r.requiredString('metadata.uid', true);
  r.itemUid = uid;
  const annotations = r.annotations('metadata.annotations');
  const expiry = r.requiredDate('spec.expiry');
  // go-swagger omits `false` booleans (v1ApiKeyStatus has no x-omitempty:false), so an absent
  // isActive means a revoked key, not a malformed one.
  const isActive = r.optionalBoolean('status.isActive') ?? false;
  const ownerUid = r.optionalString('spec.user.uid') || annotations[API_KEY_ANNOTATIONS.ownerUid];
  if (!ownerUid) throw new MalformedPayloadError('apiKey', 'spec.user.uid', 'missing', uid);
  const owner = makeOwner(ownerUid, r.optionalString('spec.user.firstName'), r.optionalString('spec.user.lastName'));

  const key: ApiKey = {
    uid,
    name: r.requiredString('metadata.name', false),
    description: annotations[API_KEY_ANNOTATIONS.description] ?? '',
    expiry,
    isActive,
    owner,
  };
  const createdAt = r.optionalDate('metadata.creationTimestamp');
  if (createdAt) key.createdAt = createdAt;
  const lastModifiedAt = r.optionalDate('metadata.lastModifiedTimestamp');
  if (lastModifiedAt) key.lastModifiedAt = lastModifiedAt;
  const tenantUid = annotations[API_KEY_ANNOTATIONS.tenantUid];
  if (tenantUid) key.tenantUid = tenantUid;
  const scope = annotations[API_KEY_ANNOTATIONS.scope];
  if (scope) key.scope = scope;
  return key;
}

/**
 * Maps a key list, skipping (and counting) the items that are not usable keys, so one bad item
 * does not hide the others. Throws only when `items` is not a list at all.
 */
export function mapApiKeys(items: unknown): { keys: ApiKey[] } & Rejections {
  const { mapped, ...rejections } = mapList('apiKey', items, mapApiKey);
  return { keys: mapped, ...rejections };
}

/** Maps one `V1User`. Throws `MalformedPayloadError` when it has no usable uid or a field of the wrong type. */
export function mapUser(dto: unknown): PaletteUser {
  const r = new Reader('user', dto);
  const uid = r.requiredString('metadata.uid', true);
  r.itemUid = uid;
  const email = r.optionalString('spec.emailId') ?? '';
  const firstName = r.optionalString('spec.firstName') ?? '';
  const lastName = r.optionalString('spec.lastName') ?? '';
  const roles = r.optionalStringArray('spec.roles') ?? [];
  const isActive = r.optionalBoolean('status.isActive') ?? false;
  const fullName = joinName(firstName, lastName);
  return { uid, email, firstName, lastName, displayName: fullName || email || uid, roles, isActive };
}

/** Maps a user list, skipping (and counting) unusable items. */
export function mapUsers(items: unknown): { users: PaletteUser[] } & Rejections {
  const { mapped, ...rejections } = mapList('user', items, mapUser);
  return { users: mapped, ...rejections };
}

/** Maps `GET /v1/users/info`; admin detection is the key service's business. */
export function mapUserInfo(dto: unknown): Omit<CurrentUser, 'isTenantAdmin'> {
  const r = new Reader('userInfo', dto);
  return {
    userUid: r.requiredString('userUid', true),
    tenantUid: r.optionalString('tenantUid') ?? '',
    orgName: r.optionalString('orgName') ?? '',
  };
}

/**
 * Checks the answer to `POST /v1/apiKeys`. The value is checked for presence only: it is
 * never parsed, logged or put in a message.
 */
export function mapCreateResponse(dto: unknown): { uid: string; value: string } {
  const r = new Reader('createResponse', dto);
  return { uid: r.requiredString('uid', true), value: r.requiredString('apiKey', true) };
}

/** Builds the body of `POST /v1/apiKeys`. An empty description and owner are left out. */
export function toApiKeyEntity(fields: KeyFields, userUid?: string): V1ApiKeyEntity {
  const entity: V1ApiKeyEntity = {
    metadata: { name: fields.name },
    spec: { expiry: fields.expiry.toISOString() },
  };
  if (fields.description) entity.metadata.annotations = { [API_KEY_ANNOTATIONS.description]: fields.description };
  if (userUid) entity.spec.userUid = userUid;
  return entity;
}

/**
 * Builds the body of `PUT /v1/apiKeys/{uid}`. The annotations of `existing` (owner, scope,
 * tenant and any Palette adds later) are sent back unchanged apart from the description, which is
 * always sent, so clearing it works.
 */
export function toApiKeyUpdate(fields: KeyFields, existing?: V1ApiKey): V1ApiKeyUpdate {
  const annotations: Record<string, string> = {};
  const current = existing?.metadata?.annotations;
  if (current && typeof current === 'object') {
    for (const [k, v] of Object.entries(current)) if (typeof v === 'string') annotations[k] = v;
  }
  annotations[API_KEY_ANNOTATIONS.description] = fields.description;
  return {
    metadata: { name: fields.name, annotations },
    spec: { expiry: fields.expiry.toISOString() },
  };
}

/** Display helper shared by keys and users: "First Last" without stray spaces. */
function joinName(firstName: string, lastName: string): string {
  return [firstName.trim(), lastName.trim()].filter(Boolean).join(' ');
}

function makeOwner(uid: string, firstName = '', lastName = ''): KeyOwner {
  return { uid, firstName, lastName, displayName: joinName(firstName, lastName) || uid };
}

function mapList<T>(payload: PayloadKind, items: unknown, mapOne: (dto: unknown) => T): { mapped: T[] } & Rejections {
  if (!Array.isArray(items)) throw new MalformedPayloadError(payload, 'items', 'not a list');
  const mapped: T[] = [];
  const problems: string[] = [];
  let rejected = 0;
  for (const item of items) {
    try {
      mapped.push(mapOne(item));
    } catch (e) {
      if (!(e instanceof MalformedPayloadError)) throw e;
      rejected++;
      if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(e.message);
    }
  }
  return { mapped, rejected, problems };
}

/** Reads dotted paths out of an untrusted payload, throwing `MalformedPayloadError` on mismatch. */
class Reader {
  itemUid: string | undefined;

  constructor(
    private readonly payload: PayloadKind,
    private readonly root: unknown,
  ) {
    if (!isRecord(root)) throw new MalformedPayloadError(payload, 'payload', 'not an object');
  }

  requiredString(path: string, nonEmpty: boolean): string {
    const value = this.get(path);
    if (value === undefined) throw this.fail(path, 'missing');
    if (typeof value !== 'string') throw this.fail(path, 'not a string');
    if (nonEmpty && value.trim().length === 0) throw this.fail(path, 'empty');
    return value;
  }

  optionalString(path: string): string | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.fail(path, 'not a string');
    return value;
  }

  optionalBoolean(path: string): boolean | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.fail(path, 'not a boolean');
    return value;
  }

  optionalStringArray(path: string): string[] | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw this.fail(path, 'not a list of strings');
    return [...(value as string[])];
  }

  requiredDate(path: string): Date {
    const date = this.optionalDate(path);
    if (!date) throw this.fail(path, 'missing');
    return date;
  }

  optionalDate(path: string): Date | undefined {
    const text = this.optionalString(path);
    if (text === undefined) return undefined;
    const date = parseExpiry(text);
    if (!date) throw this.fail(path, 'not a valid date');
    return date;
  }

  /** Annotations as a string map; non-string entries are dropped (they cannot be ours). */
  annotations(path: string): Record<string, string> {
    const value = this.get(path);
    if (value === undefined) return {};
    if (!isRecord(value)) throw this.fail(path, 'not an object');
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
    return out;
  }

  private get(path: string): unknown {
    let node: unknown = this.root;
    for (const segment of path.split('.')) {
      if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
      node = node[segment];
    }
    return node === null ? undefined : node;
  }

  private fail(path: string, problem: string): MalformedPayloadError {
    return new MalformedPayloadError(this.payload, path, problem, this.itemUid);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
