// @ts-check
// `npm start`: the extension in a real VS Code (code-server, VS Code 1.96.4) in your browser,
// already signed in to a local Palette emulator with demo data. Ctrl-C stops everything.
//   --port N            code-server port (default 8080, or a free one when taken)
//   --emulator-port N   emulator port (default 8787, or a free one when taken)
//   --screenshot        headless check: open the workbench in Chromium, save the pictures of
//                       media/screenshots/ (workbench, leak-quick-fix, revoke-modal, revoke-undo), then stop
//                       (exit 1 if the Palette view is missing)
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Creates the demo workspace once (kept afterwards, so your edits survive restarts) as a git
 * repository of its own, like a real project: inside this repository's git-ignored .cache, its
 * .env would count as a file git keeps out, where a key is only information.
 */
function ensureDemoWorkspace() {
  if (!existsSync(join(demoWorkspace, '.git'))) {
    mkdirSync(demoWorkspace, { recursive: true });
    try {
      execFileSync('git', ['init', '--quiet'], { cwd: demoWorkspace, stdio: 'ignore' });
    } catch {
      console.log('[start] git is not installed: the demo workspace is not a repository');
    }
  }
  if (existsSync(join(demoWorkspace, '.env'))) return;
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

/**
 * Installs the repository as an extension, so the plain workbench URL loads it (no "Extension
 * Development Host" title): a folder in the extensions folder with copies of package.json (VS Code
 * writes its bookkeeping, `__metadata`, into an installed extension's manifest) and of dist/ (Node
 * resolves a linked module to the repository, where VS Code would not know whose `vscode` import
 * it is), and links to the repository's other files.
 */
function installDevelopmentLink(/** @type {string} */ extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const folder = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(folder, { recursive: true });
  for (const entry of readdirSync(repoRoot)) {
    if (['.git', '.cache', 'node_modules'].includes(entry)) continue;
    if (entry === 'package.json' || entry === 'dist') cpSync(join(repoRoot, entry), join(folder, entry), { recursive: true });
    else symlinkSync(join(repoRoot, entry), join(folder, entry));
  }
}

console.log(`[start] ${await ensureDependencies()}`);
const { ensureCodeServer, startCodeServer } = await import('./vscode/codeServer.mjs');
const { startEmulator } = await import('./vscode/emulator.mjs');
const { openWorkbench, waitForProblems, workbenchUrl } = await import('./vscode/workbench.mjs');
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
  const url = workbenchUrl(server, demoWorkspace);

  if (values.screenshot) {
    const { page, close } = await openWorkbench({ server, folder: demoWorkspace });
    stops.unshift(close);
    await page.mouse.move(700, 450); // no tooltip over the activity bar in the picture
    // The tree fills once the environment sign-in reached the emulator; a picture before that is empty.
    await page.locator('.part.sidebar .monaco-list-row').first().waitFor({ timeout: 30_000 })
      .catch(() => console.log('[start] the Palette tree shows no rows (not signed in?)'));
    // The start-up workspace scan (3 s after activation) finds the demo's planted key.
    if (!await waitForProblems(page)) console.log('[start] the scanner reported no problem in the demo workspace');
    // Go to File (Ctrl+P) opens the file with the finding, as a person would: this also proves
    // VS Code's file search (ripgrep) works in this code-server.
    await page.keyboard.press('Control+P');
    await page.keyboard.type('.env');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: '.env' }).first().waitFor({ timeout: 15_000 })
      .then(() => page.keyboard.press('Enter'), () => console.log('[start] Go to File did not find .env: is ripgrep linked into code-server?'));
    await page.locator('.tabs-container .tab.active', { hasText: '.env' }).waitFor({ timeout: 15_000 }).catch(() => undefined);
    await page.locator('.editor-instance .squiggly-warning, .editor-instance .squiggly-error').first().waitFor({ timeout: 15_000 })
      .catch(() => console.log('[start] no squiggle under the planted key'));
    await page.mouse.move(700, 450);
    const problems = await page.locator('[id="status.problems"]').getAttribute('aria-label').catch(() => null);
    console.log(`[start] problems: ${problems ?? 'unknown'}`);
    mkdirSync(join(repoRoot, 'media', 'screenshots'), { recursive: true });
    const save = async (/** @type {string} */ name) => {
      await page.mouse.move(700, 450); // no hover over the tree in the picture
      await page.waitForTimeout(1500); // notifications finish sliding in, the tree settles
      const target = join(repoRoot, 'media', 'screenshots', `${name}.png`);
      await page.screenshot({ path: target });
      console.log(`[start] screenshot saved: ${target}`);
    };
    // A click on a key opens its details beside the tree; the Leaked Keys view below it lists the .env finding.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'terraform-ci' }).first().click()
      .catch(() => console.log('[start] no terraform-ci row to click'));
    await page.locator('.tabs-container .tab.active', { hasText: 'terraform-ci' }).waitFor({ timeout: 15_000 })
      .catch(() => console.log('[start] the key details did not open'));
    await save('workbench');
    // The leak's quick fixes, from the Leaked Keys view's Fix action.
    const finding = page.locator('.part.sidebar .monaco-list-row', { hasText: /line 2/ }).first();
    await finding.hover().catch(() => undefined);
    await finding.locator('.action-label[aria-label="Fix…"]').click()
      .catch(() => console.log('[start] no Fix action on the finding'));
    await page.locator('.action-widget').first().waitFor({ timeout: 10_000 }).catch(() => console.log('[start] no quick fix menu'));
    await save('leak-quick-fix');
    await page.keyboard.press('Escape');
    // Revoking a live key asks first (the key, its owner, what stops working, Rotate Instead), then
    // offers Undo; Undo puts the demo back as it was.
    const { treeContextMenu } = await import('../test/ui/support/workbench.mjs');
    await treeContextMenu(page, 'terraform-ci', 'Revoke API Key')
      .catch(() => console.log('[start] no Revoke API Key in terraform-ci\'s context menu'));
    const modal = page.locator('.monaco-dialog-box').first();
    await modal.waitFor({ timeout: 10_000 }).catch(() => console.log('[start] no confirmation before revoking'));
    await save('revoke-modal');
    await modal.locator('.monaco-button', { hasText: /^Revoke$/ }).click({ timeout: 10_000 }).catch(() => console.log('[start] no Revoke button in the confirmation'));
    const undoToast = page.locator('.notification-toast:visible', { hasText: /Revoked "terraform-ci"/ }).first();
    await undoToast.waitFor({ timeout: 10_000 }).catch(() => console.log('[start] no Undo notification after revoking'));
    await save('revoke-undo');
    await undoToast.locator('.monaco-button', { hasText: 'Undo' }).click({ timeout: 10_000 }).catch(() => console.log('[start] no Undo button'));
    await stopAll(0);
  } else {
    console.log(`\nOpen ${url}\n(Palette is in the activity bar. Ctrl-C stops code-server and the emulator.)\n`);
  }
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
