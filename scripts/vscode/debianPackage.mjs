// @ts-check
// The Debian packages the harness needs from outside npm (Chromium, ripgrep, openssl) are found or
// installed the same way: as root, `apt-get install`; otherwise an error that names the command.
import { existsSync } from 'node:fs';
import { run } from './proc.mjs';

/**
 * @typedef {object} DebianTool
 * @property {string} name  what the messages call it, e.g. "Chromium"
 * @property {string} debianPackage  the package apt-get installs, e.g. "chromium"
 * @property {string[]} executables  where the executable may be, first found wins
 */

/** @type {DebianTool} VS Code's file search runs it, and the scan benchmark compares with it. */
export const RIPGREP = { name: 'ripgrep', debianPackage: 'ripgrep', executables: ['/usr/bin/rg', '/usr/local/bin/rg'] };

/** @type {DebianTool} The TLS tests (unit and host) make a throwaway private CA with it. */
export const OPENSSL = { name: 'openssl', debianPackage: 'openssl', executables: ['/usr/bin/openssl', '/usr/local/bin/openssl'] };

/** @param {DebianTool} tool */
export function findExecutable(tool) {
  return tool.executables.find((path) => existsSync(path));
}

/** The command a person runs to install `tool`. */
export function installCommand(/** @type {DebianTool} */ tool) {
  return `sudo apt-get update && sudo apt-get install -y ${tool.debianPackage}`;
}

/**
 * Returns the tool's executable, installing its Debian package with apt-get when running as root.
 * Without root (or apt-get) it throws an error that names the command to run.
 * @param {DebianTool} tool
 * @returns {Promise<string>}
 */
export async function ensureDebianTool(tool) {
  const found = findExecutable(tool);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${tool.name} was not found. Install it with: ${installCommand(tool)}`);
  }
  console.log(`[${tool.debianPackage}] not found: apt-get install -y ${tool.debianPackage}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '--no-install-recommends', tool.debianPackage], { env, quiet: true });
  const installed = findExecutable(tool);
  if (!installed) throw new Error(`apt-get installed ${tool.debianPackage} but none of ${tool.executables.join(', ')} exists`);
  return installed;
}
