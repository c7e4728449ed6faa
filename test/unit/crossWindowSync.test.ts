import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ConnectionsState } from '../../src/core/connections/connection';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import {
  REVISION_SECRET_KEY, RevisionGuardedSecretStore, StaleSecretsError, type RevisionBoard,
} from '../../src/core/secrets/revisionGuardedSecretStore';
import { SECRET_KEYS } from '../../src/core/secrets/secretKeys';
import { InMemorySecretStore, type SecretStore } from '../../src/core/secrets/secretStore';
import { SecretsSignalBoard } from '../../src/core/sync/secretsSignalBoard';
import { SignalFolder } from '../../src/core/sync/signalFolder';
import { keyListDigest, keysScope, parseKeysSignal, parseSecretsSignal } from '../../src/core/sync/windowSignals';

const CANARY_A = 'CanaryWindowA0000000000000000001';
const CANARY_B = 'CanaryWindowB0000000000000000002';

/**
 * One browser tab's secret storage as VS Code for the Web implements it: the shared record
 * (localStorage) is copied once when the tab opens, reads come from the copy, and every write
 * puts the tab's whole copy back.
 */
class WebTabSecrets implements SecretStore {
  private readonly copy: Map<string, string>;

  constructor(private readonly localStorage: Map<string, string>) {
    this.copy = new Map(localStorage);
  }

  async get(key: string): Promise<string | undefined> {
    return this.copy.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.copy.set(key, value);
    this.writeBack();
  }

  async delete(key: string): Promise<void> {
    this.copy.delete(key);
    this.writeBack();
  }

  private writeBack(): void {
    this.localStorage.clear();
    for (const [key, value] of this.copy) this.localStorage.set(key, value);
  }
}

class MemoryBoard implements RevisionBoard {
  revision = 0;
  publishes = 0;

  async latest(): Promise<number> {
    return this.revision;
  }

  async publish(revision: number): Promise<void> {
    this.publishes++;
    this.revision = Math.max(this.revision, revision);
  }
}

function info(userUid: string) {
  return { baseUrl: 'https://palette.example', label: `Org (${userUid})`, authKind: 'apiKey' as const, userUid, tenantUid: 't1', orgName: 'Org' };
}

