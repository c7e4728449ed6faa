import * as assert from 'node:assert/strict';
import { KeyValidationError, MalformedPayloadError } from '../../src/core/keys/errors';
import { KeyService } from '../../src/core/keys/keyService';
import type { PaletteApi } from '../../src/core/keys/paletteApi';
import { toPlainKey } from '../../src/core/keys/apiKey';
import { PaletteApiError } from '../../src/core/palette/errors';
import type { V1ApiKey, V1ApiKeyEntity, V1ApiKeyUpdate, V1User, V1UserInfo } from '../../src/core/palette/wireTypes';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2025-03-10T12:00:00.000Z');
const ME = 'user-me';

/** An in-memory Palette tenant: enough behaviour to exercise the service, plus a call log. */
class FakePaletteApi implements PaletteApi {
  readonly host = 'palette.test';
  readonly keys = new Map<string, V1ApiKey>();
  readonly calls: string[] = [];
  readonly created: V1ApiKeyEntity[] = [];
  readonly updates: { uid: string; body: V1ApiKeyUpdate }[] = [];
  admin = true;
  users: V1User[] = [
    { metadata: { uid: ME }, spec: { emailId: 'me@example.com', firstName: 'Mia', lastName: 'Me' }, status: { isActive: true } },
    { metadata: { uid: 'user-2' }, spec: { emailId: 'two@example.com' }, status: { isActive: true } },
  ];
  /** Makes `getApiKey` fail for these uids (to simulate a read failing right after a write). */
  readonly failGet = new Set<string>();
  private counter = 0;

  constructor(private readonly clock: () => Date) {}

  addKey(uid: string, expiry: Date, extra: { createdAt?: Date; ownerUid?: string; isActive?: boolean; description?: string; name?: string } = {}): void {
    const ownerUid = extra.ownerUid ?? ME;
    this.keys.set(uid, {
      metadata: {
        uid,
        name: extra.name ?? `key ${uid}`,
        annotations: { description: extra.description ?? `about ${uid}`, ownerUid, scope: 'tenant', tenantUid: 't1' },
        ...(extra.createdAt ? { creationTimestamp: extra.createdAt.toISOString() } : {}),
      },
      spec: { expiry: expiry.toISOString(), user: { uid: ownerUid } },
      status: { isActive: extra.isActive ?? true },
    });
  }

  async listApiKeys(): Promise<V1ApiKey[]> {
    this.calls.push('listApiKeys');
    return [...this.keys.values()].map((k) => structuredClone(k));
  }

  async getApiKey(uid: string): Promise<V1ApiKey> {
    this.calls.push(`getApiKey ${uid}`);
    if (this.failGet.has(uid)) throw new PaletteApiError({ kind: 'server', message: 'boom', host: this.host, status: 500 });
    const key = this.keys.get(uid);
    if (!key) throw new PaletteApiError({ kind: 'notFound', message: 'no such key', host: this.host, status: 404 });
    return structuredClone(key);
  }

  async createApiKey(body: V1ApiKeyEntity, signal?: AbortSignal): Promise<{ uid: string; apiKey: string }> {
    this.calls.push('createApiKey');
    if (signal?.aborted) throw new PaletteApiError({ kind: 'cancelled', message: 'cancelled', host: this.host });
    this.created.push(structuredClone(body));
    const uid = `new-${++this.counter}`;
    const ownerUid = body.spec.userUid ?? ME;
    this.keys.set(uid, {
      metadata: {
        uid,
        name: body.metadata.name,
        annotations: { ...body.metadata.annotations, ownerUid },
        creationTimestamp: this.clock().toISOString(),
      },
      spec: { expiry: body.spec.expiry, user: { uid: ownerUid } },
      status: { isActive: true },
    });
    return { uid, apiKey: secretValue(this.counter) };
  }

  async updateApiKey(uid: string, body: V1ApiKeyUpdate): Promise<void> {
    this.calls.push(`updateApiKey ${uid}`);
    this.updates.push({ uid, body: structuredClone(body) });
    const key = this.keys.get(uid);
    if (!key) throw new PaletteApiError({ kind: 'notFound', message: 'no such key', host: this.host, status: 404 });
    key.metadata = { ...key.metadata, name: body.metadata.name, annotations: body.metadata.annotations };
    key.spec = { ...key.spec, expiry: body.spec.expiry };
  }

  async setApiKeyActive(uid: string, isActive: boolean): Promise<void> {
    this.calls.push(`setApiKeyActive ${uid} ${isActive}`);
    const key = this.keys.get(uid);
    if (!key) throw new PaletteApiError({ kind: 'notFound', message: 'no such key', host: this.host, status: 404 });
    key.status = { isActive };
  }

