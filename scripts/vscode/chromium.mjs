// @ts-check
// Finds the Chromium that playwright-core drives. Only Debian's package is used: playwright's own
// browser download is unreachable here, and `npx playwright install` must never run.
import { existsSync } from 'node:fs';
import { run } from './proc.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags verified to work headless as root with no network (see shared/notes/real-vscode-offline.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * Launch options that leave SIGINT/SIGTERM/SIGHUP to our scripts: playwright's own handlers would
 * close the browser and exit before code-server and the emulator are stopped, orphaning them.
 */
export const KEEP_SIGNALS = { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false };

/** @returns {string | undefined} */
function findChromium() {
  const fromEnv = process.env.PALETTE_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Returns the Chromium executable, installing Debian's `chromium` with apt when running as root.
 * @returns {Promise<string>}
 */
export async function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error('Chromium was not found. Install it with: sudo apt-get update && sudo apt-get install -y chromium');
  }
  console.log('[chromium] not found: apt-get install -y chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, quiet: true });
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium but no executable was found at /usr/bin/chromium');
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureChromium().then((path) => console.log(path), (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
