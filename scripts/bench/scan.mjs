// npm run bench:scan — a benchmark, not a test. Builds dist/cli.js, then times `palette-keys scan`
// over a large real tree (node_modules, with --no-ignore) against ripgrep searching the same tree
// for the same known values (plain and base64 at each alignment) and context words, alternating
// runs; reports medians of wall time, CPU time (user + system, all threads) and peak memory (the
// process's maximum resident set: worker threads share it, so it covers main thread and workers),
// and the ratios (target: CLI within 2x of ripgrep's wall and CPU time, under 100 MB). It also times
// scanText on a 10,000-line file in-process; the host benchmark (edit-to-diagnostics in VS Code) is
// separate.
//
// Like with like: ripgrep runs as the reference `rg -uuu -j2 -F -f <patterns>`: every file
// (ignored and hidden ones too, as the CLI's --no-ignore), two threads (the CLI's default on two
// CPUs), the same size limit, case-insensitive as the CLI's context words. `-uuu` also searches
// binary files whole, which the CLI skips after an 8 KB sniff, so `rg -uu` (binary files skipped at
// their first NUL) is timed too and the ratio is given against the faster of the two.
//
// Options (env): BENCH_TREE (default node_modules), BENCH_RUNS (default 7), BENCH_JOBS (CLI --jobs).
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
const runs = Number(process.env.BENCH_RUNS ?? 7);
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
const patternsFile = path.join(work, 'patterns.txt');
writeFileSync(patternsFile, `${[...keys, ...base64Forms, ...contextWords].join('\n')}\n`);
const rgCommon = ['-j2', '--no-messages', '--count', '--ignore-case', '--fixed-strings', '--max-filesize', maxFileSize, '-f', patternsFile, tree];
const rgArgs = ['-uuu', ...rgCommon];
const rgTextArgs = ['-uu', ...rgCommon];
const cliArgs = [path.join(root, 'dist', 'cli.js'), 'scan', '--no-ignore', '--known-keys', knownKeysFile, '--max-file-size', maxFileSize, '--format', 'json', ...(process.env.BENCH_JOBS ? ['--jobs', process.env.BENCH_JOBS] : []), tree];

// CPU time (user + system) and peak memory (maximum resident set, KB) come from GNU time when
// present: on a busy machine CPU time is steadier than wall time.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function time(command, args, okStatuses) {
  const cpuFile = path.join(work, 'cpu.txt');
  const [program, programArgs] = gnuTime ? [gnuTime, ['-f', '%U %S %M', '-o', cpuFile, command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(program, programArgs, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (!okStatuses.includes(result.status)) throw new Error(`${path.basename(command)} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const [user, system, peakKb] = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().trim().split(/\s+/).map(Number) : [];
  return { seconds, cpuSeconds: gnuTime ? user + system : undefined, peakMb: gnuTime ? peakKb / 1024 : undefined, result };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Warm the page cache and the programs once, then alternate so all see the same machine load.
time(process.execPath, cliArgs, [0, 1]);
time(rg, rgArgs, [0, 1]);
time(rg, rgTextArgs, [0, 1]);
const loadBefore = loadavg()[0];
const samples = { cli: [], rg: [], rgText: [] };
let lastCli;
for (let i = 0; i < runs; i++) {
  lastCli = time(process.execPath, cliArgs, [0, 1]);
  samples.cli.push(lastCli);
  samples.rg.push(time(rg, rgArgs, [0, 1]));
  samples.rgText.push(time(rg, rgTextArgs, [0, 1]));
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
const round = (value, digits) => (value === undefined ? null : Number(value.toFixed(digits)));
const stats = (runsOf) => ({
  medianSeconds: round(median(runsOf.map((run) => run.seconds)), 3),
  runs: runsOf.map((run) => round(run.seconds, 3)),
  medianCpuSeconds: gnuTime ? round(median(runsOf.map((run) => run.cpuSeconds)), 3) : null,
  cpuRuns: gnuTime ? runsOf.map((run) => round(run.cpuSeconds, 3)) : null,
  medianPeakMb: gnuTime ? round(median(runsOf.map((run) => run.peakMb)), 1) : null,
  maxPeakMb: gnuTime ? round(Math.max(...runsOf.map((run) => run.peakMb)), 1) : null,
});
const cli = stats(samples.cli);
const ripgrep = stats(samples.rg);
const ripgrepText = stats(samples.rgText);
// The stricter comparison: against whichever ripgrep variant was faster.
const fastest = (key) => Math.min(ripgrep[key] ?? Infinity, ripgrepText[key] ?? Infinity);
const ratio = cli.medianSeconds / fastest('medianSeconds');
const cpuRatio = gnuTime ? cli.medianCpuSeconds / fastest('medianCpuSeconds') : null;
const report = {
  tree: path.relative(root, tree) || '.',
  cpus: availableParallelism(),
  loadAverage1m: Number(((loadBefore + loadavg()[0]) / 2).toFixed(2)),
  runs,
  maxFileSize,
  cli: { ...cli, summary, command: `node dist/cli.js ${cliArgs.slice(1).map((arg) => (arg.startsWith(work) ? path.basename(arg) : arg.startsWith(root) ? path.relative(root, arg) || '.' : arg)).join(' ')}` },
  ripgrep: { ...ripgrep, command: `rg ${rgArgs.slice(0, -1).map((arg) => (arg.startsWith(work) ? path.basename(arg) : arg)).join(' ')} ${path.relative(root, tree) || '.'}` },
  ripgrepSkippingBinary: { ...ripgrepText, command: `rg ${rgTextArgs.slice(0, -1).map((arg) => (arg.startsWith(work) ? path.basename(arg) : arg)).join(' ')} ${path.relative(root, tree) || '.'}` },
  ratio: round(ratio, 2),
  cpuRatio: round(cpuRatio ?? undefined, 2),
  target: 'CLI within 2x of ripgrep (wall and CPU time), peak memory under 100 MB',
  met: ratio <= 2 && (cpuRatio === null || cpuRatio <= 2) && (cli.maxPeakMb === null || cli.maxPeakMb < 100),
  scanText10kLines: { medianMs: Number(median(scanTimes).toFixed(2)), findings },
};
mkdirSync(path.join(root, '.cache', 'bench'), { recursive: true });
writeFileSync(path.join(root, '.cache', 'bench', 'scan.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`tree ${report.tree}, median of ${runs} runs, load ${report.loadAverage1m} on ${report.cpus} CPUs`);
console.log(`wall: palette-keys ${cli.medianSeconds}s vs ripgrep -uuu ${ripgrep.medianSeconds}s / -uu ${ripgrepText.medianSeconds}s -> ${report.ratio}x`);
if (gnuTime) {
  console.log(`CPU (user + system): palette-keys ${cli.medianCpuSeconds}s vs ripgrep -uuu ${ripgrep.medianCpuSeconds}s / -uu ${ripgrepText.medianCpuSeconds}s -> ${report.cpuRatio}x`);
  console.log(`peak memory (max RSS, all threads): palette-keys ${cli.medianPeakMb} MB median, ${cli.maxPeakMb} MB max; ripgrep ${ripgrep.maxPeakMb} MB`);
}
console.log(`${report.met ? 'meets' : 'misses'} the target: ${report.target}`);
console.log(`CLI: ${summary}`);
console.log(`scanText, 10,000-line file: median ${report.scanText10kLines.medianMs} ms (${findings} findings)`);
console.log('Full report: .cache/bench/scan.json');
