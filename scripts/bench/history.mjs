// npm run bench:history — a benchmark, not a test. Builds dist/cli.js, generates git repositories
// with `git fast-import` (a few hundred files; keys planted and deleted along the way; some merges)
// at two sizes, and times `palette-keys scan --history --all` on each, and on this project's own
// history, against the pipeline `git log -p --all | rg -F -f <fixed strings>` in the same run
// (alternating, medians). Reports the ratio (target: within 2x) and the CLI's peak memory (RSS) at
// both sizes (target: flat as the history grows). Also times the two ways git can hand over history
// (`git log -p` vs `rev-list --objects | cat-file --batch`), the measurement the engine's design rests on.
//
// Options (env): BENCH_RUNS (default 3), BENCH_SIZES (default "5000,20000" commits; "" for this project
// only), BENCH_FILES (default 300), BENCH_OWN_REPOSITORY (default this project's folder: another clone of
// it, for example a packed one, `git clone --no-local`, whose git reads faster than a working copy's
// loose objects).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { makeFakeKey } from './benchFixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const sizes = (process.env.BENCH_SIZES ?? '5000,20000').split(',').filter((size) => size.trim() !== '').map(Number);
const fileCount = Number(process.env.BENCH_FILES ?? 300);
const rg = existsSync('/usr/bin/rg') ? '/usr/bin/rg' : 'rg';
const gnuTime = '/usr/bin/time';
if (!existsSync(gnuTime)) throw new Error('GNU time (/usr/bin/time) is needed for peak memory: apt-get install time');
if (spawnSync(rg, ['--version']).status !== 0) throw new Error('ripgrep is needed: apt-get install ripgrep');

execFileSync(process.execPath, ['esbuild.mjs', '--only', 'cli,historyWorker', '--production'], { cwd: root, stdio: 'inherit' });
const cli = path.join(root, 'dist', 'cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'palette-bench-history-'));

// ---- the generated repositories -----------------------------------------------------------------

/** A deterministic pseudo-random generator, so both sizes share their first commits' shape. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'region', 'zone', 'cluster', 'profile', 'timeout', 'retries', 'image', 'tag', 'replicas'];

function fileLine(next, i) {
  const word = WORDS[Math.floor(next() * WORDS.length)];
  return i % 7 === 0 ? `# ${word} settings for ${WORDS[i % WORDS.length]}` : `${word}_${i} = "${word}-${Math.floor(next() * 1e6)}"`;
}

/**
 * Writes a fast-import stream: `commits` commits over `fileCount` files (about 40 lines each), each
 * commit changing 1–3 files; every 100 commits a key is planted in a file and deleted 40 commits
 * later; every 250 commits a side branch of 5 commits is merged back.
 */
function generate(commits, keys) {
  const next = random(42);
  const files = Array.from({ length: fileCount }, (_, f) => ({
    path: `${['src', 'deploy', 'config', 'docs', 'infra/terraform'][f % 5]}/module${Math.floor(f / 5)}/file${f}.${['ts', 'env', 'yaml', 'md', 'tf'][f % 5]}`,
    lines: Array.from({ length: 40 }, (_, i) => fileLine(next, i)),
  }));
  const out = [];
  let mark = 0;
  let time = 1_600_000_000;
  const planted = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (branch, message, changes, from, merge) => {
    mark++;
    time += 600;
    out.push(`commit refs/heads/${branch}\nmark :${mark}\nauthor Bench Author <bench@example.invalid> ${time} +0000\ncommitter Bench Author <bench@example.invalid> ${time} +0000\n${data(message)}`);
    if (from) out.push(`from :${from}\n`);
    if (merge) out.push(`merge :${merge}\n`);
    for (const file of changes) out.push(`M 100644 inline ${file.path}\n${data(file.lines.join('\n') + '\n')}`);
    return mark;
  };
  let mainTip = commit('main', 'Initial import', files);
  for (let c = 1; c < commits; c++) {
    if (c % 250 === 0) {
      // A side branch of five commits, merged back with --no-ff.
      let sideTip = mainTip;
      const sideChanges = new Set();
      for (let s = 0; s < 5 && c < commits - 1; s++, c++) {
        const file = files[Math.floor(next() * files.length)];
        file.lines[Math.floor(next() * file.lines.length)] = fileLine(next, c);
        sideChanges.add(file);
        sideTip = commit('side', `Side change ${c}`, [file], sideTip);
      }
      // The merge's tree has the side branch's changes (fast-import starts from the first parent's tree).
      mainTip = commit('main', `Merge side ${c}`, [...sideChanges], mainTip, sideTip);
      continue;
    }
    const changed = [];
    for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
      const file = files[Math.floor(next() * files.length)];
      file.lines[Math.floor(next() * file.lines.length)] = fileLine(next, c);
      changed.push(file);
    }
    if (c % 100 === 50) {
      const file = files[(c * 13 + Math.floor(c / 100)) % files.length];
      const key = keys[(c / 100 | 0) % keys.length];
      file.lines.splice(10, 0, `SPECTROCLOUD_APIKEY=${key}`);
      planted.push({ file, at: c });
      changed.push(file);
    }
    const due = planted.find((entry) => entry.at === c - 40);
    if (due) {
      due.file.lines = due.file.lines.filter((line) => !line.startsWith('SPECTROCLOUD_APIKEY='));
      changed.push(due.file);
    }
    mainTip = commit('main', `Change ${c}`, [...new Set(changed)], mainTip);
  }
  out.push(`reset refs/heads/main\nfrom :${mainTip}\n\n`);
  return out.join('');
}

