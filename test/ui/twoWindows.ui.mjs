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
import { afterEach, describe, it } from 'mocha';
import { importSource } from '../../scripts/harness.mjs';
import { activatedHosts, countLogLines, extensionLogs, loadWindow, LOG_LINES, waitForLogLine, waitUntil } from './support/extensionLogs.mjs';
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
 * Waits until a window has read secret storage and found no sign-in (its log says so), then checks
 * its view: signed out, no keys. Nothing later can bring a connection back without a signal.
 * @param {import('./support/uiSession.mjs').UiSession} session
 * @param {{ page: Page, host: string }} window
 * @param {string} what
 */
async function expectSignedOut(session, window, what) {
  await waitForLogLine(session.userDataDir, window.host, LOG_LINES.signedOut, `${what} to read secret storage`);
  await signedOutView(window.page).waitFor({ timeout: 30_000 });
  assert.equal(await signedOutView(window.page).count(), 1, `${what} is signed out`);
  assert.equal((await treeRows(window.page)).length, 0, `no keys shown in ${what}`);
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

/** @typedef {{ page: Page, host: string }} Window a tab and the extension host it runs */

/**
 * A fresh code-server with one window on the Palette view (and its extension host), signed out.
 * @returns {Promise<{ session: import('./support/uiSession.mjs').UiSession, first: Window }>}
 */
async function oneWindow() {
  const session = await startUiSession({ name: 'windows' });
  const host = await waitUntil(() => [...activatedHosts(session.userDataDir)][0], 'the first window to activate the extension');
  await openPaletteView(session.page);
  return { session, first: { page: session.page, host } };
}

/**
 * Opens another window (tab) of the same browser on the Palette view.
 * @param {import('./support/uiSession.mjs').UiSession} session
 * @returns {Promise<Window>}
 */
async function openSecondWindow(session, options = {}) {
  const { result: page, host } = await loadWindow(session.userDataDir, () => session.openWindow(options));
  await openPaletteView(page);
  return { page, host };
}

const ownerGroupsShown = (/** @type {Awaited<ReturnType<typeof treeRows>>} */ rows) => rows.some((row) => row.label === 'Ada Admin');

/**
 * Two windows signed in as the admin, keys listed in both: the first signs in, then the second opens
 * (and reads the sign-in from secret storage as it loads).
 */
async function twoSignedInWindows() {
  const { session, first } = await oneWindow();
  await signIn(first.page, session);
  await waitForTree(first.page, ownerGroupsShown, 'the owner groups in the first window');
  const second = await openSecondWindow(session);
  await waitForTree(second.page, ownerGroupsShown, 'the owner groups in the second window', 60_000);
  return { session, first, second };
}

// Each test starts its own code-server and windows (about half a minute), so any one runs alone with --grep.
describe('UI: two windows', function () {
  this.timeout(180_000);
  /** @type {import('./support/uiSession.mjs').UiSession | undefined} */
  let session;
  /** @type {Window[]} */
  let windows = [];

  afterEach(async function () {
    if (session && this.currentTest?.state === 'failed') {
      const name = this.currentTest.title.slice(0, 40).replace(/\W+/g, '-');
      for (const [i, window] of windows.entries()) await session.screenshot(window.page, `failed-windows-${name}-${i + 1}`);
      for (const log of extensionLogs(session.userDataDir)) console.log(`      --- ${log.host}\n${log.text.replace(/^/gm, '      ')}`);
    }
    await session?.close();
    session = undefined;
    windows = [];
  });

  it('a sign-in in one window makes the other ask once to reload, and the reload shows the keys', async () => {
    let first;
    ({ session, first } = await oneWindow());
    const second = await openSecondWindow(session);
    windows = [first, second];
    await first.page.bringToFront();
    await signIn(first.page, session);
    await waitForTree(first.page, ownerGroupsShown, 'the owner groups in the first window');
    await second.page.bringToFront();
    await notification(second.page, RELOAD_PROMPT);
    assert.equal(await second.page.locator('.notification-toast:visible, .notifications-center .notification-list-item:visible').filter({ hasText: RELOAD_PROMPT }).count(), 1,
      'one prompt, not one per secret written');
    assert.equal(await first.page.locator('.notification-toast, .notifications-center .notification-list-item').filter({ hasText: RELOAD_PROMPT }).count(), 0,
      'the window that signed in is not asked to reload');
    await reloadThroughNotification(second.page, RELOAD_PROMPT);
    await waitForTree(second.page, ownerGroupsShown, 'the owner groups in the second window after the reload', 60_000);
    await expandTree(second.page);
    await session.screenshot(second.page, 'e2e-second-window');
  });

  it('shows the day\'s expiry summary once across both windows', async () => {
    let first, second;
    ({ session, first, second } = await twoSignedInWindows());
    windows = [first, second];
    // Each window logs its decision for the day (shown, shown already, another window shows it): both decided.
    const decided = /expiry summary for \d{4}-\d{2}-\d{2}: /;
    for (const window of windows) await waitForLogLine(session.userDataDir, window.host, decided, 'the window\'s expiry summary decision');
    // The admin's one own key within 7 days of expiry; other owners' keys never pop up.
    const summaries = await expiryWarnings([first.page, second.page]);
    assert.equal(summaries.length, 1, `summaries held: ${summaries.join(' | ')}`);
    assert.match(summaries[0], /^Your Palette API key "terraform-ci" expires in \d days\.$/);
  });

  it('a delete in one window while the other refreshes leaves both trees agreeing with Palette', async () => {
    let first, second;
    ({ session, first, second } = await twoSignedInWindows());
    windows = [first, second];
    await first.page.bringToFront();
    await expandTree(first.page);
    await second.page.bringToFront();
    await expandTree(second.page);
    // The next key listing answers after 3 s: the second window's refresh is still out when the
    // first window's delete lands, and its answer may still hold the deleted key.
    await fetch(`${session.emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', pathRegex: '^/v1/apiKeys$', latencyMs: 3000, times: 1 }),
    });
    const listedBefore = countLogLines(session.userDataDir, second.host, LOG_LINES.loaded);
    await clickViewAction(second.page, 'Refresh');
    await first.page.bringToFront();
    await treeContextMenu(first.page, 'carol-staging', 'Delete API Key…');
    await answerDialog(first.page, /carol-staging/, 'Delete');
    const gone = (/** @type {Awaited<ReturnType<typeof treeRows>>} */ rows) => rows.some((row) => row.label === 'carol-dev') && !rows.some((row) => row.label === 'carol-staging');
    await waitForTree(first.page, gone, 'carol-staging gone in the first window');
    // No Refresh clicked in the second window after the delete: the first window's signal does it.
    await waitForTree(second.page, gone, 'carol-staging gone in the second window', 20_000);
    // The slow listing was the second window's next one (its refreshes run one after another): once it
    // has logged a listing since the Refresh, the slow answer is in, and it did not bring the key back.
    await waitForLogLine(session.userDataDir, second.host, LOG_LINES.loaded, 'the slow listing to come back', listedBefore + 1);
    assert.ok(gone(await treeRows(first.page)), 'the first window still agrees with Palette');
    assert.ok(gone(await treeRows(second.page)), 'the stale listing did not resurrect the deleted key in the second window');
    const { items } = await (await fetch(`${session.emulator.url}/__emulator/keys`)).json();
    assert.equal(items.find((/** @type {{ name: string }} */ key) => key.name === 'carol-staging')?.deleted, true);
  });

  it('a sign-out in one window signs the other out at once, and the stale window cannot undo it', async () => {
    let first, second;
    ({ session, first, second } = await twoSignedInWindows());
    windows = [first, second];
    const ui = session;
    await first.page.bringToFront();
    await runCommand(first.page, 'Palette API Keys: Sign Out…');
    await answerDialog(first.page, /Sign out of/, 'Sign Out');
    await signedOutView(first.page).waitFor();
    await second.page.bringToFront();
    await signedOutView(second.page).waitFor({ timeout: 30_000 });
    await notification(second.page, RELOAD_PROMPT);
    // Signing in from the stale window would write its old copy of secret storage back (with the
    // connection the first window removed): it is refused with the reason, before any write.
    await signIn(second.page, session);
    // Reloaded through the error's own action, the second window reads what the first left: signed out.
    const reloadedSecond = await loadWindow(ui.userDataDir, () => reloadThroughNotification(second.page, /Reload this window before changing it here/));
    await expectSignedOut(ui, { page: second.page, host: reloadedSecond.host }, 'the second window after its reload');
    await first.page.bringToFront();
    const reloadedFirst = await loadWindow(ui.userDataDir, async () => {
      await first.page.reload();
      await waitForWorkbench(first.page);
      await openPaletteView(first.page);
    });
    await expectSignedOut(ui, { page: first.page, host: reloadedFirst.host }, 'the first window after a reload');
  });

  it('a second browser (its own secret storage) signs in without a reload, and the first is not asked to reload', async function () {
    let first;
    ({ session, first } = await oneWindow());
    windows = [first];
    // The first browser has signed in and out: its storage holds a revision stamp.
    const firstSignInAt = Date.now();
    await signIn(first.page, session);
    await waitForTree(first.page, ownerGroupsShown, 'the owner groups in the first browser');
    await runCommand(first.page, 'Palette API Keys: Sign Out…');
    await answerDialog(first.page, /Sign out of/, 'Sign Out');
    await signedOutView(first.page).waitFor();
    // A window whose copy holds no stamp takes itself for stale while the first browser's storage
    // may be newer than its copy (the load margin after that storage's first write): wait it out.
    const wait = firstSignInAt + COPY_LOAD_MARGIN_MS + 5000 - Date.now();
    this.timeout(180_000 + Math.max(0, wait));
    if (wait > 0) await first.page.waitForTimeout(wait);
    const other = await openSecondWindow(session, { newProfile: true });
    windows.push(other);
    const heardBefore = countLogLines(session.userDataDir, first.host, LOG_LINES.storageCurrent);
    await signIn(other.page, session);
    await waitForTree(other.page, ownerGroupsShown, 'the owner groups in the second browser');
    const prompts = /Palette sign-in changed in another window/;
    assert.equal(await other.page.locator('.notification-toast').filter({ hasText: prompts }).count(), 0, 'the second browser is not told to reload');
    // The first browser hears the write, finds its own storage current (its log says so) and stays as it was.
    await waitForLogLine(session.userDataDir, first.host, LOG_LINES.storageCurrent, 'the first browser to judge the signal', heardBefore + 1);
    await first.page.bringToFront();
    assert.equal(await first.page.locator('.notification-toast').filter({ hasText: prompts }).count(), 0, 'the first browser is not told to reload');
    assert.equal(await signedOutView(first.page).count(), 1, 'the first browser is still signed out');
    assert.equal((await treeRows(first.page)).length, 0, 'no keys shown in the first browser');
  });
});
