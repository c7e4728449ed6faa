// Pictures of the real workbench for the README: the key tree as a tenant admin (grouped by
// user, with warning icons) and as a plain user, and the create form. Each test also checks that
// what it pictures is really there, so a broken view cannot pass as a picture of an empty one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { requireEmulator, type TestEmulator } from './support/emulator';
import { signOutAll } from './support/commands';
import { EmulatorControl } from './support/emulatorControl';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


describe('workbench screenshots', function () {
  this.timeout(60_000);
  let emulator: TestEmulator;

  before(async function () {
    emulator = requireEmulator(this);
    await new EmulatorControl(emulator).reset();
    await vscode.extensions.getExtension('palette-keys.palette-api-keys')?.activate();
    await signOutAll();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('shows the welcome view when signed out', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.paletteKeys');
    await settle(800);
    await screenshot('tree-signed-out');
  });

  it('shows every user\'s keys, grouped, to a tenant admin', async () => {
    await vscode.commands.executeCommand('paletteKeys.signIn', { host: emulator.url, apiKey: emulator.adminKey });
    const { count } = await vscode.commands.executeCommand<{ count: number }>('paletteKeys.refresh', {});
    assert.ok(count >= 8, `the seeded tenant has keys in every state (got ${count})`);
    await vscode.commands.executeCommand('paletteKeys.keys.focus');
    await settle(1500);
    await screenshot('tree-admin');
  });

  it('opens the create form beside the tree', async () => {
    void vscode.commands.executeCommand('paletteKeys.createKey');
    await waitFor(() => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.label.includes('Create'))), 15_000, 'the create form');
    await settle(2500);
    await screenshot('form-create');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a plain user only their own keys', async () => {
    await vscode.commands.executeCommand('paletteKeys.signIn', { host: emulator.url, apiKey: emulator.userKey });
    const { count } = await vscode.commands.executeCommand<{ count: number }>('paletteKeys.refresh', {});
    assert.ok(count >= 1);
    await vscode.commands.executeCommand('paletteKeys.keys.focus');
    await settle(1500);
    await screenshot('tree-user');
  });
});
