import type { V1UserToken } from '../core/palette/wireTypes';
import type { EmulatorAuth } from './auth';
import { badRequest, unauthorized } from './errors';
import type { Router } from './router';
import type { EmulatorStore } from './store';

/** The password flow: `authenticate` issues a JWT, `refresh` trades an unexpired one for a new one. */
export function registerAuthRoutes(router: Router, store: EmulatorStore, auth: EmulatorAuth): void {
  router.add('POST', '/v1/auth/authenticate', async (context) => {
    const body = await context.body();
    const login = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (typeof login.emailId !== 'string' || login.emailId === '' || typeof login.password !== 'string' || login.password === '') {
      throw badRequest('emailId and password are required');
    }
    if (login.org !== undefined && typeof login.org !== 'string') throw badRequest('org must be a string');
    const user = store.findUserByEmail(login.emailId);
    const orgMatches = !login.org || login.org.toLowerCase() === store.tenant.name.toLowerCase();
    // One message for every failure, so the answer does not reveal which part was wrong.
    if (!user || !orgMatches || !store.verifyPassword(user, login.password)) throw unauthorized('Invalid email, password or organization');
    const reply: V1UserToken = { Authorization: auth.issueToken(user), isMfa: false };
    return { status: 200, body: reply };
  });

  router.add('GET', '/v1/auth/refresh/:token', (context) => {
    const user = auth.userForToken(context.params.token);
    const reply: V1UserToken = { Authorization: auth.issueToken(user), isMfa: false };
    return { status: 200, body: reply };
  });
}
