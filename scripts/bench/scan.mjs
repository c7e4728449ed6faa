// npm run bench:scan — a benchmark, not a test. Builds dist/cli.js, then times `palette-keys scan`
// over a large real tree (node_modules, with --no-ignore) against ripgrep searching the same tree
// for the same known values (plain and base64 at each alignment) and context words, alternating
// runs; reports medians and the ratio (target: CLI within 3x of ripgrep). It also times scanText on
// a 10,000-line file in-process; the host benchmark (edit-to-diagnostics in VS Code) is separate.
//
// Options (env): BENCH_TREE (default node_modules), BENCH_RUNS (default 5), BENCH_JOBS (CLI --jobs).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { RIPGREP, ensureDebianTool } from '../vscode/debianPackage.mjs';
import { makeFakeKey, makeLargeSourceFile } from './benchFixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tree = path.resolve(root, process.env.BENCH_TREE ?? 'node_modules');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const rg = await ensureDebianTool(RIPGREP);
const maxFileSize = '1M';

execFileSync(process.execPath, ['esbuild.mjs', '--only', 'cli,scanWorker', '--production'], { cwd: root, stdio: 'inherit' });

const work = mkdtempSync(path.join(tmpdir(), 'palette-bench-'));
const keys = [makeFakeKey(), makeFakeKey(), makeFakeKey()];
const knownKeysFile = path.join(work, 'known-keys.txt');
writeFileSync(knownKeysFile, keys.map((key, index) => `${key} bench-${index}`).join('\n'));

// ripgrep gets what the CLI looks for: the known values, their base64 forms (the characters that do
// not depend on neighbouring bytes, for each of the three alignments) and the context words.
const contextWords = ['apikey', 'api_key', 'api-key', 'spectrocloud', 'palette'];
const base64Forms = keys.flatMap((key) =>
  [0, 1, 2].map((shift) => {
    const encoded = Buffer.from(`${'\0'.repeat(shift)}${key}`).toString('base64');
    const from = Math.ceil((shift * 4) / 3) + (shift === 0 ? 0 : 1);
    return encoded.slice(from, Math.floor((32 + shift) / 3) * 4);
  }),
);
const rgArgs = ['-uu', '--no-messages', '--count', '--ignore-case', '--fixed-strings', '--max-filesize', maxFileSize, ...[...keys, ...base64Forms, ...contextWords].flatMap((pattern) => ['-e', pattern]), tree];
const cliArgs = [path.join(root, 'dist', 'cli.js'), 'scan', '--no-ignore', '--known-keys', knownKeysFile, '--max-file-size', maxFileSize, '--format', 'json', ...(process.env.BENCH_JOBS ? ['--jobs', process.env.BENCH_JOBS] : []), tree];

// CPU time (user + system) comes from GNU time when present: on a busy machine it is steadier than wall time.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function time(command, args, okStatuses) {
  const cpuFile = path.join(work, 'cpu.txt');
  const [program, programArgs] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(program, programArgs, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (!okStatuses.includes(result.status)) throw new Error(`${path.basename(command)} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const cpuSeconds = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((sum, part) => sum + Number(part), 0) : undefined;
  return { seconds, cpuSeconds, result };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Warm the page cache and both programs once, then alternate so both see the same machine load.
time(process.execPath, cliArgs, [0, 1]);
time(rg, rgArgs, [0, 1]);
const cliTimes = [];
const rgTimes = [];
const cliCpu = [];
const rgCpu = [];
let lastCli;
for (let i = 0; i < runs; i++) {
  lastCli = time(process.execPath, cliArgs, [0, 1]);
  cliTimes.push(lastCli.seconds);
  cliCpu.push(lastCli.cpuSeconds);
  const rgRun = time(rg, rgArgs, [0, 1]);
  rgTimes.push(rgRun.seconds);
  rgCpu.push(rgRun.cpuSeconds);
}
const summary = lastCli.result.stderr.trim();

// scanText on a 10,000-line file, bundled on the fly from the core (no VS Code involved).
const bundle = path.join(work, 'scanText.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'src/core/scanner/scanText.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' });
const { scanText } = (await import(bundle)).default;
const largeFile = makeLargeSourceFile(10_000, [makeFakeKey(), makeFakeKey()]);
const scanTimes = [];
let findings = 0;
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  findings = scanText(largeFile, { fileName: 'large.ts' }).length;
  scanTimes.push(performance.now() - started);
}

rmSync(work, { recursive: true, force: true });
const cliMedian = median(cliTimes);
const rgMedian = median(rgTimes);
const ratio = cliMedian / rgMedian;
const report = {
  tree: path.relative(root, tree) || '.',
  cpus: availableParallelism(),
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
  runs,
  maxFileSize,
  cli: { medianSeconds: Number(cliMedian.toFixed(3)), runs: cliTimes.map((t) => Number(t.toFixed(3))), medianCpuSeconds: gnuTime ? Number(median(cliCpu).toFixed(2)) : null, summary },
  ripgrep: { medianSeconds: Number(rgMedian.toFixed(3)), runs: rgTimes.map((t) => Number(t.toFixed(3))), medianCpuSeconds: gnuTime ? Number(median(rgCpu).toFixed(2)) : null },
  ratio: Number(ratio.toFixed(2)),
  cpuRatio: gnuTime ? Number((median(cliCpu) / median(rgCpu)).toFixed(2)) : null,
  target: 'CLI within 3x of ripgrep',
  met: ratio <= 3,
  scanText10kLines: { medianMs: Number(median(scanTimes).toFixed(2)), findings },
};
mkdirSync(path.join(root, '.cache', 'bench'), { recursive: true });
writeFileSync(path.join(root, '.cache', 'bench', 'scan.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`tree ${report.tree}: palette-keys ${report.cli.medianSeconds}s vs ripgrep ${report.ripgrep.medianSeconds}s (median of ${runs}) -> ${report.ratio}x (${report.met ? 'meets' : 'misses'} the 3x target; load ${report.loadAverage1m} on ${report.cpus} CPUs)`);
if (report.cpuRatio !== null) console.log(`CPU time (user + system): palette-keys ${report.cli.medianCpuSeconds}s vs ripgrep ${report.ripgrep.medianCpuSeconds}s -> ${report.cpuRatio}x`);
console.log(`CLI: ${summary}`);
console.log(`scanText, 10,000-line file: median ${report.scanText10kLines.medianMs} ms (${findings} findings)`);
console.log('Full report: .cache/bench/scan.json');
