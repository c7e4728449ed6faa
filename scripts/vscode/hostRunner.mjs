// @ts-check
// Runs the compiled host suites (out/test/host) inside a real VS Code 1.96.4 extension host:
// code-server serves the workbench, Debian's Chromium (through playwright-core) opens it with an
// extensionDevelopmentPath/extensionTestsPath payload, and the test run reports back through
// codeAutomationLog/codeAutomationExit. Usable as a module (runHostTests) and as a CLI:
//   node scripts/vscode/hostRunner.mjs [--files GLOBS] [--grep RE] [--emulator] [--workspace DIR]
//                                      [--timeout SECONDS] [--keep] [--verbose] [--untrusted]
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureChromium } from './chromium.mjs';
import { startCodeServer } from './codeServer.mjs';
import { startControlServer } from './controlServer.mjs';
import { startEmulator } from './emulator.mjs';
import { repoRoot } from './proc.mjs';
import { launchBrowser, openWorkbench } from './workbench.mjs';

const testsEntry = join(repoRoot, 'out', 'test', 'host', 'index.js');
const resultsDir = join(repoRoot, 'test-results');

/**
 * @typedef {object} HostRunOptions
 * @property {string} [files] comma-separated globs over out/test/host (e.g. "activation*,keys/**")
 * @property {string} [grep] mocha grep
 * @property {boolean} [emulator] start dist/emulator.js for the run (env PALETTE_TEST_EMULATOR)
 * @property {string} [workspace] folder to copy as the workspace (default: an empty folder; the suites write what they need)
 * @property {Record<string, unknown>} [settings] extra user settings
 * @property {boolean} [untrustedWorkspace] open the workspace untrusted (Restricted Mode); suites named *.untrusted.js
 * @property {Record<string, string>} [env] extra environment for the extension host
 * @property {number} [timeoutMs] overall limit for the run (default 10 minutes)
 * @property {boolean} [keep] keep the temporary folders
 * @property {boolean} [verbose] also print workbench (browser) console messages
 * @property {(line: string) => void} [log] where output goes (default console.log)
 */

/**
 * @typedef {object} HostRunResult
 * @property {number} exitCode 0 when every selected test passed
 * @property {number} passed
 * @property {number} failed
 * @property {number} pending
 * @property {number} durationMs wall time of the whole run, start-up included
 * @property {{ title: string, message: string }[]} failures
 */

/**
 * Runs the host suites once and returns the counts.
 * @param {HostRunOptions} [options]
 * @returns {Promise<HostRunResult>}
 */
