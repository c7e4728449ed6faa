import * as assert from 'node:assert/strict';
import { MalformedPayloadError } from '../../src/core/keys/errors';
import {
  mapApiKey,
  mapApiKeys,
  mapCreateResponse,
  mapUser,
  mapUserInfo,
  mapUsers,
  toApiKeyEntity,
  toApiKeyUpdate,
} from '../../src/core/palette/mapping';
import type { V1ApiKey, V1User } from '../../src/core/palette/wireTypes';

// Looks like a real key value (32 letters and digits); it must never surface in an error.
const SECRET_VALUE = 'Zq3LwX9pT2mVb7NcR4kYh8JdF6sA1uGe';

function wireKey(overrides: { metadata?: object; spec?: object; status?: object } = {}): Record<string, unknown> {
  return {
    metadata: {
      uid: 'key-1',
      name: 'ci-deploy',
      annotations: { description: 'Deploys', ownerUid: 'user-1', scope: 'tenant', tenantUid: 'tenant-1' },
      creationTimestamp: '2025-01-01T00:00:00Z',
      lastModifiedTimestamp: '2025-01-02T03:04:05.123456789Z',
      ...overrides.metadata,
    },
    spec: { expiry: '2025-04-01T00:00:00.000Z', user: { uid: 'user-1', firstName: 'Ada', lastName: 'Lovelace' }, ...overrides.spec },
    status: { isActive: true, ...overrides.status },
  };
}

