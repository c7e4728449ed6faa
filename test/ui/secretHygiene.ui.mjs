// @ts-check
/* global fetch */
// The secret-hygiene canary: a whole session through the UI with recognisable canary keys (sign
// in, create, edit, rotate, use the new key in a terminal, scan a workspace with planted keys, fix
// a finding, sign out), then a
// search of every place the extension and VS Code write for any full secret the emulator handed
// out. One occurrence fails. Secret storage is where they belong: code-server keeps it, encrypted,
// in the browser's localStorage entry `secrets.provider`, and only that entry is left out.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { after, afterEach, before, describe, it } from 'mocha';
import { repoRoot } from '../../scripts/harness.mjs';
import { activatedHosts, countLogLines, LOG_LINES, waitForLogLine, waitUntil } from './support/extensionLogs.mjs';
import { browserStorageSources, fileSources, findLeaks, frameSources, textSource } from './support/leakSearch.mjs';
import { startUiSession } from './support/uiSession.mjs';
import {
  answerDialog, answerInputBox, answerNotification, clickViewAction, expandTree, focusWorkbench, keyFormFrame, notification,
  openFile, openPaletteView, pick, runCommand, treeContextMenu, waitForTree,
} from './support/workbench.mjs';

/** Where code-server keeps SecretStorage (encrypted with a per-browser key): excluded, and only it. */
const SECRET_STORAGE_ENTRY = 'secrets.provider';
/** code-server's own wrapper logs, outside the user-data folder. */
const CODER_LOGS = join(homedir(), '.local', 'share', 'code-server', 'coder-logs');

/**
 * Polls the emulator's control endpoint until its keys satisfy `predicate`.
 * @param {import('./support/uiSession.mjs').UiSession} session
 * @param {(keys: { name: string, description: string, isActive: boolean }[]) => boolean} predicate
 */
