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