  async deleteApiKey(uid: string): Promise<void> {
    this.calls.push(`deleteApiKey ${uid}`);
    if (!this.keys.delete(uid)) throw new PaletteApiError({ kind: 'notFound', message: 'no such key', host: this.host, status: 404 });
  }

  async getUserInfo(): Promise<V1UserInfo> {
    this.calls.push('getUserInfo');
    return { userUid: ME, tenantUid: 't1', orgName: 'Acme' };
  }

  async listUsers(): Promise<V1User[]> {
    this.calls.push('listUsers');
    if (!this.admin) throw new PaletteApiError({ kind: 'forbidden', message: 'not allowed', host: this.host, status: 403 });
    return structuredClone(this.users);
  }
}

// 32 letters and digits, shaped like a real key value.
function secretValue(n: number): string {
  return `Sk${String(n).padStart(4, '0')}aBcDeFgHiJkLmNoPqRsTuVwXyZ01`;
}

function setup(now: Date = NOW): { api: FakePaletteApi; service: KeyService; clock: { now: Date } } {
  const clock = { now };
  const api = new FakePaletteApi(() => clock.now);
  const service = new KeyService(api, () => clock.now, { maxExpiryDays: 90, recommendedExpiryDays: 30, defaultExpiryDays: 30 });
  return { api, service, clock };
}