function malformed(fn: () => unknown): MalformedPayloadError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof MalformedPayloadError, `expected MalformedPayloadError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the mapping to throw');
}

describe('mapApiKey', () => {
  it('maps every field of a complete key', () => {
    const key = mapApiKey(wireKey());
    assert.deepEqual(key, {
      uid: 'key-1',
      name: 'ci-deploy',
      description: 'Deploys',
      expiry: new Date('2025-04-01T00:00:00Z'),
      isActive: true,
      owner: { uid: 'user-1', firstName: 'Ada', lastName: 'Lovelace', displayName: 'Ada Lovelace' },
      createdAt: new Date('2025-01-01T00:00:00Z'),
      lastModifiedAt: new Date('2025-01-02T03:04:05.123Z'),
      tenantUid: 'tenant-1',
      scope: 'tenant',
    });
  });

  it('maps a minimal key, with defaults for the optional parts', () => {
    const key = mapApiKey({ metadata: { uid: 'k', name: 'n' }, spec: { expiry: '2025-04-01T00:00:00Z', user: { uid: 'u' } } });
    assert.equal(key.description, '');
    assert.equal(key.isActive, false, 'go-swagger omits a false isActive');
    assert.equal(key.createdAt, undefined);
    assert.equal(key.tenantUid, undefined);
    assert.deepEqual(key.owner, { uid: 'u', firstName: '', lastName: '', displayName: 'u' });
  });

  it('falls back to the uid for the owner name, and to the ownerUid annotation for the owner', () => {
    const key = mapApiKey(wireKey({ spec: { user: null } }));
    assert.equal(key.owner.uid, 'user-1');
    assert.equal(key.owner.displayName, 'user-1');
    assert.equal(mapApiKey(wireKey({ spec: { user: { uid: 'u9', firstName: ' ', lastName: 'Solo' } } })).owner.displayName, 'Solo');
  });

  it('treats null as absent', () => {
    const key = mapApiKey(wireKey({ metadata: { annotations: null, creationTimestamp: null }, status: { isActive: null } }));
    assert.equal(key.description, '');
    assert.equal(key.createdAt, undefined);
    assert.equal(key.isActive, false);
  });

  it('ignores unknown fields', () => {
    const dto = wireKey({ metadata: { labels: { a: 'b' }, futureField: 1 }, spec: { newThing: [1, 2] } });
    (dto as Record<string, unknown>).extra = { deeply: { nested: true } };
    assert.equal(mapApiKey(dto).uid, 'key-1');
  });

  it('drops non-string annotations instead of failing', () => {
    const key = mapApiKey(wireKey({ metadata: { annotations: { description: 42, scope: 'tenant' } } }));
    assert.equal(key.description, '');
    assert.equal(key.scope, 'tenant');
  });

  const rejections: [string, Record<string, unknown> | unknown, string, string][] = [
    ['missing uid', wireKey({ metadata: { uid: undefined } }), 'metadata.uid', 'missing'],
    ['empty uid', wireKey({ metadata: { uid: '  ' } }), 'metadata.uid', 'empty'],
    ['numeric uid', wireKey({ metadata: { uid: 7 } }), 'metadata.uid', 'not a string'],
    ['missing name', wireKey({ metadata: { name: undefined } }), 'metadata.name', 'missing'],
    ['numeric name', wireKey({ metadata: { name: 12 } }), 'metadata.name', 'not a string'],
    ['missing expiry', wireKey({ spec: { expiry: undefined } }), 'spec.expiry', 'missing'],
    ['invalid expiry', wireKey({ spec: { expiry: 'soon' } }), 'spec.expiry', 'not a valid date'],
    ['rolled-over expiry', wireKey({ spec: { expiry: '2025-02-30T00:00:00Z' } }), 'spec.expiry', 'not a valid date'],
    ['numeric expiry', wireKey({ spec: { expiry: 1735689600 } }), 'spec.expiry', 'not a string'],
    ['string isActive', wireKey({ status: { isActive: 'true' } }), 'status.isActive', 'not a boolean'],
    ['invalid creationTimestamp', wireKey({ metadata: { creationTimestamp: 'yesterday' } }), 'metadata.creationTimestamp', 'not a valid date'],
    ['array annotations', wireKey({ metadata: { annotations: ['x'] } }), 'metadata.annotations', 'not an object'],
    ['numeric owner name', wireKey({ spec: { user: { uid: 'u', firstName: 5 } } }), 'spec.user.firstName', 'not a string'],
    ['no owner at all', wireKey({ metadata: { annotations: {} }, spec: { user: {} } }), 'spec.user.uid', 'missing'],
    ['a string payload', 'key', 'payload', 'not an object'],
    ['a null payload', null, 'payload', 'not an object'],
    ['an array payload', [wireKey()], 'payload', 'not an object'],
  ];
  for (const [label, dto, field, problem] of rejections) {
    it(`rejects ${label}`, () => {
      const error = malformed(() => mapApiKey(dto));
      assert.equal(error.field, field);
      assert.equal(error.payload, 'apiKey');
      assert.ok(error.message.includes(problem), error.message);
    });
  }

  it('names the item uid in the error once known, but never a field value', () => {
    const error = malformed(() => mapApiKey(wireKey({ spec: { expiry: SECRET_VALUE } })));
    assert.equal(error.itemUid, 'key-1');
    assert.match(error.message, /key-1/);
    assert.ok(!error.message.includes(SECRET_VALUE));
    assert.ok(!String(error.stack).includes(SECRET_VALUE));
  });

  it('never copies the deprecated spec.key field into the domain', () => {
    const key = mapApiKey(wireKey({ spec: { key: SECRET_VALUE } }));
    assert.ok(!JSON.stringify(key).includes(SECRET_VALUE));
  });
});

describe('mapApiKeys', () => {
  it('keeps good items and counts bad ones', () => {
    const result = mapApiKeys([wireKey(), wireKey({ metadata: { uid: 'k2', name: null } }), 42, wireKey({ metadata: { uid: 'k3' } })]);
    assert.deepEqual(
      result.keys.map((k) => k.uid),
      ['key-1', 'k3'],
    );
    assert.equal(result.rejected, 2);
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0], /k2/);
  });

  it('throws when the list itself is not a list', () => {
    assert.equal(malformed(() => mapApiKeys({ items: [] })).field, 'items');
  });

  it('maps an empty list', () => {
    assert.deepEqual(mapApiKeys([]), { keys: [], rejected: 0, problems: [] });
  });

  it('maps 5,000 keys quickly and caps the reported problems', () => {
    const items: unknown[] = [];
    for (let i = 0; i < 5000; i++) {
      const expiry = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      items.push(i % 100 === 99 ? wireKey({ metadata: { uid: `k${i}`, name: undefined } }) : wireKey({ metadata: { uid: `k${i}` }, spec: { expiry } }));
    }
    const started = process.hrtime.bigint();
    const result = mapApiKeys(items);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(result.keys.length, 4950);
    assert.equal(result.rejected, 50);
    assert.equal(result.problems.length, 10);
    assert.equal(new Set(result.keys.map((k) => k.uid)).size, 4950);
    assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms`);
  });
});

