import type { V1User, V1UserInfo, V1Users } from '../core/palette/wireTypes';
import { badRequest, forbidden, notFound } from './errors';
import type { Router } from './router';
import { TENANT_ADMIN_ROLE, type EmulatorStore, type StoredUser } from './store';

/** Palette pages `GET /v1/users` by 50; larger `limit`s are clamped so clients must follow `continue`. */
export const USERS_PAGE_SIZE = 50;

/** `/v1/users` routes: `info` for anyone signed in, the list for tenant admins, one user for admins or oneself. */
export function registerUserRoutes(router: Router, store: EmulatorStore): void {
  router.add('GET', '/v1/users/info', (context) => {
    const { user } = context.principal();
    const tenant = store.tenant;
    const body: V1UserInfo = { userUid: user.uid, tenantUid: tenant.uid, orgName: tenant.name };
    return { status: 200, body };
  });

  router.add('GET', '/v1/users', (context) => {
    const { user } = context.principal();
    if (!user.isTenantAdmin) throw forbidden('Only a tenant admin can list users');
    const limit = pageLimit(context.query.get('limit'));
    const offset = pageOffset(context.query.get('continue'), context.query.get('offset'));
    const users = store.listUsers();
    const page = users.slice(offset, offset + limit);
    const next = offset + page.length;
    const body: V1Users = {
      items: page.map(toV1User),
      // An empty `continue` marks the last page.
      listmeta: { continue: next < users.length ? encodeContinue(next) : '', count: users.length, limit, offset: next },
    };
    return { status: 200, body };
  });

  router.add('GET', '/v1/users/:uid', (context) => {
    const { user } = context.principal();
    if (!user.isTenantAdmin && context.params.uid !== user.uid) throw forbidden('Only a tenant admin can read other users');
    const found = store.getUser(context.params.uid);
    if (!found) throw notFound('User');
    return { status: 200, body: toV1User(found) };
  });
}

/** A stored user as Palette sends it (no password material). */
export function toV1User(user: StoredUser): V1User {
  return {
    metadata: { name: `${user.firstName} ${user.lastName}`.trim(), uid: user.uid, creationTimestamp: user.createdAt, lastModifiedTimestamp: user.createdAt },
    spec: { emailId: user.email, firstName: user.firstName, lastName: user.lastName, roles: user.isTenantAdmin ? [TENANT_ADMIN_ROLE] : [] },
    status: { isActive: true, activationLink: '', isPasswordResetting: false },
  };
}

function pageLimit(raw: string | null): number {
  if (raw === null || raw === '') return USERS_PAGE_SIZE;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw badRequest('limit must be a positive integer');
  return Math.min(limit, USERS_PAGE_SIZE);
}

function pageOffset(continueToken: string | null, rawOffset: string | null): number {
  if (continueToken) {
    const offset = decodeContinue(continueToken);
    if (offset === undefined) throw badRequest('continue token is not valid');
    return offset;
  }
  if (rawOffset === null || rawOffset === '') return 0;
  const offset = Number(rawOffset);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be a non-negative integer');
  return offset;
}

// The token is opaque to clients; here it just carries the next offset.
function encodeContinue(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeContinue(token: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
