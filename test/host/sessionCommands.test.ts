// The session wraps the key service once and the known values follow the stores' change events;
// every command parses its argument before it acts. Run against the real extension and an
// in-process emulator this suite owns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import type { RunningEmulator } from '../../src/emulator/server';
import { InvalidArgumentError } from '../../src/host/commands/commandArgs';
import { describeError } from '../../src/host/errorPresenter';
import { KnownValues } from '../../src/host/knownValues';
import {
  ADMIN_KEY, recordNotifications, rejection, run, signOutAll, startSignedInAsAdmin,
} from './reliabilitySupport';
import { waitFor } from './support/waitFor';

interface PlainKey { uid: string; name: string }

const KNOWN_KEY_CODE = 'palette-keys/known-key';

describe('session and commands', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startSignedInAsAdmin();
  });

  after(async () => {
    await signOutAll();
    await emulator?.close();
  });

  describe('a bad scripted argument', () => {
    /** Asserts the call rejects with exactly `message`, and that nothing reached Palette. */
    async function refused(command: string, args: Record<string, unknown>, message: string): Promise<void> {
      const keysBefore = JSON.stringify(emulator.store.listKeys({ includeDeleted: true }));
      const error = await rejection(command, args);
      assert.equal(error.message, message, `paletteKeys.${command}`);
      assert.equal(JSON.stringify(emulator.store.listKeys({ includeDeleted: true })), keysBefore, `paletteKeys.${command} changed keys`);
    }

    it('rejects with the argument error\'s own message, before anything runs', async () => {
      const key = emulator.store.listKeys().find((candidate) => candidate.isActive);
      assert.ok(key, 'the emulator seeds an active key');
      await refused('revokeKey', { uid: 42 }, 'The "uid" argument must be a string.');
      // A script that names no key is refused, not shown a picker no one will answer.
      await refused('revokeKey', {}, 'The "uid" argument is required.');
      await refused('renewKey', { uid: key.uid, days: 'ten' }, 'The "days" argument must be a number from 1 to 3650.');
      await refused('deleteKey', { uid: key.uid }, 'Pass "confirm: true" to delete a key without a prompt.');
      await refused('rotateKey', { uid: key.uid, confirm: true, oldKeyAction: 'burn' }, 'The "oldKeyAction" argument must be "revoke", "delete" or "keep".');
      await refused('rotateKey', { uid: key.uid, confirm: true, updateFiles: 'yes' }, 'The "updateFiles" argument must be true or false.');
      await refused('switchConnection', {}, 'The "connectionId" argument is required.');
      await refused('filterKeys', { statuses: 'revoked' }, 'The "statuses" argument must be a list of active, expiring, expired, revoked.');
      await refused('ignoreFinding', { uri: 'file:///x', fingerprint: 'nope', ruleId: 'r' }, 'The "fingerprint" argument is not a finding fingerprint.');
    });

    it('is described by its own message, not as an unknown failure', () => {
      const problem = describeError(new InvalidArgumentError('The "uid" argument is required.'));
      assert.deepEqual(problem, { kind: 'invalidArgument', message: 'The "uid" argument is required.' });
    });

    it('called interactively (a quick fix\'s argument), shows that message under the localised failure title', async () => {
      const notifications = recordNotifications();
      try {
        const result = await vscode.commands.executeCommand('paletteKeys.revokeKey', { uid: 42, interactive: true });
        assert.equal(result, undefined, 'an interactive failure resolves to undefined');
        const shown = await waitFor(() => notifications.shown.find((n) => n.severity === 'error'), 5_000, 'the error notification');
        assert.equal(shown.message, `${vscode.l10n.t('Could not revoke the key')}: The "uid" argument must be a string.`);
      } finally {
        notifications.restore();
      }
    });
  });

  describe('known values follow the stores', () => {
    it('a value saved in the vault or a credential added to the connection store is known without a reload', async () => {
      const secrets = new InMemorySecretStore();
      const store = new ConnectionStore(secrets, () => 'conn-1');
      const vault = new KeyValueVault(secrets);
      const known = new KnownValues(store, vault);
      let changes = 0;
      known.onDidChange(() => changes++);
      try {
        await store.add(
          { baseUrl: emulator.url, label: 'Test', authKind: 'apiKey', userUid: 'u1', tenantUid: 't1', orgName: 'Org' },
          { kind: 'apiKey', apiKey: ADMIN_KEY },
        );
        await known.whenLoaded();
        assert.deepEqual(known.all.map((value) => value.id), ['credential:conn-1']);
        await vault.save('conn-1', 'key-1', 'FAKEvaultValue000000000000000001');
        await known.whenLoaded();
        assert.deepEqual(known.uidsFor('conn-1'), new Set(['key-1']));
        await vault.forget('conn-1', 'key-1');
        await known.whenLoaded();
        assert.deepEqual(known.uidsFor('conn-1'), new Set());
        assert.equal(changes, 3, 'one change per store write that changed the values');
        await vault.forget('conn-1', 'key-1');
        await known.whenLoaded();
        assert.equal(changes, 3, 'a write that changed no value fires no change (no needless re-scan)');
      } finally {
        known.dispose();
      }
    });

    it('creating a key makes the scanner know its value; deleting it makes the scanner forget it', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the host tests run with a workspace folder');
      let value: string | undefined;
      const stop = emulator.store.onValueIssued((issued) => {
        value = issued;
      });
      const file = path.join(folder.uri.fsPath, 'session-known-value.env');
      try {
        const created = await run<PlainKey>('createKey', { name: 'known-after-create', expiresInDays: 7 });
        assert.ok(value, 'the emulator issued a value');
        assert.ok(!JSON.stringify(created).includes(value), 'the command result holds no key value');
        fs.writeFileSync(file, `DEPLOY_TOKEN=${value}\n`);
        const uri = vscode.Uri.file(file);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const knownDiagnostic = () => vscode.languages.getDiagnostics(uri).find((d) => d.code === KNOWN_KEY_CODE);
        const diagnostic = await waitFor(knownDiagnostic, 10_000, 'a known-key diagnostic for the created key');
        assert.match(diagnostic.message, /known-after-create/);
        assert.ok(!diagnostic.message.includes(value), 'the diagnostic masks the value');

        await run('deleteKey', { uid: created.uid, confirm: true });
        await waitFor(() => !knownDiagnostic(), 10_000, 'the deleted key\'s value to be forgotten');
      } finally {
        stop();
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        fs.rmSync(file, { force: true });
      }
    });
  });
});
