// @ts-check
/* global fetch */
// Proves a .vsix installs and runs: `code-server --install-extension` into a throw-away extensions
// folder, then a headless workbench must show the Palette container and activate the extension
// without errors (read from the extension host's log).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codeServerEntry, ensureCodeServer, startCodeServer } from './codeServer.mjs';
import { readmePictures } from '../readmePictures.mjs';
import { repoRoot, run } from './proc.mjs';
import { startEmulator } from './emulator.mjs';
import { openWorkbench, waitForProblems } from './workbench.mjs';
// The person-like steps of the UI tests: the command palette, its input boxes, the keys tree.
import { answerInputBox, openPaletteView, pick, runCommand, waitForTree } from '../../test/ui/support/workbench.mjs';

/** Every file below `dir` whose name matches `pattern`. */
function findFiles(/** @type {string} */ dir, /** @type {RegExp} */ pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => pattern.test(file)).map((file) => join(dir, file));
}

/**
 * Opens the extension's details page (Extensions view, installed list) and checks that its README
 * draws every picture README.md shows, none from the network (this machine has none anyway: a
 * picture that needed it would not load). Saves a screenshot.
 * @param {import('playwright-core').Page} page
 * @param {string} installedDir
 * @param {string[]} pictures
 */
async function checkReadmePictures(page, installedDir, pictures) {
  // The Extensions view lists the installed extensions (the gallery is unreachable offline).
  await page.locator('.activitybar a[aria-label^="Extensions"]').first().click();
  const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8'));
  try {
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: manifest.displayName }).first().click({ timeout: 30_000 });
  } catch (error) {
    await page.screenshot({ path: join(repoRoot, 'test-results', 'screenshots', 'vsix-extensions-view.png') });
    throw error;
  }
  // The details page renders README.md in a webview: an iframe (the webview host) holding another.
  const readme = page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
  await readme.locator('img').first().waitFor({ timeout: 30_000 });
  const images = readme.locator('img');
  const deadline = Date.now() + 30_000;
  /** @type {{ src: string, loaded: boolean }[]} */
  let states;
  do {
    states = await images.evaluateAll((elements) => elements.map((element) => {
      const image = /** @type {HTMLImageElement} */ (element);
      return { src: image.getAttribute('src') ?? '', loaded: image.complete && image.naturalWidth > 0 };
    }));
    if (states.length >= pictures.length && states.every((state) => state.loaded)) break;
    await page.waitForTimeout(500);
  } while (Date.now() < deadline);
  const broken = states.filter((state) => !state.loaded).map((state) => state.src.slice(0, 80));
  if (broken.length || states.length < pictures.length) {
    throw new Error(`the README in the Extensions view shows ${states.length - broken.length} of ${pictures.length} pictures; not loaded: ${broken.join(', ')}`);
  }
  const remote = states.filter((state) => /^https?:/i.test(state.src)).map((state) => state.src);
  if (remote.length) throw new Error(`the README's pictures come from the network: ${remote.join(', ')}`);
  const target = join(repoRoot, 'test-results', 'screenshots', 'vsix-readme.png');
  mkdirSync(dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  console.log(`[verify] the Extensions view shows the README with all ${states.length} pictures, offline (${target})`);
}

/**
 * Runs the installed extension in the web worker extension host, as VS Code for the Web would:
 * `remote.extensionKind` makes it a web extension, so only its "browser" entry point can run. It must
 * activate there (its console line), flag a key planted in the workspace, and, signed in through the
 * command palette to an emulator that answers the workbench's cross-origin requests, list its keys
 * in the tree. Saves a screenshot.
 * @param {string} dir
 * @param {string} userDataDir
 * @param {string} extensionsDir
 * @param {string} extensionId
 */
