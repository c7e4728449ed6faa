// @ts-check
// `npm run test:electron`: the same compiled host suites (out/test/host) through @vscode/test-electron,
// for machines that can download VS Code from Microsoft's update servers (this offline machine cannot:
// use `npm run test:host`, which runs them in code-server's VS Code 1.96.4 instead).
// On a Linux machine without a display, run it under xvfb-run.
//   node scripts/vscode/electronRunner.mjs [--version 1.96.4] [--files GLOBS] [--grep RE]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { build, compileTests, ensureDependencies } from '../pipeline.mjs';
import { repoRoot } from './proc.mjs';

const { values } = parseArgs({
  options: {
    version: { type: 'string', default: '1.96.4' },
    files: { type: 'string' },
    grep: { type: 'string' },
  },
});

await ensureDependencies();
await build();
let compileFailed = false;
try {
  await compileTests();
} catch (error) {
  // tsc still emits; run what compiled, but the run cannot pass.
  compileFailed = true;
  console.error(`compile tests failed: ${error instanceof Error ? error.message : String(error)}`);
}

const runDir = mkdtempSync(join(tmpdir(), 'palette-electron-'));
const workspace = join(runDir, 'workspace');
mkdirSync(workspace);
const resultsFile = join(runDir, 'results.json');

/** @type {Record<string, string>} */
const extensionTestsEnv = { PALETTE_TEST_RESULTS: resultsFile };
if (values.files) extensionTestsEnv.PALETTE_TEST_FILES = values.files;
if (values.grep) extensionTestsEnv.PALETTE_TEST_GREP = values.grep;

let exitCode = 1;
try {
  exitCode = await runTests({
    version: values.version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'host', 'index.js'),
    extensionTestsEnv,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  // runTests rejects when VS Code exits non-zero (failed tests) or cannot be downloaded.
  console.error(`test-electron: ${error instanceof Error ? error.message : String(error)}`);
}
if (existsSync(resultsFile)) {
  const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`host (electron ${values.version}): ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending`);
  console.log(`total: ${counts.passed} passed, ${counts.failed + (exitCode !== 0 && counts.failed === 0 ? 1 : 0)} failed`);
} else {
  console.log('total: 0 passed, 1 failed');
}
rmSync(runDir, { recursive: true, force: true });
process.exitCode = exitCode === 0 && !compileFailed ? 0 : 1;
