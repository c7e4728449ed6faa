import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { call, daysFrom, redacted, type CallOptions, type CallResult } from './support/emulatorHttp';
import { SwaggerContract } from './support/emulatorSchemas';

/**
 * Every operation of the Swagger subset, answered by a real emulator over a socket: the status is
 * the expected one and the body matches the documented schema (or `v1Error` for failures).
 */
describe('emulator contract (Swagger subset)', () => {
  const contract = new SwaggerContract();
  const exercised = new Map<string, Set<'success' | 'error'>>();
  const secrets: string[] = [];
  const errorTexts: string[] = [];
  let emulator: RunningEmulator;
  let adminKey: string;
  let userKey: string;
  let otherUserKey: string;
  let bobUid: string;
  let carolUid: string;

  before(async () => {
    emulator = await startEmulator();
    const { credentials } = emulator;
    adminKey = credentials.adminKey as string;
    userKey = credentials.userKey as string;
    bobUid = credentials.users[1].uid;
    carolUid = credentials.users[2].uid;
    otherUserKey = credentials.users[2].apiKey as string;
    for (const user of credentials.users) secrets.push(user.password as string, user.apiKey as string);
  });

  after(async () => {
    await emulator.close();
  });

  /** Calls the emulator, checks status and body shape, and records the operation as covered. */
  async function expectContract(method: string, template: string, path: string, status: number, options: CallOptions = {}): Promise<CallResult> {
    const result = await call(emulator.url, method, path, options);
    assert.equal(result.status, status, `${method} ${path}: expected ${status}, got ${result.status} ${redacted(result.text)}`);
    const outcome = status < 400 ? 'success' : 'error';
    exercised.set(`${method} ${template}`, (exercised.get(`${method} ${template}`) ?? new Set()).add(outcome));
    if (status === 204) {
      assert.equal(result.text, '', '204 has no body');
      return result;
    }
    assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
    if (outcome === 'error') {
      assert.deepEqual(contract.errorsForV1Error(result.json), [], `v1Error body: ${redacted(result.text)}`);
      errorTexts.push(result.text);
      return result;
    }
    const definition = contract.responseDefinition(method, template, status);
    assert.ok(definition, `${method} ${template} documents a body for ${status}`);
    assert.deepEqual(contract.errorsFor(definition, result.json), [], `${definition}: ${redacted(result.text)}`);
    return result;
  }

  const newKeyBody = (name: string, extra: Record<string, unknown> = {}): unknown => ({
    metadata: { name, annotations: { description: 'contract test' } },
    spec: { expiry: daysFrom(Date.now(), 30), ...extra },
  });

  async function createKey(key: string, name: string): Promise<string> {
    const created = await expectContract('POST', '/v1/apiKeys', '/v1/apiKeys', 201, { apiKey: key, body: newKeyBody(name) });
    const body = created.json as { apiKey: string; uid: string };
    secrets.push(body.apiKey);
    return body.uid;
  }

  describe('/v1/apiKeys', () => {
    it('GET lists keys for an admin and for a user, 401 without credentials', async () => {
      const admin = await expectContract('GET', '/v1/apiKeys', '/v1/apiKeys', 200, { apiKey: adminKey });
      assert.ok((admin.json as { items: unknown[] }).items.length >= 9);
      await expectContract('GET', '/v1/apiKeys', '/v1/apiKeys', 200, { apiKey: userKey });
      await expectContract('GET', '/v1/apiKeys', '/v1/apiKeys', 401);
      await expectContract('GET', '/v1/apiKeys', '/v1/apiKeys', 401, { apiKey: 'A'.repeat(32) });
    });

    it('POST creates (201) and rejects bad bodies (400), strangers (401) and foreign owners (403)', async () => {
      const created = await expectContract('POST', '/v1/apiKeys', '/v1/apiKeys', 201, { apiKey: userKey, body: newKeyBody('contract-create') });
      const body = created.json as { apiKey: string; uid: string };
      secrets.push(body.apiKey);
      assert.match(body.apiKey, /^[A-Za-z0-9]{32}$/);
      await expectContract('POST', '/v1/apiKeys', '/v1/apiKeys', 400, { apiKey: userKey, body: newKeyBody('') });
      await expectContract('POST', '/v1/apiKeys', '/v1/apiKeys', 400, { apiKey: userKey, rawBody: '{not json' });
      await expectContract('POST', '/v1/apiKeys', '/v1/apiKeys', 401, { body: newKeyBody('anonymous') });
      await expectContract('POST', '/v1/apiKeys', '/v1/apiKeys', 403, { apiKey: userKey, body: newKeyBody('for-carol', { userUid: carolUid }) });
    });
  });

  describe('/v1/apiKeys/{uid}', () => {
    it('GET returns one key (200), 404 for unknown, 403 for a foreign key, 401 without credentials', async () => {
      const uid = await createKey(userKey, 'contract-get');
      const got = await expectContract('GET', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 200, { apiKey: userKey });
      assert.equal((got.json as { metadata: { uid: string } }).metadata.uid, uid);
      await expectContract('GET', '/v1/apiKeys/{uid}', '/v1/apiKeys/000000000000000000000000', 404, { apiKey: adminKey });
      await expectContract('GET', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 403, { apiKey: otherUserKey });
      await expectContract('GET', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 401);
    });

    it('PUT edits (204), 400 for a past expiry, 403 for a foreign key, 404 for unknown', async () => {
      const uid = await createKey(userKey, 'contract-put');
      const update = { metadata: { name: 'contract-put-renamed', annotations: { description: 'edited' } }, spec: { expiry: daysFrom(Date.now(), 7) } };
      await expectContract('PUT', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 204, { apiKey: userKey, body: update });
      await expectContract('PUT', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 400, {
        apiKey: userKey, body: { ...update, spec: { expiry: daysFrom(Date.now(), -1) } },
      });
      await expectContract('PUT', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 403, { apiKey: otherUserKey, body: update });
      await expectContract('PUT', '/v1/apiKeys/{uid}', '/v1/apiKeys/000000000000000000000000', 404, { apiKey: adminKey, body: update });
    });

    it('PATCH (older state form) 204, 400 for a non-boolean', async () => {
      const uid = await createKey(userKey, 'contract-patch');
      await expectContract('PATCH', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 204, { apiKey: userKey, body: { isActive: false } });
      await expectContract('PATCH', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 400, { apiKey: userKey, body: { isActive: 'no' } });
    });

    it('DELETE 204, then 404; 403 for a foreign key', async () => {
      const uid = await createKey(userKey, 'contract-delete');
      await expectContract('DELETE', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 403, { apiKey: otherUserKey });
      await expectContract('DELETE', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 204, { apiKey: userKey });
      await expectContract('DELETE', '/v1/apiKeys/{uid}', `/v1/apiKeys/${uid}`, 404, { apiKey: userKey });
    });
  });

  describe('/v1/apiKeys/{uid}/state', () => {
    it('PUT revokes and re-activates (204), 400 for a bad body, 404 for unknown', async () => {
      const uid = await createKey(adminKey, 'contract-state');
      await expectContract('PUT', '/v1/apiKeys/{uid}/state', `/v1/apiKeys/${uid}/state`, 204, { apiKey: adminKey, body: { isActive: false } });
      await expectContract('PUT', '/v1/apiKeys/{uid}/state', `/v1/apiKeys/${uid}/state`, 204, { apiKey: adminKey, body: { isActive: true } });
      await expectContract('PUT', '/v1/apiKeys/{uid}/state', `/v1/apiKeys/${uid}/state`, 400, { apiKey: adminKey, body: {} });
      await expectContract('PUT', '/v1/apiKeys/{uid}/state', '/v1/apiKeys/000000000000000000000000/state', 404, { apiKey: adminKey, body: { isActive: false } });
    });
  });

  describe('/v1/users', () => {
    it('GET /v1/users/info answers the caller (200), 401 without credentials', async () => {
      const info = await expectContract('GET', '/v1/users/info', '/v1/users/info', 200, { apiKey: userKey });
      assert.deepEqual(info.json, { userUid: bobUid, tenantUid: emulator.credentials.tenantUid, orgName: 'Demo Org' });
      await expectContract('GET', '/v1/users/info', '/v1/users/info', 401);
    });

    it('GET /v1/users lists for admins (200), 403 for users, 400 for a bad limit', async () => {
      const users = await expectContract('GET', '/v1/users', '/v1/users', 200, { apiKey: adminKey });
      assert.equal((users.json as { items: unknown[] }).items.length, 3);
      await expectContract('GET', '/v1/users', '/v1/users', 403, { apiKey: userKey });
      await expectContract('GET', '/v1/users', '/v1/users?limit=zero', 400, { apiKey: adminKey });
    });

    it('GET /v1/users/{uid} 200 for self and admins, 403 for others, 404 for unknown', async () => {
      await expectContract('GET', '/v1/users/{uid}', `/v1/users/${bobUid}`, 200, { apiKey: userKey });
      await expectContract('GET', '/v1/users/{uid}', `/v1/users/${carolUid}`, 200, { apiKey: adminKey });
      await expectContract('GET', '/v1/users/{uid}', `/v1/users/${carolUid}`, 403, { apiKey: userKey });
      await expectContract('GET', '/v1/users/{uid}', '/v1/users/000000000000000000000000', 404, { apiKey: adminKey });
    });
  });

  describe('/v1/auth', () => {
    it('POST /v1/auth/authenticate 200 with a token, 401 for a wrong password, 400 for a missing field', async () => {
      const bob = emulator.credentials.users[1];
      const login = await expectContract('POST', '/v1/auth/authenticate', '/v1/auth/authenticate', 200, {
        body: { emailId: bob.email, password: bob.password, org: 'Demo Org' },
      });
      secrets.push((login.json as { Authorization: string }).Authorization);
      await expectContract('POST', '/v1/auth/authenticate', '/v1/auth/authenticate', 401, {
        body: { emailId: bob.email, password: `${bob.password}x`, org: 'Demo Org' },
      });
      await expectContract('POST', '/v1/auth/authenticate', '/v1/auth/authenticate', 400, { body: { emailId: bob.email } });
    });

    it('GET /v1/auth/refresh/{token} 200 with a new token, 401 for a forged one', async () => {
      const token = emulator.auth.issueToken(emulator.store.getUser(bobUid)!);
      secrets.push(token);
      const refreshed = await expectContract('GET', '/v1/auth/refresh/{token}', `/v1/auth/refresh/${token}`, 200);
      secrets.push((refreshed.json as { Authorization: string }).Authorization);
      await expectContract('GET', '/v1/auth/refresh/{token}', `/v1/auth/refresh/${token.slice(0, -2)}xx`, 401);
    });
  });

  it('answers unknown paths (404) and methods (405) with v1Error', async () => {
    const missing = await call(emulator.url, 'GET', '/v1/nothing', { apiKey: adminKey });
    assert.equal(missing.status, 404);
    assert.deepEqual(contract.errorsForV1Error(missing.json), []);
    const wrongMethod = await call(emulator.url, 'POST', '/v1/users/info', { apiKey: adminKey });
    assert.equal(wrongMethod.status, 405);
    assert.deepEqual(contract.errorsForV1Error(wrongMethod.json), []);
  });

  // Mocha runs a suite's own tests before its child suites: these checks go in the last child suite.
  describe('afterwards', () => {
    it('has a validator that rejects off-contract bodies', () => {
      assert.notDeepEqual(contract.errorsFor('v1ApiKeys', { items: [{ metadata: { name: 5 } }] }), []);
      assert.notDeepEqual(contract.errorsFor('v1ApiKeys', { items: [{ spec: { expiry: 'next week' } }] }), []);
      assert.notDeepEqual(contract.errorsFor('v1Users', { listmeta: {} }), []);
      assert.notDeepEqual(contract.errorsForV1Error({ code: 'X', message: 'no ref' }), []);
    });

  it('covered every operation of the Swagger subset with a success and an error', () => {
    for (const operation of contract.operations()) {
      assert.deepEqual([...(exercised.get(operation) ?? [])].sort(), ['error', 'success'], operation);
    }
  });

  it('never put a key value, password or token in an error body', () => {
    assert.ok(errorTexts.length > 20);
    for (const text of errorTexts) {
      for (const secret of secrets) assert.ok(!text.includes(secret), 'an error body contains a secret');
    }
  });
});
});
