// @ts-check
/* global document, HTMLElement */
// Person-like steps in the VS Code workbench (1.96) through playwright-core: the command palette,
// quick inputs, the Palette tree, notifications, the key form webview. Selectors are the
// workbench's own DOM classes; each helper waits for what a person would wait for.

import { showPaletteView, waitForWorkbench } from '../../../scripts/harness.mjs';

export { showPaletteView, waitForWorkbench };

/** @typedef {import('playwright-core').Page} Page */

const TIMEOUT = 30_000;

/**
 * Takes keyboard focus out of any webview iframe: workbench shortcuts (F1, Ctrl+P) are not seen
 * while a webview document holds the focus.
 */
export async function focusWorkbench(/** @type {Page} */ page) {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
  await page.keyboard.press('Escape');
}

/** The quick input widget (command palette, input boxes, quick picks). */
export function quickInput(/** @type {Page} */ page) {
  return page.locator('.quick-input-widget');
}

/**
 * Runs a command from the command palette (F1), typing its title and choosing the matching row.
 * @param {Page} page
 * @param {string} title e.g. "Palette API Keys: Sign In to Palette…"
 */
export async function runCommand(page, title) {
  const widget = quickInput(page);
  const box = widget.locator('input.input');
  // F1 can be lost while the workbench still moves focus (a quick input closing, an editor
  // opening): press it again until the palette shows.
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    try {
      // The command palette, not a quick input still closing: its box starts with ">".
      await page.waitForFunction(() => {
        const root = /** @type {HTMLElement | null} */ (document.querySelector('.quick-input-widget'));
        const input = /** @type {HTMLInputElement | null} */ (root?.querySelector('input.input') ?? null);
        return root !== null && root.style.display !== 'none' && input !== null && input.value.startsWith('>');
      }, undefined, { timeout: 3_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
  await box.fill(`>${title}`);
  const row = widget.locator('.monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await row.click();
}

/**
 * Waits for the quick input to show `prompt` (its title, message or placeholder), types `text` and presses Enter.
 * @param {Page} page
 * @param {RegExp} prompt
 * @param {string} text
 */
export async function answerInputBox(page, prompt, text) {
  const widget = quickInput(page);
  await widget.filter({ hasText: prompt }).or(widget.filter({ has: page.locator(`input[placeholder]`) })).first().waitFor({ timeout: TIMEOUT });
  await page.waitForFunction((re) => {
    const root = document.querySelector('.quick-input-widget');
    if (!root || (/** @type {HTMLElement} */ (root)).style.display === 'none') return false;
    const input = /** @type {HTMLInputElement | null} */ (root.querySelector('input.input'));
    const text = `${root.textContent ?? ''} ${input?.placeholder ?? ''} ${input?.getAttribute('aria-label') ?? ''}`;
    return new RegExp(re).test(text);
  }, prompt.source, { timeout: TIMEOUT });
  const box = widget.locator('input.input');
  await box.fill(text);
  await page.keyboard.press('Enter');
}

/**
 * Picks the quick-pick row whose label matches `label`.
 * @param {Page} page
 * @param {RegExp | string} label
 */
export async function pick(page, label) {
  const row = quickInput(page).locator('.monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await row.click();
}

/** Shows the Palette view container (from the activity bar, as a person does) and waits for the keys view. */
export async function openPaletteView(/** @type {Page} */ page) {
  await showPaletteView(page);
  await paletteTree(page).waitFor({ timeout: TIMEOUT });
}

/**
 * Clicks a title action of the API Keys view. The Palette container holds more than one view
 * (API Keys, Leaked Keys), so each view's actions sit in its pane header and show on hover, as
 * for a person moving the mouse there.
 * @param {Page} page
 * @param {string} label the command title, e.g. "Create API Key…"
 */
export async function clickViewAction(page, label) {
  const header = paletteTree(page).locator('.pane-header');
  await header.hover();
  await header.locator(`.action-label[aria-label^="${label}"]`).first().click();
}

/** The Palette API Keys view pane body. */
export function paletteTree(/** @type {Page} */ page) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /API Keys/i }) }).first();
}

/**
 * The rows of the keys tree as plain data: label, description, aria-label and the codicon classes of the icon.
 * @param {Page} page
 * @returns {Promise<{ label: string, description: string, aria: string, icons: string[], level: number }[]>}
 */
export async function treeRows(page) {
  return paletteTree(page).locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => ({
    label: row.querySelector('.label-name')?.textContent ?? '',
    description: row.querySelector('.label-description')?.textContent ?? '',
    aria: row.getAttribute('aria-label') ?? '',
    icons: [...row.querySelectorAll('.custom-view-tree-node-item-icon, .codicon')].flatMap((el) => [...el.classList].filter((c) => c.startsWith('codicon-'))),
    level: Number(row.getAttribute('aria-level') ?? '0'),
  })));
}

/**
 * Waits until `predicate` holds for the tree rows and returns them.
 * @param {Page} page
 * @param {(rows: Awaited<ReturnType<typeof treeRows>>) => boolean} predicate
 * @param {string} what for the timeout message
 */
