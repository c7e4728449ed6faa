// @ts-check
/* global document, fetch */
// The create form with the keyboard only, in the real workbench: the command palette opens it,
// the name field has focus, Tab walks the fields to Create, Enter submits, and the one-time value
// can be copied and the form closed without the mouse. The session signs itself in from
// SPECTROCLOUD_HOST / SPECTROCLOUD_APIKEY, which also proves that wiring end to end.
import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { startUiSession } from './support/uiSession.mjs';
import { keyFormFrame, openPaletteView, runCommand, waitForTree } from './support/workbench.mjs';

describe('UI: the key form with the keyboard only', function () {
  this.timeout(120_000);
  /** @type {import('./support/uiSession.mjs').UiSession} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async function () {
    this.timeout(180_000);
    session = await startUiSession({ name: 'keyboard', signInFromEnvironment: true });
    page = session.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await session.screenshot(page, `failed-keyboard-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await session?.close();
  });

  /** The id of the element that has focus inside the form's webview. */
  const focusedInForm = () => keyFormFrame(page).locator(':root').evaluate(() => {
    const active = /** @type {HTMLElement | null} */ (document.activeElement);
    return active?.id || active?.tagName.toLowerCase() || '';
  });

  it('is signed in from SPECTROCLOUD_HOST and SPECTROCLOUD_APIKEY, with no sign-in step', async () => {
    await openPaletteView(page);
    await waitForTree(page, (rows) => rows.some((row) => row.label === 'Ada Admin'), 'the admin\'s owner groups, signed in from the environment');
  });

  it('creates a key from the command palette with Tab, typing and Enter, then copies and closes with the keyboard', async () => {
    await openPaletteView(page);
    await waitForTree(page, (rows) => rows.some((row) => row.label === 'Ada Admin'), 'the tree, signed in');
    await runCommand(page, 'Palette API Keys: Create API Key');
    const form = keyFormFrame(page);
    await form.locator('#name input').waitFor();
    // The form opens with the name field focused: typing goes straight into it.
    for (let i = 0; i < 40 && (await focusedInForm()) !== 'name'; i++) await page.waitForTimeout(100);
    assert.equal(await focusedInForm(), 'name', 'the name field has focus when the form opens');
    await page.keyboard.type('keyboard-only');
    await page.keyboard.press('Tab');
    assert.equal(await focusedInForm(), 'description', 'Tab moves from the name to the description');
    await page.keyboard.type('Made without the mouse');
    // Tab on through the expiry choices to Create; each stop is a control a person can operate.
    const stops = [];
    for (let i = 0; i < 15 && (await focusedInForm()) !== 'submit'; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focusedInForm());
    }
    assert.equal(await focusedInForm(), 'submit', `Tab never reached Create; it stopped at: ${stops.join(', ')}`);
    await session.screenshot(page, 'e2e-form-keyboard');
    await page.keyboard.press('Enter');
    const value = form.locator('#secret-value');
    await value.waitFor();
    const { items } = /** @type {{ items: { name: string, description: string }[] }} */ (await (await fetch(`${session.emulator.url}/__emulator/keys`)).json());
    assert.equal(items.find((key) => key.name === 'keyboard-only')?.description, 'Made without the mouse', 'the key was created with what was typed');
    // The one-time value: reach Copy and Done with Tab, act with Enter.
    for (let i = 0; i < 10 && (await focusedInForm()) !== 'reveal-copy'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedInForm(), 'reveal-copy', 'Tab reaches Copy');
    await page.keyboard.press('Enter');
    await form.locator('#reveal-status', { hasText: /Copied/ }).waitFor();
    for (let i = 0; i < 10 && (await focusedInForm()) !== 'reveal-done'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedInForm(), 'reveal-done', 'Tab reaches Done');
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: /Create Palette API Key/ }).waitFor({ state: 'detached' });
  });
});
