// @ts-check
// Runs the web suite (test/web) in code-server's browser-only extension host: the web worker
// extension host, which is what VS Code for the Web and github.dev have. The extension under
// development is a copy of the manifest without "main" (so only the "browser" entry can run) beside
// dist/web; the suite is bundled for the worker with mocha's browser build. Two emulators run: one
// answering CORS requests from the workbench's origin (--cors-origin), one without, as Palette
// answers. The suite reaches the runner through a small control server (CORS too): /info (the
// emulators), /palette-view (the Palette side bar's text), /screenshot. Results come back as one
// page-console line, PALETTE_WEB_RESULTS {...}.
//   node scripts/vscode/webHostRunner.mjs [--grep RE] [--keep] [--verbose]
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { startCodeServer } from './codeServer.mjs';
import { startEmulator } from './emulator.mjs';
import { repoRoot } from './proc.mjs';
import { WORKBENCH_VIEWPORT, launchBrowser, openWorkbench } from './workbench.mjs';

const resultsDir = join(repoRoot, 'test-results');
const RESULTS_PREFIX = 'PALETTE_WEB_RESULTS ';
/** activate() of the web build in the web worker host: the desktop's budget (test/ui/budgets.ui.mjs); measured 29-100 ms on 2 busy cores. */
export const WEB_ACTIVATION_BUDGET_MS = 250;

/**
 * @typedef {object} WebRunResult
 * @property {number} passed
 * @property {number} failed
 * @property {number} pending
 * @property {number} durationMs
 * @property {{ title: string, message: string }[]} failures
 * @property {number | undefined} activationMs what activate() took in the web worker host (its console line)
 */

/** Bundles test/web for the web worker extension host (mocha's browser build inside). */
async function bundleSuite(/** @type {string} */ outfile) {
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'web', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    // mocha's browser build (mocha 12 ships it as an ES module) is a UMD that takes a free `exports`
    // as CommonJS; in the bundle that is the extension host loader's, which it would overwrite.
    // Seen as undefined, it takes its global branch and sets globalThis.mocha.
    define: { exports: 'undefined' },
    logLevel: 'warning',
  });
}

/** The extension folder the workbench loads: the manifest without "main", and what the web build needs. */
function webOnlyExtension(/** @type {string} */ folder) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  delete manifest.main;
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const entry of ['package.nls.json', 'l10n', 'media', 'dist/web', 'dist/webview.js']) cpSync(join(repoRoot, entry), join(folder, entry), { recursive: true });
}

/**
 * The control server the suite calls with fetch from the worker (so it answers CORS).
 * @param {{ info: () => unknown, paletteView: () => Promise<string>, screenshot: (name: string) => Promise<string> }} handlers
 */
function startWebControl(handlers) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      response.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(JSON.stringify(body));
    };
    const route = `${request.method} ${url.pathname}`;
    const answer = route === 'GET /info' ? Promise.resolve(handlers.info())
      : route === 'GET /palette-view' ? handlers.paletteView().then((text) => ({ text }))
        : route === 'POST /screenshot' && /^[\w.-]+$/.test(url.searchParams.get('name') ?? '')
          ? handlers.screenshot(url.searchParams.get('name') ?? '').then((path) => ({ path }))
          : undefined;
    if (!answer) {
      reply(404, { error: `unknown control request ${route}` });
      return;
    }
    answer.then((body) => reply(200, body), (error) => reply(500, { error: error instanceof Error ? error.message : String(error) }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done(undefined)); }) });
    });
  });
}

/**
 * Runs the web suite once and returns its counts.
 * @param {{ grep?: string, keep?: boolean, verbose?: boolean, log?: (line: string) => void, timeoutMs?: number }} [options]
 * @returns {Promise<WebRunResult>}
 */
