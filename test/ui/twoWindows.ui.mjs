// @ts-check
/* global fetch */
// Two windows on one workspace (two tabs of one browser profile, one code-server user-data
// folder), as a person with two VS Code windows has. In VS Code for the Web each tab loads the
// encrypted secret storage once and never sees another tab's writes until it reloads, so what is
// tested is the honest behaviour the extension builds on its signal files in global storage:
// a sign-in in one tab makes the other ask once to reload (and the reload shows the keys); a
// sign-out in one tab signs the other out at once; the stale tab refuses to write (it would put
// its old copy of secret storage back) and says why; the day's expiry summary is shown once across both;
// a delete in one tab while the other refreshes leaves both trees agreeing with Palette; a second
// browser profile (a secret storage of its own) signs in without being taken for a stale tab.
import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { importSource } from '../../scripts/harness.mjs';
import { extensionLogs } from './support/extensionLogs.mjs';
import { startUiSession } from './support/uiSession.mjs';
import {
  answerDialog, answerInputBox, answerNotification, clickViewAction, expandTree, notification, openPaletteView, pick, runCommand,
  treeContextMenu, treeRows, waitForTree, waitForWorkbench,
} from './support/workbench.mjs';

/** @typedef {import('playwright-core').Page} Page */

const { COPY_LOAD_MARGIN_MS } = /** @type {{ COPY_LOAD_MARGIN_MS: number }} */ (await importSource('src/core/sync/revisionGuardedSecretStore.ts'));

/**
 * The daily expiry summaries held by any window, one entry per notification.
 * Counted in the notification centre, which keeps a toast that has already hidden itself.
 * @param {Page[]} pages
 */
async function expiryWarnings(pages) {
  /** @type {string[]} */
  const names = [];
  for (const page of pages) {
    await page.bringToFront();
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    const texts = await center.locator('.notification-list-item').allTextContents();
    for (const text of texts) {
      const match = /Your Palette API key "[^"]+" expires[^.]*\.|\d+ of your Palette API keys expire within \d+ days\./.exec(text);
      if (match) names.push(match[0]);
    }
    await center.locator('.action-label[aria-label^="Hide Notifications"]').first().click();
  }
  return names;
}

/** How many windows (extension hosts) have activated the extension so far. */
function activationCount(/** @type {string} */ userDataDir) {
  return extensionLogs(userDataDir).filter((log) => /activated in \d+ ms/.test(log.text)).length;
}

/**
 * Waits until `count` windows have activated the extension, so a test knows which of its two
 * paths it exercises (a signal heard while running, not a stale copy found at start-up).
 * @param {string} userDataDir
 * @param {number} count
 */
