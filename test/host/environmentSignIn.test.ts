// signInFromEnvironment: SPECTROCLOUD_HOST / SPECTROCLOUD_APIKEY become the first connection when
// none is saved, as the Terraform provider reads them; a saved connection always wins. The real
// session and connection store, against an emulator over real sockets (the UI tests switch the
// setting off, so nothing else covers it).
import * as assert from 'node:assert/strict';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import type { RunningEmulator } from '../../src/emulator/server';
import { signInFromEnvironment } from '../../src/host/environmentSignIn';
import { PaletteSession } from '../../src/host/session/paletteSession';
import { readSettings } from '../../src/host/settings';
import { ADMIN_KEY, USER_KEY, recordingLogger, startTestEmulator } from './reliabilitySupport';

describe('sign-in from SPECTROCLOUD_HOST and SPECTROCLOUD_APIKEY', function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let store: ConnectionStore;
  let session: PaletteSession;
  let log: ReturnType<typeof recordingLogger>;

  before(async () => {
    emulator = await startTestEmulator();
  });

  beforeEach(() => {
    const secrets = new InMemorySecretStore();
    store = new ConnectionStore(secrets);
    log = recordingLogger();
    session = new PaletteSession({
      store,
      vault: new KeyValueVault(secrets),
      settings: readSettings,
      log: log.logger,
      now: () => new Date(),
      defaultProxy: () => undefined,
    });
  });

  afterEach(() => {
    session.dispose();
    for (const line of log.lines) assert.ok(!line.includes(ADMIN_KEY) && !line.includes(USER_KEY), 'a key value in the log');
  });

  after(async () => {
    await emulator?.close();
  });

  it('adopts them as the first connection when none is saved, and lists the keys', async () => {
    const adopted = await signInFromEnvironment({ SPECTROCLOUD_HOST: emulator.url, SPECTROCLOUD_APIKEY: ` ${ADMIN_KEY}\n` }, store, session, log.logger);
    assert.equal(adopted, true);
    const { connections, activeId } = await store.read();
    assert.equal(connections.length, 1);
    assert.equal(connections[0].id, activeId);
    assert.equal(connections[0].baseUrl, emulator.url);
    await session.refresh();
    assert.equal(session.state.kind, 'ready');
    assert.equal(session.keys.length, emulator.store.listKeys().length, 'signed in as the tenant admin');
    assert.ok(log.lines.some((line) => /signed in from the environment/.test(line)));
  });

  it('leaves a saved connection alone', async () => {
    await session.signIn({ baseUrl: emulator.url, credential: { kind: 'apiKey', apiKey: USER_KEY } });
    const saved = await store.read();
    const adopted = await signInFromEnvironment({ SPECTROCLOUD_HOST: emulator.url, SPECTROCLOUD_APIKEY: ADMIN_KEY }, store, session, log.logger);
    assert.equal(adopted, false);
    assert.deepEqual(await store.read(), saved);
  });

  it('does nothing without SPECTROCLOUD_APIKEY, and only logs a key Palette refuses or a host that is not usable', async () => {
    assert.equal(await signInFromEnvironment({ SPECTROCLOUD_HOST: emulator.url }, store, session, log.logger), false);
    assert.equal(await signInFromEnvironment({ SPECTROCLOUD_HOST: emulator.url, SPECTROCLOUD_APIKEY: 'WrongKey0000000000000000000000AB' }, store, session, log.logger), false);
    assert.equal(await signInFromEnvironment({ SPECTROCLOUD_HOST: 'ftp://palette.example', SPECTROCLOUD_APIKEY: ADMIN_KEY }, store, session, log.logger), false);
    assert.deepEqual((await store.read()).connections, [], 'nothing saved');
    assert.ok(log.lines.some((line) => /could not sign in from the environment/.test(line)));
    assert.ok(log.lines.some((line) => /SPECTROCLOUD_HOST is not usable/.test(line)));
  });
});
