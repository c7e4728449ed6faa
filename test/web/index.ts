// Entry VS Code's web worker extension host loads through `extensionTestsPath` (bundled by
// scripts/vscode/webHostRunner.mjs into the extension folder it loads). No file system and no environment
// here: mocha's browser build runs the suites, and the counts go to the page console as one line
// (`PALETTE_WEB_RESULTS {...}`) that the runner reads.
import 'mocha/mocha.js';
import * as vscode from 'vscode';
import { defineWebHostSuite } from './webHostSuite';

/** What the runner reads back from the page console. */
interface WebTestResults {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: { title: string; message: string }[];
}

/** Prints each test as it ends; the runner forwards the page console to its output. */
function consoleReporter(this: unknown, runner: Mocha.Runner): void {
  runner.on('pass', (test) => console.log(`[web suite] ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`));
  runner.on('pending', (test) => console.log(`[web suite] - ${test.fullTitle()}`));
  runner.on('fail', (test, error: unknown) => console.log(`[web suite] ✘ ${test.fullTitle()}: ${error instanceof Error ? error.message : String(error)}`));
}

export function run(): Promise<void> {
  const browserMocha = mocha;
  // As every phase: a left-over .only or a skip fails the run (scripts/mocha/skipAllowList.mjs).
  browserMocha.setup({ ui: 'bdd', timeout: 60_000, color: false, forbidOnly: true, forbidPending: true });
  // Not through setup: the browser build would keep its HTML reporter, and a worker has no document.
  browserMocha.reporter(consoleReporter as unknown as Mocha.ReporterConstructor);
  const grep = vscode.workspace.getConfiguration('paletteWebTest').get<string>('grep');
  if (grep) browserMocha.grep(grep);
  // After setup, which defines describe and it.
  defineWebHostSuite();
  const started = Date.now();
  const results: WebTestResults = { passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = browserMocha.run((failures) => {
      results.durationMs = Date.now() - started;
      console.log(`PALETTE_WEB_RESULTS ${JSON.stringify(results)}`);
      if (failures > 0) reject(new Error(`${failures} web host test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => results.passed++);
    runner.on('pending', () => results.pending++);
    runner.on('fail', (test, error: unknown) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), message: error instanceof Error ? error.message : String(error) });
    });
  });
}