async function rejectsWith<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${type.name}`);
}

describe('KeyService', () => {
  describe('whoAmI', () => {
    it('detects a tenant admin by listUsers succeeding, and caches', async () => {
      const { api, service } = setup();
      const me = await service.whoAmI();
      assert.deepEqual(me, { userUid: ME, tenantUid: 't1', orgName: 'Acme', isTenantAdmin: true });
      await service.whoAmI();
      assert.deepEqual(api.calls, ['getUserInfo', 'listUsers']);
    });

    it('detects a regular user by a forbidden answer', async () => {
      const { api, service } = setup();
      api.admin = false;
      assert.equal((await service.whoAmI()).isTenantAdmin, false);
    });

    it('propagates other errors and does not cache a failure', async () => {
      const { api, service } = setup();
      const original = api.listUsers.bind(api);
      api.listUsers = async () => {
        throw new PaletteApiError({ kind: 'network', message: 'offline', host: api.host });
      };
      await rejectsWith(service.whoAmI(), PaletteApiError);
      api.listUsers = original;
      assert.equal((await service.whoAmI()).isTenantAdmin, true);
    });

    it('forgets the identity on invalidate', async () => {
      const { api, service } = setup();
      await service.whoAmI();
      service.invalidateIdentity();
      api.admin = false;
      assert.equal((await service.whoAmI()).isTenantAdmin, false);
    });
  });

  describe('listKeys', () => {
    it('returns mapped keys sorted by expiry and counts rejected items', async () => {
      const { api, service } = setup();
      api.addKey('late', new Date(NOW.getTime() + 20 * DAY));
      api.addKey('soon', new Date(NOW.getTime() + 2 * DAY));
      api.keys.set('broken', { metadata: { uid: 'broken', name: 'b' }, spec: { expiry: 'never' } });
      const list = await service.listKeys();
      assert.deepEqual(
        list.keys.map((k) => k.uid),
        ['soon', 'late'],
      );
      assert.equal(list.rejected, 1);
      assert.match(list.problems[0], /broken/);
    });
  });

  describe('listUsers', () => {
    it('maps users for an admin and rejects with forbidden otherwise', async () => {
      const { api, service } = setup();
      assert.deepEqual(
        (await service.listUsers()).map((u) => u.displayName),
        ['Mia Me', 'two@example.com'],
      );
      api.admin = false;
      const error = await rejectsWith(service.listUsers(), PaletteApiError);
      assert.equal(error.kind, 'forbidden');
    });
  });

  describe('createKey', () => {
    it('validates, creates, and returns the key with its value', async () => {
      const { api, service } = setup();
      const { key, value } = await service.createKey({ name: '  ci  ', description: 'Deploys', expiry: '2025-03-20', userUid: 'user-2' });
      assert.equal(value, secretValue(1));
      assert.equal(key.uid, 'new-1');
      assert.equal(key.name, 'ci');
      assert.equal(key.owner.uid, 'user-2');
      assert.equal(key.expiry.toISOString(), '2025-03-20T23:59:59.999Z');
      assert.deepEqual(api.created, [
        { metadata: { name: 'ci', annotations: { description: 'Deploys' } }, spec: { expiry: '2025-03-20T23:59:59.999Z', userUid: 'user-2' } },
      ]);
      assert.ok(!JSON.stringify(toPlainKey(key)).includes(value), 'the plain key never carries the value');
    });

    it('throws a validation error listing the issues and sends nothing', async () => {
      const { api, service } = setup();
      const error = await rejectsWith(service.createKey({ name: ' ', description: '', expiry: '2024-01-01' }), KeyValidationError);
      assert.deepEqual(
        error.issues.map((i) => i.field),
        ['name', 'expiry'],
      );
      assert.match(error.message, /name/);
      assert.match(error.message, /future/);
      assert.deepEqual(api.calls, []);
    });

    it('lets warnings through', async () => {
      const { service } = setup();
      const { key } = await service.createKey({ name: 'long', description: '', expiry: '2025-05-20' });
      assert.equal(key.name, 'long');
    });

    it('still returns the value when reading the new key back fails', async () => {
      const { api, service } = setup();
      api.failGet.add('new-1');
      const { key, value } = await service.createKey({ name: 'ci', description: 'd', expiry: '2025-03-20' });
      assert.equal(value, secretValue(1));
      assert.equal(key.uid, 'new-1');
      assert.equal(key.owner.uid, ME, 'owner falls back to the caller');
      assert.equal(key.isActive, true);
    });

    it('still returns the value when the caller cancels after the key was created', async () => {
      const { api, service } = setup();
      const controller = new AbortController();
      const originalCreate = api.createApiKey.bind(api);
      api.createApiKey = async (body, signal) => {
        const result = await originalCreate(body, signal);
        controller.abort();
        return result;
      };
      const { value } = await service.createKey({ name: 'ci', description: '', expiry: '2025-03-20' }, controller.signal);
      assert.equal(value, secretValue(1));
    });

    it('rejects a creation answer without a value, without quoting anything', async () => {
      const { api, service } = setup();
      api.createApiKey = async () => ({ uid: 'x' }) as { uid: string; apiKey: string };
      const error = await rejectsWith(service.createKey({ name: 'ci', description: '', expiry: '2025-03-20' }), MalformedPayloadError);
      assert.equal(error.field, 'apiKey');
    });
  });

  describe('editKey', () => {
    it('merges changes, preserves annotations, and returns the updated key', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 10 * DAY));
      const updated = await service.editKey('k1', { description: 'new text' });
      assert.equal(updated.description, 'new text');
      assert.equal(updated.name, 'key k1');
      assert.deepEqual(api.updates[0].body.metadata.annotations, { description: 'new text', ownerUid: ME, scope: 'tenant', tenantUid: 't1' });
      assert.equal(api.updates[0].body.spec.expiry, new Date(NOW.getTime() + 10 * DAY).toISOString());
    });

    it('allows renaming an expired key (only changed fields are validated)', async () => {
      const { api, service } = setup();
      api.addKey('old', new Date(NOW.getTime() - 5 * DAY));
      assert.equal((await service.editKey('old', { name: 'renamed' })).name, 'renamed');
    });

    it('validates changed fields', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 10 * DAY));
      const error = await rejectsWith(service.editKey('k1', { expiry: '2030-01-01', name: '' }), KeyValidationError);
      assert.deepEqual(
        error.issues.map((i) => i.field),
        ['name', 'expiry'],
      );
      assert.equal(api.updates.length, 0);
    });

    it('reports the change as sent when the read-back fails', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 10 * DAY));
      const original = api.getApiKey.bind(api);
      let reads = 0;
      api.getApiKey = async (uid) => {
        if (++reads > 1) throw new PaletteApiError({ kind: 'server', message: 'boom', host: api.host, status: 503 });
        return original(uid);
      };
      const updated = await service.editKey('k1', { name: 'renamed' });
      assert.equal(updated.name, 'renamed');
      assert.equal(updated.uid, 'k1');
    });

    it('passes on a notFound error', async () => {
      const { service } = setup();
      assert.equal((await rejectsWith(service.editKey('missing', { name: 'x' }), PaletteApiError)).kind, 'notFound');
    });
  });

  describe('revokeKey / reactivateKey / deleteKey', () => {
    it('toggles the state and deletes', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 10 * DAY));
      await service.revokeKey('k1');
      assert.equal((await service.getKey('k1')).isActive, false);
      await service.reactivateKey('k1');
      assert.equal((await service.getKey('k1')).isActive, true);
      await service.deleteKey('k1');
      assert.equal(api.keys.has('k1'), false);
      assert.deepEqual(
        api.calls.filter((c) => !c.startsWith('getApiKey')),
        ['setApiKeyActive k1 false', 'setApiKeyActive k1 true', 'deleteApiKey k1'],
      );
    });
  });

  describe('renewKey', () => {
    it('extends from the current expiry when it is in the future', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 10 * DAY));
      const renewed = await service.renewKey('k1', 30);
      assert.equal(renewed.expiry.getTime(), NOW.getTime() + 40 * DAY);
    });

    it('extends from now when the key has expired', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() - 10 * DAY));
      assert.equal((await service.renewKey('k1', 7)).expiry.getTime(), NOW.getTime() + 7 * DAY);
    });

    it('caps at the maximum', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 80 * DAY));
      assert.equal((await service.renewKey('k1', 30)).expiry.getTime(), NOW.getTime() + 90 * DAY);
    });

    it('refuses when the key is already at the cap, and for non-positive days', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 90 * DAY));
      await rejectsWith(service.renewKey('k1', 7), KeyValidationError);
      await rejectsWith(service.renewKey('k1', 0), KeyValidationError);
      await rejectsWith(service.renewKey('k1', Number.NaN), KeyValidationError);
      assert.equal(api.updates.length, 0);
    });

    it('follows the injected clock', async () => {
      const { api, service, clock } = setup();
      api.addKey('k1', new Date(NOW.getTime() + DAY));
      clock.now = new Date(NOW.getTime() + 5 * DAY);
      assert.equal((await service.renewKey('k1', 7)).expiry.getTime(), clock.now.getTime() + 7 * DAY);
    });
  });

  describe('rotateKey', () => {
    it('creates a replacement with the same name, description, owner and lifetime', async () => {
      const { api, service, clock } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 7 * DAY), { createdAt: NOW, ownerUid: 'user-2', description: 'CI' });
      clock.now = new Date(NOW.getTime() + 6 * DAY);
      const { oldKey, newKey, value } = await service.rotateKey('k1');
      assert.equal(oldKey.uid, 'k1');
      assert.equal(newKey.uid, 'new-1');
      assert.equal(value, secretValue(1));
      assert.equal(newKey.name, oldKey.name);
      assert.equal(newKey.description, 'CI');
      assert.equal(newKey.owner.uid, 'user-2');
      assert.equal(newKey.expiry.getTime(), clock.now.getTime() + 7 * DAY);
      assert.equal(api.keys.get('k1')?.status?.isActive, true, 'the old key is left alone');
      assert.ok(!api.calls.some((c) => c.startsWith('deleteApiKey') || c.startsWith('setApiKeyActive')));
    });

    it('caps a long lifetime at the maximum', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 300 * DAY), { createdAt: new Date(NOW.getTime() - 65 * DAY) });
      const { newKey } = await service.rotateKey('k1');
      assert.equal(newKey.expiry.getTime(), NOW.getTime() + 90 * DAY);
    });

    it('uses the default lifetime when the old one is unknown', async () => {
      const { api, service } = setup();
      api.addKey('k1', new Date(NOW.getTime() + 3 * DAY));
      const { newKey } = await service.rotateKey('k1');
      assert.equal(newKey.expiry.getTime(), NOW.getTime() + 30 * DAY);
    });
  });

  describe('findOrphans', () => {
    it('finds keys whose owner is not a tenant user', async () => {
      const { api, service } = setup();
      api.addKey('mine', new Date(NOW.getTime() + DAY));
      api.addKey('gone', new Date(NOW.getTime() + DAY), { ownerUid: 'user-left' });
      const { keys } = await service.listKeys();
      const users = await service.listUsers();
      assert.deepEqual(
        service.findOrphans(keys, users).map((k) => k.uid),
        ['gone'],
      );
      assert.deepEqual(service.findOrphans(keys, []), [], 'an empty user list means unknown, not everyone left');
    });
  });

  it('never puts a key value in an error message', async () => {
    const { api, service } = setup();
    const failures: unknown[] = [];
    api.failGet.add('new-1');
    const { value } = await service.createKey({ name: 'ci', description: '', expiry: '2025-03-20' });
    api.failGet.clear();
    for (const attempt of [
      () => service.createKey({ name: value, description: value, expiry: value, userUid: value }),
      () => service.editKey('new-1', { expiry: value }),
      () => service.renewKey('missing', 7),
    ]) {
      try {
        await attempt();
      } catch (e) {
        failures.push(e);
      }
    }
    assert.equal(failures.length, 3);
    for (const failure of failures) {
      const text = `${String(failure)} ${(failure as Error).stack ?? ''} ${JSON.stringify(failure)}`;
      assert.ok(!text.includes(value), text);
    }
  });
});
