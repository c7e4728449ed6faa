import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ConnectionsState } from '../../src/core/connections/connection';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { SECRET_KEYS } from '../../src/core/secrets/secretKeys';
import { InMemorySecretStore, type SecretStore } from '../../src/core/secrets/secretStore';
import {
  CLAIMS, KEYS_SIGNAL, REVISION_STAMP, SECRETS_SIGNAL, type RevisionStamp, type StorageOnBoard,
} from '../../src/core/sync/channels';
import { CrossWindowOnce } from '../../src/core/sync/crossWindowOnce';
import { keyListDigest, keysScope } from '../../src/core/sync/keyListDigest';
import {
  COPY_LOAD_MARGIN_MS, RevisionGuardedSecretStore, StaleSecretsError, type RevisionBoard,
} from '../../src/core/sync/revisionGuardedSecretStore';
import { SecretsSignalBoard } from '../../src/core/sync/secretsSignalBoard';
import { SignalFolder } from '../../src/core/sync/signalFolder';
import { WindowSync } from '../../src/core/sync/windowSync';

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

/** The board as a map in memory; `clock` stands for the time each storage was first announced. */
class MemoryBoard implements RevisionBoard {
  readonly entries = new Map<string, StorageOnBoard>();
  publishes = 0;
  /** Time of a first announcement: now, as in the extension (the tests move copies' load times around it). */
  clock = Date.now();

  async storages(): Promise<ReadonlyMap<string, StorageOnBoard>> {
    return this.entries;
  }

  async publish(stamp: RevisionStamp): Promise<void> {
    this.publishes++;
    const known = this.entries.get(stamp.storageId);
    this.entries.set(stamp.storageId, { revision: Math.max(stamp.revision, known?.revision ?? 0), since: known?.since ?? this.clock });
  }

  /** The counter announced for the only storage written so far. */
  get revision(): number {
    assert.ok(this.entries.size <= 1, 'one secret storage expected');
    return [...this.entries.values()][0]?.revision ?? 0;
  }
}

/** The counter part of a stamp in secret storage. */
async function storedRevision(store: SecretStore): Promise<number> {
  return Number((await store.get(REVISION_STAMP.name))?.split(':').pop());
}

function info(userUid: string) {
  return { baseUrl: 'https://palette.example', label: `Org (${userUid})`, authKind: 'apiKey' as const, userUid, tenantUid: 't1', orgName: 'Org' };
}