function makeRepository(commits, keys) {
  const dir = path.join(work, `repo-${commits}`);
  mkdirSync(dir);
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const started = performance.now();
  // glibc trims fast-import's heap after each object (tens of thousands of brk calls, slow on a busy
  // machine); a large top pad keeps it, and generation takes seconds instead of minutes.
  const env = { ...process.env, MALLOC_TOP_PAD_: String(256 << 20), MALLOC_TRIM_THRESHOLD_: String(256 << 20) };
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: generate(commits, keys), maxBuffer: 1 << 30, env });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir });
  console.log(`generated ${commits} commits in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

// ---- timing ---------------------------------------------------------------------------------------

/** Runs a command under GNU time: wall seconds, CPU seconds, and peak RSS (MB) of the largest process. */
function time(command, args, cwd, okStatuses = [0, 1]) {
  const stats = path.join(work, 'time.txt');
  const started = performance.now();
  const result = spawnSync(gnuTime, ['-f', '%U %S %M', '-o', stats, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  if (!okStatuses.includes(result.status)) throw new Error(`${path.basename(command)} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const [user, system, maxKb] = readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(/\s+/).map(Number);
  return { seconds, cpuSeconds: user + system, peakMb: maxKb / 1024, stdout: result.stdout, stderr: result.stderr };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const keys = [makeFakeKey(), makeFakeKey(), makeFakeKey()];
const knownKeysFile = path.join(work, 'known-keys.txt');
writeFileSync(knownKeysFile, keys.map((key, index) => `${key} bench-${index}`).join('\n'));
// ripgrep gets the fixed strings the scanner looks for: the known values and the context words.
const patternsFile = path.join(work, 'patterns.txt');
writeFileSync(patternsFile, [...keys, 'apikey', 'api_key', 'api-key', 'spectrocloud', 'palette'].join('\n'));

// The CLI's own peak RSS (its main thread and the history worker: threads share the process's
// memory), apart from git's (GNU time reports the largest process of the tree, and git itself grows
// with the number of commits it walked, in both the CLI and the reference pipeline).
const rssFile = path.join(work, 'node-rss.txt');
const rssPreload = path.join(work, 'rss.cjs');
writeFileSync(rssPreload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);

function compare(name, repository) {
  const nodeRss = [];
  const ours = () => {
    const run = time(process.execPath, ['--require', rssPreload, cli, 'scan', '--history', '--all', '--known-keys', knownKeysFile, '--format', 'json'], repository);
    nodeRss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
    return run;
  };
  // The reference reads the same history; bash only for its pipe. GNU time's %M is the largest process of the pipeline.
  const reference = () => time('/bin/bash', ['-c', `set -o pipefail; git log -p --all | '${rg}' -F -i -c -f '${patternsFile}'`], repository);
  // What no scan of ours can go below, timed in the same run: git's log as the scan must read it
  // (rename detection and merges' combined diffs, which the reference does without) and Node's start.
  const requiredLog = () => time('/bin/bash', ['-c', 'git log -p --cc -M --root --all > /dev/null'], repository, [0]);
  const nodeStart = () => time(process.execPath, ['-e', '0'], repository, [0]);
  ours();
  reference();
  const our = [];
  const ref = [];
  const logs = [];
  const starts = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = ours();
    our.push(last);
    ref.push(reference());
    logs.push(requiredLog());
    starts.push(nodeStart());
  }
  const findings = JSON.parse(last.stdout).findings;
  const commits = Number(/in (\d+) commits scanned/.exec(last.stderr)?.[1] ?? NaN);
  const result = {
    name,
    commits,
    findings: findings.length,
    historyOnly: findings.filter((finding) => !finding.presentAtHead).length,
    cliSeconds: median(our.map((run) => run.seconds)),
    pipelineSeconds: median(ref.map((run) => run.seconds)),
    cliCpuSeconds: median(our.map((run) => run.cpuSeconds)),
    pipelineCpuSeconds: median(ref.map((run) => run.cpuSeconds)),
    cliPeakMb: Math.max(...our.map((run) => run.peakMb)),
    cliNodePeakMb: Math.max(...nodeRss),
    pipelinePeakMb: Math.max(...ref.map((run) => run.peakMb)),
    requiredLogSeconds: median(logs.map((run) => run.seconds)),
    nodeStartSeconds: median(starts.map((run) => run.seconds)),
    // The machine may be shared: the ratio is read within one run, the load says how noisy it was.
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
  };
  result.ratio = result.cliSeconds / result.pipelineSeconds;
  // CPU time (user + system, children included) is steadier than wall time on a shared, busy machine.
  result.cpuRatio = result.cliCpuSeconds / result.pipelineCpuSeconds;
  result.floorRatio = (result.requiredLogSeconds + result.nodeStartSeconds) / result.pipelineSeconds;
  console.log(`${name}: ${commits} commits, ${result.findings} findings (${result.historyOnly} only in history); palette-keys ${result.cliSeconds.toFixed(2)} s (${result.cliCpuSeconds.toFixed(2)} s CPU), git log -p | rg ${result.pipelineSeconds.toFixed(2)} s (${result.pipelineCpuSeconds.toFixed(2)} s CPU), ratio ${result.ratio.toFixed(2)}x wall, ${result.cpuRatio.toFixed(2)}x CPU; peak RSS: palette-keys (node) ${result.cliNodePeakMb.toFixed(0)} MB, largest process with git ${result.cliPeakMb.toFixed(0)} MB, reference pipeline ${result.pipelinePeakMb.toFixed(0)} MB; load ${result.loadAverage1m}`);
  console.log(`  floor: git log -p --cc -M alone ${result.requiredLogSeconds.toFixed(2)} s and Node's start ${result.nodeStartSeconds.toFixed(2)} s are ${result.floorRatio.toFixed(2)}x the pipeline before any scanning`);
  return result;
}

