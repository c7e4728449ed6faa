// CrossWindowSync in a real extension host, over real signal files: what a window does when its
// copy of secret storage is older than another window's write. Two ways to get there: the other
// window writes while this one runs (a signal arrives), or it wrote between this window's page load
// and this extension's start (VS Code for the Web copies secret storage at page load; the
// extension starts after start-up finished), when no signal is ever heard.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ConnectionsState } from '../../src/core/connections/connection';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { SECRET_KEYS } from '../../src/core/secrets/secretKeys';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import { RevisionGuardedSecretStore } from '../../src/core/sync/revisionGuardedSecretStore';
import { SecretsSignalBoard } from '../../src/core/sync/secretsSignalBoard';
import { SignalFolder } from '../../src/core/sync/signalFolder';
import type { RunningEmulator } from '../../src/emulator/server';
import { loadFingerprintSecret } from '../../src/host/scanner/fingerprintSecret';
import { PaletteSession } from '../../src/host/session/paletteSession';
import { readSettings } from '../../src/host/settings';
import { CrossWindowSync } from '../../src/host/sync/crossWindowSync';
import { ADMIN_KEY, recordingLogger, startTestEmulator } from './reliabilitySupport';
import { waitFor } from './support/waitFor';

const THIS_WINDOW = 'this-window';
const OTHER_WINDOW = 'other-window';

/** One window: its own copy of secret storage, guarded, and the board every window shares. */
class WindowRig {
  readonly signals: SignalFolder;
  readonly board: SecretsSignalBoard;
  readonly secrets: RevisionGuardedSecretStore;
  readonly store: ConnectionStore;
  readonly session: PaletteSession;
  readonly log = recordingLogger();
  reloadPrompts = 0;
  sync: CrossWindowSync | undefined;

  constructor(folder: string) {
    this.signals = new SignalFolder(folder);
    this.board = new SecretsSignalBoard(this.signals, THIS_WINDOW, () => this.store.read());
    this.secrets = new RevisionGuardedSecretStore(new InMemorySecretStore(), this.board, 1);
    this.store = new ConnectionStore(this.secrets);
    this.session = new PaletteSession({
      store: this.store,
      vault: new KeyValueVault(this.secrets),
      settings: readSettings,
      log: this.log.logger,
      now: () => new Date(),
      defaultProxy: () => undefined,
    });
  }

  /** Starts listening the way `activate` does: start, load the session, then judge the copy. */
  async startSync(): Promise<CrossWindowSync> {
    this.sync = new CrossWindowSync({
      signals: this.signals,
      board: this.board,
      windowId: THIS_WINDOW,
      session: this.session,
      secrets: this.secrets,
      reloadKnownValues: async () => undefined,
      log: this.log.logger,
      askToReload: async () => void this.reloadPrompts++,
    });
    await this.sync.start();
    await this.session.reload();
    await this.sync.checkCopyAtStartUp();
    return this.sync;
  }

  dispose(): void {
    this.sync?.dispose();
    this.session.dispose();
  }
}

/**
 * Announces a write by another window of this window's secret storage (the same browser), with
 * `state` as its connections; it never touches this window's copy.
 */
async function otherWindowWrites(folder: string, rig: WindowRig, revisionsAhead: number, state: ConnectionsState): Promise<void> {
  const { storageId, revision } = await rig.secrets.stamp();
  assert.ok(storageId, 'this window has written before');
  await new SecretsSignalBoard(new SignalFolder(folder), OTHER_WINDOW, async () => state).publish({ storageId, revision: revision + revisionsAhead });
}

describe('cross-window sync in the extension host', () => {
  let emulator: RunningEmulator;
  let folder: string;
  let rig: WindowRig;

  before(async () => {
    emulator = await startTestEmulator();
  });

  after(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'palette-signals-'));
    rig = new WindowRig(folder);
  });

  afterEach(() => {
    rig.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  async function signInHere(): Promise<string> {
    const connection = await rig.session.signIn({ baseUrl: emulator.url, credential: { kind: 'apiKey', apiKey: ADMIN_KEY } });
    return connection.id;
  }

  it('starting after another window signed out: stops using the connection and asks once to reload', async () => {
    const id = await signInHere();
    await otherWindowWrites(folder, rig, 1, { connections: [] });
    await rig.startSync();
    assert.equal(rig.reloadPrompts, 1, 'asked to reload once');
    assert.equal(rig.session.connection, undefined, 'the connection signed out elsewhere is no longer used');
    assert.ok((await rig.store.read()).connections.some((connection) => connection.id === id), 'nothing written from the stale copy');
    assert.ok(rig.log.lines.some((line) => /older than another window's changes/.test(line)));
  });

  it('starting after another window signed in elsewhere: keeps its own view and asks once to reload', async () => {
    const id = await signInHere();
    await otherWindowWrites(folder, rig, 2, { connections: (await rig.store.read()).connections, activeId: id });
    await rig.startSync();
    assert.equal(rig.reloadPrompts, 1);
    assert.equal(rig.session.connection?.id, id, 'the connection still active elsewhere stays');
    // A later write by the other window is heard, and does not ask a second time.
    await otherWindowWrites(folder, rig, 3, { connections: [] });
    await waitFor(() => rig.session.connection === undefined, 10_000, 'the later sign-out to reach this window');
    assert.equal(rig.reloadPrompts, 1, 'one prompt per window, not one per signal');
  });

  it('starting with a copy as new as the board: no prompt, and a stale signal later still prompts', async () => {
    await signInHere();
    await rig.startSync();
    assert.equal(rig.reloadPrompts, 0, 'nothing to reload for');
    assert.ok(rig.session.connection, 'still signed in');
    await otherWindowWrites(folder, rig, 1, { connections: [] });
    await waitFor(() => rig.reloadPrompts === 1, 10_000, 'the prompt after the other window\'s write');
    assert.equal(rig.session.connection, undefined);
  });

  it('a sign-out in another browser (a secret storage of its own) changes nothing here', async () => {
    const id = await signInHere();
    await rig.startSync();
    const otherBrowser = new SecretsSignalBoard(new SignalFolder(folder), OTHER_WINDOW, async () => ({ connections: [] }));
    await otherBrowser.publish({ storageId: randomUUID(), revision: 40 });
    await waitFor(() => rig.log.lines.some((line) => /another window changed the Palette sign-in/.test(line)), 10_000, 'the signal to be heard');
    await rig.session.reload();
    assert.equal(rig.reloadPrompts, 0, 'no reload asked for: a reload would not bring the other browser\'s secrets');
    assert.equal(rig.session.connection?.id, id, 'still signed in here');
    assert.equal(await rig.secrets.isStale(), false);
  });

  it('a stale window keeps its scanner: a fingerprint secret of its own, nothing written', async () => {
    await signInHere();
    await otherWindowWrites(folder, rig, 1, { connections: [] });
    assert.equal(await rig.secrets.isStale(), true);
    const secret = await loadFingerprintSecret(rig.secrets);
    assert.equal(secret.length, 32);
    assert.equal(await rig.secrets.get(SECRET_KEYS.fingerprintSecret), undefined, 'nothing stored from the stale copy');
  });
});