async function waitForEmulator(session, predicate) {
  for (let i = 0; i < 60; i++) {
    const { items } = await (await fetch(`${session.emulator.url}/__emulator/keys`)).json();
    if (predicate(items)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the emulator never reached the expected state');
}

describe('UI: secret hygiene canary', function () {
  this.timeout(120_000);
  /** @type {import('./support/uiSession.mjs').UiSession} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  /** Everything this test process writes to stdout/stderr while the session runs (mocha's report included). */
  let captured = '';
  /** @type {Array<() => void>} */
  const restore = [];
  /** The window's extension host, whose log tells when the extension has done something. */
  let host = '';
  /** Texts the UI showed about findings: the hover and the Problems panel. */
  const shownFindings = { hover: '', problems: '' };

  before(async function () {
    this.timeout(180_000);
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = /** @type {typeof stream.write} */ ((/** @type {string | Uint8Array} */ chunk, /** @type {never[]} */ ...rest) => {
        captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return write(chunk, ...rest);
      });
      restore.push(() => (stream.write = write));
    }
    session = await startUiSession({
      name: 'canary',
      files: (emulator) => ({
        // The user's key where keys leak (fixed below), and the admin's in Terraform (left: a control).
        '.env': `SPECTROCLOUD_APIKEY=${emulator.userKey}\n`,
        'deploy/provider.tf': `provider "spectrocloud" {\n  host    = "api.spectrocloud.com"\n  api_key = "${emulator.adminKey}"\n}\n`,
      }),
    });
    page = session.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await session.screenshot(page, 'failed-canary');
  });

  after(async () => {
    for (const undo of restore.splice(0)) undo();
    await session?.close();
  });

  /** Signs in, creates, edits and rotates a key through the UI. */
  async function signInCreateEditRotate() {
    await openPaletteView(page);
    await runCommand(page, 'Palette API Keys: Sign In to Palette…');
    await answerInputBox(page, /Palette API host/, session.emulator.url);
    await pick(page, 'API key');
    await answerInputBox(page, /Palette API key/, session.adminKey);
    await waitForTree(page, (rows) => rows.some((row) => row.label === 'Ada Admin'), 'the owner groups');
    await expandTree(page);

    await clickViewAction(page, 'Create API Key');
    let form = keyFormFrame(page);
    await form.locator('#name input').fill('canary-created');
    await form.locator('#submit').click();
    await form.locator('#reveal-copy').click();
    await form.locator('#reveal-status', { hasText: /Copied/ }).waitFor();
    await form.locator('#reveal-done').click();
    await waitForTree(page, (rows) => rows.some((row) => row.label === 'canary-created'), 'the created key');

    await treeContextMenu(page, 'canary-created', 'Edit API Key…');
    form = keyFormFrame(page);
    await form.locator('#description textarea').fill('edited by the canary test');
    const listed = countLogLines(session.userDataDir, host, LOG_LINES.loaded);
    await form.locator('#submit').click();
    await waitForEmulator(session, (keys) => keys.some((key) => key.name === 'canary-created' && key.description === 'edited by the canary test'));
    // The edit's refresh has loaded the list the tree redraws from.
    await waitForLogLine(session.userDataDir, host, LOG_LINES.loaded, 'the key list after the edit', listed + 1);
    await treeContextMenu(page, 'canary-created', 'Rotate API Key…');
    await answerDialog(page, /Rotate API key "canary-created"/, 'Rotate');
    await answerNotification(page, /old key's value may appear in workspace files/, 'Skip');
    await answerDialog(page, /What should happen to the old key/, 'Revoke Old Key');
    await answerDialog(page, /New value of API key "canary-created"/, 'Copy');
    await waitForTree(page, (rows) => rows.filter((row) => row.label === 'canary-created').length === 2, 'the old and the new key');
    assert.ok(session.issuedValues().length >= 8, 'seeded secrets, the created and the rotated value were recorded');
  }

  /** Puts the rotated key into a new terminal (Use in Terminals), never into a file. */
  async function useRotatedKeyInTerminal() {
    const rotatedValue = session.issuedValues().at(-1) ?? '';
    await runCommand(page, 'Palette API Keys: Use in Terminals');
    await pick(page, 'canary-created');
    await waitForTree(page, (rows) => rows.some((row) => row.label === 'canary-created' && /in terminals/.test(row.description ?? '')), 'the tree marks the terminal key');
    await session.screenshot(page, 'canary-terminal-key');
    // The terminal proves it has the value by its hash only: the value is never typed, shown or written.
    const hashFile = join(mkdtempSync(join(tmpdir(), 'palette-canary-')), 'key.sha256');
    await runCommand(page, 'Terminal: Create New Terminal');
    const terminal = page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor();
    await terminal.click();
    await page.waitForTimeout(1500); // the shell's prompt
    await page.keyboard.type(`printf %s "$SPECTROCLOUD_APIKEY" | sha256sum | cut -c1-64 > ${hashFile}`);
    await page.keyboard.press('Enter');
    for (let i = 0; i < 60 && !existsSync(hashFile); i++) await page.waitForTimeout(250);
    assert.equal(readFileSync(hashFile, 'utf8').trim(), createHash('sha256').update(rotatedValue).digest('hex'), 'the terminal has the rotated key');
    rmSync(dirname(hashFile), { recursive: true, force: true });
    await runCommand(page, 'Terminal: Kill All Terminals');
  }

  /** Scans the workspace, shows the findings masked, fixes one, signs out. */
  async function scanFixSignOut() {
    // A person pauses here, and so does the test: the rotation's automatic re-scan (known values
    // changed, 1 s debounce) then runs before this one instead of queuing behind it.
    await page.waitForTimeout(3000);
    await runCommand(page, 'Palette API Keys: Scan Workspace for Leaked API Keys');
    const summary = await notification(page, /Found \d+ possible Palette API key|No Palette API keys found/);
    assert.match(await summary.innerText(), /Found 2 possible Palette API key/);

    await openFile(page, '.env');
    // Only a squiggle in the visible editor: a hidden editor instance can hold one without a box.
    const squiggle = page.locator('.editor-instance .squiggly-warning:visible, .editor-instance .squiggly-error:visible').first();
    await squiggle.waitFor({ state: 'visible' });
    // The mouse, not locator.hover(): a failing locator call would print the line's text (the key) in its log.
    // The editor may still be laying out: ask for the box until it has one.
    let box = await squiggle.boundingBox();
    for (let attempt = 0; !box && attempt < 20; attempt++) {
      await page.waitForTimeout(250);
      box = await squiggle.boundingBox();
    }
    assert.ok(box, 'the squiggle is on screen');
    const hover = page.locator('.monaco-hover:visible').first();
    // A hover opens only when the mouse moves onto the word (not if it already rests there), and a
    // re-render of the editor can close it again: move off and back on until it shows.
    for (let attempt = 0; attempt < 5; attempt++) {
      box = (await squiggle.boundingBox()) ?? box;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 150);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      if (await hover.waitFor({ timeout: 4000 }).then(() => true, () => false)) break;
    }
    await hover.waitFor({ timeout: 5000 });
    // Its text arrives after the box ("Loading…" first).
    await page.locator('.monaco-hover:visible', { hasText: /Palette/ }).first().waitFor({ timeout: 5000 });
    shownFindings.hover = await hover.innerText();
    assert.match(shownFindings.hover, /Palette/, 'the hover describes the finding');

    await focusWorkbench(page);
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row').first().waitFor();
    shownFindings.problems = await problems.innerText();
    assert.match(shownFindings.problems, /provider\.tf/, 'the Problems panel lists the Terraform finding');

    await page.locator('.editor-instance .view-line', { hasText: 'SPECTROCLOUD_APIKEY' }).click({ position: { x: 200, y: 5 } });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Replace with ${SPECTROCLOUD_APIKEY}' }).first();
    await fix.waitFor();
    for (let i = 0; i < 10 && !(await fix.evaluate((row) => row.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-line', { hasText: '${SPECTROCLOUD_APIKEY}' }).waitFor();
    await page.locator('.editor-instance .view-line', { hasText: '${SPECTROCLOUD_APIKEY}' }).click();
    await page.keyboard.press('Control+S');
    const envFile = join(session.workspace, '.env');
    for (let i = 0; i < 40 && readFileSync(envFile, 'utf8').includes(session.userKey); i++) await page.waitForTimeout(250);
    assert.ok(!readFileSync(envFile, 'utf8').includes(session.userKey), 'the fix removed the value from .env');

    await runCommand(page, 'Palette API Keys: Sign Out…');
    await answerDialog(page, /Sign out of/, 'Sign Out');
    await page.locator('.part.sidebar .welcome-view-content', { hasText: 'Sign In to Palette' }).waitFor();
    // The extension's log channel is written through a buffered file logger: the sign-out's line in the
    // file shows that everything before it has been flushed and will be searched.
    await waitForLogLine(session.userDataDir, host, /signed out of a connection and removed its secrets/, 'the sign-out in the log file');
  }

  /** Searches every place the extension or VS Code wrote for every secret of the session. */
  async function searchEverywhere() {
    const secrets = [...new Set([session.adminKey, session.userKey, ...session.issuedValues()])];
    const cli = join(repoRoot, 'dist', 'cli.js');
    const run = promisify(execFile);
    /** @type {string[]} */
    const cliOutputs = [];
    for (const format of ['text', 'json', 'sarif']) {
      // Exit code 1 means "found something": the output is what matters.
      // The recorded values go in as known keys too: the CLI must name them, never print them.
      const result = await run(process.execPath, [cli, 'scan', '--format', format, '--known-keys', session.issuedValuesFile, session.workspace]).catch((/** @type {{ stdout: string, stderr: string }} */ error) => error);
      cliOutputs.push(`${result.stdout}\n${result.stderr}`);
    }
    assert.match(cliOutputs[0], /provider\.tf/, 'the CLI reports the planted key that is left');

    const workspace = fileSources(session.workspace, 'workspace');
    // The control: the search does find a secret where one is (the planted Terraform key).
    assert.deepEqual(findLeaks(secrets, workspace).map((leak) => leak.where), ['workspace/deploy/provider.tf']);

    const sources = [
      ...workspace.filter((source) => source.where !== 'workspace/deploy/provider.tf'),
      ...fileSources(session.userDataDir, 'user-data'),
      ...(existsSync(CODER_LOGS) ? fileSources(CODER_LOGS, 'coder-logs') : []),
      ...await browserStorageSources(page, [SECRET_STORAGE_ENTRY]),
      ...await frameSources(page),
      textSource('hover', shownFindings.hover),
      textSource('Problems panel', shownFindings.problems),
      ...cliOutputs.map((output, index) => textSource(`CLI output ${['text', 'json', 'sarif'][index]}`, output)),
      textSource('extension host log, browser and code-server output', session.output.join('\n')),
      textSource('this test process\'s stdout and stderr', captured),
    ];
    const logs = sources.filter((source) => /^user-data\/logs\/.*exthost\d+\/palette-keys\.palette-api-keys\//.test(source.where));
    assert.ok(logs.length > 0 && logs.some((log) => log.bytes.length > 0), 'the extension\'s own log file was searched');
    assert.ok(sources.some((source) => /state-db/.test(source.where)), 'the workbench state databases were searched');
    const leaks = findLeaks(secrets, sources);
    console.log(`      searched ${sources.length} places for ${secrets.length} secrets: ${leaks.length} occurrence(s)`);
    assert.equal(leaks.length, 0, `secrets found outside secret storage:\n${leaks.map((leak) => `  ${leak.secret} in ${leak.where} (${leak.encoding}): ${leak.context}`).join('\n')}`);
  }

  // One test: the search is only meaningful after the whole session, so the steps are not tests of their own.
  it('leaves no secret anywhere but secret storage after a whole session: sign in, create, edit, rotate, use in terminals, scan, fix, sign out', async function () {
    this.timeout(360_000);
    host = await waitUntil(() => [...activatedHosts(session.userDataDir)][0], 'the window to activate the extension');
    await signInCreateEditRotate();
    await useRotatedKeyInTerminal();
    await scanFixSignOut();
    await searchEverywhere();
  });
});
