import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PlainKey } from '../../src/core/keys/apiKey';
import { startSuiteEmulator, type SuiteEmulator } from './support/emulator';
import { rejection, run, signOutAll } from './support/commands';
import { EmulatorControl } from './support/emulatorControl';


const DAY_MS = 24 * 60 * 60 * 1000;


/** Asserts a scripted command rejects, and that its message matches and holds no secret. */
async function rejects(command: string, args: Record<string, unknown>, message: RegExp, secrets: string[] = []): Promise<void> {
  assert.match((await rejection(command, args, secrets)).message, message);
}

function assertNoValue(result: object): void {
  const text = JSON.stringify(result);
  assert.ok(!/[A-Za-z0-9]{32}/.test(text.replace(/"uid":"[^"]*"/g, '')), `result looks like it holds a key value: ${Object.keys(result).join(',')}`);
}


describe('key management (scripted commands against the emulator)', function () {
  this.timeout(60_000);
  let emulator: SuiteEmulator;
  let control: EmulatorControl;
  let adminUid: string;
  let bobUid: string;

  before(async function () {
    emulator = await startSuiteEmulator();
    control = new EmulatorControl(emulator);
    await control.reset();
    await vscode.extensions.getExtension('palette-keys.palette-api-keys')?.activate();
    await signOutAll();
    const users = await control.users();
    adminUid = users.find((u) => u.isTenantAdmin)?.uid ?? '';
    bobUid = users.find((u) => u.email.startsWith('bob'))?.uid ?? '';
    assert.ok(adminUid && bobUid, 'the emulator seeds an admin and Bob');
  });

  after(async () => {
    await signOutAll();
    await emulator?.close();
  });

  describe('sign-in', () => {
    it('refuses a wrong credential, names the problem and saves nothing', async () => {
      const wrong = 'WrongKey0000000000000000000000AB';
      await rejects('signIn', { host: emulator.url, apiKey: wrong }, /401|not accepted|unauthenticated|invalid|credential/i, [wrong]);
      await rejects('refresh', {}, /Sign in/);
    });

    it('refuses a host that is not a URL', async () => {
      await rejects('signIn', { host: 'ftp://palette.example.com', apiKey: emulator.adminKey }, /https/, [emulator.adminKey]);
    });

    it('signs in as a tenant admin with an API key (whitespace around it trimmed)', async () => {
      const connection = await run<{ isTenantAdmin: boolean; userUid: string; label: string }>('signIn', { host: `${emulator.url}/`, apiKey: `  ${emulator.adminKey}\n` });
      assert.equal(connection.isTenantAdmin, true);
      assert.equal(connection.userUid, adminUid);
      assert.ok(!JSON.stringify(connection).includes(emulator.adminKey));
    });

    it('lists every key of the tenant for an admin', async () => {
      await run('signIn', { host: emulator.url, apiKey: emulator.adminKey });
      const { count } = await run<{ count: number }>('refresh');
      assert.equal(count, (await control.liveKeys()).length);
    });
  });

  describe('as a tenant admin', () => {
    // Each test makes the key it acts on, so any one of them passes alone (`--grep`).
    const createKey = (): Promise<PlainKey> =>
      run<PlainKey>('createKey', { name: 'host-test-key', description: 'made by a host test', expiresInDays: 30 });

    before(async () => {
      await run('signIn', { host: emulator.url, apiKey: emulator.adminKey });
    });

    it('creates a key and returns it without its value', async () => {
      const created = await run<PlainKey>('createKey', { name: 'host-test-key', description: 'made by a host test', expiresInDays: 30 });
      assertNoValue(created);
      const stored = await control.key(created.uid);
      assert.ok(stored && !stored.deleted);
      assert.equal(stored.name, 'host-test-key');
      assert.equal(stored.description, 'made by a host test');
      assert.equal(stored.ownerUid, adminUid);
      const days = (Date.parse(stored.expiry) - Date.now()) / DAY_MS;
      assert.ok(days > 29 && days <= 30.01, `expiry in ${days} days`);
    });

    it('creates a key for another user', async () => {
      const forBob = await run<PlainKey>('createKey', { name: 'for-bob', userUid: bobUid, expiry: new Date(Date.now() + 10 * DAY_MS).toISOString() });
      assert.equal(forBob.owner.uid, bobUid);
      assert.equal((await control.key(forBob.uid))?.ownerUid, bobUid);
    });

    it('refuses a past expiry, an empty name and a too long lifetime without calling Palette', async () => {
      const before = (await control.keys()).length;
      await rejects('createKey', { name: 'past', expiry: new Date(Date.now() - DAY_MS).toISOString() }, /future|past/i);
      await rejects('createKey', { name: '   ', expiresInDays: 7 }, /name/i);
      await rejects('createKey', { name: 'too-long', expiresInDays: 400 }, /90|days|later/i);
      assert.equal((await control.keys()).length, before);
    });

    it('edits name and description', async () => {
      const created = await createKey();
      const edited = await run<PlainKey>('editKey', { uid: created.uid, name: 'host-test-key-renamed', description: 'edited' });
      assert.equal(edited.name, 'host-test-key-renamed');
      const stored = await control.key(created.uid);
      assert.equal(stored?.name, 'host-test-key-renamed');
      assert.equal(stored?.description, 'edited');
    });

    it('renews by a number of days', async () => {
      const created = await createKey();
      const before = Date.parse((await control.key(created.uid))?.expiry ?? '');
      const renewed = await run<PlainKey>('renewKey', { uid: created.uid, days: 10 });
      const after = Date.parse((await control.key(created.uid))?.expiry ?? '');
      assert.equal(Date.parse(renewed.expiry), after);
      assert.ok(Math.abs(after - before - 10 * DAY_MS) < 60_000, `renewed by ${(after - before) / DAY_MS} days`);
    });

    it('revokes and re-activates', async () => {
      const created = await createKey();
      const revoked = await run<PlainKey>('revokeKey', { uid: created.uid, confirm: true });
      assert.equal(revoked.isActive, false);
      assert.equal((await control.key(created.uid))?.isActive, false);
      const active = await run<PlainKey>('reactivateKey', { uid: created.uid });
      assert.equal(active.isActive, true);
      assert.equal((await control.key(created.uid))?.isActive, true);
    });

    it('rotates: a replacement with the same name and description, the old key revoked', async () => {
      const created = await run<PlainKey>('createKey', { name: 'host-test-key-renamed', description: 'edited', expiresInDays: 30 });
      const result = await run<PlainKey & { previous: PlainKey & { action: string } }>('rotateKey', { uid: created.uid, confirm: true });
      assertNoValue(result);
      assert.notEqual(result.uid, created.uid);
      assert.equal(result.name, 'host-test-key-renamed');
      assert.equal(result.description, 'edited');
      assert.equal(result.previous.action, 'revoke');
      assert.equal((await control.key(created.uid))?.isActive, false);
      assert.equal((await control.key(result.uid))?.isActive, true);
    });

    it('deletes only with confirm: true', async () => {
      const created = await createKey();
      await rejects('deleteKey', { uid: created.uid }, /confirm/);
      assert.equal((await control.key(created.uid))?.deleted, false);
      await run('deleteKey', { uid: created.uid, confirm: true });
      assert.equal((await control.key(created.uid))?.deleted, true);
    });

    it('reports a key that no longer exists', async () => {
      const created = await createKey();
      await run('deleteKey', { uid: created.uid, confirm: true });
      await rejects('revokeKey', { uid: created.uid }, /not found|no longer|exist/i);
    });

    it('reviews keys that need attention, with reasons', async () => {
      const rows = await run<Array<{ key: PlainKey; reasons: string[]; message: string }>>('reviewKeys', {});
      const reasons = new Set(rows.flatMap((row) => row.reasons));
      for (const reason of ['expired', 'revokedLingering', 'expiringSoon', 'orphaned']) {
        assert.ok(reasons.has(reason), `review lacks a row for ${reason}`);
      }
      assert.ok(rows.every((row) => row.message.length > 0));
    });

    it('filters the tree and clears the filter', async () => {
      const filter = await run<{ statuses: string[]; text: string }>('filterKeys', { statuses: ['revoked'], text: 'ci' });
      assert.deepEqual(filter, { statuses: ['revoked'], text: 'ci' });
      await rejects('filterKeys', { statuses: ['sleeping'] }, /statuses/);
      assert.deepEqual(await run('clearFilter'), {});
    });

    it('copies a key uid to the clipboard', async () => {
      const keys = await control.liveKeys();
      await run('copyKeyUid', { uid: keys[0].uid });
      assert.equal(await vscode.env.clipboard.readText(), keys[0].uid);
    });
  });

  describe('as a plain user', () => {
    let adminConnectionId: string;

    before(async () => {
      const list = await run<{ id: string }>('switchConnection', { connectionId: 'nope' }).catch((e: Error) => e);
      assert.ok(list instanceof Error, 'switching to an unknown connection must fail');
      const current = await run<{ id: string; isTenantAdmin: boolean }>('signIn', { host: emulator.url, apiKey: emulator.adminKey });
      adminConnectionId = current.id;
      const user = await run<{ isTenantAdmin: boolean; id: string }>('signIn', { host: emulator.url, apiKey: emulator.userKey });
      assert.equal(user.isTenantAdmin, false);
      assert.notEqual(user.id, adminConnectionId);
    });

    it('sees only their own keys', async () => {
      const { count } = await run<{ count: number }>('refresh');
      const users = await control.users();
      const me = users.find((u) => !u.isTenantAdmin && u.email.startsWith('bob'));
      const own = (await control.liveKeys()).filter((key) => key.ownerUid === me?.uid);
      assert.equal(count, own.length);
    });

    it('cannot revoke another user\'s key, and the key stays active', async () => {
      const adminKey = (await control.liveKeys()).find((key) => key.ownerUid === adminUid && key.isActive);
      assert.ok(adminKey);
      await rejects('revokeKey', { uid: adminKey.uid, confirm: true }, /denied|403|another user/i, [emulator.userKey]);
      assert.equal((await control.key(adminKey.uid))?.isActive, true);
    });

    it('cannot create a key for someone else', async () => {
      await rejects('createKey', { name: 'sneaky', userUid: adminUid, expiresInDays: 7 }, /forbidden|permission|not allowed|admin/i);
      assert.equal((await control.liveKeys()).some((key) => key.name === 'sneaky'), false);
    });

    it('creates, edits and deletes their own key', async () => {
      const own = await run<PlainKey>('createKey', { name: 'bob-own', expiresInDays: 7 });
      assert.equal(own.owner.uid, bobUid);
      await run('editKey', { uid: own.uid, description: 'mine' });
      assert.equal((await control.key(own.uid))?.description, 'mine');
      await run('deleteKey', { uid: own.uid, confirm: true });
      assert.equal((await control.key(own.uid))?.deleted, true);
    });

    it('switches back to the admin connection', async () => {
      const switched = await run<{ id: string; isTenantAdmin: boolean }>('switchConnection', { connectionId: adminConnectionId });
      assert.equal(switched.id, adminConnectionId);
      assert.equal(switched.isTenantAdmin, true);
    });

    it('signs out, after which key commands ask to sign in', async () => {
      await signOutAll();
      await rejects('refresh', {}, /Sign in/);
      await rejects('createKey', { name: 'x', expiresInDays: 7 }, /Sign in/);
    });
  });
});
