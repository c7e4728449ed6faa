// Faults injected through an emulator this suite owns, against the real extension's commands (what
// the user is told, what reached the server) and against the real session + tree (what the view
// shows). Every command is scripted: it rejects with the error instead of showing it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunningEmulator } from '../../src/emulator/server';
import { CrossWindowOnce } from '../../src/core/sync/crossWindowOnce';
import { KeyFormController } from '../../src/host/keyForm/keyFormController';
import type { HostToWebviewMessage } from '../../src/shared/keyFormProtocol';
import { createReauthPrompt } from '../../src/host/reauthPrompt';
import type { TestPki } from '../unit/support/tlsCertificates';
import {
  ADMIN_KEY, DAY_MS, SessionRig, activateExtension, addCounter, assertErrorNode, recordNotifications, recordingLogger,
  rejection, run, setSetting, signOutAll, startTestEmulator, startTlsEmulator, usedOf, type Shown,
} from './reliabilitySupport';
import { waitFor } from './support/waitFor';

interface PlainKey { uid: string; name: string; isActive: boolean }

/** A window's claims that counts the ones it has settled: the signal that a window has decided whether to prompt. */
class SettledClaims extends CrossWindowOnce {
  settled = 0;

  override async claim(name: string): Promise<boolean> {
    try {
      return await super.claim(name);
    } finally {
      this.settled++;
    }
  }
}