/** The two ways to read history, with nothing scanned: git's own cost of each. */
function gitSources(repository) {
  const logPatch = time('/bin/bash', ['-c', 'git log -p --cc -M --all > /dev/null'], repository, [0]);
  const catFile = time('/bin/bash', ['-c', "git rev-list --all --objects | cut -d' ' -f1 | git cat-file --batch > /dev/null"], repository, [0]);
  const bytes = (command) => Number(execFileSync('/bin/bash', ['-c', `${command} | wc -c`], { cwd: repository, encoding: 'utf8' }).trim());
  return {
    logPatchSeconds: logPatch.seconds,
    logPatchMb: bytes('git log -p --cc -M --all') / 1e6,
    catFileSeconds: catFile.seconds,
    catFileMb: bytes("git rev-list --all --objects | cut -d' ' -f1 | git cat-file --batch") / 1e6,
  };
}

const results = [];
let sources;
try {
  for (const size of sizes) {
    const repository = makeRepository(size, keys);
    if (size === sizes[0]) {
      sources = gitSources(repository);
      console.log(`git log -p: ${sources.logPatchSeconds.toFixed(2)} s for ${sources.logPatchMb.toFixed(0)} MB of added/removed lines; rev-list + cat-file --batch: ${sources.catFileSeconds.toFixed(2)} s for ${sources.catFileMb.toFixed(0)} MB of whole objects (and a diff still to do)`);
    }
    results.push(compare(`generated-${size}`, repository));
  }
  results.push(compare('this-project', process.env.BENCH_OWN_REPOSITORY ?? root));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const report = { date: new Date().toISOString(), loadAverage1m: Number(loadavg()[0].toFixed(2)), runs, files: fileCount, gitSources: sources, results };
mkdirSync(path.join(root, '.cache', 'bench'), { recursive: true });
writeFileSync(path.join(root, '.cache', 'bench', 'history.json'), `${JSON.stringify(report, null, 2)}\n`);
const generated = results.filter((result) => result.name.startsWith('generated'));
if (generated.length >= 2) {
  const peaks = generated.map((result) => result.cliNodePeakMb);
  console.log(`memory of palette-keys (node): ${generated.map((result) => `${result.cliNodePeakMb.toFixed(0)} MB at ${result.commits} commits`).join(', ')} (spread ${(Math.max(...peaks) - Math.min(...peaks)).toFixed(1)} MB); git log itself: ${generated.map((result) => result.pipelinePeakMb.toFixed(0)).join(' / ')} MB in the reference pipeline`);
}
console.log('Full report: .cache/bench/history.json');
