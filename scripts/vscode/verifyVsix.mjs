// @ts-check
// Proves a .vsix installs and runs: `code-server --install-extension` into a throw-away extensions
// folder, then a headless workbench must show the Palette container and activate the extension
// without errors (read from the extension host's log).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, KEEP_SIGNALS, ensureChromium } from './chromium.mjs';
import { codeServerEntry, ensureCodeServer, startCodeServer } from './codeServer.mjs';
import { run } from './proc.mjs';

/** Every file below `dir` whose name matches `pattern`. */
function findFiles(/** @type {string} */ dir, /** @type {RegExp} */ pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => pattern.test(file)).map((file) => join(dir, file));
}

/**
 * Installs `vsixPath` into a temporary extensions folder and checks it loads and activates.
 * @param {string} vsixPath
 * @param {{ extensionId: string, ui?: boolean }} options
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
    console.log(`[verify] code-server --install-extension: ${installed}`);
    if (options.ui === false) return;

    const server = await startCodeServer({ userDataDir, extensionsDir, folder: dir });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: await ensureChromium(), headless: true, args: CHROMIUM_ARGS, ...KEEP_SIGNALS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      /** @type {string[]} */
      const consoleLines = [];
      page.on('console', (message) => consoleLines.push(message.text()));
      await page.goto(`${server.url}/?folder=${encodeURIComponent(dir)}`);
      const item = page.locator('.activitybar a[aria-label^="Palette"]').first();
      await item.waitFor({ timeout: 60_000 });
      await item.click();
      await page.locator('.part.sidebar .title-label h2').filter({ hasText: /palette/i }).first().waitFor({ timeout: 30_000 });
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
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Kept for symmetry with the other scripts: `node scripts/vscode/verifyVsix.mjs FILE.vsix`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [vsix] = process.argv.slice(2);
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  verifyVsix(vsix, { extensionId: `${manifest.publisher}.${manifest.name}` }).catch((error) => {
    console.error(`[verify] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
