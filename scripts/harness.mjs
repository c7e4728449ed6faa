// @ts-check
// What test code outside scripts/ (the UI tests in test/ui) may use of the harness. Everything
// else under scripts/vscode/ is the runners' own business and may change without notice.
import { build } from 'esbuild';
import { join } from 'node:path';
import { repoRoot, run } from './vscode/proc.mjs';

export { repoRoot };
export { startCodeServer } from './vscode/codeServer.mjs';
export { startEmulator } from './vscode/emulator.mjs';
export { WORKBENCH_VIEWPORT, launchBrowser, openWorkbench, showPaletteView, waitForWorkbench } from './vscode/workbench.mjs';

/** @typedef {import('./vscode/emulator.mjs').EmulatorInfo} EmulatorInfo */

/**
 * Runs `node ...args` in the repository root and resolves with its stdout; rejects on a non-zero exit.
 * @param {string[]} args
 */
export function runNode(args) {
  return run(process.execPath, args, { quiet: true });
}

/**
 * Imports a module of the product from its TypeScript source (e.g. to share a constant with it),
 * bundled on the spot with esbuild: no dependence on tsc's output in out/ being there or current.
 * Only for modules free of `vscode` (src/core, src/shared).
 * @param {string} sourcePath relative to the repository root, e.g. "src/core/secrets/x.ts"
 * @returns {Promise<Record<string, unknown>>}
 */
export async function importSource(sourcePath) {
  const result = await build({
    entryPoints: [join(repoRoot, sourcePath)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}