describe('cross-window sync', () => {
  describe('RevisionGuardedSecretStore', () => {
    it('without the guard, a stale web tab silently erases the other tab\'s sign-in (the bug it prevents)', async () => {
      const localStorage = new Map<string, string>();
      const tabA = new ConnectionStore(new WebTabSecrets(localStorage), () => 'a');
      const tabBSecrets = new WebTabSecrets(localStorage);
      await tabA.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_A });
      await tabBSecrets.store(SECRET_KEYS.extraKnownValues, '[]');
      assert.equal(localStorage.get(SECRET_KEYS.connections), undefined, 'tab B put its old copy back');
    });

    it('refuses a write from a stale web tab, so the other tab\'s sign-in survives', async () => {
      const localStorage = new Map<string, string>();
      const board = new MemoryBoard();
      const tabA = new ConnectionStore(new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1), () => 'a');
      const tabB = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1);
      await tabA.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_A });
      assert.equal(board.revision, 2, 'credential and connection list: two writes');
      assert.equal(await tabB.isStale(), true);
      await assert.rejects(tabB.store(SECRET_KEYS.extraKnownValues, JSON.stringify([CANARY_B])), (e: unknown) => {
        assert.ok(e instanceof StaleSecretsError);
        assert.match(e.message, /another window\. Reload this window/);
        assert.ok(!e.message.includes(CANARY_A) && !e.message.includes(CANARY_B), 'no secret in the message');
        return true;
      });
      await assert.rejects(new ConnectionStore(tabB, () => 'b').add(info('u2'), { kind: 'apiKey', apiKey: CANARY_B }), StaleSecretsError);
      assert.ok(localStorage.get(SECRET_KEYS.connections)?.includes('"a"'), 'tab A\'s connection is still stored');
      assert.equal(localStorage.get(SECRET_KEYS.credential('b')), undefined);
      // Reloaded, tab B reads tab A's record and may write again.
      const reloadedB = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1);
      assert.equal(await reloadedB.isStale(), false);
      await reloadedB.store(SECRET_KEYS.extraKnownValues, '[]');
      assert.equal(board.revision, 3);
      assert.ok(localStorage.get(SECRET_KEYS.connections)?.includes('"a"'));
    });

    it('lets every window write when they share one secret storage (desktop keychain)', async () => {
      const shared = new InMemorySecretStore();
      const board = new MemoryBoard();
      const windowA = new RevisionGuardedSecretStore(shared, board, 1);
      const windowB = new RevisionGuardedSecretStore(shared, board, 1);
      await windowA.store('k1', 'v1');
      await windowB.store('k2', 'v2');
      await windowA.delete('k1');
      assert.equal(await shared.get(REVISION_SECRET_KEY), '3');
      assert.equal(board.revision, 3);
      assert.equal(await windowA.isStale(), false);
      assert.equal(await windowB.isStale(), false);
    });

    it('reads once more before refusing: a racing write from another window becomes visible', async () => {
      const shared = new InMemorySecretStore();
      const board = new MemoryBoard();
      const window = new RevisionGuardedSecretStore(shared, board, 20);
      // The other window has announced revision 1 but its counter lands in storage a moment later.
      board.revision = 1;
      setTimeout(() => void shared.store(REVISION_SECRET_KEY, '1'), 5);
      await window.store('k', 'v');
      assert.equal(await shared.get(REVISION_SECRET_KEY), '2');
    });

    it('does not count a store of the same value or a delete of nothing as a write', async () => {
      const board = new MemoryBoard();
      const secrets = new RevisionGuardedSecretStore(new InMemorySecretStore(), board, 1);
      await secrets.store('k', 'v');
      await secrets.store('k', 'v');
      await secrets.delete('absent');
      assert.equal(board.publishes, 1);
      await secrets.delete('k');
      assert.equal(board.publishes, 2);
      assert.equal(await secrets.get('k'), undefined);
    });
  });

  describe('signal files', () => {
    let folder: string;
    beforeEach(() => {
      folder = mkdtempSync(path.join(tmpdir(), 'palette-signals-'));
    });
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('publishes revision, window and connection ids, never a secret, and never lowers the revision', async () => {
      const signals = new SignalFolder(folder);
      // The board reads the connections the store just wrote, as the extension wires them.
      const board: SecretsSignalBoard = new SecretsSignalBoard(signals, 'window-a', (): Promise<ConnectionsState> => store.read());
      const store = new ConnectionStore(new RevisionGuardedSecretStore(new InMemorySecretStore(), board, 1), () => 'conn-1');
      await store.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_A });
      const text = readFileSync(path.join(folder, 'secrets'), 'utf8');
      assert.ok(!text.includes(CANARY_A), 'the signal holds no credential');
      assert.deepEqual(parseSecretsSignal(text), { revision: 2, windowId: 'window-a', activeId: 'conn-1', connectionIds: ['conn-1'] });
      await board.publish(1);
      assert.equal(await board.latest(), 2);
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
    });

    it('tells a watcher in another window which signal changed', async () => {
      const writer = new SignalFolder(folder);
      const watcher = new SignalFolder(folder);
      const heard: string[][] = [];
      const stop = await watcher.watch((names) => heard.push([...names].sort()), 30);
      try {
        await writer.write('keys', JSON.stringify({ windowId: 'w', scope: 's', digest: 'd' }));
        await writer.write('secrets', JSON.stringify({ revision: 1, windowId: 'w', connectionIds: [] }));
        for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepEqual(heard, [['keys', 'secrets']], 'one call after the burst, temporary files not reported');
        assert.deepEqual(parseKeysSignal(await watcher.read('keys')), { windowId: 'w', scope: 's', digest: 'd' });
      } finally {
        stop();
      }
    });

    it('reads a missing or damaged signal as none', async () => {
      const signals = new SignalFolder(folder);
      assert.equal(await signals.read('secrets'), undefined);
      for (const text of [undefined, '', '{', '[]', 'null', '{"revision":-1,"windowId":"w"}', '{"revision":1.5,"windowId":"w"}', '{"revision":1}']) {
        assert.equal(parseSecretsSignal(text), undefined, String(text));
      }
      assert.deepEqual(parseSecretsSignal('{"revision":4,"windowId":"w","connectionIds":["a",7]}'), { revision: 4, windowId: 'w', connectionIds: ['a'] });
      assert.equal(parseKeysSignal('{"windowId":"w","scope":1,"digest":"d"}'), undefined);
    });
  });

  describe('key list digest', () => {
    const owner = { uid: 'o1', firstName: 'Ada', lastName: 'Admin', displayName: 'Ada Admin' };
    const key = (uid: string, name: string, expiry = '2030-01-01T00:00:00Z') => ({ uid, name, description: '', expiry: new Date(expiry), isActive: true, owner });

    it('ignores order and changes with any shown field, nested or a date', () => {
      const list = [key('k1', 'one'), key('k2', 'two')];
      const digest = keyListDigest(list);
      assert.equal(keyListDigest([...list].reverse()), digest);
      assert.notEqual(keyListDigest([key('k1', 'one')]), digest, 'a deleted key');
      assert.notEqual(keyListDigest([key('k1', 'one'), key('k2', 'renamed')]), digest, 'a renamed key');
      assert.notEqual(keyListDigest([key('k1', 'one'), key('k2', 'two', '2030-02-01T00:00:00Z')]), digest, 'a renewed key');
      assert.notEqual(keyListDigest([key('k1', 'one'), { ...key('k2', 'two'), owner: { ...owner, displayName: 'A. Admin' } }]), digest, 'an owner change');
      assert.notEqual(keyListDigest([key('k1', 'one'), { ...key('k2', 'two'), isActive: false }]), digest, 'a revoked key');
    });

    it('names a tenant scope without writing down its host or uid', () => {
      const scope = keysScope('https://palette.example', 'tenant-1');
      assert.equal(scope, keysScope('https://palette.example', 'tenant-1'));
      assert.notEqual(scope, keysScope('https://palette.example', 'tenant-2'));
      assert.ok(!scope.includes('palette') && !scope.includes('tenant'));
    });
  });
});
