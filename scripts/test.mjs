// @ts-check
// `npm test`: from a fresh clone, installs what is missing (node_modules, Chromium, ripgrep,
// code-server), builds, compiles the tests, runs the unit tests in Node and the host tests in a
// real VS Code 1.96, drives the workbench from outside in the UI tests (test/ui, playwright-core),
// prints each phase's passed, failed and skipped counts (the emulator's own tests on a line of their
// own) and ends with `total: N passed, N failed, N skipped`. Mocha runs with --forbid-only and
// --forbid-pending: a skip fails the run unless test/skipAllowList.json allows it (skipAllowList.mjs).
//   --unit        unit tests only            --host       host tests only (`npm run test:host`)
//   --web         web host tests only: the web build in the browser-only (web worker) extension host
//   --ui          UI tests only (combine the flags to pick phases; PALETTE_UI_FILES narrows them)
//   --grep RE     mocha grep for every phase --files G    host suite globs (see hostRunner.mjs)
//   --verbose     workbench and code-server output too (host and UI tests)
// Environment variables: scripts/README.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applySkipAllowList, readSkipAllowList } from './mocha/skipAllowList.mjs';
import { build, compileTests, ensureDependencies, runUiTests, runUnitTests } from './pipeline.mjs';
import { repoRoot } from './vscode/proc.mjs';

