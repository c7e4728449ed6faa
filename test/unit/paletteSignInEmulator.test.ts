// Email-and-password sign-in against the emulator over real sockets, with the emulator's own JWTs:
// the other password tests answer from a mock, which cannot tell whether the client and a server
// that keeps Palette's contract agree on the login body, the token header and the refresh path.
import * as assert from 'node:assert/strict';
import { isPaletteApiError } from '../../src/core/palette/errors';
import { PaletteClient, type PaletteCredential } from '../../src/core/palette/paletteClient';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';

const MINUTE_MS = 60_000;

describe('password sign-in against the emulator (real sockets, the emulator\'s JWTs)', () => {
  let emulator: RunningEmulator;
  /** One clock for the emulator and the client, so the test moves both past a token's lifetime. */
  let now: number;
  let ada: { uid: string; email: string; password: string };
  const clients: PaletteClient[] = [];

  /** How many requests reach `path` from now on. */
  function counter(method: string, path: RegExp): () => number {
    const budget = 1_000;
    const id = emulator.faults.add({ method, path, latencyMs: 0, times: budget });
    return () => budget - (emulator.faults.list().find((fault) => fault.id === id)?.remaining ?? 0);
  }

  function client(credential: PaletteCredential): PaletteClient {
    const made = new PaletteClient({ baseUrl: emulator.url, credential, now: () => now, retry: { maxRetries: 0 } });
    clients.push(made);
    return made;
  }

  beforeEach(async () => {
    now = Date.now();
    emulator = await startEmulator({ now: () => now, tokenTtlSeconds: 15 * 60, onInternalError: () => undefined });
    const admin = emulator.credentials.users.find((user) => user.isTenantAdmin);
    assert.ok(admin?.password, 'the demo tenant has an admin with a known password');
    ada = { uid: admin.uid, email: admin.email, password: admin.password };
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
    await emulator.close();
  });

  it('signs in with email and password, then sends the JWT on every request without signing in again', async () => {
    const logins = counter('POST', /^\/v1\/auth\/authenticate$/);
    const palette = client({ kind: 'password', emailId: ada.email, password: ada.password, org: 'Demo Org' });
    assert.equal((await palette.getUserInfo()).userUid, ada.uid);
    const keys = await palette.listApiKeys();
    assert.equal(keys.length, emulator.store.listKeys().length, 'a tenant admin sees every key');
    assert.equal(logins(), 1, 'one sign-in for both requests');
  });

  it('renews the JWT through /v1/auth/refresh before it expires, and signs in again once it has expired', async () => {
    const logins = counter('POST', /^\/v1\/auth\/authenticate$/);
    const refreshes = counter('GET', /^\/v1\/auth\/refresh\//);
    const palette = client({ kind: 'password', emailId: ada.email, password: ada.password });
    await palette.listApiKeys();
    now += 14.5 * MINUTE_MS; // within the last minute of the 15-minute token
    await palette.listApiKeys();
    assert.deepEqual([logins(), refreshes()], [1, 1], 'renewed, not signed in again');
    now += 20 * MINUTE_MS; // the renewed token has expired too: nothing left to renew
    await palette.listApiKeys();
    assert.deepEqual([logins(), refreshes()], [2, 1], 'signed in again with the password');
  });

  it('refuses a wrong password, and an organization that is not the tenant, as unauthenticated without quoting the password', async () => {
    for (const credential of [
      { kind: 'password', emailId: ada.email, password: `${ada.password}x` },
      { kind: 'password', emailId: ada.email, password: ada.password, org: 'Another Org' },
    ] satisfies PaletteCredential[]) {
      const error = await client(credential).listApiKeys().then(() => undefined, (e: unknown) => e);
      assert.ok(isPaletteApiError(error), `expected a PaletteApiError, got ${String(error)}`);
      assert.equal(error.kind, 'unauthenticated');
      assert.ok(!error.message.includes(ada.password), 'the password is not in the message');
    }
  });
});
