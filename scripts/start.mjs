// @ts-check
// `npm start`: the extension in a real VS Code (code-server, VS Code 1.96.4) in your browser,
// already signed in to a local Palette emulator with demo data. Ctrl-C stops everything.
//   --port N            code-server port (default 8080, or a free one when taken)
//   --emulator-port N   emulator port (default 8787, or a free one when taken)
//   --screenshot        headless check: open the workbench in Chromium, save
//                       media/screenshots/workbench.png, then stop (exit 1 if the Palette view is missing)
import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureDependencies } from './pipeline.mjs';
import { freePort, repoRoot } from './vscode/proc.mjs';

/**
 * The demo tenant admin's API key: a made-up value that only the local emulator accepts
 * (its words mark it as a placeholder for the scanner). Never a real Palette key.
 */
export const DEMO_ADMIN_KEY = 'DemoAdminKeyForLocalEmulatorOnly';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'emulator-port': { type: 'string', default: '8787' },
    screenshot: { type: 'boolean', default: false },
  },
});

const demoWorkspace = join(repoRoot, '.cache', 'demo-workspace');
const demoProfile = join(repoRoot, '.cache', 'demo-profile');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Creates the demo workspace once (kept afterwards, so your edits survive restarts). */
function ensureDemoWorkspace() {
  if (existsSync(demoWorkspace)) return;
  const fixture = join(repoRoot, 'test', 'fixtures', 'workspaces', 'demo');
  if (existsSync(fixture)) {
    cpSync(fixture, demoWorkspace, { recursive: true });
    return;
  }
  mkdirSync(demoWorkspace, { recursive: true });
  // Random at creation, so no key-shaped literal lives in this repository's sources.
  const planted = Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  writeFileSync(join(demoWorkspace, 'README.md'), [
    '# Palette API Keys demo',
    '',
    'Open the Palette view in the activity bar to list, create, revoke and rotate keys on the',
    'local emulator. `.env` holds a planted, made-up key for the leak scanner to find.',
    '',
  ].join('\n'));
  writeFileSync(join(demoWorkspace, '.env'), `# A planted fake key: the scanner should flag the next line.\nSPECTROCLOUD_APIKEY=${planted}\n`);
}

/** Links the repository into the extensions folder, so the plain workbench URL loads the extension. */
function installDevelopmentLink(/** @type {string} */ extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  mkdirSync(extensionsDir, { recursive: true });
  symlinkSync(repoRoot, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
}

console.log(`[start] ${await ensureDependencies()}`);
const { ensureChromium, CHROMIUM_ARGS, KEEP_SIGNALS } = await import('./vscode/chromium.mjs');
const { ensureCodeServer, startCodeServer } = await import('./vscode/codeServer.mjs');
const { startEmulator } = await import('./vscode/emulator.mjs');
await ensureCodeServer();
await build();
console.log('[start] built dist/');

/** @type {Array<() => Promise<void>>} */
const stops = [];
let stopping = false;
async function stopAll(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) await stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const emulator = await startEmulator({
    port: await freePort(Number(values['emulator-port'])),
    args: ['--admin-key', DEMO_ADMIN_KEY],
  });
  stops.unshift(emulator.stop);
  // The emulator's banner lists keys and passwords: not echoed here.
  emulator.process.stderr?.on('data', (chunk) => process.stderr.write(`[emulator] ${chunk}`));
  console.log(`[start] Palette emulator with demo data: ${emulator.info.url}`);

  ensureDemoWorkspace();
  rmSync(demoProfile, { recursive: true, force: true });
  const extensionsDir = join(demoProfile, 'extensions');
  installDevelopmentLink(extensionsDir);
  const server = await startCodeServer({
    port: Number(values.port),
    userDataDir: join(demoProfile, 'user-data'),
    extensionsDir,
    folder: demoWorkspace,
    // The extension adopts these as its connection when it has none: "already signed in".
    env: { SPECTROCLOUD_HOST: emulator.info.url, SPECTROCLOUD_APIKEY: DEMO_ADMIN_KEY },
  });
  stops.unshift(server.stop);
  server.process.on('exit', (code) => {
    if (!stopping) {
      console.error(`[start] code-server exited (${code})`);
      void stopAll(1);
    }
  });
  const url = `${server.url}/?folder=${encodeURIComponent(demoWorkspace)}`;

  if (values.screenshot) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: await ensureChromium(), headless: true, args: CHROMIUM_ARGS, ...KEEP_SIGNALS });
    stops.unshift(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const item = page.locator('.activitybar a[aria-label^="Palette"]').first();
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    // The side bar's title names the open container ("PALETTE: API KEYS" with a single view).
    await page.locator('.part.sidebar .title-label h2').filter({ hasText: /palette/i }).first().waitFor({ timeout: 30_000 });
    await page.mouse.move(700, 450); // no tooltip over the activity bar in the picture
    // The tree fills once the environment sign-in reached the emulator; a picture before that is empty.
    await page.locator('.part.sidebar .monaco-list-row').first().waitFor({ timeout: 30_000 })
      .catch(() => console.log('[start] the Palette tree shows no rows (not signed in?)'));
    // The start-up workspace scan (3 s after activation) finds the demo's planted key: open that file
    // so the picture shows the finding, and wait until the Problems count says so.
    const problems = page.locator('[id="status.problems"]');
    await page.waitForFunction(() => {
      // Runs in the page, where `document` exists.
      // eslint-disable-next-line no-undef
      const label = document.getElementById('status.problems')?.getAttribute('aria-label') ?? '';
      return /[1-9]/.test(label);
    }, undefined, { timeout: 30_000 }).catch(() => console.log('[start] the scanner reported no problem in the demo workspace'));
    await page.keyboard.press('Control+P');
    await page.keyboard.type('.env');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    await page.mouse.move(700, 450);
    console.log(`[start] problems: ${(await problems.getAttribute('aria-label').catch(() => null)) ?? 'unknown'}`);
    await page.waitForTimeout(2000); // notifications finish sliding in
    const target = join(repoRoot, 'media', 'screenshots', 'workbench.png');
    mkdirSync(join(repoRoot, 'media', 'screenshots'), { recursive: true });
    await page.screenshot({ path: target });
    console.log(`[start] screenshot saved: ${target}`);
    await stopAll(0);
  } else {
    console.log(`\nOpen ${url}\n(Palette is in the activity bar. Ctrl-C stops code-server and the emulator.)\n`);
  }
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
