import * as assert from 'node:assert/strict';
import { assertSeedDocument, buildDefaultSeed, materializeSeed, type SeedDocument } from '../../src/emulator/seed';
import { EmulatorStore, keyValueHash } from '../../src/emulator/store';

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('emulator seed', () => {
  it('hashes every clear value and keeps the clear ones only in the credentials', () => {
    const { state, credentials } = materializeSeed(buildDefaultSeed(NOW), NOW);
    const text = JSON.stringify(state);
    for (const user of credentials.users) {
      assert.ok(user.apiKey && !text.includes(user.apiKey));
      assert.ok(user.password && !text.includes(user.password));
    }
    assert.ok(state.keys.every((key) => /^[0-9a-f]{64}$/.test(key.valueHash)), 'every key has a hash');
    assert.equal(new Set(state.keys.map((key) => key.valueHash)).size, state.keys.length);
  });

  it('re-keys the admin and first user sign-in keys with the overrides', () => {
    const { state, credentials } = materializeSeed(buildDefaultSeed(NOW), NOW, { adminKey: 'a'.repeat(32), userKey: 'b'.repeat(32) });
    const store = new EmulatorStore(state, () => NOW);
    assert.equal(store.findKeyByValue('a'.repeat(32))?.ownerUid, credentials.users[0].uid);
    assert.equal(store.findKeyByValue('b'.repeat(32))?.ownerUid, credentials.users[1].uid);
    assert.equal(credentials.adminKey, 'a'.repeat(32));
  });

  it('creates a 90-day sign-in key for an overridden user who has no usable key', () => {
    const seed: SeedDocument = {
      tenant: { uid: 't', name: 'T' },
      users: [{ uid: 'u', email: 'u@t.example', firstName: 'U', lastName: 'Ser', isTenantAdmin: true }],
      keys: [{ uid: 'old', name: 'old', ownerUid: 'u', isActive: true, expiry: '2029-01-01T00:00:00Z', valueHash: keyValueHash('x') }],
    };
    const { state } = materializeSeed(seed, NOW, { adminKey: 'c'.repeat(32) });
    const created = state.keys.find((key) => key.valueHash === keyValueHash('c'.repeat(32)));
    assert.ok(created);
    assert.equal(Math.round((Date.parse(created.expiry) - NOW) / 86_400_000), 90);
    assert.equal(state.keys.find((key) => key.uid === 'old')?.valueHash, keyValueHash('x'), 'expired key untouched');
  });

  it('rejects malformed seed documents with a message naming the problem', () => {
    assert.throws(() => assertSeedDocument(null, 'seed.json'), /seed\.json: must contain a JSON object/);
    assert.throws(() => assertSeedDocument({ tenant: { uid: 't', name: 'T' }, users: [] }), /"users" and "keys"/);
    assert.throws(() => assertSeedDocument({ tenant: { uid: 't', name: 'T' }, users: [], keys: [{ uid: 'k', name: 'k', ownerUid: 'u' }] }), /expiry/);
    assert.doesNotThrow(() => assertSeedDocument(buildDefaultSeed(NOW)));
  });
});