export async function runHostTests(options = {}) {
  const log = options.log ?? ((/** @type {string} */ line) => console.log(line));
  const started = Date.now();
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: compile the tests first (npx tsc -p tsconfig.test.json)`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: build first (node esbuild.mjs)');

  const runDir = mkdtempSync(join(tmpdir(), 'palette-host-'));
  const workspace = join(runDir, 'workspace');
  if (options.workspace) cpSync(resolve(options.workspace), workspace, { recursive: true });
  else mkdirSync(workspace);
  const resultsFile = join(runDir, 'results.json');
  /** @type {Array<() => Promise<void>>} */
  const cleanups = [];
  /** @type {HostRunResult} */
  const result = { exitCode: 1, passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [] };

  /** @type {(code: number | string) => void} */
  let onExit = () => {};
  const exited = new Promise((/** @type {(code: number | string) => void} */ done) => (onExit = done));
  // Ctrl-C must not orphan code-server and the emulator: they run in process groups of their own.
  const onSignal = async (/** @type {NodeJS.Signals} */ signal) => {
    log(`[runner] ${signal}: stopping`);
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    rmSync(runDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await ensureChromium(); // fails before anything starts when Chromium is missing
    /** @type {Record<string, string>} */
    // Mocha 12 colours its tick marks through chalk whatever `color: false` says (CI=true turns it on); NO_COLOR stops it.
    // PALETTE_TEST_USER_DATA: the activation test reads the extension host's log there.
    const env = { PALETTE_TEST_RESULTS: resultsFile, PALETTE_TEST_USER_DATA: join(runDir, 'user-data'), NO_COLOR: '1', ...options.env };
    if (options.files) env.PALETTE_TEST_FILES = options.files;
    if (options.grep) env.PALETTE_TEST_GREP = options.grep;

    if (options.emulator) {
      const emulator = await startEmulator({ onOutput: (line) => options.verbose && log(`[emulator] ${line}`) });
      cleanups.unshift(emulator.stop);
      env.PALETTE_TEST_EMULATOR = JSON.stringify(emulator.info);
      log(`[runner] emulator at ${emulator.info.url}`);
    }

    /** @type {import('playwright-core').Page | undefined} */
    let page;
    const control = await startControlServer({
      screenshot: async (name) => {
        if (!page) throw new Error('no page yet');
        const target = join(resultsDir, 'screenshots', `${name}.png`);
        mkdirSync(join(resultsDir, 'screenshots'), { recursive: true });
        await page.screenshot({ path: target });
        if (process.env.PALETTE_UPDATE_SCREENSHOTS === '1') {
          mkdirSync(join(repoRoot, 'media', 'screenshots'), { recursive: true });
          copyFileSync(target, join(repoRoot, 'media', 'screenshots', `${name}.png`));
        }
        log(`[runner] screenshot ${target}`);
        return target;
      },
      text: async (selector) => {
        if (!page) throw new Error('no page yet');
        if (selector.trim() === '') throw new Error('selector is empty');
        const texts = await Promise.all(page.frames().map((frame) => frame.locator(selector).allInnerTexts().catch(() => [])));
        return texts.flat().join('\n');
      },
    });
    cleanups.unshift(control.close);
    env.PALETTE_TEST_CONTROL_URL = control.url;

    const server = await startCodeServer({
      userDataDir: join(runDir, 'user-data'),
      extensionsDir: join(runDir, 'extensions'),
      folder: workspace,
      env,
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.untrustedWorkspace ? { untrustedWorkspace: true } : {}),
      onOutput: (line) => {
        if (options.verbose) log(`[code-server] ${line}`);
        // An extension host that dies before reporting would otherwise hold the run until the timeout.
        const died = /Extension Host Process exited with code: (\d+), signal: (\w+)/.exec(line);
        if (died) setTimeout(() => onExit(`the extension host exited (code ${died[1]}, signal ${died[2]}) without reporting`), 5000).unref();
      },
    });
    cleanups.unshift(server.stop);
    log(`[runner] code-server ${server.url}, workspace ${workspace}`);

    const browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
    // The suites start as soon as the extension host does: nothing to wait for on the page.
    ({ page } = await openWorkbench({
      server, folder: workspace, in: browser, extensionTestsPath: testsEntry, waitFor: 'none', log: { log, verbose: options.verbose, onExit },
    }));

    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const timedOut = new Promise((/** @type {(reason: string) => void} */ done) => {
      timer = setTimeout(() => done('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (typeof outcome === 'number') {
      result.exitCode = outcome;
    } else {
      const message = outcome === 'timeout' ? `did not finish within ${timeoutMs / 1000} s` : outcome;
      log(`[runner] host tests ${message}`);
      result.failures.push({ title: 'host test run', message });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        log(`[runner] cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (existsSync(resultsFile)) {
      const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
      Object.assign(result, { passed: counts.passed, failed: counts.failed, pending: counts.pending, failures: [...result.failures, ...counts.failures] });
      mkdirSync(resultsDir, { recursive: true });
      copyFileSync(resultsFile, join(resultsDir, 'host-results.json'));
    } else {
      // The workbench reports exit code 0 even when the extension host was killed: no results, no pass.
      result.exitCode = result.exitCode || 1;
      if (result.failures.length === 0) {
        result.failures.push({ title: 'host test run', message: 'the extension host wrote no results (did it crash, or did the suites not load?)' });
      }
    }
    // A run that wrote no results, or failed without failing a test, still counts as one failure.
    if (result.exitCode !== 0 && result.failed === 0) result.failed = 1;
    result.durationMs = Date.now() - started;
    if (options.keep) log(`[runner] kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
  return result;
}

/** Prints the result the way `npm test` and the CLI show it. */
export function describeResult(/** @type {HostRunResult} */ result) {
  const lines = result.failures.map((f) => `  failed: ${f.title}: ${f.message.split('\n')[0]}`);
  lines.push(`host: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending (${(result.durationMs / 1000).toFixed(1)} s)`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      grep: { type: 'string' },
      emulator: { type: 'boolean', default: false },
      workspace: { type: 'string' },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      untrusted: { type: 'boolean', default: false },
    },
  });
  /** @type {HostRunOptions} */
  const options = {
    emulator: values.emulator,
    keep: values.keep,
    verbose: values.verbose,
    untrustedWorkspace: values.untrusted,
    ...(values.files ? { files: values.files } : {}),
    ...(values.grep ? { grep: values.grep } : {}),
    ...(values.workspace ? { workspace: values.workspace } : {}),
    ...(values.timeout ? { timeoutMs: Number(values.timeout) * 1000 } : {}),
  };
  runHostTests(options).then((result) => {
    console.log(describeResult(result));
    process.exitCode = result.exitCode === 0 && result.failed === 0 ? 0 : 1;
  }, (error) => {
    console.error(`[runner] ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
}