describe('reliability: faults injected through the emulator', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let notifications: { shown: Shown[]; restore: () => void };

  before(async () => {
    emulator = await startTestEmulator();
    await activateExtension();
    await signOutAll();
    notifications = recordNotifications();
    await run('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
  });

  afterEach(async () => {
    emulator.faults.clear();
    await setSetting('requestTimeoutSeconds', undefined, emulator);
  });

  after(async () => {
    notifications?.restore();
    await signOutAll();
    await emulator?.close();
  });

  const liveKeyCount = () => emulator.store.listKeys().length;

  describe('slow answers', () => {
    it('times out at paletteKeys.requestTimeoutSeconds (applied without a reload), then recovers', async () => {
      await setSetting('requestTimeoutSeconds', 1, emulator);
      emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', latencyMs: 2500 });
      const started = Date.now();
      const error = await rejection('refresh');
      assert.match(error.message, new RegExp(`Palette at 127\\.0\\.0\\.1:${emulator.port} did not answer GET /v1/apiKeys within 1 s`));
      assert.ok(Date.now() - started < 2400, `took ${Date.now() - started} ms: the 1 s timeout was not applied`);
      emulator.faults.clear();
      const { count } = await run<{ count: number }>('refresh');
      assert.equal(count, liveKeyCount(), 'nothing is stuck after a timeout');
    });

    it('shows the timeout as an error node with Retry in the tree, and Retry recovers', async () => {
      const rig = new SessionRig();
      try {
        await rig.signIn(emulator.url, ADMIN_KEY);
        rig.overrides = { requestTimeoutSeconds: 1 };
        emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', latencyMs: 2500 });
        await rig.session.applySettings();
        assert.equal(rig.session.state.kind, 'error');
        assertErrorNode(rig, /did not answer GET \/v1\/apiKeys within 1 s/);
        emulator.faults.clear();
        await rig.session.refresh();
        assert.equal(rig.session.state.kind, 'ready');
        assert.ok(!rig.rootItems().some((item) => item.contextValue === 'paletteMessage:error'));
      } finally {
        rig.dispose();
      }
    });
  });

  describe('server errors and rate limits', () => {
    for (const status of [502, 503]) {
      it(`absorbs two ${status}s on a read (retried), and gives up after 4 attempts, saying so`, async () => {
        const brief = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'status', status }, times: 2 });
        assert.equal((await run<{ count: number }>('refresh')).count, liveKeyCount());
        assert.equal(usedOf(emulator, brief, 2), 2);
        assert.equal(emulator.faults.list().length, 0, 'both faults were used up by retries');

        const lasting = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'status', status }, times: 50 });
        const error = await rejection('refresh');
        assert.match(error.message, new RegExp(`server error \\(${status}\\).*Gave up after 4 attempts`));
        assert.equal(usedOf(emulator, lasting, 50), 4, 'the first attempt and 3 retries, no more');
      });
    }

    it('does not retry a 500 (not transient), and says what failed', async () => {
      const id = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'status', status: 500 }, times: 10 });
      const error = await rejection('refresh');
      assert.match(error.message, /server error \(500\)/);
      assert.doesNotMatch(error.message, /Gave up/);
      assert.equal(usedOf(emulator, id, 10), 1);
    });

    it('waits for Retry-After on 429 and then succeeds', async () => {
      const id = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'rateLimit', retryAfterSeconds: 1 }, times: 1 });
      const started = Date.now();
      await run('refresh');
      assert.ok(Date.now() - started >= 900, `retried after ${Date.now() - started} ms, before Retry-After`);
      assert.equal(usedOf(emulator, id, 1), 1);
    });

    it('gives up on a lasting 429 with the wait the server asked for', async () => {
      const id = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'rateLimit', retryAfterSeconds: 0 }, times: 50 });
      const error = await rejection('refresh');
      assert.match(error.message, /limiting requests \(429\)\. Try again in 1 s\. Gave up after 4 attempts/);
      assert.equal(usedOf(emulator, id, 50), 4);
    });

    it('retries every idempotent write: edit (PUT), revoke (PUT state), delete (DELETE)', async () => {
      const key = await run<PlainKey>('createKey', { name: 'retry-writes', expiresInDays: 7 });
      const put = emulator.faults.add({ method: 'PUT', path: new RegExp(`^/v1/apiKeys/${key.uid}$`), action: { kind: 'status', status: 503 }, times: 2 });
      await run('editKey', { uid: key.uid, description: 'after two 503s' });
      assert.equal(usedOf(emulator, put, 2), 2);
      assert.equal(emulator.store.getKey(key.uid)?.description, 'after two 503s');

      emulator.faults.add({ method: 'PUT', path: `/v1/apiKeys/${key.uid}/state`, action: { kind: 'rateLimit', retryAfterSeconds: 0 }, times: 1 });
      assert.equal((await run<PlainKey>('revokeKey', { uid: key.uid, confirm: true })).isActive, false);

      const del = emulator.faults.add({ method: 'DELETE', path: `/v1/apiKeys/${key.uid}`, action: { kind: 'status', status: 502 }, times: 1 });
      await run('deleteKey', { uid: key.uid, confirm: true });
      assert.equal(usedOf(emulator, del, 1), 1);
      assert.equal(emulator.store.getKey(key.uid), undefined);
    });

    for (const action of [{ kind: 'status', status: 503 }, { kind: 'rateLimit', retryAfterSeconds: 0 }] as const) {
      it(`never retries a create after ${action.kind === 'status' ? 503 : 429}; exactly one create reaches Palette`, async () => {
        const before = liveKeyCount();
        emulator.faults.add({ method: 'POST', path: '/v1/apiKeys', action, times: 1 });
        const creates = addCounter(emulator, 'POST', /^\/v1\/apiKeys$/);
        const error = await rejection('createKey', { name: 'not-twice', expiresInDays: 7 });
        assert.match(error.message, action.kind === 'status' ? /may have been created anyway/ : /limiting requests \(429\)/);
        // Had the client retried, the second POST would have passed the used-up fault and created a key.
        assert.equal(liveKeyCount(), before);
        assert.equal(creates(), 0, 'no second POST after the fault');
      });
    }
  });

  describe('a connection dropped during create', () => {
    it('is not retried, says the key may exist, and refreshes the list', async () => {
      const before = liveKeyCount();
      emulator.faults.add({ method: 'POST', path: '/v1/apiKeys', action: { kind: 'dropConnection' }, times: 1 });
      const creates = addCounter(emulator, 'POST', /^\/v1\/apiKeys$/);
      const lists = addCounter(emulator, 'GET', /^\/v1\/apiKeys$/);
      const error = await rejection('createKey', { name: 'dropped', expiresInDays: 7 });
      assert.match(error.message, new RegExp(`Cannot reach Palette at 127\\.0\\.0\\.1:${emulator.port}`));
      assert.match(error.message, /may have been created anyway: refresh the list/);
      assert.equal(creates(), 0, 'the dropped create was not sent again');
      assert.equal(liveKeyCount(), before);
      await waitFor(() => lists() > 0, 5_000, 'the extension to refresh the list after the lost create');
    });

    it('a create whose answer never comes: one key on the server, listed after the refresh, no half-state', async () => {
      await setSetting('requestTimeoutSeconds', 1, emulator);
      emulator.faults.add({ method: 'POST', path: '/v1/apiKeys', latencyMs: 1500, times: 1 });
      const error = await rejection('createKey', { name: 'slow-create', expiresInDays: 7 });
      assert.match(error.message, /did not answer POST \/v1\/apiKeys within 1 s\. The key may have been created anyway/);
      await waitFor(() => emulator.store.listKeys().some((key) => key.name === 'slow-create'), 5_000, 'the server to finish the create');
      await setSetting('requestTimeoutSeconds', undefined, emulator);
      const { count } = await run<{ count: number }>('refresh');
      assert.equal(count, liveKeyCount());
      assert.equal(emulator.store.listKeys().filter((key) => key.name === 'slow-create').length, 1, 'exactly one create reached Palette');
    });
  });

  describe('answers that are not Palette JSON', () => {
    it('malformed JSON: names the problem and the likely cause', async () => {
      emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'malformedJson' } });
      const error = await rejection('refresh');
      assert.match(error.message, /sent a non-JSON response \(content type application\/json\) instead of JSON for GET \/v1\/apiKeys\. Check the Palette URL, and any proxy/);
    });

    it('an HTML proxy page: says it is an HTML page, retried as a 502, then gives up', async () => {
      // Start from an idle session: a refresh an earlier test left running would take a share of
      // the fault's answers (a refresh joins the one running and waits for one more after it).
      await run('refresh');
      const id = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'htmlProxyPage' }, times: 50 });
      const error = await rejection('refresh');
      assert.match(error.message, /server error \(502\)\. It sent an HTML page \(content type text\/html\)\. Gave up after 4 attempts/);
      assert.doesNotMatch(error.message, /<html|corporate-proxy/i, 'the page itself is not quoted');
      assert.equal(usedOf(emulator, id, 50), 4);
    });

    it('an HTML page with 200 on create: not retried, the key may exist', async () => {
      emulator.faults.add({ method: 'POST', path: '/v1/apiKeys', action: { kind: 'htmlProxyPage', status: 200 }, times: 1 });
      const error = await rejection('createKey', { name: 'html', expiresInDays: 7 });
      assert.match(error.message, /an HTML page .* instead of JSON .* may have been created anyway/);
    });
  });

  describe('rotation when revoking the old key fails', () => {
    it('keeps the new key, leaves the old key working, and says what failed', async () => {
      const old = await run<PlainKey>('createKey', { name: 'rotate-me', expiresInDays: 20 });
      const id = emulator.faults.add({ method: 'PUT', path: `/v1/apiKeys/${old.uid}/state`, action: { kind: 'status', status: 503 }, times: 50 });
      const result = await run<PlainKey & { previous: { action: string }; problem?: string }>('rotateKey', { uid: old.uid, confirm: true });
      assert.equal(usedOf(emulator, id, 50), 4);
      assert.notEqual(result.uid, old.uid);
      assert.ok(emulator.store.getKey(result.uid)?.isActive, 'the replacement exists');
      assert.equal(emulator.store.getKey(old.uid)?.isActive, true, 'the old key is unchanged');
      assert.equal(result.previous.action, 'keep');
      assert.match(result.problem ?? '', /replacement "rotate-me" was created, but finishing the rotation failed: .*503.*The old key is unchanged/);
    });

    it('checks its arguments before creating anything', async () => {
      const old = await run<PlainKey>('createKey', { name: 'rotate-args', expiresInDays: 20 });
      const before = emulator.store.listKeys().length;
      const error = await rejection('rotateKey', { uid: old.uid, confirm: true, oldKeyAction: 'explode' });
      assert.match(error.message, /"oldKeyAction" argument must be/);
      assert.equal(emulator.store.listKeys().length, before, 'no replacement was created');
    });
  });

  describe('the key form: the one-time value crosses the webview boundary once', () => {
    it('posts the value only in reveal, re-reveals on reload until Done, never after', async () => {
      const value = 'OneTimeValue00000000000000000042';
      const posted: HostToWebviewMessage[] = [];
      const log = recordingLogger();
      const controller = new KeyFormController({
        mode: 'create',
        title: 'Create',
        isAdmin: false,
        limits: () => ({ now: new Date(), maxExpiryDays: 90, recommendedExpiryDays: 30 }),
        submit: async (input) => ({ ok: true, reveal: { keyName: input.name, value, envVarName: 'SPECTROCLOUD_APIKEY' } }),
      }, { post: (m) => void posted.push(m), close: () => undefined }, log.logger);
      try {
        await controller.receive({ type: 'ready' });
        await controller.receive({ type: 'submit', id: 1, input: { name: 'k', description: '', expiry: new Date(Date.now() + 7 * DAY_MS).toISOString() } });
        await controller.receive({ type: 'ready' }); // the hidden webview was reloaded
        await controller.receive({ type: 'bogus', value });
        await controller.receive({ type: 'done' });
        await controller.receive({ type: 'ready' });
        const carrying = posted.filter((m) => JSON.stringify(m).includes(value));
        assert.deepEqual(carrying.map((m) => m.type), ['reveal', 'reveal'], 'only reveal carries the value, and only until Done');
        assert.ok(!log.lines.join('\n').includes(value), 'the value is never logged');
        assert.equal(log.lines.filter((line) => /Dropped a malformed or unknown message/.test(line)).length, 1);
      } finally {
        controller.dispose();
      }
    });
  });

  describe('a credential revoked mid-session', () => {
    let bobUid: string;

    before(() => {
      bobUid = emulator.store.listUsers().find((user) => !user.isTenantAdmin)?.uid ?? '';
      assert.ok(bobUid);
    });

    /** Creates a key for Bob through the API (another client) and returns its uid and value. */
    async function keyForBob(name: string): Promise<{ uid: string; value: string }> {
      const response = await fetch(`${emulator.url}/v1/apiKeys`, {
        method: 'POST',
        headers: { apikey: ADMIN_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ metadata: { name }, spec: { expiry: new Date(Date.now() + 7 * DAY_MS).toISOString(), userUid: bobUid } }),
      });
      assert.equal(response.status, 201);
      const body = await response.json() as { uid: string; apiKey: string };
      return { uid: body.uid, value: body.apiKey };
    }

    async function revokeElsewhere(uid: string): Promise<void> {
      const response = await fetch(`${emulator.url}/v1/apiKeys/${uid}/state`, {
        method: 'PUT',
        headers: { apikey: ADMIN_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ isActive: false }),
      });
      assert.equal(response.status, 204);
    }

    const prompts = () => notifications.shown.filter((n) => /no longer accepts the credential/.test(n.message));

    it('asks to sign in once per credential, not once per failing request', async () => {
      const first = await keyForBob('bob-session-1');
      await run('signIn', { host: emulator.url, apiKey: first.value });
      const promptsBefore = prompts().length;
      await revokeElsewhere(first.uid);

      for (const attempt of [
        () => rejection('refresh', {}, [first.value]),
        () => rejection('createKey', { name: 'after-revoke', expiresInDays: 7 }, [first.value]),
        () => rejection('refresh', {}, [first.value]),
        () => rejection('revokeKey', { uid: first.uid }, [first.value]),
      ]) {
        const error = await attempt();
        assert.match(error.message, /rejected the API key \(401\).*Sign in again/);
      }
      await waitFor(() => prompts().length > promptsBefore, 5_000, 'the sign-in-again prompt');

      // A new credential re-arms the prompt. Its prompt is also the signal that the first
      // credential's failures have all been handled: prompts are shown in the order of the failures.
      const second = await keyForBob('bob-session-2');
      await run('signIn', { host: emulator.url, apiKey: second.value });
      await revokeElsewhere(second.uid);
      await rejection('refresh', {}, [second.value]);
      await waitFor(() => prompts().length - promptsBefore >= 2, 5_000, 'a prompt for the second credential');
      assert.equal(prompts().length - promptsBefore, 2, 'one prompt for the first credential\'s four failures, one for the second\'s');
      await signOutAll();
      await run('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
    });

    it('the session reports every 401; the prompt claims once across windows', async () => {
      const rig = new SessionRig();
      const claims = fs.mkdtempSync('/tmp/palette-claims-');
      const local = recordNotifications();
      try {
        const key = await keyForBob('bob-rig');
        await rig.signIn(emulator.url, key.value);
        const lost: string[] = [];
        // Two windows: each has its own prompt, both share the claim folder (as they share globalStorage).
        const onceA = new SettledClaims(claims);
        const onceB = new SettledClaims(claims);
        const windowA = createReauthPrompt(onceA, recordingLogger().logger);
        const windowB = createReauthPrompt(onceB, recordingLogger().logger);
        rig.session.onDidLoseAuthentication((connection) => {
          lost.push(connection.id);
          windowA(connection);
          windowB(connection);
        });
        await revokeElsewhere(key.uid);
        await rig.session.refresh();
        await rig.session.refresh();
        await rig.session.service.getKey(key.uid).catch(() => undefined);
        assert.equal(lost.length, 3, 'onDidLoseAuthentication fires for each 401');
        assertErrorNode(rig, /rejected the API key \(401\)/);
        assert.ok(rig.rootItems().some((item) => item.command?.command === 'paletteKeys.signIn'), 'a Sign in again node');
        // Both windows have decided once both claims are settled (the winner shows its prompt right after).
        await waitFor(() => onceA.settled + onceB.settled === 2, 5_000, 'both windows to settle their claim');
        assert.equal(local.shown.filter((n) => /no longer accepts/.test(n.message)).length, 1, 'one prompt across both windows');
      } finally {
        local.restore();
        rig.dispose();
        fs.rmSync(claims, { recursive: true, force: true });
      }
    });
  });

  describe('the server unreachable', () => {
    it('refresh rejects naming the host; the tree shows the error with Retry', async () => {
      const doomed = await startTestEmulator();
      const host = `127.0.0.1:${doomed.port}`;
      const rig = new SessionRig();
      try {
        await run('signIn', { host: doomed.url, apiKey: ADMIN_KEY });
        await rig.signIn(doomed.url, ADMIN_KEY);
        await doomed.close();
        const error = await rejection('refresh');
        assert.match(error.message, new RegExp(`Cannot reach Palette at ${host.replace(/\./g, '\\.')}: the connection was refused \\(ECONNREFUSED\\)\\. Gave up after 4 attempts`));
        await rig.session.refresh();
        assertErrorNode(rig, /Cannot reach Palette at 127\.0\.0\.1:\d+: the connection was refused/);
      } finally {
        rig.dispose();
        await doomed.close();
        await signOutAll();
        await run('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
      }
    });
  });

  describe('TLS with a private CA', () => {
    let pki: TestPki;
    let secure: RunningEmulator;

    before(async () => {
      ({ pki, emulator: secure } = await startTlsEmulator());
    });

    after(async () => {
      await setSetting('caFile', undefined);
      await secure?.close();
      pki?.cleanup();
      await signOutAll();
      await run('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
    });

    it('refuses the untrusted certificate, naming the host and paletteKeys.caFile; saves nothing', async () => {
      const before = await run<{ id: string }>('switchConnection', { connectionId: 'none' }).catch((e: Error) => e);
      assert.ok(before instanceof Error);
      const error = await rejection('signIn', { host: secure.url, apiKey: ADMIN_KEY });
      assert.match(error.message, new RegExp(`TLS certificate of 127\\.0\\.0\\.1:${secure.port} is not trusted`));
      assert.match(error.message, /paletteKeys\.caFile/);
      assert.doesNotMatch(error.message, /rejectUnauthorized|NODE_TLS|disable|insecure|strictSSL/i);
    });

    it('signs in once paletteKeys.caFile names the CA', async () => {
      await setSetting('caFile', pki.caCertPath);
      const connection = await run<{ baseUrl: string; isTenantAdmin: boolean }>('signIn', { host: secure.url, apiKey: ADMIN_KEY });
      assert.equal(connection.baseUrl, secure.url);
      assert.equal(connection.isTenantAdmin, true);
      assert.equal((await run<{ count: number }>('refresh')).count, secure.store.listKeys().length);
    });

    it('offers no setting that turns certificate checks off', () => {
      const manifest = vscode.extensions.getExtension('palette-keys.palette-api-keys')?.packageJSON as {
        contributes: { configuration: { properties: Record<string, { markdownDescription?: string }> }[] };
      };
      // The settings come in groups (Keys, Connection, Leak Scanner).
      const names = manifest.contributes.configuration.flatMap((group) => Object.keys(group.properties));
      assert.ok(names.includes('paletteKeys.caFile'));
      // allowInsecureHosts lets plain http reach a named host; it never relaxes a certificate check.
      const certificateSwitches = names.filter((name) => name !== 'paletteKeys.allowInsecureHosts');
      assert.deepEqual(certificateSwitches.filter((name) => /ssl|tls|verify|insecure|reject|unauthori[sz]ed|skip/i.test(name)), []);
    });
  });
});
