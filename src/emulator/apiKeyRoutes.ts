import type { V1ApiKey, V1ApiKeyCreateResponse, V1ApiKeys } from '../core/palette/wireTypes';
import type { Principal } from './auth';
import { badRequest, forbidden, notFound } from './errors';
import type { Reply, RouteContext, Router } from './router';
import type { EmulatorStore, StoredKey } from './store';
import { NAME_MAX_LENGTH } from '../shared/keyFormValidation';

/** Longest key name the emulator accepts: Palette documents none, so it enforces the extension's own limit. */
export const MAX_KEY_NAME_LENGTH = NAME_MAX_LENGTH;
/** Longest description the emulator accepts. */
export const MAX_KEY_DESCRIPTION_LENGTH = 1024;

// RFC 3339 date-time (`v1Time`): a date, a time and an offset; fractions optional.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * `/v1/apiKeys` routes. Admins see and manage every key of the tenant and create keys for anyone;
 * users only their own (403 otherwise). Names need not be unique, as keys are identified by uid
 * and Palette documents no uniqueness rule, so there is no 409.
 */
export function registerApiKeyRoutes(router: Router, store: EmulatorStore, now: () => number): void {
  const view = (key: StoredKey): V1ApiKey => toV1ApiKey(key, store.tenant.uid);

  router.add('GET', '/v1/apiKeys', (context) => {
    const { user } = context.principal();
    const keys = store.listKeys(user.isTenantAdmin ? {} : { ownerUid: user.uid });
    const body: V1ApiKeys = { items: keys.map(view) };
    return { status: 200, body };
  });

  router.add('POST', '/v1/apiKeys', async (context) => {
    const principal = context.principal();
    const body = asObject(await context.body());
    const metadata = asObject(body.metadata, 'metadata');
    const spec = asObject(body.spec, 'spec');
    const ownerUid = spec.userUid === undefined || spec.userUid === '' ? principal.user.uid : spec.userUid;
    if (typeof ownerUid !== 'string') throw badRequest('spec.userUid must be a string');
    if (ownerUid !== principal.user.uid) {
      if (!principal.user.isTenantAdmin) throw forbidden('Only a tenant admin can create API keys for other users');
      if (!store.getUser(ownerUid)) throw badRequest('spec.userUid is not a user of this tenant');
    }
    const { key, value } = store.createKey({
      name: validName(metadata.name),
      description: validDescription(asObject(metadata.annotations ?? {}, 'metadata.annotations').description),
      expiry: validExpiry(spec.expiry, now()),
      ownerUid,
    });
    const reply: V1ApiKeyCreateResponse = { apiKey: value, uid: key.uid };
    return { status: 201, body: reply };
  });

  router.add('GET', '/v1/apiKeys/:uid', (context) => ({ status: 200, body: view(keyFor(context, store)) }));

  router.add('PUT', '/v1/apiKeys/:uid', async (context) => {
    const key = keyFor(context, store);
    const body = asObject(await context.body());
    const metadata = asObject(body.metadata, 'metadata');
    const spec = asObject(body.spec, 'spec');
    // The owner and the value cannot change: any other field in the body is ignored.
    const annotations = metadata.annotations === undefined ? undefined : asObject(metadata.annotations, 'metadata.annotations');
    store.updateKey(key.uid, {
      name: validName(metadata.name),
      expiry: validExpiry(spec.expiry, now()),
      description: annotations === undefined ? undefined : validDescription(annotations.description),
    });
    return { status: 204 };
  });

  const setState = async (context: RouteContext): Promise<Reply> => {
    const key = keyFor(context, store);
    const body = asObject(await context.body());
    if (typeof body.isActive !== 'boolean') throw badRequest('isActive must be true or false');
    store.updateKey(key.uid, { isActive: body.isActive });
    return { status: 204 };
  };
  router.add('PUT', '/v1/apiKeys/:uid/state', setState);
  // The older form of the same operation.
  router.add('PATCH', '/v1/apiKeys/:uid', setState);

  router.add('DELETE', '/v1/apiKeys/:uid', (context) => {
    store.deleteKey(keyFor(context, store).uid);
    return { status: 204 };
  });
}

/** A stored key as Palette sends it; the value is never part of it. */
export function toV1ApiKey(key: StoredKey, tenantUid: string): V1ApiKey {
  return {
    metadata: {
      name: key.name,
      uid: key.uid,
      annotations: { description: key.description, ownerUid: key.ownerUid, scope: 'tenant', tenantUid },
      creationTimestamp: key.createdAt,
      lastModifiedTimestamp: key.modifiedAt,
    },
    spec: { expiry: key.expiry, user: { uid: key.ownerUid, firstName: key.owner.firstName, lastName: key.owner.lastName } },
    status: { isActive: key.isActive },
  };
}

/** The live key named in the path, if the caller may act on it. */
function keyFor(context: RouteContext, store: EmulatorStore): StoredKey {
  const principal: Principal = context.principal();
  const key = store.getKey(context.params.uid);
  if (!key) throw notFound('API key');
  if (!principal.user.isTenantAdmin && key.ownerUid !== principal.user.uid) throw forbidden('This API key belongs to another user');
  return key;
}

function asObject(value: unknown, field = 'body'): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field} must be a JSON object`);
  return value as Record<string, unknown>;
}

function validName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest('metadata.name is required');
  const name = value.trim();
  // Code points, as the extension counts: 128 emoji are 128 characters, not 256 UTF-16 units.
  if ([...name].length > MAX_KEY_NAME_LENGTH) throw badRequest(`metadata.name must be at most ${MAX_KEY_NAME_LENGTH} characters`);
  return name;
}

function validDescription(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw badRequest('metadata.annotations.description must be a string');
  if ([...value].length > MAX_KEY_DESCRIPTION_LENGTH) throw badRequest(`Description must be at most ${MAX_KEY_DESCRIPTION_LENGTH} characters`);
  return value;
}

function validExpiry(value: unknown, nowMs: number): string {
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value)) {
    throw badRequest('spec.expiry must be an RFC 3339 date-time');
  }
  const expiry = Date.parse(value);
  if (expiry <= nowMs) throw badRequest('spec.expiry must be in the future');
  return new Date(expiry).toISOString();
}

/** Date.parse rolls 2030-02-30 over to March; a real date must survive a round trip. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