async function waitForActivations(userDataDir, count) {
  const deadline = Date.now() + 60_000;
  while (activationCount(userDataDir) < count) {
    if (Date.now() > deadline) throw new Error(`only ${activationCount(userDataDir)} of ${count} windows activated the extension within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const RELOAD_PROMPT = /Palette sign-in changed in another window\. Reload this window to use it\./;

/**
 * Signs in through the command palette with the admin key.
 * @param {Page} page
 * @param {import('./support/uiSession.mjs').UiSession} session
 */
async function signIn(page, session) {
  await runCommand(page, 'Palette API Keys: Sign In to Palette…');
  await answerInputBox(page, /Palette API host/, session.emulator.url);
  await pick(page, 'API key');
  await answerInputBox(page, /Palette API key/, session.adminKey);
}

/** The signed-out welcome view of the Palette side bar. */
function signedOutView(/** @type {Page} */ page) {
  return page.locator('.part.sidebar .welcome-view-content', { hasText: 'Sign In to Palette' });
}

/**
 * Waits for the signed-out view, then checks it stays (no connection comes back from storage).
 * @param {Page} page
 * @param {string} what
 */
async function expectSignedOut(page, what) {
  await signedOutView(page).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(3000);
  assert.equal(await signedOutView(page).count(), 1, `${what} is signed out`);
  assert.equal((await treeRows(page)).length, 0, `no keys shown in ${what}`);
}

/**
 * Reloads a tab through the "Reload Window" button of a notification and waits for the Palette view again.
 * @param {Page} page
 * @param {RegExp} message
 */
async function reloadThroughNotification(page, message) {
  await Promise.all([
    page.waitForEvent('load', { timeout: 60_000 }),
    answerNotification(page, message, 'Reload Window'),
  ]);
  await waitForWorkbench(page);
  await openPaletteView(page);
}

describe('UI: two windows', function () {
  this.timeout(120_000);
  /** @type {import('./support/uiSession.mjs').UiSession} */
  let session;
  /** @type {Page} */
  let first;
  /** @type {Page} */
  let second;
  /** When the first window first wrote to its browser's secret storage. */
  let firstSignInAt = 0;

  before(async function () {
    this.timeout(240_000);
    session = await startUiSession({ name: 'windows' });
    first = session.page;
    second = await session.openWindow();
    await openPaletteView(first);
    await openPaletteView(second);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const name = this.currentTest.title.slice(0, 40).replace(/\W+/g, '-');
      if (first) await session.screenshot(first, `failed-windows-${name}-1`);
      if (second) await session.screenshot(second, `failed-windows-${name}-2`);
      for (const log of extensionLogs(session.userDataDir)) console.log(`      --- ${log.host}\n${log.text.replace(/^/gm, '      ')}`);
    }
  });

  after(async () => {
    await session?.close();
  });

  it('a sign-in in one window makes the other ask once to reload, and the reload shows the keys', async () => {
    // Both extensions running: the second window hears the sign-in as a signal. (A window whose
    // extension starts after the write finds its copy stale at start-up instead: a host test.)
    await waitForActivations(session.userDataDir, 2);
    await first.bringToFront();
    firstSignInAt = Date.now();
    await signIn(first, session);
    await waitForTree(first, (rows) => rows.some((row) => row.label === 'Ada Admin'), 'the owner groups in the first window');
    await second.bringToFront();
    await notification(second, RELOAD_PROMPT);
    assert.equal(await second.locator('.notification-toast:visible, .notifications-center .notification-list-item:visible').filter({ hasText: RELOAD_PROMPT }).count(), 1,
      'one prompt, not one per secret written');
    assert.equal(await first.locator('.notification-toast, .notifications-center .notification-list-item').filter({ hasText: RELOAD_PROMPT }).count(), 0,
      'the window that signed in is not asked to reload');
    await reloadThroughNotification(second, RELOAD_PROMPT);
    await waitForTree(second, (rows) => rows.some((row) => row.label === 'Ada Admin'), 'the owner groups in the second window after the reload', 60_000);
    await expandTree(second);
    await session.screenshot(second, 'e2e-second-window');
  });

  it('shows the day\'s expiry summary once across both windows', async () => {
    // Both windows evaluate the same keys; give the slower one time to (wrongly) warn as well.
    await first.waitForTimeout(4000);
    // The admin's one own key within 7 days of expiry; other owners' keys never pop up.
    const summaries = await expiryWarnings([first, second]);
    assert.equal(summaries.length, 1, `summaries held: ${summaries.join(' | ')}`);
    assert.match(summaries[0], /^Your Palette API key "terraform-ci" expires in \d days\.$/);
  });

  it('a delete in one window while the other refreshes leaves both trees agreeing with Palette', async () => {
    await first.bringToFront();
    await expandTree(first);
    await second.bringToFront();
    await expandTree(second);
    // The next key listing answers after 3 s: the second window's refresh is still out when the
    // first window's delete lands, and its answer may still hold the deleted key.
    await fetch(`${session.emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', pathRegex: '^/v1/apiKeys$', latencyMs: 3000, times: 1 }),
    });
    await clickViewAction(second, 'Refresh');
    await first.bringToFront();
    await treeContextMenu(first, 'carol-staging', 'Delete API Key…');
    await answerDialog(first, /carol-staging/, 'Delete');
    const gone = (/** @type {Awaited<ReturnType<typeof treeRows>>} */ rows) => rows.some((row) => row.label === 'carol-dev') && !rows.some((row) => row.label === 'carol-staging');
    await waitForTree(first, gone, 'carol-staging gone in the first window');
    // No Refresh clicked in the second window after the delete: the first window's signal does it.
    await waitForTree(second, gone, 'carol-staging gone in the second window', 20_000);
    // The slow listing has come back by now; it must not bring the deleted key back anywhere.
    await first.waitForTimeout(4000);
    assert.ok(gone(await treeRows(first)), 'the first window still agrees with Palette');
    assert.ok(gone(await treeRows(second)), 'the stale listing did not resurrect the deleted key in the second window');
    const { items } = await (await fetch(`${session.emulator.url}/__emulator/keys`)).json();
    assert.equal(items.find((/** @type {{ name: string }} */ key) => key.name === 'carol-staging')?.deleted, true);
  });

  it('a sign-out in one window signs the other out at once, and the stale window cannot undo it', async () => {
    await first.bringToFront();
    await runCommand(first, 'Palette API Keys: Sign Out…');
    await answerDialog(first, /Sign out of/, 'Sign Out');
    await signedOutView(first).waitFor();
    await second.bringToFront();
    await signedOutView(second).waitFor({ timeout: 30_000 });
    await notification(second, RELOAD_PROMPT);
    // Signing in from the stale window would write its old copy of secret storage back (with the
    // connection the first window removed): it is refused with the reason, before any write.
    await signIn(second, session);
    // Reloaded through the error's own action, the second window reads what the first left: signed out.
    await reloadThroughNotification(second, /Reload this window before changing it here/);
    await expectSignedOut(second, 'the second window after its reload');
    await first.bringToFront();
    await first.reload();
    await waitForWorkbench(first);
    await openPaletteView(first);
    await expectSignedOut(first, 'the first window after a reload');
  });

  it('a second browser (its own secret storage) signs in without a reload, and the first is not asked to reload', async function () {
    // A window whose copy holds no stamp takes itself for stale while the first browser's storage
    // may be newer than its copy (the load margin after that storage's first write): wait it out.
    const wait = firstSignInAt + COPY_LOAD_MARGIN_MS + 5000 - Date.now();
    this.timeout(120_000 + Math.max(0, wait));
    if (wait > 0) await first.waitForTimeout(wait);
    const activated = activationCount(session.userDataDir);
    const other = await session.openWindow({ newProfile: true });
    await openPaletteView(other);
    await waitForActivations(session.userDataDir, activated + 1);
    await signIn(other, session);
    await waitForTree(other, (rows) => rows.some((row) => row.label === 'Ada Admin'), 'the owner groups in the second browser');
    const prompts = /Palette sign-in changed in another window/;
    assert.equal(await other.locator('.notification-toast').filter({ hasText: prompts }).count(), 0, 'the second browser is not told to reload');
    // The first browser hears the write, finds its own storage unchanged and stays as it was: signed out, not asked to reload.
    await first.bringToFront();
    await first.waitForTimeout(3000);
    assert.equal(await first.locator('.notification-toast').filter({ hasText: prompts }).count(), 0, 'the first browser is not told to reload');
    await expectSignedOut(first, 'the first browser');
    await other.close();
  });
});
