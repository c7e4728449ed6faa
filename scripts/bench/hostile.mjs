// npm run bench:hostile — a benchmark, not a test. For each hostile input shape (issue 10: unclosed
// provider blocks, floods of `?apiKey=` URLs, `ApiKey:` headers and assignments on one line, ignore
// files full of `#`, and their relatives; test/unit/support/hostileInputs.ts) at about 1 MB, times
// its scan as a ratio of a benign 1 MB source file: through the CLI (dist/cli.js, one file, wall
// time including start-up) and through scanText in this process (CPU time, which a busy machine
// stretches less). Target: every shape within 3x of benign. Result: .cache/bench/hostile.json.
//
// Options (env): BENCH_RUNS (default 3; CLI medians), BENCH_SCAN_RUNS (default 11; in-process
// medians, after 3 warm-up scans), BENCH_SIZE (characters, default 1,000,000),
// BENCH_SHAPES (a substring: only the shapes whose name holds it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
/** In-process samples per shape (BENCH_SCAN_RUNS), and unmeasured scans before them. */
const scanRuns = Number(process.env.BENCH_SCAN_RUNS ?? 11);
const WARM_UPS = 3;
const size = Number(process.env.BENCH_SIZE ?? 1_000_000);
const only = process.env.BENCH_SHAPES;
const TARGET = 3;

execFileSync(process.execPath, ['esbuild.mjs', '--only', 'cli,scanWorker', '--production'], { cwd: root, stdio: 'inherit' });
const work = mkdtempSync(path.join(tmpdir(), 'palette-bench-hostile-'));
const bundle = path.join(work, 'hostile.cjs');
const entry = path.join(work, 'entry.ts');
writeFileSync(entry, [
  `export { scanTextOutcome } from ${JSON.stringify(path.join(root, 'src/core/scanner/scanText'))};`,
  `export { parseIgnoreFile } from ${JSON.stringify(path.join(root, 'src/core/scanner/suppression'))};`,
  `export { HOSTILE_SHAPES, HOSTILE_IGNORE_FILES, benignSource } from ${JSON.stringify(path.join(root, 'test/unit/support/hostileInputs'))};`,
].join('\n'));
await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' });
const { scanTextOutcome, parseIgnoreFile, HOSTILE_SHAPES, HOSTILE_IGNORE_FILES, benignSource } = (await import(bundle)).default;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 1) => Number(value.toFixed(digits));

/** CPU milliseconds (user + system) of one call. */
function cpuMs(run) {
  const started = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(started);
  return { ms: (used.user + used.system) / 1000, result };
}

/** Wall seconds of `palette-keys scan` over one file (its own folder, so nothing else is read). */
function cliSeconds(file) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', '--no-ignore', '--max-file-size', '2m', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`palette-keys exited ${result.status}: ${result.stderr.slice(0, 300)}`);
  const report = JSON.parse(result.stdout);
  return { seconds, findings: report.findings.length, skipped: report.skipped.map((entry) => entry.reason) };
}

/** Times one input both ways, alternating with the benign file so both see the same machine load. */
function measure(input, benign) {
  const dir = mkdtempSync(path.join(work, 'case-'));
  const file = path.join(dir, path.basename(input.fileName));
  writeFileSync(file, input.text);
  const benignFile = path.join(work, 'benign', path.basename(benign.fileName));
  const cli = [];
  const cliBenign = [];
  const scan = [];
  const scanBenign = [];
  let last;
  let outcome;
  // Warm the in-process scanner on this shape too, as on the benign file: its first scans compile
  // code paths the benign file never takes.
  for (let i = 0; i < WARM_UPS; i++) scanTextOutcome(input.text, { fileName: input.fileName, minConfidence: 'low' });
  for (let i = 0; i < runs; i++) {
    cliBenign.push(cliSeconds(benignFile).seconds);
    last = cliSeconds(file);
    cli.push(last.seconds);
  }
  // In-process scans take milliseconds, where a collection or a busy neighbour decides one sample:
  // more of them, alternating, and the median.
  for (let i = 0; i < scanRuns; i++) {
    scanBenign.push(cpuMs(() => scanTextOutcome(benign.text, { fileName: benign.fileName, minConfidence: 'low' })).ms);
    const timed = cpuMs(() => scanTextOutcome(input.text, { fileName: input.fileName, minConfidence: 'low' }));
    scan.push(timed.ms);
    outcome = timed.result;
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    bytes: Buffer.byteLength(input.text),
    cli: { medianSeconds: round(median(cli), 3), benignMedianSeconds: round(median(cliBenign), 3), ratio: round(median(cli) / median(cliBenign), 2), findings: last.findings, skipped: last.skipped },
    scanText: { medianCpuMs: round(median(scan)), benignMedianCpuMs: round(median(scanBenign)), ratio: round(median(scan) / median(scanBenign), 2), findings: outcome.findings.length, truncated: outcome.truncated },
  };
}

