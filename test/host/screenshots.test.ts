// Pictures of the real workbench for the README: the key tree as a tenant admin (grouped by
// user, with warning icons) and as a plain user, and the create form. Each test waits until the
// workbench shows what it pictures (read from the page through the runner), then checks the saved
// picture is a PNG of the whole workbench: a broken view cannot pass as a picture of an empty one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { signOutAll } from './support/commands';
import { startSuiteEmulator, type SuiteEmulator } from './support/emulator';
import { pngSize, screenshot, workbenchText } from './support/screenshot';
import { waitFor } from './support/waitFor';

/** The runner's viewport (scripts/vscode/workbench.mjs WORKBENCH_VIEWPORT): every picture is the whole workbench. */
const VIEWPORT = { width: 1400, height: 900 };
const SIDEBAR = '[id="workbench.parts.sidebar"]';

/** Waits until the workbench shows every expected text in `selector` and none of the unexpected; returns the text. */
async function waitForShown(selector: string, expected: string[], unexpected: string[] = []): Promise<string> {
  let shown = '';
  const matches = (): boolean => expected.every((text) => shown.includes(text)) && !unexpected.some((text) => shown.includes(text));
  try {
    await waitFor(async () => {
      shown = await workbenchText(selector);
      return matches();
    }, 15_000, `the workbench to show ${expected.join(', ')}${unexpected.length ? ` without ${unexpected.join(', ')}` : ''}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`, { cause: error });
  }
  return shown;
}

/** Takes the picture and checks it is a PNG of the whole workbench. */
async function picture(name: string): Promise<void> {
  // Earlier suites leave the Output panel and expiry notifications open: not part of the picture.
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('notifications.clearAll');
  const saved = await screenshot(name);
  assert.ok(saved, 'the runner saved no screenshot (the screenshot tests need the code-server runner)');
  assert.deepEqual(pngSize(saved), VIEWPORT, `${name}.png is not a picture of the whole workbench`);
}

describe('workbench screenshots', function () {
  this.timeout(60_000);
  let emulator: SuiteEmulator;

  before(async () => {
    emulator = await startSuiteEmulator();
    await vscode.extensions.getExtension('palette-keys.palette-api-keys')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
    await emulator?.close();
  });

  it('shows the welcome view when signed out', async () => {
    await signOutAll();
    await vscode.commands.executeCommand('workbench.view.extension.paletteKeys');
    await waitForShown(SIDEBAR, ['Manage your Spectro Cloud Palette API keys here', 'Sign In to Palette']);
    await picture('tree-signed-out');
  });

  it('groups every user\'s keys by owner for a tenant admin, the admin\'s own group open', async () => {
    await vscode.commands.executeCommand('paletteKeys.signIn', { host: emulator.url, apiKey: emulator.adminKey });
    const { count } = await vscode.commands.executeCommand<{ count: number }>('paletteKeys.refresh', {});
    assert.ok(count >= 8, `the seeded tenant has keys in every state (got ${count})`);
    await vscode.commands.executeCommand('paletteKeys.keys.focus');
    // Every owner's group, the departed user's orphans included; with more than three groups the
    // others start collapsed (or as this profile left them), so only the admin's own keys surely show.
    await waitForShown(SIDEBAR, ['Ada Admin', 'ada-cli', 'Bob Builder', 'Carol Chen', 'Orphaned keys'], ['Sign In to Palette']);
    await picture('tree-admin');
  });

  it('opens the create form beside the tree', async () => {
    await vscode.commands.executeCommand('paletteKeys.signIn', { host: emulator.url, apiKey: emulator.adminKey });
    void vscode.commands.executeCommand('paletteKeys.createKey');
    // The form's own title, inside its webview frame: the form rendered, not just its tab.
    await waitForShown('#form-title', ['Create Palette API Key']);
    await picture('form-create');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a plain user only their own keys', async () => {
    await vscode.commands.executeCommand('paletteKeys.signIn', { host: emulator.url, apiKey: emulator.userKey });
    const { count } = await vscode.commands.executeCommand<{ count: number }>('paletteKeys.refresh', {});
    assert.ok(count >= 1);
    await vscode.commands.executeCommand('paletteKeys.keys.focus');
    await waitForShown(SIDEBAR, ['bob-vscode', 'bob-laptop'], ['ada-cli', 'carol-dev']);
    await picture('tree-user');
  });
});
