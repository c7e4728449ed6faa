// @ts-check
// One UI-test session: the Palette emulator (with fixed canary keys and a record of every value it
// issues), a throw-away workspace and user-data folder, code-server, and Chromium showing the real
// workbench with this repository as the extension under development (no extensionTestsPath: the
// tests drive the UI from outside, like a person).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WORKBENCH_VIEWPORT, launchBrowser, openWorkbench, repoRoot, startCodeServer, startEmulator } from '../../../scripts/harness.mjs';

/** Where screenshots go; PALETTE_UPDATE_SCREENSHOTS=1 also copies them to media/screenshots. */
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/**
 * 32 letters and digits starting with a recognisable word, so a leak is easy to spot in a report.
 * Random per run: a value from an earlier run can never make a later one pass. No vowels, x, 0 or 1
 * in the random part, so it never spells a word the scanner takes for a placeholder ("key", "xxxx").
 * @param {string} word
 */
export function canaryValue(word) {
  const alphabet = 'BCDFGHJKLMNPQRSTVWZbcdfghjkmnpqrstvwz23456789';
  let out = `Canary${word}`;
  while (out.length < 32) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out.slice(0, 32);
}

/**
 * @typedef {object} UiSessionOptions
 * @property {string} name short name for the temporary folder
 * @property {(emulator: import('../../../scripts/harness.mjs').EmulatorInfo) => Record<string, string>} [files]
 *   workspace files to write (relative path -> content), given the running emulator
 * @property {Record<string, unknown>} [settings] extra user settings
 * @property {Record<string, string>} [env] extra environment for code-server and the extension host
 * @property {boolean} [openPage] open the first window at once (default true)
 * @property {boolean} [signInFromEnvironment] start code-server with SPECTROCLOUD_HOST / SPECTROCLOUD_APIKEY set
 *   to the emulator and its admin key, and the setting on: the extension signs itself in (default: off,
 *   the tests sign in through the UI)
 */

/**
 * @typedef {object} UiSession
 * @property {import('../../../scripts/harness.mjs').EmulatorInfo} emulator
 * @property {string} adminKey the canary admin key the emulator was started with
 * @property {string} userKey the canary user key
 * @property {string} runDir
 * @property {string} workspace
 * @property {string} userDataDir
 * @property {import('playwright-core').Page} page the first window
 * @property {string[]} output every line the runner side captured: the extension host's log, browser errors,
 *   code-server (not the emulator's banner, which prints the keys it issues by design)
 * @property {(options?: { newProfile?: boolean }) => Promise<import('playwright-core').Page>} openWindow another window (tab)
 *   on the same workspace; with `newProfile`, in a browser profile of its own (its own local storage,
 *   so its own secret storage), as a second browser on the same code-server has
 * @property {() => string[]} issuedValues every secret the emulator has handed out so far
 * @property {string} issuedValuesFile the file they are recorded in, one a line
 * @property {(page: import('playwright-core').Page, name: string) => Promise<string>} screenshot
 * @property {() => Promise<void>} close stops everything and deletes the temporary folders
 */

/**
 * Starts emulator, code-server and Chromium; opens one workbench window unless `openPage` is false.
 * @param {UiSessionOptions} options
 * @returns {Promise<UiSession>}
 */
export async function startUiSession(options) {
  const verbose = process.env.PALETTE_UI_VERBOSE === '1';
  const runDir = mkdtempSync(join(tmpdir(), `palette-ui-${options.name}-`));
  const workspace = join(runDir, 'workspace');
  const userDataDir = join(runDir, 'user-data');
  const issuedFile = join(runDir, 'issued-values.txt');
  mkdirSync(workspace, { recursive: true });
  /** @type {string[]} */
  const output = [];
  const log = (/** @type {string} */ line) => {
    output.push(line);
    if (verbose) console.log(`      ${line}`);
  };
  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    if (process.env.PALETTE_UI_KEEP === '1') console.log(`      kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const adminKey = canaryValue('Admin');
    const userKey = canaryValue('User');
    const emulator = await startEmulator({
      args: ['--admin-key', adminKey, '--user-key', userKey, '--record-issued-values', issuedFile],
      // Kept apart from `output`: the emulator's banner prints the keys it issues, by design.
      onOutput: (line) => verbose && console.log(`      [emulator] ${line}`),
    });
    cleanups.unshift(emulator.stop);
    for (const [relative, content] of Object.entries(options.files?.(emulator.info) ?? {})) {
      mkdirSync(dirname(join(workspace, relative)), { recursive: true });
      writeFileSync(join(workspace, relative), content);
    }
    const server = await startCodeServer({
      userDataDir,
      extensionsDir: join(runDir, 'extensions'),
      folder: workspace,
      // No sign-in from the environment unless asked: the tests sign in through the UI.
      settings: { 'paletteKeys.signInFromEnvironment': options.signInFromEnvironment === true, 'workbench.tips.enabled': false, ...options.settings },
      env: {
        NO_COLOR: '1',
        ...(options.signInFromEnvironment ? { SPECTROCLOUD_HOST: emulator.info.url, SPECTROCLOUD_APIKEY: adminKey } : {}),
        ...options.env,
      },
      onOutput: (line) => log(`[code-server] ${line}`),
    });
    cleanups.unshift(server.stop);
    const browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
    // One context: windows share storage like two tabs of one browser profile. The clipboard is
    // granted so "Copy" works as it does for a person.
    const context = await browser.newContext({ viewport: WORKBENCH_VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    const openWindow = async (/** @type {{ newProfile?: boolean }} */ { newProfile = false } = {}) => {
      const profile = newProfile ? await browser.newContext({ viewport: WORKBENCH_VIEWPORT }) : context;
      // The tests open the Palette view themselves, as a person would.
      const { page } = await openWorkbench({ server, folder: workspace, in: profile, development: true, log: { log, verbose }, waitFor: 'workbench' });
      return page;
    };
    const page = options.openPage === false ? /** @type {never} */ (undefined) : await openWindow();
    return {
      emulator: emulator.info,
      adminKey,
      userKey,
      runDir,
      workspace,
      userDataDir,
      page,
      output,
      openWindow,
      issuedValuesFile: issuedFile,
      issuedValues: () => readFileSync(issuedFile, 'utf8').split('\n').filter(Boolean),
      screenshot: async (target, name) => {
        mkdirSync(screenshotDir, { recursive: true });
        const file = join(screenshotDir, `${name}.png`);
        await target.screenshot({ path: file });
        if (process.env.PALETTE_UPDATE_SCREENSHOTS === '1') {
          mkdirSync(join(repoRoot, 'media', 'screenshots'), { recursive: true });
          writeFileSync(join(repoRoot, 'media', 'screenshots', `${name}.png`), readFileSync(file));
        }
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