const benign = benignSource(size);
mkdirSync(path.join(work, 'benign'));
writeFileSync(path.join(work, 'benign', benign.fileName), benign.text);
// Warm the CLI and the in-process scanner.
cliSeconds(path.join(work, 'benign', benign.fileName));
for (let i = 0; i < WARM_UPS; i++) scanTextOutcome(benign.text, { fileName: benign.fileName, minConfidence: 'low' });

// Warm the in-process scanner on every shape before timing any: V8 compiles a hot function again,
// optimised, on a background thread whose CPU time this process's clock counts, and a shape that
// is the first to take a code path paid for compiling it (the first shapes measured 25-65 ms of
// compiling, more than their scan). Timed after this, each shape measures its own scan.
const inputs = HOSTILE_SHAPES.filter((shape) => !only || shape.name.includes(only)).map((shape) => ({ shape, input: shape.build(size) }));
for (let round = 0; round < WARM_UPS; round++) {
  for (const { input } of inputs) scanTextOutcome(input.text, { fileName: input.fileName, minConfidence: 'low' });
  scanTextOutcome(benign.text, { fileName: benign.fileName, minConfidence: 'low' });
}

const shapes = {};
console.log(`${'shape'.padEnd(46)} ${'CLI s'.padStart(7)} ${'x benign'.padStart(8)}   ${'scanText ms'.padStart(11)} ${'x benign'.padStart(8)}  findings`);
for (const { shape, input } of inputs) {
  const figures = measure(input, benign);
  shapes[shape.name] = { description: shape.description, ...figures };
  const flag = (ratio) => `${ratio.toFixed(2)}x${ratio > TARGET ? '!' : ' '}`;
  const found = `${figures.scanText.findings}${figures.scanText.truncated ? ' (cut at the limit)' : ''}${figures.cli.skipped.length > 0 ? ` skipped: ${figures.cli.skipped.join(', ')}` : ''}`;
  console.log(`${shape.name.padEnd(46)} ${figures.cli.medianSeconds.toFixed(3).padStart(7)} ${flag(figures.cli.ratio).padStart(8)}   ${figures.scanText.medianCpuMs.toFixed(1).padStart(11)} ${flag(figures.scanText.ratio).padStart(8)}  ${found}`);
}

// Ignore files are parsed, not scanned: their time is compared with scanning the benign file.
const ignoreFiles = {};
for (const shape of HOSTILE_IGNORE_FILES) {
  if (only && !shape.name.includes(only)) continue;
  const text = shape.build(size);
  for (let i = 0; i < WARM_UPS; i++) parseIgnoreFile(text);
  const times = Array.from({ length: scanRuns }, () => cpuMs(() => parseIgnoreFile(text)).ms);
  const benignTimes = Array.from({ length: scanRuns }, () => cpuMs(() => scanTextOutcome(benign.text, { fileName: benign.fileName, minConfidence: 'low' })).ms);
  ignoreFiles[shape.name] = { medianCpuMs: round(median(times)), ratioToBenignScan: round(median(times) / median(benignTimes), 2) };
  console.log(`${`ignore file: ${shape.name}`.padEnd(46)} ${''.padStart(16)}   ${median(times).toFixed(1).padStart(11)} ${`${ignoreFiles[shape.name].ratioToBenignScan.toFixed(2)}x`.padStart(8)}`);
}

rmSync(work, { recursive: true, force: true });
const all = Object.values(shapes);
const report = {
  size,
  runs,
  cpus: availableParallelism(),
  loadAverage: loadavg().map((n) => round(n, 2)),
  date: new Date().toISOString(),
  target: `every shape within ${TARGET}x of a benign ${size}-character source file`,
  metCli: all.every((shape) => shape.cli.ratio <= TARGET),
  metScanText: all.every((shape) => shape.scanText.ratio <= TARGET),
  shapes,
  ignoreFiles,
};
mkdirSync(path.join(root, '.cache', 'bench'), { recursive: true });
writeFileSync(path.join(root, '.cache', 'bench', 'hostile.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`Target ${TARGET}x: CLI ${report.metCli ? 'met' : 'missed'} by every shape, scanText ${report.metScanText ? 'met' : 'missed'} (load ${report.loadAverage.join(' ')} on ${report.cpus} CPUs)`);
console.log('Full report: .cache/bench/hostile.json');