async function checkWebWorkerHost(dir, userDataDir, extensionsDir, extensionId) {
  const folder = join(dir, 'web-workspace');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '.env'), 'SPECTROCLOUD_HOST=https://api.spectrocloud.com\nSPECTROCLOUD_APIKEY=FAKE2iQnfEf3V1oCW35xwEeVxaZhRJqc\n');
  const server = await startCodeServer({ userDataDir, extensionsDir, folder, settings: { 'remote.extensionKind': { [extensionId]: ['web'] } } });
  /** @type {string[]} */
  const consoleLines = [];
  let workbench;
  let emulator;
  try {
    emulator = await startEmulator({ args: ['--cors-origin', server.url] });
    workbench = await openWorkbench({ server, folder, log: { log: (line) => consoleLines.push(line), verbose: true } });
    const { page } = workbench;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !consoleLines.some((line) => line.includes('[palette-keys] activated in'))) await page.waitForTimeout(250);
    if (!consoleLines.some((line) => line.includes('[palette-keys] activated in'))) throw new Error('the web build did not activate in the web worker extension host');
    if (!consoleLines.some((line) => line.includes('web worker extension host is started'))) throw new Error('no web worker extension host started');
    // The start-up workspace scan reads the file over workspace.fs a few seconds after activation.
    if (!(await waitForProblems(page, 30_000))) throw new Error('the web build did not flag the key planted in .env');
    // The Problems panel names the finding (masked); the pointer moves off the activity bar's tooltip.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 10_000 });
    // Key management from the browser: sign in as a person does, then the tree lists the keys.
    await openPaletteView(page);
    await runCommand(page, 'Palette API Keys: Sign In to Palette…');
    await answerInputBox(page, /Palette API host/, emulator.info.url);
    await pick(page, 'API key');
    await answerInputBox(page, /Palette API key/, emulator.info.adminKey);
    const listed = await fetch(`${emulator.info.url}/__emulator/keys`).then((res) => res.json());
    const names = /** @type {{ items: { name: string }[] }} */ (listed).items.map((key) => key.name);
    await waitForTree(page, (rows) => rows.some((row) => names.includes(row.label)), 'the emulator\'s keys');
    await page.mouse.move(800, 400);
    const target = join(repoRoot, 'test-results', 'screenshots', 'vsix-web-worker-host.png');
    mkdirSync(dirname(target), { recursive: true });
    await page.screenshot({ path: target });
    console.log(`[verify] in the web worker extension host the installed extension activates, flags a planted key and lists the emulator's keys after a sign-in (${target})`);
  } finally {
    await workbench?.close();
    await server.stop();
    await emulator?.stop();
  }
}

/**
 * Installs `vsixPath` into a temporary extensions folder and checks it loads and activates.
 * @param {string} vsixPath
 * @param {{ extensionId: string, ui?: boolean, pictures?: string[] }} options pictures: the files
 *   README.md shows, each to be drawn in the extension's details page
 */
export async function verifyVsix(vsixPath, options) {
  await ensureCodeServer();
  const dir = mkdtempSync(join(tmpdir(), 'palette-vsix-'));
  try {
    const extensionsDir = join(dir, 'extensions');
    const userDataDir = join(dir, 'user-data');
    const output = await run(process.execPath, [codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath], { quiet: true });
    if (!/was successfully installed/.test(output)) throw new Error(`code-server did not confirm the install:\n${output}`);
    const installed = readdirSync(extensionsDir).find((name) => name.toLowerCase().startsWith(`${options.extensionId.toLowerCase()}-`));
    if (!installed) throw new Error(`no ${options.extensionId}-* folder in ${extensionsDir}`);
    const manifest = JSON.parse(readFileSync(join(extensionsDir, installed, 'package.json'), 'utf8'));
    if (!existsSync(join(extensionsDir, installed, manifest.main))) throw new Error(`the installed extension lacks its main file ${manifest.main}`);
    if (!existsSync(join(extensionsDir, installed, manifest.browser))) throw new Error(`the installed extension lacks its browser entry point ${manifest.browser}`);
    console.log(`[verify] code-server --install-extension: ${installed}`);
    if (options.ui === false) return;

    const server = await startCodeServer({ userDataDir, extensionsDir, folder: dir });
    /** @type {string[]} */
    const consoleLines = [];
    let workbench;
    try {
      // The installed extension, not this repository: no development payload.
      workbench = await openWorkbench({ server, folder: dir, log: { log: (line) => consoleLines.push(line), verbose: true } });
      const { page } = workbench;
      // Activation is logged by the extension host; wait for the line, then look for failures.
      const deadline = Date.now() + 30_000;
      let log = '';
      while (Date.now() < deadline) {
        log = findFiles(join(userDataDir, 'logs'), /exthost.*\.log$/).map((file) => readFileSync(file, 'utf8')).join('\n');
        if (log.includes(`ExtensionService#_doActivateExtension ${options.extensionId}`)) break;
        await page.waitForTimeout(500);
      }
      if (!log.includes(`ExtensionService#_doActivateExtension ${options.extensionId}`)) throw new Error('the installed extension did not activate when its view was opened');
      // A throwing activate() is reported right after that line, to the workbench console and the log.
      await page.waitForTimeout(2000);
      log = findFiles(join(userDataDir, 'logs'), /exthost.*\.log$/).map((file) => readFileSync(file, 'utf8')).join('\n');
      const failure = [...log.split('\n'), ...consoleLines]
        .find((line) => line.includes(options.extensionId) && /\[error\]|failed/i.test(line));
      if (failure) throw new Error(`activation failed: ${failure.trim()}`);
      console.log('[verify] the installed extension activates in VS Code 1.96.4 when its view opens');
      if (options.pictures) await checkReadmePictures(page, join(extensionsDir, installed), options.pictures);
    } finally {
      await workbench?.close();
      await server.stop();
    }
    await checkWebWorkerHost(dir, userDataDir, extensionsDir, options.extensionId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Kept for symmetry with the other scripts: `node scripts/vscode/verifyVsix.mjs FILE.vsix`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [vsix] = process.argv.slice(2);
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  verifyVsix(vsix, { extensionId: `${manifest.publisher}.${manifest.name}`, pictures: readmePictures() }).catch((error) => {
    console.error(`[verify] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