describe('cross-window sync', () => {
  describe('RevisionGuardedSecretStore', () => {
    it('lets a tab opened after another tab\'s sign-in write, and refuses the same write from a tab opened before it', async () => {
      // The product's guard decides both: the only difference between the two tabs is when their copy was loaded.
      const localStorage = new Map<string, string>();
      const board = new MemoryBoard();
      const tabA = new ConnectionStore(new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1), () => 'a');
      const openedBefore = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1);
      await tabA.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_A });
      const openedAfter = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1);
      assert.equal(await openedAfter.isStale(), false);
      await openedAfter.store(SECRET_KEYS.extraKnownValues, '[]');
      assert.equal(localStorage.get(SECRET_KEYS.extraKnownValues), '[]', 'the current tab\'s write landed');
      assert.equal(await openedBefore.isStale(), true);
      await assert.rejects(openedBefore.store(SECRET_KEYS.extraKnownValues, JSON.stringify([CANARY_B])), StaleSecretsError);
      assert.equal(localStorage.get(SECRET_KEYS.extraKnownValues), '[]', 'nothing of the stale tab\'s write landed');
      assert.ok(localStorage.get(SECRET_KEYS.connections)?.includes('"a"'), 'tab A\'s connection is still stored');
      assert.ok(localStorage.has(SECRET_KEYS.credential('a')), 'and its credential');
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

    it('a stale tab stays stale after later writes of its own storage, also when it held a stamp already', async () => {
      const localStorage = new Map<string, string>();
      const board = new MemoryBoard();
      const tabA = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1);
      await tabA.store('k1', 'v1');
      const tabB = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1);
      assert.equal(await tabB.isStale(), false, 'loaded after the write');
      await tabA.store('k2', 'v2');
      assert.equal(await tabB.isStale(), true, 'loaded before the second write');
      await assert.rejects(tabB.store('k3', 'v3'), StaleSecretsError);
      assert.equal(localStorage.get('k2'), 'v2');
    });

    it('lets a second browser (a secret storage of its own) sign in, and neither browser blocks the other', async () => {
      const board = new MemoryBoard();
      const firstBrowser = new Map<string, string>();
      const secondBrowser = new Map<string, string>();
      const tabA = new ConnectionStore(new RevisionGuardedSecretStore(new WebTabSecrets(firstBrowser), board, 1), () => 'a');
      await tabA.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_A });
      // The second browser opens later than the first browser's first write (beyond the load margin).
      const later = board.clock + 2 * COPY_LOAD_MARGIN_MS;
      const tabB = new RevisionGuardedSecretStore(new WebTabSecrets(secondBrowser), board, 1, later);
      assert.equal(await tabB.isStale(), false, 'an empty storage of its own is not a stale copy of another');
      const storeB = new ConnectionStore(tabB, () => 'b');
      await storeB.add(info('u2'), { kind: 'apiKey', apiKey: CANARY_B });
      assert.equal(board.entries.size, 2, 'two secret storages on one board');
      assert.equal((await storeB.read()).activeId, 'b');
      // Each browser goes on writing; the other's counter never makes it stale.
      const firstAgain = new RevisionGuardedSecretStore(new WebTabSecrets(firstBrowser), board, 1, later);
      assert.equal(await firstAgain.isStale(), false);
      await new ConnectionStore(firstAgain, () => 'a2').add(info('u3'), { kind: 'apiKey', apiKey: CANARY_A });
      assert.equal(await tabB.isStale(), false);
      await tabB.store(SECRET_KEYS.extraKnownValues, '[]');
      assert.ok(firstBrowser.get(SECRET_KEYS.connections)?.includes('"a2"'));
      assert.ok(!firstBrowser.get(SECRET_KEYS.connections)?.includes('"b"'), 'the browsers\' secrets stay apart');
    });

    it('takes an empty copy for stale when a storage appeared after it may have been loaded', async () => {
      const board = new MemoryBoard();
      const localStorage = new Map<string, string>();
      // Copy loaded (by the page) before the other tab's first write; the extension started just after it.
      const tabB = new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1, board.clock + COPY_LOAD_MARGIN_MS / 2);
      await new RevisionGuardedSecretStore(new WebTabSecrets(localStorage), board, 1).store('k', 'v');
      assert.equal(await tabB.isStale(), true, 'the storage may be this tab\'s own, written after its page loaded');
      await assert.rejects(tabB.store('k', 'other'), StaleSecretsError);
      assert.equal(localStorage.get('k'), 'v');
    });

    it('reads a bare counter (written before storages had ids) and gives the storage an id at its next write', async () => {
      const shared = new InMemorySecretStore();
      await shared.store(REVISION_STAMP.name, '7');
      const board = new MemoryBoard();
      const window = new RevisionGuardedSecretStore(shared, board, 1);
      assert.deepEqual(await window.stamp(), { revision: 7 });
      await window.store('k', 'v');
      const stamp = await window.stamp();
      assert.match(stamp.storageId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(stamp.revision, 8);
      for (const damaged of ['', 'x', '-1', 'abc:3', '1e3']) {
        await shared.store(REVISION_STAMP.name, damaged);
        assert.deepEqual(await window.stamp(), { revision: 0 }, damaged);
      }
    });

    it('lets every window write when they share one secret storage (desktop keychain)', async () => {
      const shared = new InMemorySecretStore();
      const board = new MemoryBoard();
      const windowA = new RevisionGuardedSecretStore(shared, board, 1);
      const windowB = new RevisionGuardedSecretStore(shared, board, 1);
      await windowA.store('k1', 'v1');
      await windowB.store('k2', 'v2');
      await windowA.delete('k1');
      assert.equal(await storedRevision(shared), 3);
      assert.equal(board.revision, 3);
      assert.equal(await windowA.isStale(), false);
      assert.equal(await windowB.isStale(), false);
    });

    it('reads once more before refusing: a racing write from another window becomes visible', async () => {
      const shared = new InMemorySecretStore();
      const board = new MemoryBoard();
      const window = new RevisionGuardedSecretStore(shared, board, 20);
      await window.store('k0', 'v0');
      const { storageId } = await window.stamp();
      assert.ok(storageId);
      // The other window has announced revision 2 but its stamp lands in storage a moment later.
      await board.publish({ storageId, revision: 2 });
      setTimeout(() => void shared.store(REVISION_STAMP.name, `${storageId}:2`), 5);
      await window.store('k', 'v');
      assert.equal(await storedRevision(shared), 3);
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

    it('publishes sequence, window, storage and connection ids, never a secret, and never lowers a counter', async () => {
      const signals = new SignalFolder(folder);
      // The board reads the connections the store just wrote, as the extension wires them.
      const board: SecretsSignalBoard = new SecretsSignalBoard(signals, 'window-a', (): Promise<ConnectionsState> => store.read(), () => 5000);
      const secrets = new RevisionGuardedSecretStore(new InMemorySecretStore(), board, 1);
      const store = new ConnectionStore(secrets, () => 'conn-1');
      await store.add(info('u1'), { kind: 'apiKey', apiKey: CANARY_A });
      const text = readFileSync(path.join(folder, 'secrets'), 'utf8');
      assert.ok(!text.includes(CANARY_A), 'the signal holds no credential');
      const { storageId } = await secrets.stamp();
      assert.ok(storageId);
      assert.deepEqual(SECRETS_SIGNAL.decode(text), {
        sequence: 2, windowId: 'window-a', storageId, activeId: 'conn-1', connectionIds: ['conn-1'], storages: new Map([[storageId, { revision: 2, since: 5000 }]]),
      });
      await board.publish({ storageId, revision: 1 });
      assert.equal((await board.storages()).get(storageId)?.revision, 2, 'an older write does not lower the counter');
      assert.equal(await board.latest(), 3, 'but it is a new announcement');
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
    });

    it('tells a watcher in another window which signal changed', async () => {
      const writer = new SignalFolder(folder);
      const watcher = new SignalFolder(folder);
      const heard: string[][] = [];
      const stop = await watcher.watch((names) => heard.push([...names].sort()), 30);
      try {
        await writer.write(KEYS_SIGNAL, { windowId: 'w', scope: 's', digest: 'd' });
        await writer.write(SECRETS_SIGNAL, { sequence: 1, windowId: 'w', storageId: 's', connectionIds: [], storages: new Map() });
        for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepEqual(heard, [['keys', 'secrets']], 'one call after the burst, temporary files not reported');
        assert.deepEqual(await watcher.read(KEYS_SIGNAL), { windowId: 'w', scope: 's', digest: 'd' });
      } finally {
        stop();
      }
    });

    it('reads a missing or damaged signal as none', async () => {
      const signals = new SignalFolder(folder);
      assert.equal(await signals.read(SECRETS_SIGNAL), undefined);
      writeFileSync(path.join(folder, KEYS_SIGNAL.name), '{"windowId":"w"');
      assert.equal(await signals.read(KEYS_SIGNAL), undefined, 'a damaged file');
      for (const text of [undefined, '', '{', '[]', 'null', '{"sequence":-1,"windowId":"w","storageId":"s"}', '{"sequence":1.5,"windowId":"w","storageId":"s"}',
        '{"sequence":1,"storageId":"s"}', '{"sequence":1,"windowId":"w"}', '{"revision":4,"windowId":"w","connectionIds":[]}']) {
        assert.equal(SECRETS_SIGNAL.decode(text), undefined, String(text));
      }
      assert.deepEqual(
        SECRETS_SIGNAL.decode('{"sequence":4,"windowId":"w","storageId":"s","connectionIds":["a",7],"storages":{"s":{"revision":3,"since":9},"t":{"revision":"x"},"u":null}}'),
        { sequence: 4, windowId: 'w', storageId: 's', connectionIds: ['a'], storages: new Map([['s', { revision: 3, since: 9 }]]) },
      );
      assert.equal(KEYS_SIGNAL.decode('{"windowId":"w","scope":1,"digest":"d"}'), undefined);
    });
  });

  describe('channels', () => {
    it('writes a stamp as storage id and counter and reads it back; a bare counter is an old stamp', () => {
      const stamp = { storageId: '0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', revision: 12 };
      assert.equal(REVISION_STAMP.encode(stamp), `${stamp.storageId}:12`);
      assert.deepEqual(REVISION_STAMP.decode(REVISION_STAMP.encode(stamp)), stamp);
      assert.deepEqual(REVISION_STAMP.decode(REVISION_STAMP.encode({ revision: 3 })), { revision: 3 });
      assert.equal(REVISION_STAMP.decode(undefined), undefined);
    });

    it('keeps the claim names of earlier versions, so an upgrade does not repeat a warning or prompt', () => {
      assert.equal(CLAIMS.expirySummary('2026-06-01'), 'expiry-summary-2026-06-01');
      assert.equal(CLAIMS.signInAgain('conn-1', '2026-06-01T12:00:00.000Z'), 'reauth-conn-1-2026-06-01T12:00:00.000Z');
      assert.equal(CLAIMS.signInAgain('conn-1', undefined), 'reauth-conn-1-unknown');
    });
  });

  describe('CrossWindowOnce', () => {
    let folder: string;
    beforeEach(() => {
      folder = mkdtempSync(path.join(tmpdir(), 'claims-'));
    });
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('lets exactly one of many concurrent claimers win', async () => {
      const windows = Array.from({ length: 8 }, () => new CrossWindowOnce(path.join(folder, 'claims')));
      const results = await Promise.all(windows.map((once) => once.claim('expiry-k1-7d')));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await windows[0].claim('expiry-k1-1d'), true);
    });

    it('makes any name safe as a file name', async () => {
      const once = new CrossWindowOnce(folder);
      assert.equal(await once.claim('../../etc/passwd'), true);
      assert.equal(await once.claim('../../etc/passwd'), false);
    });
  });

  describe('WindowSync on desktop secret events', () => {
    it('reloads the session for a sign-in, sign-out or switch, and the known values for any value', () => {
      const calls: string[] = [];
      const record = (name: string) => async () => void calls.push(name);
      const sync = new WindowSync({
        signals: new SignalFolder(path.join(tmpdir(), 'palette-unused-signals')),
        board: new SecretsSignalBoard(new SignalFolder(path.join(tmpdir(), 'palette-unused-signals')), 'w', async () => ({ connections: [] })),
        windowId: 'w',
        session: { connection: undefined, reload: record('session'), refresh: record('refresh'), forgetLocally: record('forget') },
        secrets: new RevisionGuardedSecretStore(new InMemorySecretStore(), new MemoryBoard(), 1),
        reloadKnownValues: record('knownValues'),
        log: { info: () => undefined, warn: () => undefined },
        askToReload: record('prompt'),
      });
      const heard = (key: string) => {
        calls.length = 0;
        sync.onSecretChanged(key);
        return [...calls];
      };
      assert.deepEqual(heard(SECRET_KEYS.connections), ['session']);
      assert.deepEqual(heard(SECRET_KEYS.credential('c1')), ['session', 'knownValues']);
      assert.deepEqual(heard(SECRET_KEYS.keyValue('c1', 'k1')), ['knownValues']);
      assert.deepEqual(heard(SECRET_KEYS.extraKnownValues), ['knownValues']);
      assert.deepEqual(heard(REVISION_STAMP.name), [], 'a stamp alone changes nothing to follow');
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
