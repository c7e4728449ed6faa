// npm run bench:host — a benchmark, not a test. Builds the extension, writes a 10,000-line file
// (makeLargeSourceFile, as bench:scan's scanText figure uses) into a fresh workspace and runs
// test/host/bench/*.bench.js inside VS Code: edit -> updated scanner diagnostics, minus the
// debounce (target: within 50 ms of it). Result: .cache/bench/host.json.
//
// Options (env): PALETTE_BENCH_RUNS (edits, default 20).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHostTests, describeResult } from '../vscode/hostRunner.mjs';
import { makeLargeSourceFile } from './benchFixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
execFileSync(process.execPath, ['esbuild.mjs', '--only', 'extension,scanWorker'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });

/**
 * The same 10,000 lines twice: as plain text (only this extension reacts to an edit) and as
 * TypeScript (VS Code's TypeScript extension and tsserver react too, on the same 2 cores).
 */
const fileNames = process.env.PALETTE_BENCH_FILE ? [process.env.PALETTE_BENCH_FILE] : ['large.txt', 'large.ts'];
const reports = {};
for (const fileName of fileNames) {
  const report = await benchOne(fileName);
  if (!report) {
    process.exitCode = 1;
    continue;
  }
  reports[fileName] = report;
  for (const [label, figures] of [['edit -> diagnostics', report.overDebounceMs], ['change event -> diagnostics', report.fromChangeEventOverDebounceMs]]) {
    console.log(`VS Code ${label}, ${report.lines}-line ${fileName}: median ${figures.median} ms, p95 ${figures.p95} ms, max ${figures.max} ms over the ${report.debounceMs} ms debounce (target: ${report.targetMs} ms)`);
  }
  console.log(`Load average: ${report.loadAverage.join(' ')} (figures on a busy machine are not comparable)`);
}
mkdirSync(path.join(root, '.cache', 'bench'), { recursive: true });
writeFileSync(path.join(root, '.cache', 'bench', 'host.json'), `${JSON.stringify(reports, null, 2)}\n`);
console.log('Full report: .cache/bench/host.json');

/** One host run over a workspace holding the 10,000-line file under `fileName`; its report, or undefined. */
async function benchOne(fileName) {
  const work = mkdtempSync(path.join(tmpdir(), 'palette-bench-host-'));
  const workspace = path.join(work, 'workspace');
  const out = path.join(work, 'host.json');
  try {
    mkdirSync(workspace);
    writeFileSync(path.join(workspace, fileName), `${makeLargeSourceFile(10_000)}\n`);
    const result = await runHostTests({
      files: 'bench/*.bench.js',
      workspace,
      env: { PALETTE_BENCH_OUT: out, PALETTE_BENCH_FILE: fileName, ...(process.env.PALETTE_BENCH_RUNS ? { PALETTE_BENCH_RUNS: process.env.PALETTE_BENCH_RUNS } : {}) },
      // The start-up workspace scan would compete with the first edits.
      settings: { 'paletteKeys.scanner.scanOnStartup': false },
    });
    if (!existsSync(out)) {
      console.error(describeResult(result));
      return undefined;
    }
    return { ...JSON.parse(readFileSync(out, 'utf8')), loadAverage: loadavg().map((n) => Number(n.toFixed(2))), date: new Date().toISOString() };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
