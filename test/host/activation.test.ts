import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { COMMAND_IDS, VIEW_CONTAINER_ID, VIEW_IDS } from '../../src/host/constants';
import { emulatorFromEnv } from './support/emulator';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'palette-keys.palette-api-keys';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
  };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed in this extension host`);
  return found;
}

describe('activation', () => {
  it('runs in a real VS Code 1.96 extension host', () => {
    assert.match(vscode.version, /^1\.96\./);
  });

  it('activates when its view container is opened', async function () {
    const ext = extension();
    const manifest = ext.packageJSON as Manifest;
    if (ext.isActive) {
      // Only an eager activation event can explain this; views activate implicitly (onView).
      const events = manifest.activationEvents ?? [];
      assert.ok(events.length > 0, 'active before its view was opened, yet the manifest declares no activation event');
      console.log(`[activation] already active through ${events.join(', ')}: view activation not observable`);
      this.skip();
    }
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await waitFor(() => ext.isActive, 15_000, `${EXTENSION_ID} to activate after opening its view`);
  });

  it('registers exactly the commands package.json contributes, and they equal COMMAND_IDS', async () => {
    await extension().activate();
    const manifest = extension().packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort(), 'package.json contributes.commands differs from COMMAND_IDS');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed commands that are not registered');
    const ours = [...registered].filter((id) => id.startsWith('paletteKeys.') && !Object.values(VIEW_IDS).some((view) => id.startsWith(`${view}.`)));
    const declared = new Set<string>(contributed);
    const undeclared = ours.filter((id) => !declared.has(id));
    assert.deepEqual(undeclared, [], 'registered paletteKeys.* commands missing from package.json');
  });

  it('contributes the Palette view container with the keys view, and both open', async () => {
    const manifest = extension().packageJSON as Manifest;
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === VIEW_CONTAINER_ID));
    assert.ok(manifest.contributes.views[VIEW_CONTAINER_ID]?.some((v) => v.id === VIEW_IDS.keys));
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [`workbench.view.extension.${VIEW_CONTAINER_ID}`, `${VIEW_IDS.keys}.focus`]) {
      assert.ok(registered.has(id), `${id} is not a command: the view or its container is missing`);
    }
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(`${VIEW_IDS.keys}.focus`);
  });

  it('can take a workbench screenshot through the runner', async function () {
    if (!process.env.PALETTE_TEST_CONTROL_URL) this.skip();
    await vscode.commands.executeCommand(`${VIEW_IDS.keys}.focus`);
    const saved = await screenshot('activation-view');
    assert.ok(saved && fs.existsSync(saved), `screenshot not saved: ${saved}`);
    assert.ok(fs.statSync(saved).size > 1000, 'screenshot file is suspiciously small');
  });
});

describe('host test harness', () => {
  it('hands the runner\'s emulator to the extension host, reachable with its admin key', async function () {
    const emulator = emulatorFromEnv();
    if (!emulator) this.skip();
    const response = await fetch(new URL('/v1/users/info', emulator.url), { headers: { ApiKey: emulator.adminKey } });
    assert.equal(response.status, 200, 'the emulator refused its own admin key');
    const anonymous = await fetch(new URL('/v1/users/info', emulator.url));
    assert.equal(anonymous.status, 401, 'the emulator answered without credentials');
  });
});
