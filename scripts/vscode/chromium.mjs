// @ts-check
// Finds the Chromium that playwright-core drives. Only Debian's package is used: playwright's own
// browser download is unreachable here, and `npx playwright install` must never run.
import { existsSync } from 'node:fs';
import { ensureDebianTool } from './debianPackage.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags verified to work headless as root with no network (scripts/README.md: "VS Code without internet"). */
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

/**
 * Returns the Chromium executable (PALETTE_CHROMIUM when set), installing Debian's `chromium` with
 * apt-get when running as root.
 * @returns {Promise<string>}
 */
export async function ensureChromium() {
  const fromEnv = process.env.PALETTE_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PALETTE_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  return ensureDebianTool({ name: 'Chromium', debianPackage: 'chromium', executables: CANDIDATES });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureChromium().then((path) => console.log(path), (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