export async function waitForTree(page, predicate, what, timeoutMs = TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let rows = await treeRows(page);
  while (!predicate(rows)) {
    if (Date.now() > deadline) throw new Error(`tree never showed ${what}; rows: ${rows.map((r) => `${r.label} [${r.icons.join(' ')}]`).join(' | ')}`);
    await page.waitForTimeout(250);
    rows = await treeRows(page);
  }
  return rows;
}

/** Expands every collapsed row of the keys tree (owner groups for admins). */
export async function expandTree(/** @type {Page} */ page) {
  for (let round = 0; round < 5; round++) {
    const collapsed = paletteTree(page).locator('.monaco-list-row[aria-expanded="false"]');
    const count = await collapsed.count();
    if (count === 0) return;
    await collapsed.first().click();
    await page.waitForTimeout(200);
  }
}

/**
 * Waits for a notification toast whose text matches, and returns it.
 * @param {Page} page
 * @param {RegExp} text
 */
export async function notification(page, text) {
  // Visible ones only: the centre keeps its (hidden) list in the page once it has been opened.
  const shown = page.locator('.notification-toast:visible, .notifications-center .notification-list-item:visible').filter({ hasText: text }).first();
  try {
    await shown.waitFor({ timeout: TIMEOUT / 2 });
  } catch {
    // An information toast hides itself after about 15 s (sooner than a slow step may take to
    // look for it); the notification centre keeps it, buttons and all.
    await runCommand(page, 'Notifications: Show Notifications');
    await shown.waitFor({ timeout: TIMEOUT / 2 });
  }
  return shown;
}

/**
 * The key form's document: the webview lives in an iframe (the webview host) inside another
 * iframe (the active frame) in the workbench.
 * @param {Page} page
 */
export function keyFormFrame(page) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

/** Waits until the editor shows `text` somewhere in its view lines. */
export async function waitForEditorText(/** @type {Page} */ page, /** @type {string | RegExp} */ text) {
  await page.locator('.editor-instance .view-lines').filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
}

/**
 * Opens a workspace file as a person who knows its path does: File: Open File… (code-server shows
 * VS Code's own file dialog, a quick input holding a path), the path typed in, Enter. Not Quick
 * Open (Ctrl+P): its file search needs ripgrep, which a machine may lack.
 * @param {Page} page
 * @param {string} relativePath relative to the workspace folder the window opened
 */
export async function openFile(page, relativePath) {
  const folder = new URL(page.url()).searchParams.get('folder');
  if (!folder) throw new Error(`the window opened no folder: ${page.url()}`);
  const path = `${folder.replace(/\/+$/, '')}/${relativePath}`;
  await runCommand(page, 'File: Open File...');
  const box = quickInput(page).locator('input.input');
  // The dialog replaces the command palette's ">…" with the folder it starts in.
  await page.waitForFunction(() => {
    const input = /** @type {HTMLInputElement | null} */ (document.querySelector('.quick-input-widget input.input'));
    return input !== null && input.value !== '' && !input.value.startsWith('>');
  }, undefined, { timeout: TIMEOUT });
  // It lists that folder, and puts it in the box again, a moment later: type the path once the
  // list shows, and again while the box does not keep it.
  await quickInput(page).locator('.monaco-list-row').first().waitFor({ timeout: TIMEOUT });
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    await box.fill(path);
    await page.waitForTimeout(500);
    if (await box.inputValue() === path) break;
    if (Date.now() > deadline) throw new Error(`the Open File dialog did not keep the path of ${relativePath}`);
  }
  await page.keyboard.press('Enter');
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT });
  // A file already open shows its tab at once, before the dialog has closed.
  await quickInput(page).waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/**
 * Clicks a button of the modal dialog whose text matches `message`.
 * @param {Page} page
 * @param {RegExp} message
 * @param {string} button
 */
export async function answerDialog(page, message, button) {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: message }).first();
  await dialog.waitFor({ timeout: TIMEOUT });
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
}

/**
 * Clicks a button on the notification toast whose text matches `message`.
 * @param {Page} page
 * @param {RegExp} message
 * @param {string} button
 */
export async function answerNotification(page, message, button) {
  const toast = await notification(page, message);
  await toast.locator('.monaco-button', { hasText: button }).first().click();
}

/**
 * Right-clicks the tree row labelled `rowLabel` and chooses `item` from its context menu.
 * @param {Page} page
 * @param {string} rowLabel
 * @param {string} item
 */
export async function treeContextMenu(page, rowLabel, item) {
  const row = paletteTree(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${rowLabel}$`) }) }).first();
  await row.click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item', { hasText: item }).first();
  await entry.waitFor({ timeout: TIMEOUT });
  await entry.hover();
  await entry.click();
  // A click that lands while the tree re-renders leaves the menu open with the entry highlighted:
  // Enter chooses it, as a person would.
  await page.waitForTimeout(300);
  if (await entry.isVisible()) await page.keyboard.press('Enter');
}