const { values } = parseArgs({
  options: {
    unit: { type: 'boolean', default: false },
    host: { type: 'boolean', default: false },
    ui: { type: 'boolean', default: false },
    web: { type: 'boolean', default: false },
    grep: { type: 'string' },
    files: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const onlySome = values.unit || values.host || values.ui || values.web;
const runUnit = !onlySome || values.unit;
const runHost = !onlySome || values.host;
const runUi = !onlySome || values.ui;
const runWeb = !onlySome || values.web;
const grep = values.grep;

let passed = 0;
let failed = 0;
let skipped = 0;
/** Passed tests that test the emulator (test infrastructure), not the product. */
let emulatorPassed = 0;
/** @type {string[]} */
const summary = [];
const allowList = readSkipAllowList();
const seconds = (/** @type {number} */ since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * Runs one preparation phase; a failure counts as one failed test so the total never hides it.
 * @param {string} name
 * @param {() => Promise<unknown>} step
 */
async function phase(name, step) {
  const started = Date.now();
  console.log(`\n== ${name}`);
  try {
    const note = await step();
    summary.push(`${name}: ok${typeof note === 'string' ? ` (${note})` : ''} in ${seconds(started)}`);
    return true;
  } catch (error) {
    failed++;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${name} failed: ${message}`);
    summary.push(`${name}: FAILED (${message.split('\n')[0]}) in ${seconds(started)}`);
    return false;
  }
}

/**
 * Adds a phase's counts to the summary, one line per group (the emulator's tests apart), with
 * skips the allow-list permits counted as skipped and every other skip as a failure.
 * @param {string} name @param {import('./pipeline.mjs').Counts} counts
 */
function record(name, counts) {
  const { failures, skipped: allowedSkips } = applySkipAllowList(counts.failures, allowList);
  const product = { passed: counts.passed, failed: counts.failed, pending: counts.pending };
  /** @type {Record<string, { passed: number, failed: number, pending: number }>} */
  const groups = counts.groups ?? { product };
  // A run that failed without failing a test (a file that did not load) counts against the product line.
  const ungroupedFailures = counts.failed - Object.values(groups).reduce((sum, group) => sum + group.failed, 0);
  for (const [group, groupCounts] of Object.entries(groups)) {
    const allowed = allowedSkips.filter((skip) => (skip.group ?? 'product') === group).length;
    const line = {
      passed: groupCounts.passed,
      failed: groupCounts.failed - allowed + (group === 'product' ? ungroupedFailures : 0),
      skipped: groupCounts.pending + allowed,
    };
    passed += line.passed;
    failed += line.failed;
    skipped += line.skipped;
    if (group === 'emulator') emulatorPassed += line.passed;
    const label = group === 'emulator' ? 'emulator (test/unit/emulator*: the test infrastructure)' : name;
    const counted = `${line.passed} passed, ${line.failed} failed, ${line.skipped} skipped`;
    summary.push(`${label}: ${counted}${group === 'product' ? ` in ${(counts.durationMs / 1000).toFixed(1)} s` : ''}`);
    console.log(`${label}: ${counted}`);
  }
  for (const failure of failures) {
    const line = `  failed: ${failure.title}: ${failure.message.split('\n')[0]}`;
    console.log(line);
    summary.push(line);
  }
  for (const skip of allowedSkips) summary.push(`  skipped (allowed, ${skip.message}): ${skip.title}`);
}

const started = Date.now();
const installed = await phase('install', ensureDependencies);
if (installed) {
  // Imported only now: on a fresh clone playwright-core is not there before `npm ci`. Every phase
  // needs Chromium (the unit tests load the form's webview in it) and openssl (the TLS tests make a
  // private CA with it): a missing one fails the run here, by name, instead of thinning the tests.
  const { ensureChromium } = await import('./vscode/chromium.mjs');
  const { ensureCodeServer } = await import('./vscode/codeServer.mjs');
  const { ensureDebianTool, OPENSSL } = await import('./vscode/debianPackage.mjs');
  await phase('chromium', ensureChromium);
  await phase('openssl', () => ensureDebianTool(OPENSSL));
  if (runHost || runUi || runWeb) {
    await phase('code-server', async () => {
      await ensureCodeServer();
      return 'VS Code 1.96.4';
    });
  }
}
const built = installed && (await phase('build', () => build()));
const compiled = installed && (await phase('compile tests', compileTests));

if (runUnit && installed) {
  console.log('\n== unit tests (Node)');
  const counts = await runUnitTests(grep ? { grep } : {});
  record('unit', counts);
}

if (runHost && installed && built && existsSync(join(repoRoot, 'out', 'test', 'host', 'index.js'))) {
  console.log('\n== host tests (VS Code 1.96 extension host)');
  const { runHostTests } = await import('./vscode/hostRunner.mjs');
  try {
    const result = await runHostTests({
      emulator: existsSync(join(repoRoot, 'dist', 'emulator.js')),
      verbose: values.verbose,
      ...(grep ? { grep } : {}),
      ...(values.files ? { files: values.files } : {}),
    });
    record('host', result);
    if (!values.files) {
      // Restricted Mode suites need a host whose folder is untrusted: a second, short run.
      const restricted = await runHostTests({
        untrustedWorkspace: true,
        workspace: join(repoRoot, 'test', 'fixtures', 'workspaces', 'untrusted'),
        files: '*.untrusted.js',
        verbose: values.verbose,
        ...(grep ? { grep } : {}),
      });
      record('host (Restricted Mode)', restricted);
    }
  } catch (error) {
    failed++;
    console.error(`host tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    summary.push('host: FAILED to run');
  }
} else if (runHost) {
  failed++;
  summary.push(`host: not run (${compiled ? 'build failed' : 'tests did not compile'})`);
}

if (runWeb && installed && built) {
  console.log('\n== web host tests (the web build in the browser-only extension host)');
  const { runWebHostTests } = await import('./vscode/webHostRunner.mjs');
  try {
    const result = await runWebHostTests({ verbose: values.verbose, ...(grep ? { grep } : {}) });
    // A run that reports nothing has not passed.
    if (result.passed + result.failed === 0) result.failed = 1;
    record('web', result);
    console.log(`web: activation in the web worker host ${result.activationMs ?? '?'} ms`);
  } catch (error) {
    failed++;
    console.error(`web host tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    summary.push('web: FAILED to run');
  }
} else if (runWeb) {
  failed++;
  summary.push('web: not run (build failed)');
}

if (runUi && installed && built) {
  console.log('\n== UI tests (the workbench driven through Chromium)');
  const counts = await runUiTests({
    verbose: values.verbose,
    ...(grep ? { grep } : {}),
    ...(process.env.PALETTE_UI_FILES ? { files: process.env.PALETTE_UI_FILES } : {}),
  });
  record('ui', counts);
} else if (runUi) {
  failed++;
  summary.push('ui: not run (build failed)');
}

console.log(`\n== summary (${seconds(started)})`);
for (const line of summary) console.log(`  ${line}`);
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped (${passed - emulatorPassed} product tests and ${emulatorPassed} emulator tests passed)`);
process.exitCode = failed > 0 ? 1 : 0;
