import * as assert from 'node:assert/strict';
import type { V1ApiKey, V1ApiKeys, V1Users } from '../../src/core/palette/wireTypes';
import { FORMER_USER } from '../../src/emulator/seed';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { call, daysFrom, redacted, TestClock } from './support/emulatorHttp';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse('2030-03-01T12:00:00Z');
/** Fixed uid of Bob's sign-in key in the default seed. */
const BOB_VSCODE_KEY_UID = '66b000000000000000000004';

describe('emulator behaviour', () => {
  let clock: TestClock;
  let emulator: RunningEmulator;
  let adminKey: string;
  let bobKey: string;
  let carolKey: string;

  beforeEach(async () => {
    clock = new TestClock(START);
    emulator = await startEmulator({ now: clock.now, tokenTtlSeconds: 120 });
    adminKey = emulator.credentials.adminKey as string;
    bobKey = emulator.credentials.userKey as string;
    carolKey = emulator.credentials.users[2].apiKey as string;
  });

  afterEach(async () => {
    await emulator.close();
  });

  const listKeys = async (apiKey: string): Promise<V1ApiKey[]> => ((await call(emulator.url, 'GET', '/v1/apiKeys', { apiKey })).json as V1ApiKeys).items;
  const create = async (apiKey: string, name: string, extra: Record<string, unknown> = {}): Promise<{ status: number; apiKey: string; uid: string }> => {
    const result = await call(emulator.url, 'POST', '/v1/apiKeys', {
      apiKey, body: { metadata: { name, annotations: { description: 'd' } }, spec: { expiry: daysFrom(clock.ms, 30), ...extra } },
    });
    return { status: result.status, ...(result.json as { apiKey: string; uid: string }) };
  };
  const whoAmI = async (apiKey: string): Promise<number> => (await call(emulator.url, 'GET', '/v1/users/info', { apiKey })).status;

  describe('seeded tenant', () => {
    it('has an admin and two users in "Demo Org" with distinct sign-in keys and passwords', () => {
      const { credentials } = emulator;
      assert.equal(credentials.org, 'Demo Org');
      assert.deepEqual(credentials.users.map((user) => user.isTenantAdmin), [true, false, false]);
      for (const user of credentials.users) {
        assert.match(user.apiKey ?? '', /^[A-Za-z0-9]{32}$/);
        assert.ok((user.password ?? '').length >= 12);
      }
      assert.equal(new Set(credentials.users.map((user) => user.apiKey)).size, 3);
    });

    it('has keys expiring in 2 and 6 days, an expired, a revoked, healthy ones and an orphan, relative to the clock', async () => {
      const keys = await listKeys(adminKey);
      const daysLeft = (key: V1ApiKey): number => Math.round((Date.parse(key.spec?.expiry ?? '') - START) / DAY_MS);
      const days = keys.map(daysLeft);
      assert.ok(days.includes(2) && days.includes(6), `expiring soon: ${days.join(',')}`);
      assert.ok(days.some((left) => left < 0), 'one expired');
      assert.ok(days.some((left) => left >= 30 && left <= 80), 'healthy');
      assert.ok(keys.some((key) => key.status?.isActive === false), 'one revoked');
      const userUids = new Set(emulator.store.listUsers().map((user) => user.uid));
      const orphans = keys.filter((key) => !userUids.has(key.spec?.user?.uid ?? ''));
      assert.deepEqual(orphans.map((key) => key.spec?.user), [{ uid: FORMER_USER.uid, firstName: 'Dan', lastName: 'Departed' }]);
      assert.equal(orphans[0].metadata?.annotations?.ownerUid, FORMER_USER.uid);
    });

    it('fixes the admin and first user key values when asked', async () => {
      await emulator.close();
      const fixedAdmin = 'AdminKey0123456789abcdefghijklmn';
      const fixedUser = 'UserKey00123456789abcdefghijklmn';
      emulator = await startEmulator({ adminKey: fixedAdmin, userKey: fixedUser });
      assert.equal(emulator.credentials.adminKey, fixedAdmin);
      assert.equal(emulator.credentials.userKey, fixedUser);
      assert.equal(await whoAmI(fixedAdmin), 200);
      assert.equal(await whoAmI(fixedUser), 200);
    });
  });

  describe('permissions', () => {
    it('lets a user list only their own keys and an admin every key', async () => {
      const bobUid = emulator.credentials.users[1].uid;
      const bobs = await listKeys(bobKey);
      assert.ok(bobs.length >= 3);
      assert.ok(bobs.every((key) => key.spec?.user?.uid === bobUid));
      const all = await listKeys(adminKey);
      assert.equal(all.length, emulator.store.listKeys().length);
      assert.ok(all.length > bobs.length);
    });

    it('keeps users off other users\' keys (403) and lets the admin act on any key', async () => {
      const carols = await create(carolKey, 'carol-private');
      const update = { metadata: { name: 'renamed' }, spec: { expiry: daysFrom(clock.ms, 9) } };
      for (const [method, path, body] of [
        ['GET', `/v1/apiKeys/${carols.uid}`, undefined],
        ['PUT', `/v1/apiKeys/${carols.uid}`, update],
        ['PUT', `/v1/apiKeys/${carols.uid}/state`, { isActive: false }],
        ['PATCH', `/v1/apiKeys/${carols.uid}`, { isActive: false }],
        ['DELETE', `/v1/apiKeys/${carols.uid}`, undefined],
      ] as const) {
        assert.equal((await call(emulator.url, method, path, { apiKey: bobKey, body })).status, 403, `${method} ${path}`);
      }
      assert.equal(emulator.store.getKey(carols.uid)?.isActive, true, 'nothing changed');
      assert.equal((await call(emulator.url, 'PUT', `/v1/apiKeys/${carols.uid}`, { apiKey: adminKey, body: update })).status, 204);
      assert.equal(emulator.store.getKey(carols.uid)?.name, 'renamed');
      assert.equal((await call(emulator.url, 'DELETE', `/v1/apiKeys/${carols.uid}`, { apiKey: adminKey })).status, 204);
    });

    it('lets only an admin create keys for others (spec.userUid)', async () => {
      const carolUid = emulator.credentials.users[2].uid;
      const byAdmin = await create(adminKey, 'for-carol', { userUid: carolUid });
      assert.equal(byAdmin.status, 201);
      assert.equal(emulator.store.getKey(byAdmin.uid)?.ownerUid, carolUid);
      assert.equal((await create(bobKey, 'bob-for-carol', { userUid: carolUid })).status, 403);
      const bobForSelf = await create(bobKey, 'bob-self', { userUid: emulator.credentials.users[1].uid });
      assert.equal(bobForSelf.status, 201);
      assert.equal((await create(adminKey, 'for-nobody', { userUid: 'ffffffffffffffffffffffff' })).status, 400);
    });

    it('lets only an admin list users; a user may read only themselves', async () => {
      assert.equal((await call(emulator.url, 'GET', '/v1/users', { apiKey: bobKey })).status, 403);
      assert.equal((await call(emulator.url, 'GET', '/v1/users', { apiKey: adminKey })).status, 200);
      const bobUid = emulator.credentials.users[1].uid;
      const self = await call(emulator.url, 'GET', `/v1/users/${bobUid}`, { apiKey: bobKey });
      assert.equal((self.json as { spec: { emailId: string } }).spec.emailId, emulator.credentials.users[1].email);
      assert.equal((await call(emulator.url, 'GET', `/v1/users/${emulator.credentials.users[0].uid}`, { apiKey: bobKey })).status, 403);
    });
  });

  describe('key lifecycle and authentication', () => {
    it('returns the value only on create; GET, lists and control views never carry it', async () => {
      const created = await create(bobKey, 'only-once');
      assert.equal(created.status, 201);
      assert.match(created.apiKey, /^[A-Za-z0-9]{32}$/);
      const single = await call(emulator.url, 'GET', `/v1/apiKeys/${created.uid}`, { apiKey: bobKey });
      const list = await call(emulator.url, 'GET', '/v1/apiKeys', { apiKey: adminKey });
      const control = await call(emulator.url, 'GET', '/__emulator/keys');
      for (const text of [single.text, list.text, control.text, JSON.stringify(emulator.store.snapshot())]) {
        assert.ok(!text.includes(created.apiKey), 'value leaked');
        for (const user of emulator.credentials.users) assert.ok(!text.includes(user.apiKey as string), 'seeded value leaked');
      }
      assert.equal((single.json as V1ApiKey).spec?.key, undefined);
      assert.ok((list.json as V1ApiKeys).items.every((key) => key.spec?.key === undefined));
      assert.equal(await whoAmI(created.apiKey), 200, 'the new key works');
    });

    it('stops authenticating revoked keys, and again after re-activation', async () => {
      const created = await create(bobKey, 'revocable');
      await call(emulator.url, 'PUT', `/v1/apiKeys/${created.uid}/state`, { apiKey: bobKey, body: { isActive: false } });
      assert.equal(await whoAmI(created.apiKey), 401);
      await call(emulator.url, 'PATCH', `/v1/apiKeys/${created.uid}`, { apiKey: adminKey, body: { isActive: true } });
      assert.equal(await whoAmI(created.apiKey), 200);
    });

    it('stops authenticating deleted keys, which disappear from lists', async () => {
      const created = await create(bobKey, 'deletable');
      assert.equal((await call(emulator.url, 'DELETE', `/v1/apiKeys/${created.uid}`, { apiKey: created.apiKey })).status, 204);
      assert.equal(await whoAmI(created.apiKey), 401);
      assert.ok(!(await listKeys(adminKey)).some((key) => key.metadata?.uid === created.uid));
      const control = (await call(emulator.url, 'GET', '/__emulator/keys')).json as { items: Array<{ uid: string; deleted: boolean }> };
      assert.equal(control.items.find((key) => key.uid === created.uid)?.deleted, true);
    });

    it('stops authenticating a key once its expiry passes', async () => {
      const created = await create(bobKey, 'short-lived');
      assert.equal(await whoAmI(created.apiKey), 200);
      clock.advance(31 * DAY_MS);
      assert.equal(await whoAmI(created.apiKey), 401);
    });

    it('does not authenticate keys of users removed from the tenant', async () => {
      assert.equal(await whoAmI(carolKey), 200);
      emulator.store.removeUser(emulator.credentials.users[2].uid);
      assert.equal(await whoAmI(carolKey), 401);
      assert.ok((await listKeys(adminKey)).some((key) => key.spec?.user?.uid === emulator.credentials.users[2].uid), 'keys kept');
    });

    it('reads the ApiKey header in any case', async () => {
      for (const name of ['ApiKey', 'apikey', 'APIKEY', 'apiKey']) {
        assert.equal((await call(emulator.url, 'GET', '/v1/users/info', { headers: { [name]: bobKey } })).status, 200, name);
      }
    });

    it('edits name, description and expiry but never the owner', async () => {
      const created = await create(bobKey, 'editable');
      const expiry = daysFrom(clock.ms, 3);
      const result = await call(emulator.url, 'PUT', `/v1/apiKeys/${created.uid}`, {
        apiKey: bobKey,
        body: { metadata: { name: 'edited', annotations: { description: 'new text', ownerUid: 'x' } }, spec: { expiry, userUid: emulator.credentials.users[2].uid } },
      });
      assert.equal(result.status, 204);
      const key = (await call(emulator.url, 'GET', `/v1/apiKeys/${created.uid}`, { apiKey: bobKey })).json as V1ApiKey;
      assert.equal(key.metadata?.name, 'edited');
      assert.equal(key.metadata?.annotations?.description, 'new text');
      assert.equal(key.spec?.expiry, expiry);
      assert.equal(key.spec?.user?.uid, emulator.credentials.users[1].uid);
      assert.equal(key.metadata?.annotations?.ownerUid, emulator.credentials.users[1].uid);
    });
  });

  describe('validation', () => {
    const cases: Array<[string, unknown]> = [
      ['empty name', { metadata: { name: '' }, spec: { expiry: '2030-04-01T00:00:00Z' } }],
      ['blank name', { metadata: { name: '   ' }, spec: { expiry: '2030-04-01T00:00:00Z' } }],
      ['name of 129 characters', { metadata: { name: 'n'.repeat(129) }, spec: { expiry: '2030-04-01T00:00:00Z' } }],
      ['missing metadata', { spec: { expiry: '2030-04-01T00:00:00Z' } }],
      ['missing expiry', { metadata: { name: 'x' }, spec: {} }],
      ['expiry in the past', { metadata: { name: 'x' }, spec: { expiry: '2030-02-28T00:00:00Z' } }],
      ['expiry now', { metadata: { name: 'x' }, spec: { expiry: new Date(START).toISOString() } }],
      ['expiry not a date', { metadata: { name: 'x' }, spec: { expiry: 'next tuesday' } }],
      ['expiry without a zone', { metadata: { name: 'x' }, spec: { expiry: '2030-04-01T00:00:00' } }],
      ['impossible date', { metadata: { name: 'x' }, spec: { expiry: '2031-02-30T00:00:00Z' } }],
      ['description not a string', { metadata: { name: 'x', annotations: { description: 5 } }, spec: { expiry: '2030-04-01T00:00:00Z' } }],
      ['an array body', []],
    ];
    for (const [label, body] of cases) {
      it(`rejects ${label} with 400`, async () => {
        const result = await call(emulator.url, 'POST', '/v1/apiKeys', { apiKey: bobKey, body });
        assert.equal(result.status, 400, redacted(result.text));
        assert.equal((result.json as { code: string }).code, 'BadRequest');
      });
    }

    it('accepts a 128-character name and an expiry with an offset', async () => {
      const result = await call(emulator.url, 'POST', '/v1/apiKeys', {
        apiKey: bobKey, body: { metadata: { name: 'n'.repeat(128) }, spec: { expiry: '2030-04-01T00:00:00+02:00' } },
      });
      assert.equal(result.status, 201, redacted(result.text));
      assert.equal(emulator.store.getKey((result.json as { uid: string }).uid)?.expiry, '2030-03-31T22:00:00.000Z');
    });

    it('allows duplicate names (keys are identified by uid)', async () => {
      assert.equal((await create(bobKey, 'twin')).status, 201);
      assert.equal((await create(bobKey, 'twin')).status, 201);
    });
  });

  describe('users pagination', () => {
    it('pages 50 users at a time with listmeta.continue, and honours limit', async () => {
      for (let index = 0; index < 60; index++) {
        emulator.store.addUser({ email: `user${index}@demo-org.example`, firstName: 'User', lastName: String(index) });
      }
      const first = (await call(emulator.url, 'GET', '/v1/users', { apiKey: adminKey })).json as V1Users;
      assert.equal(first.items.length, 50);
      assert.equal(first.listmeta?.count, 63);
      assert.ok(first.listmeta?.continue);
      const second = (await call(emulator.url, 'GET', `/v1/users?continue=${encodeURIComponent(first.listmeta.continue)}`, { apiKey: adminKey })).json as V1Users;
      assert.equal(second.items.length, 13);
      assert.equal(second.listmeta?.continue, '');
      const emails = [...first.items, ...second.items].map((user) => user.spec?.emailId);
      assert.equal(new Set(emails).size, 63);

      const small = (await call(emulator.url, 'GET', '/v1/users?limit=10', { apiKey: adminKey })).json as V1Users;
      assert.equal(small.items.length, 10);
      const clamped = (await call(emulator.url, 'GET', '/v1/users?limit=500', { apiKey: adminKey })).json as V1Users;
      assert.equal(clamped.items.length, 50);
      assert.equal((await call(emulator.url, 'GET', '/v1/users?continue=bogus', { apiKey: adminKey })).status, 400);
    });
  });

  describe('JWT flow', () => {
    const login = async (index: number, overrides: Record<string, string> = {}): Promise<{ status: number; token?: string }> => {
      const user = emulator.credentials.users[index];
      const result = await call(emulator.url, 'POST', '/v1/auth/authenticate', {
        body: { emailId: user.email, password: user.password, org: 'Demo Org', ...overrides },
      });
      return { status: result.status, token: (result.json as { Authorization?: string } | undefined)?.Authorization };
    };
    const infoWith = async (jwt: string): Promise<number> => (await call(emulator.url, 'GET', '/v1/users/info', { jwt })).status;

    it('issues a JWT with an exp after the configured lifetime, usable as Authorization', async () => {
      const { status, token } = await login(1);
      assert.equal(status, 200);
      const [header, payload, signature] = (token as string).split('.');
      assert.ok(signature);
      assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'HS256');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; exp: number; iat: number };
      assert.equal(claims.sub, emulator.credentials.users[1].uid);
      assert.equal(claims.exp - claims.iat, 120);
      assert.equal(await infoWith(token as string), 200);
      assert.equal(await infoWith(`Bearer ${token as string}`), 200);
      const keys = ((await call(emulator.url, 'GET', '/v1/apiKeys', { jwt: token })).json as V1ApiKeys).items;
      assert.ok(keys.every((key) => key.spec?.user?.uid === emulator.credentials.users[1].uid));
    });

    it('rejects a wrong password, an unknown email and another org with the same 401', async () => {
      const failures = [await login(1, { password: 'wrong-password' }), await login(1, { emailId: 'nobody@demo-org.example' }), await login(1, { org: 'Other Org' })];
      assert.deepEqual(failures.map((failure) => failure.status), [401, 401, 401]);
      assert.equal((await login(1, { org: 'demo org' })).status, 200, 'org matches case-insensitively');
    });

    it('expires tokens after the lifetime; refresh renews an unexpired one only', async () => {
      const { token } = await login(0);
      clock.advance(100_000);
      const refreshed = await call(emulator.url, 'GET', `/v1/auth/refresh/${token as string}`);
      assert.equal(refreshed.status, 200);
      const renewed = (refreshed.json as { Authorization: string }).Authorization;
      assert.notEqual(renewed, token);
      clock.advance(30_000);
      assert.equal(await infoWith(token as string), 401, 'original expired');
      assert.equal(await infoWith(renewed), 200, 'renewed still valid');
      assert.equal((await call(emulator.url, 'GET', `/v1/auth/refresh/${token as string}`)).status, 401);
    });

    it('rejects tampered tokens and tokens of removed users', async () => {
      const { token } = await login(2);
      const [header, , signature] = (token as string).split('.');
      const forged = Buffer.from(JSON.stringify({ sub: emulator.credentials.users[0].uid, exp: 4102444800 })).toString('base64url');
      assert.equal(await infoWith(`${header}.${forged}.${signature}`), 401);
      emulator.store.removeUser(emulator.credentials.users[2].uid);
      assert.equal(await infoWith(token as string), 401);
    });
  });

  describe('control endpoints', () => {
    it('reset restores the seed (keys, states, deletions) and clears faults', async () => {
      const before = (await call(emulator.url, 'GET', '/__emulator/keys')).json;
      const created = await create(bobKey, 'temporary');
      await call(emulator.url, 'DELETE', `/v1/apiKeys/${BOB_VSCODE_KEY_UID}`, { apiKey: adminKey });
      emulator.faults.add({ path: '/v1/users', action: { kind: 'status', status: 500 } });
      assert.equal((await call(emulator.url, 'POST', '/__emulator/reset')).status, 204);
      assert.deepEqual((await call(emulator.url, 'GET', '/__emulator/keys')).json, before);
      assert.equal(emulator.store.getKey(created.uid), undefined);
      assert.equal(emulator.faults.list().length, 0);
      assert.equal(await whoAmI(bobKey), 200);
    });

    it('shows keys for assertions with uid, name, description, expiry, isActive, ownerUid and deleted, without secrets', async () => {
      const body = (await call(emulator.url, 'GET', '/__emulator/keys')).json as { items: Array<Record<string, unknown>> };
      assert.equal(body.items.length, 9);
      for (const item of body.items) {
        for (const field of ['uid', 'name', 'description', 'expiry', 'isActive', 'ownerUid', 'deleted']) assert.ok(field in item, field);
        assert.ok(!('valueHash' in item) && !('value' in item));
      }
    });
  });
});