export async function runWebHostTests(options = {}) {
  const log = options.log ?? ((/** @type {string} */ line) => console.log(line));
  const started = Date.now();
  const runDir = mkdtempSync(join(tmpdir(), 'palette-web-'));
  const workspace = join(runDir, 'workspace');
  const extension = join(runDir, 'extension');
  // Inside the extension's folder: VS Code runs a test entry in the extension host of the extension
  // that contains it (the web worker host here); one outside would go to the Node host.
  const suite = join(extension, 'web-suite', 'index.js');
  mkdirSync(workspace);
  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = [];
  /** @type {WebRunResult} */
  const result = { passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [], activationMs: undefined };
  try {
    webOnlyExtension(extension);
    await bundleSuite(suite);
    /** @type {import('playwright-core').Page | undefined} */
    let page;
    /** @type {Record<string, unknown>} */
    const info = {};
    const control = /** @type {{ url: string, close: () => Promise<unknown> }} */ (await startWebControl({
      info: () => info,
      paletteView: async () => (page ? page.locator('.part.sidebar').innerText() : ''),
      screenshot: async (name) => {
        if (!page) throw new Error('no page yet');
        const target = join(resultsDir, 'screenshots', `${name}.png`);
        mkdirSync(join(resultsDir, 'screenshots'), { recursive: true });
        await page.screenshot({ path: target });
        log(`[web runner] screenshot ${target}`);
        return target;
      },
    }));
    cleanups.unshift(control.close);
    const server = await startCodeServer({
      userDataDir: join(runDir, 'user-data'),
      extensionsDir: join(runDir, 'extensions'),
      folder: workspace,
      settings: { 'paletteWebTest.controlUrl': control.url, ...(options.grep ? { 'paletteWebTest.grep': options.grep } : {}) },
      onOutput: (line) => options.verbose && log(`[code-server] ${line}`),
    });
    cleanups.unshift(server.stop);
    const withCors = await startEmulator({ args: ['--cors-origin', server.url] });
    cleanups.unshift(withCors.stop);
    const withoutCors = await startEmulator();
    cleanups.unshift(withoutCors.stop);
    const pick = (/** @type {import('./emulator.mjs').EmulatorInfo} */ emulator) => ({ url: emulator.url, adminKey: emulator.adminKey, userKey: emulator.userKey });
    Object.assign(info, { emulator: pick(withCors.info), withoutCors: pick(withoutCors.info) });
    log(`[web runner] code-server ${server.url}, emulator with CORS ${withCors.info.url}, without ${withoutCors.info.url}`);

    const browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
    /** @type {(code: number | string) => void} */
    let onExit = () => {};
    const exited = new Promise((/** @type {(code: number | string) => void} */ done) => (onExit = done));
    /** @type {string | undefined} */
    let resultsLine;
    // Listened to on the context, before the page loads: the activation line comes early.
    const context = await browser.newContext({ viewport: WORKBENCH_VIEWPORT });
    context.on('console', (message) => {
      const text = message.text();
      const at = text.indexOf(RESULTS_PREFIX);
      if (at >= 0) resultsLine = text.slice(at + RESULTS_PREFIX.length);
      const activated = /\[palette-keys\] activated in (\d+) ms/.exec(text);
      if (activated) result.activationMs = Number(activated[1]);
    });
    ({ page } = await openWorkbench({
      server, folder: workspace, in: context, extensionTestsPath: suite, extensionDevelopmentPath: extension, waitFor: 'none',
      log: { log, verbose: options.verbose, onExit },
    }));
    const timeoutMs = options.timeoutMs ?? 8 * 60_000;
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const outcome = await Promise.race([exited, new Promise((done) => { timer = setTimeout(() => done('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    // The results line is printed before run() settles; give the console a moment to deliver it.
    for (let i = 0; i < 20 && !resultsLine; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (resultsLine) {
      const counts = JSON.parse(resultsLine);
      Object.assign(result, { passed: counts.passed, failed: counts.failed, pending: counts.pending, failures: counts.failures });
      // One more check, from the page console: activation stays cheap in the web worker host too.
      const activation = `activates within ${WEB_ACTIVATION_BUDGET_MS} ms in the web worker extension host`;
      if (result.activationMs !== undefined && result.activationMs <= WEB_ACTIVATION_BUDGET_MS) result.passed++;
      else {
        result.failed++;
        result.failures.push({ title: activation, message: result.activationMs === undefined ? 'no "[palette-keys] activated in N ms" line on the page console' : `took ${result.activationMs} ms` });
      }
    } else {
      result.failed = Math.max(1, result.failed);
      result.failures.push({ title: 'web host test run', message: outcome === 'timeout' ? `did not finish within ${timeoutMs / 1000} s` : `the suite reported no results (exit ${outcome})` });
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => log(`[web runner] cleanup: ${error instanceof Error ? error.message : String(error)}`));
    result.durationMs = Date.now() - started;
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'web-host-results.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (options.keep) log(`[web runner] kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { grep: { type: 'string' }, keep: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
  runWebHostTests({ keep: values.keep, verbose: values.verbose, ...(values.grep ? { grep: values.grep } : {}) }).then((result) => {
    for (const failure of result.failures) console.log(`  failed: ${failure.title}: ${failure.message.split('\n')[0]}`);
    console.log(`web: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending (${(result.durationMs / 1000).toFixed(1)} s; activation ${result.activationMs ?? '?'} ms)`);
    process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1;
  }, (error) => {
    console.error(`[web runner] ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
}