describe('mapUser / mapUsers', () => {
  const user: V1User = {
    metadata: { uid: 'user-1', name: 'ada' },
    spec: { emailId: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', roles: ['tenant-admin'] },
    status: { isActive: true },
  };

  it('maps a complete user', () => {
    assert.deepEqual(mapUser(user), {
      uid: 'user-1',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      displayName: 'Ada Lovelace',
      roles: ['tenant-admin'],
      isActive: true,
    });
  });

  it('falls back to the email, then the uid, for the display name', () => {
    assert.equal(mapUser({ metadata: { uid: 'u2' }, spec: { emailId: 'b@example.com' } }).displayName, 'b@example.com');
    assert.equal(mapUser({ metadata: { uid: 'u3' } }).displayName, 'u3');
  });

  it('rejects wrong types', () => {
    assert.equal(malformed(() => mapUser({ metadata: { uid: 'u' }, spec: { roles: 'admin' } })).field, 'spec.roles');
    assert.equal(malformed(() => mapUser({ metadata: { uid: 'u' }, spec: { roles: [1] } })).field, 'spec.roles');
    assert.equal(malformed(() => mapUser({ metadata: {} })).field, 'metadata.uid');
  });

  it('skips bad users in a list', () => {
    const result = mapUsers([user, { spec: {} }]);
    assert.equal(result.users.length, 1);
    assert.equal(result.rejected, 1);
  });
});

describe('mapUserInfo', () => {
  it('maps the caller', () => {
    assert.deepEqual(mapUserInfo({ userUid: 'u', tenantUid: 't', orgName: 'Acme', extra: true }), { userUid: 'u', tenantUid: 't', orgName: 'Acme' });
  });

  it('requires userUid', () => {
    assert.equal(malformed(() => mapUserInfo({ tenantUid: 't' })).field, 'userUid');
  });
});

describe('mapCreateResponse', () => {
  it('returns uid and value', () => {
    assert.deepEqual(mapCreateResponse({ uid: 'k', apiKey: SECRET_VALUE }), { uid: 'k', value: SECRET_VALUE });
  });

  it('rejects a missing value without quoting the payload', () => {
    const error = malformed(() => mapCreateResponse({ uid: SECRET_VALUE }));
    assert.equal(error.field, 'apiKey');
    assert.ok(!error.message.includes(SECRET_VALUE));
  });

  it('rejects a missing uid without quoting the value', () => {
    const error = malformed(() => mapCreateResponse({ apiKey: SECRET_VALUE }));
    assert.equal(error.field, 'uid');
    assert.ok(!error.message.includes(SECRET_VALUE));
  });
});

describe('form -> wire', () => {
  const fields = { name: 'ci', description: 'Deploys', expiry: new Date('2025-04-01T00:00:00Z') };

  it('builds a create body', () => {
    assert.deepEqual(toApiKeyEntity(fields, 'user-2'), {
      metadata: { name: 'ci', annotations: { description: 'Deploys' } },
      spec: { expiry: '2025-04-01T00:00:00.000Z', userUid: 'user-2' },
    });
  });

  it('leaves out an empty description and owner', () => {
    assert.deepEqual(toApiKeyEntity({ ...fields, description: '' }), {
      metadata: { name: 'ci' },
      spec: { expiry: '2025-04-01T00:00:00.000Z' },
    });
  });

  it('builds an update body that preserves existing annotations', () => {
    const existing = wireKey() as V1ApiKey;
    const body = toApiKeyUpdate({ ...fields, description: 'New' }, existing);
    assert.deepEqual(body, {
      metadata: { name: 'ci', annotations: { description: 'New', ownerUid: 'user-1', scope: 'tenant', tenantUid: 'tenant-1' } },
      spec: { expiry: '2025-04-01T00:00:00.000Z' },
    });
    assert.equal(existing.metadata?.annotations?.description, 'Deploys', 'the existing payload is not mutated');
  });

  it('sends an empty description on update so it can be cleared', () => {
    assert.deepEqual(toApiKeyUpdate({ ...fields, description: '' }).metadata.annotations, { description: '' });
  });
});
