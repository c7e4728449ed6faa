// @ts-check
/* global document */
// Opens the VS Code workbench that code-server serves in Debian's Chromium (through playwright-core)
// and waits for the Palette view. The one place that does it, for `npm start --screenshot`, the .vsix
// check of `npm run package`, the host test runner and the UI tests.
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, KEEP_SIGNALS, ensureChromium } from './chromium.mjs';
import { repoRoot } from './proc.mjs';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */

/** The window size every run (host suites, UI tests, screenshots) uses. */
export const WORKBENCH_VIEWPORT = { width: 1400, height: 900 };

/** The Palette entry of the activity bar, there once VS Code has read our extension's manifest. */
const PALETTE_ACTIVITY = '.activitybar a[aria-label^="Palette"]';

/**
 * Launches Debian's Chromium headless with the flags the workbench needs offline.
 * @returns {Promise<Browser>}
 */
export async function launchBrowser() {
  return chromium.launch({ executablePath: await ensureChromium(), headless: true, args: CHROMIUM_ARGS, ...KEEP_SIGNALS });
}

/**
 * The workbench URL that opens `folder`. With `development`, this repository is loaded as the
 * extension under development (the installed extensions are loaded either way); with
 * `extensionTestsPath` too, VS Code runs that test entry in the extension host (the host suites).
 * @param {{ url: string, port: number }} server
 * @param {string} folder
 * `extensionDevelopmentPath` loads another folder as the extension under development (the web
 * suite's copy of the manifest without "main").
 * @param {{ development?: boolean, extensionTestsPath?: string, extensionDevelopmentPath?: string }} [options]
 */
export function workbenchUrl(server, folder, options = {}) {
  const base = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (!options.development && !options.extensionTestsPath) return base;
  const remote = (/** @type {string} */ path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath ?? repoRoot)],
    ...(options.extensionTestsPath ? [['extensionTestsPath', remote(options.extensionTestsPath)]] : []),
    ['skipWelcome', 'true'],
  ];
  return `${base}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Workbench noise that says nothing about our extension (the gallery is unreachable offline). */
const NOISE = [/open-vsx\.org/, /marketplace/i, /Failed to fetch/, /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION/];
/** The workbench's own start-up log, which reaches codeAutomationLog too; shown only when verbose. */
const WORKBENCH_CHATTER = [
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^Creation of workbench contribution/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
];

/**
 * @typedef {object} WorkbenchLogOptions
 * @property {(line: string) => void} log receives the extension host's log, page errors, and with
 *   `verbose` the browser console
 * @property {boolean} [verbose]
 * @property {(code: number | string) => void} [onExit] the extension tests' exit code, or why the page died
 */

/**
 * Forwards the extension host's log (codeAutomationLog) and its test exit code (codeAutomationExit);
 * call before `page.goto`.
 * @param {Page} page
 * @param {WorkbenchLogOptions} options
 */
async function attachWorkbenchLog(page, options) {
  const { log } = options;
  await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown} */ args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (NOISE.some((re) => re.test(text))) return;
    if (!options.verbose && WORKBENCH_CHATTER.some((re) => re.test(text))) return;
    for (const line of text.split('\n')) log(`[host${type === 'info' ? '' : `:${type}`}] ${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => options.onExit?.(code));
  if (options.verbose) {
    page.on('console', (message) => {
      if (!NOISE.some((re) => re.test(message.text()))) log(`[browser:${message.type()}] ${message.text()}`);
    });
  }
  page.on('pageerror', (error) => log(`[browser:pageerror] ${error.message}`));
  page.on('crash', () => options.onExit?.('the workbench page crashed'));
}

/**
 * Waits until the workbench is up and our extension has contributed its activity bar entry.
 * @param {Page} page
 */
export async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator(PALETTE_ACTIVITY).first().waitFor({ timeout: 60_000 });
}

/**
 * Shows the Palette view container from the activity bar and waits for the side bar to name it
 * ("PALETTE: API KEYS"). A click on the chosen icon would hide the side bar, so it clicks only when
 * the container is not chosen, or is chosen but not shown (a reloaded workbench may restore it so,
 * and keeps settling for a while after): look, click, look again.
 * @param {Page} page
 */
export async function showPaletteView(page) {
  const item = page.locator(PALETTE_ACTIVITY).first();
  const title = page.locator('.part.sidebar .title-label h2').filter({ hasText: /palette/i }).first();
  for (let attempt = 0; attempt < 5; attempt++) {
    const chosen = await item.evaluate((element) => element.closest('.action-item')?.classList.contains('checked') ?? false);
    if (chosen && await title.waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
    // A badge may sit on the icon: the click goes through it.
    await item.click({ force: true });
    if (await title.waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
  }
  await title.waitFor({ timeout: 10_000 });
}

/**
 * @typedef {object} OpenWorkbenchOptions
 * @property {{ url: string, port: number }} server a running code-server (startCodeServer)
 * @property {string} folder the workspace folder
 * @property {Browser | BrowserContext} [in] where to open the page (default: a new browser, closed with the page)
 * @property {boolean} [development] load this repository as the extension under development
 * @property {string} [extensionTestsPath] run this compiled test entry in the extension host
 * @property {string} [extensionDevelopmentPath] the extension folder to load (default: this repository)
 * @property {WorkbenchLogOptions} [log] forward the extension host's log
 * @property {'none' | 'workbench' | 'palette'} [waitFor] what to wait for after loading
 *   (default 'palette': the workbench, then the Palette view shown)
 */

/**
 * @typedef {object} OpenedWorkbench
 * @property {Page} page
 * @property {() => Promise<void>} close closes the page, and the browser when this call launched it
 */

/**
 * Opens the workbench in Chromium, loads `folder`, and waits for the workbench and the Palette view.
 * @param {OpenWorkbenchOptions} options
 * @returns {Promise<OpenedWorkbench>}
 */
export async function openWorkbench(options) {
  const browser = options.in ? undefined : await launchBrowser();
  const close = async () => {
    if (browser) await browser.close();
    else await page.close().catch(() => undefined);
  };
  /** @type {Page} */
  let page;
  try {
    const host = options.in ?? /** @type {Browser} */ (browser);
    // A context's pages take its viewport; a browser's new page needs it.
    page = 'newContext' in host ? await host.newPage({ viewport: WORKBENCH_VIEWPORT }) : await host.newPage();
    if (options.log) await attachWorkbenchLog(page, options.log);
    await page.goto(workbenchUrl(options.server, options.folder, options), { timeout: 60_000 });
    const waitFor = options.waitFor ?? 'palette';
    if (waitFor !== 'none') await waitForWorkbench(page);
    if (waitFor === 'palette') await showPaletteView(page);
  } catch (error) {
    await browser?.close();
    throw error;
  }
  return { page, close };
}

/**
 * Waits until the status bar's Problems item counts at least one problem; false after `timeoutMs`.
 * @param {Page} page
 */
export async function waitForProblems(page, timeoutMs = 30_000) {
  return page.waitForFunction(() => /[1-9]/.test(document.getElementById('status.problems')?.getAttribute('aria-label') ?? ''),
    undefined, { timeout: timeoutMs }).then(() => true, () => false);
}
