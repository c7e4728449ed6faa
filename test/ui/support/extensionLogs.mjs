// @ts-check
// The extension's own log (its LogOutputChannel) as code-server writes it: one file per window
// (extension host) under the user-data folder. Holds no secret (the canary suite checks the logs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every window's log of the extension so far, oldest window first; none before the folder exists.
 * @param {string} userDataDir
 * @returns {{ host: string, text: string }[]}
 */
export function extensionLogs(userDataDir) {
  const logsRoot = join(userDataDir, 'logs');
  let files;
  try {
    files = readdirSync(logsRoot, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return files
    .map((file) => file.split(/[\\/]/).join('/'))
    .filter((file) => /exthost\d+\/palette-keys\.palette-api-keys\/.*\.log$/.test(file))
    .sort()
    .map((file) => ({ host: /exthost\d+/.exec(file)?.[0] ?? file, text: readFileSync(join(logsRoot, file), 'utf8') }));
}

/** The extension hosts (one per loaded window) that have activated the extension so far. */
export function activatedHosts(/** @type {string} */ userDataDir) {
  return new Set(extensionLogs(userDataDir).filter((log) => /activated in \d+ ms/.test(log.text)).map((log) => log.host));
}

/** The extension's log in one host (window), empty before it has one. */
export function logOf(/** @type {string} */ userDataDir, /** @type {string} */ host) {
  return extensionLogs(userDataDir).find((log) => log.host === host)?.text ?? '';
}

/**
 * Polls until `probe` answers, for the signals the extension writes to its log: what a window
 * decided, so a test waits for the decision instead of sleeping and hoping it came.
 * @template T
 * @param {() => T | undefined} probe
 * @param {string} what
 * @returns {Promise<T>}
 */
export async function waitUntil(probe, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Runs `load` (opening or reloading a window) and returns what it returned with the extension host
 * of the window it loaded: the one host that activated the extension meanwhile.
 * @template T
 * @param {string} userDataDir
 * @param {() => Promise<T>} load
 * @returns {Promise<{ result: T, host: string }>}
 */
export async function loadWindow(userDataDir, load) {
  const before = activatedHosts(userDataDir);
  const result = await load();
  const host = await waitUntil(() => [...activatedHosts(userDataDir)].find((candidate) => !before.has(candidate)), 'the window to activate the extension');
  return { result, host };
}

/**
 * Waits until `host`'s log has `count` lines matching `pattern`.
 * @param {string} userDataDir @param {string} host @param {RegExp} pattern @param {string} what
 */
export function waitForLogLine(userDataDir, host, pattern, what, count = 1) {
  const global = new RegExp(pattern.source, 'gm');
  return waitUntil(() => (logOf(userDataDir, host).match(global)?.length ?? 0) >= count, `${what} (${host} logs ${pattern})`);
}

/** How many lines of `host`'s log match `pattern`. */
export function countLogLines(/** @type {string} */ userDataDir, /** @type {string} */ host, /** @type {RegExp} */ pattern) {
  return logOf(userDataDir, host).match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
}

/** Lines the extension logs that tests wait for: what it decided or finished, never a secret. */
export const LOG_LINES = {
  /** Each key list it loads and shows. */
  loaded: /loaded \d+ keys/,
  /** It read secret storage and found no sign-in there. */
  signedOut: /no saved Palette connection: signed out/,
  /** It heard another window's signal and found its own copy of secret storage current. */
  storageCurrent: /secret storage in this window is current after signal/,
};
