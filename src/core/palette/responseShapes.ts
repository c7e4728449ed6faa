import type { V1ApiKey, V1ApiKeys, V1Error, V1User, V1UserInfo, V1Users } from './wireTypes';

/**
 * Thrown by the checks below; the client turns it into a `malformedResponse` error. The description
 * names the field, never its value (a value could be a secret).
 */
export class ResponseShapeError extends Error {
  constructor(description: string) {
    super(description);
    this.name = 'ResponseShapeError';
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new ResponseShapeError(`${what} is not a JSON object`);
  return value;
}

function optionalObject(parent: JsonObject, field: string, what: string): void {
  const value = parent[field];
  if (value !== undefined && value !== null && !isObject(value)) {
    throw new ResponseShapeError(`${what}.${field} is not an object`);
  }
}

function requireNonEmptyString(parent: JsonObject, field: string, what: string): string {
  const value = parent[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ResponseShapeError(`${what} has no ${field}`);
  }
  return value;
}

/** An API key item: an object whose metadata/spec/status, when present, are objects. */
export function checkApiKey(value: unknown, what = 'the API key'): V1ApiKey {
  const key = requireObject(value, what);
  for (const field of ['metadata', 'spec', 'status']) optionalObject(key, field, what);
  return key as V1ApiKey;
}

/**
 * `GET /v1/apiKeys`: `{items: [...]}`. Only the envelope is checked: the items stay untrusted and
 * the mapper skips (and counts) each one it cannot read, so one damaged item does not hide the rest.
 */
export function checkApiKeyList(value: unknown): V1ApiKeys {
  const body = requireObject(value, 'the API key list');
  if (!Array.isArray(body.items)) throw new ResponseShapeError('the API key list has no items array');
  return body as unknown as V1ApiKeys;
}

/** `POST /v1/apiKeys`: both the uid and the one-time key value must be there. */
export function checkCreateResponse(value: unknown): { uid: string; apiKey: string } {
  const body = requireObject(value, 'the create response');
  const uid = requireNonEmptyString(body, 'uid', 'the create response');
  const apiKey = requireNonEmptyString(body, 'apiKey', 'the create response');
  return { uid, apiKey };
}

/** `GET /v1/users/info`: the caller's user and tenant uids are what the rest of the app keys on. */
export function checkUserInfo(value: unknown): V1UserInfo {
  const body = requireObject(value, 'the user info');
  requireNonEmptyString(body, 'userUid', 'the user info');
  requireNonEmptyString(body, 'tenantUid', 'the user info');
  if (body.orgName !== undefined && typeof body.orgName !== 'string') {
    throw new ResponseShapeError('the user info orgName is not a string');
  }
  return body as V1UserInfo;
}

/** One page of `GET /v1/users`. */
export function checkUserPage(value: unknown): V1Users {
  const body = requireObject(value, 'the user list');
  if (!Array.isArray(body.items)) throw new ResponseShapeError('the user list has no items array');
  body.items.forEach((item, i) => {
    const user = requireObject(item, `user item ${i}`);
    for (const field of ['metadata', 'spec', 'status']) optionalObject(user, field, `user item ${i}`);
  });
  optionalObject(body, 'listmeta', 'the user list');
  const listmeta = body.listmeta as JsonObject | undefined | null;
  if (listmeta && listmeta.continue !== undefined && typeof listmeta.continue !== 'string') {
    throw new ResponseShapeError('the user list continue token is not a string');
  }
  return { items: body.items as V1User[], ...(listmeta ? { listmeta } : {}) } as V1Users;
}

/** `POST /v1/auth/authenticate` and `GET /v1/auth/refresh/{token}`: `{Authorization: <jwt>}`. */
export function checkUserToken(value: unknown): string {
  const body = requireObject(value, 'the authentication response');
  return requireNonEmptyString(body, 'Authorization', 'the authentication response');
}

/** Palette's `{code, message, ref, details}`, leniently: any field may be missing or mistyped. */
export function readErrorBody(value: unknown): V1Error {
  if (!isObject(value)) return {};
  const out: V1Error = {};
  if (typeof value.code === 'string') out.code = value.code;
  if (typeof value.message === 'string') out.message = value.message;
  if (typeof value.ref === 'string') out.ref = value.ref;
  if (value.details !== undefined) out.details = value.details;
  return out;
}
