// @ts-check
// Starts the bundled Palette emulator (dist/emulator.js) and waits for its one READY line:
// `PALETTE_EMULATOR_READY {"url": "...", "adminKey": "...", "userKey": "...", ...}`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { forEachOutputLine, repoRoot, stopProcessGroup } from './proc.mjs';

export const READY_PREFIX = 'PALETTE_EMULATOR_READY';
export const emulatorScript = join(repoRoot, 'dist', 'emulator.js');

/**
 * @typedef {{ url: string, adminKey: string, userKey: string } & Record<string, unknown>} EmulatorInfo
 * @typedef {{ info: EmulatorInfo, readyLine: string, process: import('node:child_process').ChildProcess, stop: () => Promise<void> }} RunningEmulator
 */

/**
 * Starts `node dist/emulator.js --port N ...args` and resolves with what its READY line announced.
 * Lines other than READY go to `onOutput`; the READY JSON itself carries keys, so it is never printed.
 * @param {{ port?: number, args?: string[], timeoutMs?: number, onOutput?: (line: string) => void }} [options]
 * @returns {Promise<RunningEmulator>}
 */
export function startEmulator(options = {}) {
  if (!existsSync(emulatorScript)) {
    return Promise.reject(new Error(`${emulatorScript} is missing: build it first (node esbuild.mjs --only emulator)`));
  }
  const child = spawn(process.execPath, [emulatorScript, '--port', String(options.port ?? 0), ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stop = () => stopProcessGroup(child);
  return new Promise((resolve, reject) => {
    /** @type {string[]} */
    const recent = [];
    let settled = false;
    const fail = (/** @type {string} */ reason) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`emulator did not start: ${reason}\n${recent.join('\n')}`)));
    };
    const timer = setTimeout(() => fail(`no ${READY_PREFIX} line within ${options.timeoutMs ?? 20_000} ms`), options.timeoutMs ?? 20_000);
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => fail(`exited with ${signal ?? code}`));
    forEachOutputLine(child, (line) => {
      if (!line.startsWith(`${READY_PREFIX} `)) {
        recent.push(line);
        if (recent.length > 30) recent.shift();
        options.onOutput?.(line);
        return;
      }
      if (settled) return;
      /** @type {unknown} */
      let info;
      try {
        info = JSON.parse(line.slice(READY_PREFIX.length + 1));
      } catch {
        fail(`${READY_PREFIX} line is not JSON`);
        return;
      }
      const record = /** @type {Record<string, unknown>} */ (info ?? {});
      const missing = ['url', 'adminKey', 'userKey'].filter((field) => typeof record[field] !== 'string');
      if (missing.length) {
        fail(`${READY_PREFIX} JSON lacks ${missing.join(', ')}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ info: /** @type {EmulatorInfo} */ (record), readyLine: line, process: child, stop });
    });
  });
}
