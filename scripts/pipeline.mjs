// @ts-check
// The steps `npm test`, `npm run test:host`, `npm run test:electron`, `npm start` and `npm run package`
// share: make node_modules match the lockfile, build the bundles, compile the tests, run unit tests.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { npmEnvironment, repoRoot, run } from './vscode/proc.mjs';

/**
 * Why node_modules does not match package-lock.json, or undefined when it does. Only the
 * lockfile's non-optional entries are checked (optional ones are platform-specific binaries).
 * @returns {string | undefined}
 */
export function dependenciesOutOfDate() {
  if (!existsSync(join(repoRoot, 'node_modules'))) return 'node_modules is missing';
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!key.startsWith('node_modules/') || entry.optional || entry.link) continue;
    const manifest = join(repoRoot, key, 'package.json');
    if (!existsSync(manifest)) return `${key} is missing`;
    const version = JSON.parse(readFileSync(manifest, 'utf8')).version;
    if (entry.version && version !== entry.version) return `${key} is ${version}, the lockfile wants ${entry.version}`;
  }
  return undefined;
}

/** Runs `npm ci` when node_modules is missing or does not match the lockfile. */
export async function ensureDependencies() {
  const reason = dependenciesOutOfDate();
  if (!reason) return 'node_modules matches package-lock.json';
  console.log(`[install] ${reason}: npm ci`);
  await run('npm', ['ci'], { quiet: true, env: npmEnvironment() });
  return 'npm ci done';
}

/** Bundles every entry point with esbuild (`--production`: minified, no source maps). */
export async function build({ production = false } = {}) {
  if (production) rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
  await run(process.execPath, [join(repoRoot, 'esbuild.mjs'), ...(production ? ['--production'] : [])]);
}

/**
 * Deletes compiled .js files in out/ whose .ts source is gone, so a deleted or renamed suite
 * does not keep running. (Not `rm -rf out`: others may be compiling into it at the same time.)
 */
function removeOrphanedOutput() {
  const out = join(repoRoot, 'out');
  if (!existsSync(out)) return;
  for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.js')) continue;
    const source = join(repoRoot, file.replace(/\.js$/, '.ts'));
    if (!existsSync(source)) {
      rmSync(join(out, file), { force: true });
      rmSync(join(out, `${file}.map`), { force: true });
    }
  }
}

/** Compiles src and test into out/ (type errors fail) and type-checks the webview bundle. */
export async function compileTests() {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  removeOrphanedOutput();
  await run(process.execPath, [tsc, '-p', 'tsconfig.test.json']);
  if (existsSync(join(repoRoot, 'webview', 'src'))) await run(process.execPath, [tsc, '-p', 'webview/tsconfig.json', '--noEmit']);
}

/**
 * @typedef {{ passed: number, failed: number, pending: number }} GroupCounts
 * @typedef {{ passed: number, failed: number, pending: number, durationMs: number, failures: { title: string, message: string, group?: string }[], groups?: Record<string, GroupCounts> }} Counts
 *   groups: the counts split by the reporter (`product`, and `emulator` for the emulator's own suites)
 */

/**
 * Runs the unit tests (mocha, .mocharc.unit.json) in plain Node and returns their counts.
 * @param {{ grep?: string }} [options]
 * @returns {Promise<Counts>}
 */
export async function runUnitTests(options = {}) {
  return runMocha('unit', ['--config', '.mocharc.unit.json'], options.grep);
}

/**
 * Runs the UI tests (test/ui/*.ui.mjs: playwright-core driving the real workbench from outside,
 * each file starting its own emulator and code-server) in plain Node and returns their counts.
 * @param {{ grep?: string, files?: string, verbose?: boolean }} [options] files: comma-separated globs
 *   under test/ui; verbose: print the workbench's and code-server's output (PALETTE_UI_VERBOSE)
 * @returns {Promise<Counts>}
 */
export async function runUiTests(options = {}) {
  const specs = (options.files ?? '*').split(',').map((glob) => `test/ui/${glob.trim().replace(/\.ui\.mjs$/, '')}.ui.mjs`);
  return runMocha('ui', ['--timeout', '180000', '--forbid-only', '--forbid-pending', ...specs], options.grep, options.verbose ? { PALETTE_UI_VERBOSE: '1' } : {});
}

/**
 * Runs mocha in a child process with the counting reporter, which writes the counts to a results
 * file: mocha's exit code alone cannot tell failed tests from a file that failed to load.
 * @param {string} name  `unit` or `ui`: names the results file and the failure when none is written
 * @param {string[]} mochaArgs
 * @param {string | undefined} grep
 * @param {NodeJS.ProcessEnv} [env] extra environment for the tests
 * @returns {Promise<Counts>}
 */
async function runMocha(name, mochaArgs, grep, env = {}) {
  const resultsFile = join(repoRoot, 'test-results', `${name}-results.json`);
  rmSync(resultsFile, { force: true });
  const mocha = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [mocha, ...mochaArgs, '--reporter', join(repoRoot, 'scripts', 'mocha', 'countingSpecReporter.cjs')];
  if (grep) args.push('--grep', grep);
  const started = Date.now();
  let crashed = false;
  try {
    await run(process.execPath, args, { env: { ...process.env, ...env, PALETTE_UNIT_RESULTS: resultsFile } });
  } catch {
    crashed = true; // mocha exits non-zero on failures too; the results file tells which
  }
  if (!existsSync(resultsFile)) {
    return { passed: 0, failed: 1, pending: 0, durationMs: Date.now() - started, failures: [{ title: `${name} test run`, message: 'mocha wrote no results (did a test file fail to load?)' }] };
  }
  /** @type {Counts} */
  const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (crashed && counts.failed === 0) counts.failed = 1;
  counts.durationMs = Date.now() - started;
  return counts;
}
