import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS, VIEW_CONTAINER_ID, VIEW_IDS } from '../../src/host/constants';
import { emulatorFromEnv } from './support/emulator';
import { pngSize, screenshot } from './support/screenshot';
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

/** The command the activation test runs first: it only shows the log, so it needs no sign-in. */
const SHOW_LOG_COMMAND = 'paletteKeys.showLog';

/**
 * The extension host's log lines that record an activation of `extensionId` (one per activation,
 * with its reason), read from the runner's user-data folder; undefined while there is no log yet.
 */
function activationsOf(extensionId: string): string[] | undefined {
  const userData = process.env.PALETTE_TEST_USER_DATA;
  assert.ok(userData, 'PALETTE_TEST_USER_DATA is not set: the activation test needs the code-server runner');
  const logs = fs.readdirSync(path.join(userData, 'logs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /exthost\.log$/.test(file))
    .map((file) => fs.readFileSync(path.join(userData, 'logs', file), 'utf8'));
  const lines = logs.join('\n').split('\n').filter((line) => line.includes(`ExtensionService#_doActivateExtension ${extensionId},`));
  return lines.length > 0 ? lines : undefined;
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

  it('declares no activation event but onStartupFinished: nothing of it runs while VS Code starts', () => {
    assert.deepEqual((extension().packageJSON as Manifest).activationEvents, ['onStartupFinished']);
  });

  it('activates once, outside VS Code\'s startup, through onStartupFinished or the first command the test runs', async () => {
    const ext = extension();
    // The suites start with the extension host, often before VS Code's startup has finished, so
    // the test's own command may be what activates the extension; VS Code logs which event did.
    await vscode.commands.executeCommand(SHOW_LOG_COMMAND);
    assert.equal(ext.isActive, true, 'running one of its commands did not activate the extension');
    const activations = await waitFor(() => activationsOf(EXTENSION_ID), 10_000, 'the extension host to log the activation');
    assert.equal(activations.length, 1, `activated more than once: ${activations.join(' | ')}`);
    const [reason] = activations;
    assert.match(reason, /startup: false/, `activated as part of VS Code's startup: ${reason}`);
    assert.match(reason, new RegExp(`activationEvent: '(onStartupFinished|onCommand:${SHOW_LOG_COMMAND})'`), `activated by an event it should not need: ${reason}`);
    console.log(`[activation] ${reason.replace(/^.*ExtensionService#_doActivateExtension /, '')}`);
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

  it('can take a workbench screenshot through the runner', async () => {
    await vscode.commands.executeCommand(`${VIEW_IDS.keys}.focus`);
    const saved = await screenshot('activation-view');
    assert.ok(saved, 'no runner took the screenshot (PALETTE_TEST_CONTROL_URL is not set)');
    assert.deepEqual(pngSize(saved), { width: 1400, height: 900 }, 'the screenshot is not a PNG of the whole workbench');
  });
});

describe('host test harness', () => {
  it('hands the runner\'s emulator to the extension host, reachable with its admin key', async () => {
    const emulator = emulatorFromEnv();
    assert.ok(emulator, 'the runner started no emulator (hostRunner --emulator; `npm test` always does)');
    const response = await fetch(new URL('/v1/users/info', emulator.url), { headers: { ApiKey: emulator.adminKey } });
    assert.equal(response.status, 200, 'the emulator refused its own admin key');
    const anonymous = await fetch(new URL('/v1/users/info', emulator.url));
    assert.equal(anonymous.status, 401, 'the emulator answered without credentials');
  });
});
