import * as assert from 'node:assert/strict';
import { ConnectionStore, parseConnectionsState } from '../../src/core/connections/connectionStore';
import { SECRET_KEYS } from '../../src/core/secrets/secretKeys';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';

const CANARY_KEY = 'CanaryConnKey0000000000000000001';

function info(userUid: string, baseUrl = 'https://api.spectrocloud.com') {
  return { baseUrl, label: `Org (${userUid})`, authKind: 'apiKey' as const, userUid, tenantUid: 't1', orgName: 'Org' };
}

describe('ConnectionStore', () => {
  it('adds a connection, makes it active and keeps the credential apart from the metadata', async () => {
    const secrets = new InMemorySecretStore();
    let n = 0;
    const store = new ConnectionStore(secrets, () => `id${++n}`);
    const added = await store.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_KEY });
    assert.equal(added.id, 'id1');
    assert.equal((await store.active())?.id, 'id1');
    assert.deepEqual(await store.credential('id1'), { kind: 'apiKey', apiKey: CANARY_KEY });
    const metadata = await secrets.get(SECRET_KEYS.connections);
    assert.ok(metadata && !metadata.includes(CANARY_KEY), 'the connection list must not hold the credential');
  });

  it('replaces the entry when the same user signs in to the same tenant again', async () => {
    let n = 0;
    const store = new ConnectionStore(new InMemorySecretStore(), () => `id${++n}`);
    await store.add(info('u1'), { kind: 'apiKey', apiKey: 'a'.repeat(32) });
    await store.add(info('u2'), { kind: 'apiKey', apiKey: 'b'.repeat(32) });
    const again = await store.add(info('u1'), { kind: 'apiKey', apiKey: 'c'.repeat(32) });
    const state = await store.read();
    assert.equal(again.id, 'id1');
    assert.equal(state.connections.length, 2);
    assert.equal(state.activeId, 'id1');
    assert.deepEqual(await store.credential('id1'), { kind: 'apiKey', apiKey: 'c'.repeat(32) });
  });

  it('removes a connection with its credential and kept key values, and activates another', async () => {
    const secrets = new InMemorySecretStore();
    let n = 0;
    const store = new ConnectionStore(secrets, () => `id${++n}`);
    const vault = new KeyValueVault(secrets);
    await store.add(info('u1'), { kind: 'apiKey', apiKey: 'a'.repeat(32) });
    await store.add(info('u2'), { kind: 'apiKey', apiKey: 'b'.repeat(32) });
    await vault.save('id2', 'key-1', CANARY_KEY);
    await store.remove('id2');
    assert.equal((await store.read()).activeId, 'id1');
    assert.equal(await store.credential('id2'), undefined);
    assert.equal(await vault.get('id2', 'key-1'), undefined);
    assert.deepEqual(await vault.list('id2'), []);
  });

  it('refuses to activate a connection that does not exist', async () => {
    const store = new ConnectionStore(new InMemorySecretStore());
    await assert.rejects(store.setActive('missing'), /no longer exists/);
  });

  it('serialises concurrent additions so that none is lost', async () => {
    let n = 0;
    const store = new ConnectionStore(new InMemorySecretStore(), () => `id${++n}`);
    await Promise.all(['u1', 'u2', 'u3', 'u4'].map((u) => store.add(info(u), { kind: 'apiKey', apiKey: u.repeat(16) })));
    assert.equal((await store.read()).connections.length, 4);
  });

  it('reads damaged stored state as empty instead of failing', () => {
    assert.deepEqual(parseConnectionsState('{not json'), { connections: [] });
    assert.deepEqual(parseConnectionsState('[1,2]'), { connections: [] });
    const partlyBad = JSON.stringify({ connections: [{ id: 'x' }, { ...info('u1'), id: 'ok' }], activeId: 'gone' });
    const state = parseConnectionsState(partlyBad);
    assert.deepEqual(state.connections.map((c) => c.id), ['ok']);
    assert.equal(state.activeId, 'ok');
  });
});

describe('KeyValueVault', () => {
  it('keeps values per connection and lists them for the scanner', async () => {
    const vault = new KeyValueVault(new InMemorySecretStore());
    await vault.save('c1', 'k1', CANARY_KEY);
    await vault.save('c1', 'k2', 'Other0000000000000000000000000002');
    await vault.save('c1', 'k1', CANARY_KEY);
    const values = await vault.list('c1');
    assert.deepEqual(values.map((v) => v.keyUid), ['k1', 'k2']);
    await vault.forget('c1', 'k1');
    assert.deepEqual((await vault.list('c1')).map((v) => v.keyUid), ['k2']);
  });

  it('keeps user-registered values without duplicates', async () => {
    const vault = new KeyValueVault(new InMemorySecretStore());
    await vault.addExtraValue(CANARY_KEY);
    await vault.addExtraValue(CANARY_KEY);
    assert.deepEqual(await vault.extraValues(), [CANARY_KEY]);
  });
});

describe('store change events', () => {
  it('the connection store announces each write before its promise settles', async () => {
    let n = 0;
    const store = new ConnectionStore(new InMemorySecretStore(), () => `id${++n}`);
    const heard: string[] = [];
    const subscription = store.onDidChange((change) => heard.push(change.origin));
    await store.add(info('u1'), { kind: 'apiKey', apiKey: 'a'.repeat(32) });
    assert.deepEqual(heard, ['write']);
    await store.setActive('id1');
    await store.remove('id1');
    assert.deepEqual(heard, ['write', 'write', 'write']);
    subscription.dispose();
    await store.add(info('u2'), { kind: 'apiKey', apiKey: 'b'.repeat(32) });
    assert.equal(heard.length, 3, 'a disposed subscription hears nothing');
  });

  it('the vault announces saved, forgotten and registered values', async () => {
    const vault = new KeyValueVault(new InMemorySecretStore());
    let heard = 0;
    vault.onDidChange(() => heard++);
    vault.onDidChange(() => {
      throw new Error('a failing listener must not break the write');
    });
    await vault.save('c1', 'k1', CANARY_KEY);
    await vault.forget('c1', 'k1');
    await vault.addExtraValue(CANARY_KEY);
    assert.equal(heard, 3);
  });
});
