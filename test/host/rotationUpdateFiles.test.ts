// Rotation's "Update Files": after `rotateKey({uid, confirm: true, updateFiles: true})` no file of
// the workspace holds the old key's value any more. The values are the emulator's, which tells
// this suite every value it issues (the scripted commands never return one).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningEmulator } from '../../src/emulator/server';
import { ADMIN_KEY, activateExtension, run, signOutAll, startTestEmulator } from './reliabilitySupport';

interface Rotated {
  uid: string;
  previous: { uid: string; action: string };
  updatedFiles: string[];
}

/** A 32-character run of letters and digits: the shape of a Palette key value. */
const KEY_SHAPED = /(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?![A-Za-z0-9])/;

describe('rotation: Update Files', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let folder: string;
  const issued: string[] = [];

  before(async () => {
    emulator = await startTestEmulator();
    emulator.store.onValueIssued((value) => issued.push(value));
    await activateExtension();
    await signOutAll();
    await run('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the host tests run with a workspace folder');
    folder = path.join(root, 'rotation-update-files');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
    await signOutAll();
    await emulator?.close();
  });

  /** Creates a key through the extension (which keeps its value) and writes it into two files. */
  async function keyInFiles(): Promise<{ uid: string; oldValue: string; files: string[] }> {
    const issuedBefore = issued.length;
    const { uid } = await run<{ uid: string }>('createKey', { name: 'rotate-in-files', expiresInDays: 30 });
    assert.equal(issued.length, issuedBefore + 1, 'the emulator issued one value');
    const oldValue = issued[issued.length - 1];
    fs.mkdirSync(path.join(folder, 'deploy'), { recursive: true });
    const files = ['deploy/.env', 'main.tf'];
    fs.writeFileSync(path.join(folder, files[0]), `SPECTROCLOUD_APIKEY=${oldValue}\n`);
    fs.writeFileSync(path.join(folder, files[1]), `provider "spectrocloud" {\n  api_key = "${oldValue}"\n}\n`);
    return { uid, oldValue, files };
  }

  const read = (file: string): string => fs.readFileSync(path.join(folder, file), 'utf8');

  it('leaves the old value in no file, and reports each file it changed', async () => {
    const { uid, oldValue, files } = await keyInFiles();
    const rotated = await run<Rotated>('rotateKey', { uid, confirm: true, updateFiles: true, oldKeyAction: 'revoke' });
    assert.equal(rotated.previous.uid, uid);
    assert.deepEqual([...rotated.updatedFiles].sort(), files.map((file) => `rotation-update-files/${file}`).sort());
    for (const file of files) assert.ok(!read(file).includes(oldValue), `${file} still holds the old value`);
    assert.equal(emulator.store.listKeys().find((key) => key.uid === uid)?.isActive, false, 'the old key is revoked');
  });

  it('writes an environment reference, never the new value, into the files it updates', async () => {
    const { uid, files } = await keyInFiles();
    const issuedBefore = issued.length;
    await run<Rotated>('rotateKey', { uid, confirm: true, updateFiles: true, oldKeyAction: 'revoke' });
    const newValue = issued[issuedBefore];
    assert.ok(newValue, 'the rotation issued a new value');
    for (const file of files) {
      assert.ok(!read(file).includes(newValue), `${file} holds the new value`);
      assert.doesNotMatch(read(file), KEY_SHAPED, `${file} holds a key-shaped value`);
    }
    assert.match(read('deploy/.env'), /SPECTROCLOUD_APIKEY/, 'the .env names the variable that now holds the key');
  });
});
