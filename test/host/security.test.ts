// Security review checks (issue 11) in the real extension host: plain http refused on every sign-in
// path unless a machine setting allows the host, certificate checks that survive
// NODE_TLS_REJECT_UNAUTHORIZED=0, a proxy honoured through VS Code's settings, and protective
// settings that a workspace's .vscode/settings.json cannot change.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import type { RunningEmulator } from '../../src/emulator/server';
import { clipboardClearSeconds } from '../../src/host/clipboard';
import { signInFromEnvironment } from '../../src/host/environmentSignIn';
import { PaletteSession } from '../../src/host/session/paletteSession';
import { readSettings } from '../../src/host/settings';
import { startConnectProxy, type RunningServer } from '../unit/support/localServers';
import type { TestPki } from '../unit/support/tlsCertificates';
import { ADMIN_KEY, activateExtension, recordingLogger, rejection, run, setSetting, signOutAll, startTestEmulator, startTlsEmulator } from './reliabilitySupport';
import { waitFor } from './support/waitFor';

/** A name that is not loopback as written; only the test proxy knows where it is. */
const INSECURE_NAME = 'palette.internal.test';

describe('security: transport and settings scopes', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let proxy: RunningServer;

  before(async () => {
    emulator = await startTestEmulator();
    proxy = await startConnectProxy(undefined, { routeAllTo: '127.0.0.1' });
    await activateExtension();
    await signOutAll();
  });

  afterEach(async () => {
    await setSetting('allowInsecureHosts', undefined);
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, vscode.ConfigurationTarget.Global);
    proxy.seen.length = 0;
    await signOutAll();
  });

  after(async () => {
    await emulator?.close();
    await proxy?.close();
  });

  const insecureUrl = () => `http://${INSECURE_NAME}:${emulator.port}`;

  describe('plain http to a host that is not loopback', () => {
    it('refuses a scripted sign-in, saying which setting allows the host; nothing leaves the machine', async () => {
      await vscode.workspace.getConfiguration('http').update('proxy', `http://127.0.0.1:${proxy.port}`, vscode.ConfigurationTarget.Global);
      const error = await rejection('signIn', { host: insecureUrl(), apiKey: ADMIN_KEY });
      assert.match(error.message, /plain http/);
      assert.match(error.message, new RegExp(`add "${INSECURE_NAME.replace(/\./g, '\\.')}" to the paletteKeys\\.allowInsecureHosts setting`));
      assert.deepEqual(proxy.seen, []);
      await assert.rejects(run('signOut', {}), /no connection to sign out of/, 'no connection was saved');
    });

    it('refuses a sign-in from SPECTROCLOUD_HOST, logging why and how to allow it', async () => {
      const { logger, lines } = recordingLogger();
      const secrets = new InMemorySecretStore();
      const store = new ConnectionStore(secrets);
      const session = new PaletteSession({ store, vault: new KeyValueVault(secrets), settings: readSettings, log: logger, now: () => new Date(), defaultProxy: () => undefined });
      try {
        const env = { SPECTROCLOUD_APIKEY: ADMIN_KEY, SPECTROCLOUD_HOST: insecureUrl() };
        assert.equal(await signInFromEnvironment(env, store, session, logger), false);
        assert.equal((await store.read()).connections.length, 0);
        const logged = lines.join('\n');
        assert.match(logged, /paletteKeys\.allowInsecureHosts/);
        assert.ok(!logged.includes(ADMIN_KEY));
      } finally {
        session.dispose();
      }
    });

    it('signs in once paletteKeys.allowInsecureHosts names the host (through http.proxy, counted)', async () => {
      await setSetting('allowInsecureHosts', [INSECURE_NAME]);
      await vscode.workspace.getConfiguration('http').update('proxy', `http://127.0.0.1:${proxy.port}`, vscode.ConfigurationTarget.Global);
      const connection = await run<{ baseUrl: string; warning?: string }>('signIn', { host: insecureUrl(), apiKey: ADMIN_KEY });
      assert.equal(connection.baseUrl, insecureUrl());
      assert.match(connection.warning ?? '', /unencrypted/);
      assert.ok(proxy.seen.length >= 1 && proxy.seen.every((line) => line === `CONNECT ${INSECURE_NAME}:${emulator.port}`), proxy.seen.join(', '));
    });

    it('never sends a loopback emulator\'s traffic through http.proxy', async () => {
      await vscode.workspace.getConfiguration('http').update('proxy', `http://127.0.0.1:${proxy.port}`, vscode.ConfigurationTarget.Global);
      await run('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
      await run('refresh');
      assert.deepEqual(proxy.seen, []);
    });
  });

  describe('TLS with NODE_TLS_REJECT_UNAUTHORIZED=0 in the extension host', () => {
    let pki: TestPki;
    let secure: RunningEmulator;

    before(async () => {
      ({ pki, emulator: secure } = await startTlsEmulator());
    });

    after(async () => {
      await secure?.close();
      pki?.cleanup();
    });

    it('still refuses the emulator\'s untrusted certificate', async () => {
      // The runner may start the extension host with the variable already set; otherwise set it
      // here: Node reads it on every TLS connection, so this is what the host's environment does.
      const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        const error = await rejection('signIn', { host: secure.url, apiKey: ADMIN_KEY });
        assert.match(error.message, /is not trusted/);
        await assert.rejects(run('signOut', {}), /no connection to sign out of/, 'no connection was saved');
      } finally {
        if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
      }
    });
  });

  describe('settings a cloned repository must not change', () => {
    /** Values a hostile .vscode/settings.json would set, each weakening a protection. */
    const hostile: Record<string, unknown> = {
      'paletteKeys.clipboardClearSeconds': 0,
      'paletteKeys.maxExpiryDays': 3650,
      'paletteKeys.recommendedExpiryDays': 3650,
      'paletteKeys.renewDays': 3650,
      'paletteKeys.signInFromEnvironment': false,
      'paletteKeys.rotate.oldKeyAction': 'delete',
      'paletteKeys.allowInsecureHosts': [INSECURE_NAME],
      'paletteKeys.caFile': '/tmp/attacker-ca.pem',
      'paletteKeys.requestTimeoutSeconds': 600,
      // A window setting in the same file: proves the file was read.
      'paletteKeys.expiryWarningDays': 3,
    };
    let settingsFile: string;
    let previous: string | undefined;

    before(async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder, 'the host tests run with a workspace folder');
      settingsFile = path.join(folder, '.vscode', 'settings.json');
      previous = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(settingsFile, JSON.stringify(hostile, null, 2));
      await waitFor(() => readSettings().expiryWarningDays === 3, 10_000, 'the workspace settings file to apply');
    });

    after(async () => {
      if (previous === undefined) fs.rmSync(settingsFile, { force: true });
      else fs.writeFileSync(settingsFile, previous);
      await waitFor(() => readSettings().expiryWarningDays !== 3, 10_000, 'the workspace settings file to be dropped');
    });

    it('declares every protective setting application- or machine-scoped', () => {
      const manifest = vscode.extensions.getExtension('palette-keys.palette-api-keys')?.packageJSON as {
        contributes: { configuration: { properties: Record<string, { scope?: string }> }[] };
      };
      const properties = Object.assign({}, ...manifest.contributes.configuration.map((group) => group.properties)) as Record<string, { scope?: string }>;
      for (const name of Object.keys(hostile).filter((n) => n !== 'paletteKeys.expiryWarningDays')) {
        assert.ok(['application', 'machine'].includes(properties[name]?.scope ?? 'window'), `${name} is ${properties[name]?.scope ?? 'window'}-scoped`);
      }
    });

    it('ignores the workspace values: every protective setting keeps its default', () => {
      const settings = readSettings();
      assert.equal(settings.expiryWarningDays, 3, 'control: the window-scoped value from the same file applies');
      assert.equal(clipboardClearSeconds(), 30);
      assert.equal(settings.maxExpiryDays, 90);
      assert.equal(settings.recommendedExpiryDays, 30);
      assert.equal(settings.renewDays, 30);
      assert.equal(settings.signInFromEnvironment, true);
      assert.equal(settings.rotateOldKeyAction, 'revoke');
      assert.deepEqual(settings.allowInsecureHosts, []);
      assert.equal(settings.caFile, undefined);
      assert.equal(settings.requestTimeoutSeconds, 20);
    });

    it('still refuses plain http to the host the workspace tried to allow', async () => {
      const error = await rejection('signIn', { host: insecureUrl(), apiKey: ADMIN_KEY });
      assert.match(error.message, /allowInsecureHosts/);
    });
  });
});
