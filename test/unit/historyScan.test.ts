import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/runCli';
import { GitError, HistoryScanCancelled } from '../../src/core/scanner/history/gitProcess';
import { patternsFor, valuesAtHead } from '../../src/core/scanner/history/headValues';
import { LogPatchParser, unquotePath, type CommitHeader, type FileAdditions } from '../../src/core/scanner/history/logPatchParser';
import { scanHistory } from '../../src/core/scanner/history/scanHistory';
import { scanHistoryOnWorker } from '../../src/core/scanner/history/scanHistoryOnWorker';
import { GitRepo } from './support/gitRepo';
import { sarifSchemaErrors } from './support/sarifSchema';

// Fake values, made for these tests.
const KEY = 'FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1G';
const OTHER = 'FAKEt3NvBq9WxRz6KpLm2HcJy8DsFg5E';
const THIRD = 'FAKEm4KsWq8ZtRv2NpLc6HbJx9DfGy3A';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly fingerprint: string;
  readonly encoding: string;
  readonly knownKeyId?: string;
  readonly source: string;
  readonly commit: string;
  readonly author: string;
  readonly date: string;
  readonly presentAtHead: boolean;
}

async function cli(cwd: string, args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  for (const value of [KEY, OTHER, THIRD]) assert.ok(!stdout.includes(value) && !stderr.includes(value), 'output leaks a key value');
  return { code, stdout, stderr };
}

async function jsonFindings(cwd: string, args: string[] = []): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const run = await cli(cwd, ['scan', '--history', '--format', 'json', ...args]);
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings, stderr: run.stderr };
}

/**
 * Commits `onBranch` ([path, content]) on a branch `feature` and other work on main, then merges the
 * branch with `byMerge` written by the merge commit itself, a line neither parent has (an "evil merge").
 */
function evilMerge(repo: GitRepo, onBranch: [string, string], byMerge: [string, string]): { onBranch: string; merge: string } {
  repo.git('checkout', '-q', '-b', 'feature');
  const branchCommit = repo.write(...onBranch).commit('Feature work');
  repo.git('checkout', '-q', 'main');
  repo.write('main.txt', 'main work\n').commit('Main work');
  repo.git('merge', '-q', '--no-ff', '--no-commit', 'feature');
  repo.write(...byMerge);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'Merge feature');
  return { onBranch: branchCommit, merge: repo.head() };
}

describe('history scan (git history, real repositories)', function () {
  this.timeout(60_000);
  let repo: GitRepo;

  beforeEach(() => {
    repo = new GitRepo();
    repo.write('README.md', '# demo\n').commit('Initial commit');
  });

  afterEach(() => repo.dispose());

  it('reports a key that was added and later deleted at its introducing commit, not at HEAD, and exits 1', async () => {
    repo.write('deploy/.env', `REGION=us\nSPECTROCLOUD_APIKEY=${KEY}\n`);
    const introducing = repo.commit('Add deployment settings');
    repo.write('deploy/.env', 'REGION=us\n').commit('Remove the key');
    repo.write('notes.txt', 'later work\n').commit('Later work');

    const { code, findings } = await jsonFindings(repo.root);
    assert.equal(code, 1);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.commit, introducing);
    assert.match(finding.commit, /^[0-9a-f]{40}$/);
    assert.equal(finding.file, 'deploy/.env');
    assert.equal(finding.line, 2);
    assert.equal(finding.column, 21);
    assert.equal(finding.author, 'Alice Example');
    assert.ok(!JSON.stringify(finding).includes('example.invalid'), 'the e-mail address must not be reported');
    assert.match(finding.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    assert.equal(finding.presentAtHead, false);
    assert.equal(finding.source, 'file');
  });

  it('says presentAtHead when the key is still in HEAD, and groups text output by fingerprint', async () => {
    repo.write('a/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).commit('one');
    repo.write('b/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).commit('two');
    const { findings } = await jsonFindings(repo.root);
    assert.deepEqual(findings.map((f) => [f.file, f.presentAtHead]), [['a/.env', true], ['b/.env', true]]);
    const text = await cli(repo.root, ['scan', '--history']);
    assert.equal(text.code, 1);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, text.stdout);
    assert.match(lines[0], /^pk1:[0-9a-f]{32} FAKE…Yf1G high palette-keys\/env-assignment: still at HEAD$/);
    assert.match(lines[1], /^ {2}a\/\.env:1:21 commit [0-9a-f]{12} \d{4}-\d\d-\d\d Alice Example$/);
    assert.match(lines[2], /^ {2}b\/\.env:1:21 commit /);
    assert.match(text.stderr, /revoke or rotate/);
  });

  it('follows a key renamed with its file: one finding, at the commit that added it, still at HEAD', async () => {
    repo.write('config/.env', `# settings\nSPECTROCLOUD_APIKEY=${KEY}\nREGION=us\nZONE=a\n`);
    const introducing = repo.commit('Add config');
    repo.git('mv', 'config/.env', 'deploy.env');
    repo.commit('Move config');
    const { findings } = await jsonFindings(repo.root);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].commit, introducing);
    assert.equal(findings[0].file, 'config/.env');
    assert.equal(findings[0].presentAtHead, true);
  });

  it('reports a key merged from a branch at the branch commit, and a key added by the merge itself at the merge', async () => {
    const { onBranch, merge } = evilMerge(repo, ['feature/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`], ['merge/.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`]);

    const { findings } = await jsonFindings(repo.root);
    const byFile = new Map(findings.map((f) => [f.file, f]));
    assert.equal(findings.length, 2, JSON.stringify(findings));
    assert.equal(byFile.get('feature/.env')?.commit, onBranch);
    assert.equal(byFile.get('merge/.env')?.commit, merge);
  });

  it('reports a value a merge added first at the merge, though a later commit added it again, and only merges within --max-commits', async () => {
    const { merge } = evilMerge(repo, ['feature.txt', 'feature work\n'], ['shared.env', `SPECTROCLOUD_APIKEY=${KEY}\n`]);
    repo.remove('shared.env').commit('Drop the key');
    const readded = repo.write('shared.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).commit('Add it again');

    const { findings } = await jsonFindings(repo.root);
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0].commit, merge, 'the merge added the value first');
    assert.equal(findings[0].presentAtHead, true);
    const result = await scanHistory({ cwd: repo.root });
    assert.deepEqual(result.findings[0].commits, [merge, readded]);
    assert.equal(result.findings[0].occurrences, 2);
    // The merge is the third newest commit: two leave it out, three take it in.
    assert.deepEqual((await jsonFindings(repo.root, ['--max-commits', '2'])).findings.map((f) => f.commit), [readded]);
    assert.deepEqual((await jsonFindings(repo.root, ['--max-commits', '3'])).findings.map((f) => f.commit), [merge]);
  });

  it('finds a known key base64-encoded, by its fingerprint, without printing it', async () => {
    const encoded = Buffer.from(KEY).toString('base64');
    repo.write('k8s/secret.yaml', `apiVersion: v1\nkind: Secret\ndata:\n  token: ${encoded}\n`).commit('Add secret');
    repo.remove('k8s/secret.yaml').commit('Drop secret');
    repo.write('known.txt', `${KEY} ci-key\n`);
    const { findings } = await jsonFindings(repo.root, ['--known-keys', 'known.txt']);
    const known = findings.filter((f) => f.knownKeyId !== undefined);
    assert.equal(known.length, 1, JSON.stringify(findings));
    assert.equal(known[0].knownKeyId, 'ci-key');
    assert.equal(known[0].encoding, 'base64');
    assert.equal(known[0].file, 'k8s/secret.yaml');
    assert.equal(known[0].line, 4);
    assert.equal(known[0].presentAtHead, false);
  });

  it('says presentAtHead when HEAD still holds the value base64-encoded, or in a place no detector reports', async () => {
    repo.write('deploy/.env', `SPECTROCLOUD_APIKEY=${KEY}\nREGION=us\n`).write('ci/.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`).commit('Add keys');
    // The first value moves into a Secret, base64-encoded; the second stays only as a bare word in a notes file.
    repo.write('deploy/.env', 'REGION=us\n').write('k8s/secret.yaml', `data:\n  token: ${Buffer.from(KEY).toString('base64')}\n`);
    repo.write('ci/.env', '').write('notes.txt', `rotated ${OTHER} last week\n`).commit('Move keys');
    const { findings } = await jsonFindings(repo.root);
    const byFile = new Map(findings.map((f) => [f.file, f]));
    assert.equal(byFile.get('deploy/.env')?.presentAtHead, true, JSON.stringify(findings));
    assert.equal(byFile.get('ci/.env')?.presentAtHead, true, JSON.stringify(findings));
    assert.ok(!byFile.has('notes.txt'), 'the bare word is no finding of its own');
  });

  it('finds values in HEAD\'s tree as they are and base64-encoded (both alphabets), not in uncommitted edits', async () => {
    // Base64 of the value after 0, 1 and 2 other bytes: each alignment encodes it differently.
    const inSecret = (value: string, lead: string) => Buffer.from(`${lead}${value}\n`).toString('base64');
    const urlSafe = (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_');
    const values = ['FAKEa1', 'FAKEb2', 'FAKEc3', 'FAKEd4', 'FAKEe5'].map((prefix) => prefix.padEnd(32, 'x'));
    repo
      .write('deploy/.env', `SPECTROCLOUD_APIKEY=${values[0]}\n`)
      .write('k8s/secret.yaml', `data:\n  a: ${inSecret(values[1], '')}\n  b: ${inSecret(values[2], 'k=')}\n`)
      .write('k8s/url.yaml', `token: ${urlSafe(inSecret(values[3], 'key='))}\n`)
      .commit('Add keys');
    repo.write('uncommitted.env', `SPECTROCLOUD_APIKEY=${values[4]}\n`);
    const present = await valuesAtHead(repo.root, [...values, 'NotInHead0000000000000000000000X'], undefined);
    assert.deepEqual([...present].sort(), values.slice(0, 4));
  });

  it('looks for the part of a value\'s base64 that its surroundings cannot change, at every alignment', () => {
    const value = 'FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1G';
    for (const before of ['', 'a', 'ab', 'abc', 'token: ', '{"k":"']) {
      for (const after of ['', '\n', '"}', 'xyz']) {
        const encoded = Buffer.from(before + value + after).toString('base64');
        assert.ok(patternsFor(value).some((pattern) => encoded.includes(pattern)), `${JSON.stringify(before)} … ${JSON.stringify(after)}`);
      }
    }
    assert.ok(patternsFor(value).every((pattern) => pattern === value || pattern.length === 42));
  });

  it('sees a side branch only with --all', async () => {
    repo.git('checkout', '-q', '-b', 'side');
    repo.write('side/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    const side = repo.commit('Side work');
    repo.git('checkout', '-q', 'main');
    const headOnly = await cli(repo.root, ['scan', '--history']);
    assert.equal(headOnly.code, 0);
    assert.equal(headOnly.stdout, '');
    const all = await jsonFindings(repo.root, ['--all']);
    assert.equal(all.code, 1);
    assert.deepEqual(all.findings.map((f) => [f.file, f.commit, f.presentAtHead]), [['side/.env', side, false]]);
  });

  it('leaves out fingerprints listed in .palette-keys-ignore', async () => {
    repo.write('.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).commit('key');
    repo.write('other.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`).commit('other');
    const before = await jsonFindings(repo.root);
    assert.equal(before.findings.length, 2);
    const ignored = before.findings.find((f) => f.file === '.env');
    repo.write('.palette-keys-ignore', `${ignored?.fingerprint} # test fixture\n`);
    const after = await jsonFindings(repo.root);
    assert.deepEqual(after.findings.map((f) => f.file), ['other.env']);
  });

  it('scans only commits after --since, and at most --max-commits', async () => {
    repo.write('one.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    const base = repo.commit('one');
    repo.write('two.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`).commit('two');
    repo.write('three.env', `SPECTROCLOUD_APIKEY=${THIRD}\n`).commit('three');
    assert.deepEqual((await jsonFindings(repo.root, ['--since', base])).findings.map((f) => f.file).sort(), ['three.env', 'two.env']);
    assert.deepEqual((await jsonFindings(repo.root, ['--max-commits', '1'])).findings.map((f) => f.file), ['three.env']);
    const unknown = await cli(repo.root, ['scan', '--history', '--since', 'no-such-branch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown revision: no-such-branch/);
    const injected = await cli(repo.root, ['scan', '--history', '--since=--output=/tmp/x']);
    assert.equal(injected.code, 2);
  });

  it('limits the scan to the given paths', async () => {
    repo.write('app/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).write('ops/.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`).commit('both');
    assert.deepEqual((await jsonFindings(repo.root, ['ops'])).findings.map((f) => f.file), ['ops/.env']);
  });

  it('reports a key in a commit message and in an author name: both are published with the commit', async () => {
    repo.write('a.txt', 'a\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', `Configure CI\n\nSPECTROCLOUD_APIKEY=${KEY}\n`);
    const messageCommit = repo.head();
    repo.write('b.txt', 'b\n');
    repo.git('add', '-A');
    repo.gitAs(`SPECTROCLOUD_APIKEY=${OTHER}`, 'commit', '-q', '-m', 'b');
    const { findings } = await jsonFindings(repo.root);
    const message = findings.find((f) => f.source === 'message');
    assert.equal(message?.commit, messageCommit);
    assert.equal(message?.line, 3);
    const author = findings.find((f) => f.source === 'author');
    assert.ok(author, JSON.stringify(findings));
    assert.equal(author.author, 'SPECTROCLOUD_APIKEY=FAKE…Fg5E', 'the author name is printed with the key masked');
    const sarif = JSON.parse((await cli(repo.root, ['scan', '--history', '--format', 'sarif'])).stdout) as {
      runs: { versionControlProvenance: { revisionId: string }[]; results: { locations: unknown[]; properties: { commit: string; source: string } }[] }[];
    };
    assert.deepEqual(sarifSchemaErrors(sarif), [], 'the history scan\'s SARIF is valid SARIF 2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.versionControlProvenance[0].revisionId, repo.head());
    const sarifMessage = run.results.find((result) => result.properties.source === 'message');
    assert.equal(sarifMessage?.properties.commit, messageCommit);
    assert.deepEqual(sarifMessage?.locations, []);
  });

  it('handles an empty repository (no commits), with and without --all', async () => {
    const empty = new GitRepo();
    try {
      for (const args of [['scan', '--history'], ['scan', '--history', '--all']]) {
        const run = await cli(empty.root, args);
        assert.equal(run.code, 0);
        assert.match(run.stderr, /no commits yet/);
      }
    } finally {
      empty.dispose();
    }
  });

  it('exits 2 outside a git repository', async () => {
    const plain = new GitRepo();
    try {
      rmSync(path.join(plain.root, '.git'), { recursive: true, force: true });
      const run = await cli(plain.root, ['scan', '--history']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /Not a git repository/);
    } finally {
      plain.dispose();
    }
  });

  it('scans a shallow clone and says leaks may be older than its boundary', async () => {
    repo.write('.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).commit('key');
    repo.write('later.txt', 'later\n').commit('later');
    const clone = new GitRepo(`${repo.root}-clone`);
    try {
      repo.git('clone', '-q', '--depth', '1', `file://${repo.root}`, clone.root);
      const run = await cli(clone.root, ['scan', '--history', '--format', 'json']);
      assert.equal(run.code, 1);
      const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
      assert.equal(findings.length, 1);
      assert.equal(findings[0].commit, clone.head(), 'a shallow clone shows the leak at its boundary commit');
      assert.match(run.stderr, /shallow clone/);
    } finally {
      clone.dispose();
    }
  });

  it('skips binary blobs and blobs over the size limit, and submodules, without failing', async () => {
    repo.write('image.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`\nSPECTROCLOUD_APIKEY=${KEY}\n`)]));
    repo.write('big/.env', `SPECTROCLOUD_APIKEY=${OTHER}\n${'# padding line\n'.repeat(200)}`);
    repo.write('small/.env', `SPECTROCLOUD_APIKEY=${THIRD}\n`);
    repo.commit('binary, big and small');
    const sub = new GitRepo();
    try {
      sub.write('x.txt', 'x\n').commit('sub');
      repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.root, 'vendor/sub');
      repo.commit('Add submodule');
      const result = await scanHistory({ cwd: repo.root, config: { maxFileSize: 1024 } });
      assert.deepEqual(result.findings.map((f) => f.file), ['small/.env']);
      assert.ok(result.skipped.some((skip) => skip.file === 'vendor/sub' && skip.reason === 'submodule'), JSON.stringify(result.skipped));
    } finally {
      sub.dispose();
    }
  });
});

describe('history scan on a worker thread', function () {
  this.timeout(60_000);
  let repo: GitRepo;

  beforeEach(() => {
    repo = new GitRepo();
    repo.write('README.md', '# demo\n').commit('Initial commit');
    repo.write('deploy/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).commit('Add key');
    repo.write('deploy/.env', '').commit('Remove key');
    repo.write('again/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`).write('other/.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`).commit('Add keys');
  });

  afterEach(() => repo.dispose());

  it('gives the same result as the scan on the calling thread (findings merged from the worker\'s sightings)', async () => {
    const here = await scanHistory({ cwd: repo.root });
    const onWorker = await scanHistoryOnWorker({ cwd: repo.root });
    assert.equal(onWorker.findings.length, 3);
    assert.deepEqual(onWorker, here);
  });

  it('restores GitError across the thread', async () => {
    await assert.rejects(scanHistoryOnWorker({ cwd: repo.root, since: 'no-such-branch' }), (error: Error) => error instanceof GitError && /Unknown revision/.test(error.message));
  });

  it('stops when cancelled, on this thread and on the worker', async () => {
    for (const scan of [scanHistory, scanHistoryOnWorker]) {
      const controller = new AbortController();
      const running = scan({ cwd: repo.root, signal: controller.signal });
      controller.abort();
      await assert.rejects(running, HistoryScanCancelled);
    }
  });
});

describe('the bundled CLI (dist/cli.js), copied alone', function () {
  this.timeout(120_000);

  it('scan --history --format json reports a deleted key at its introducing commit, not at HEAD, and exits 1 (the file is its own history worker)', () => {
    const repo = new GitRepo();
    const bundle = mkdtempSync(path.join(tmpdir(), 'palette-cli-'));
    try {
      const root = path.resolve(__dirname, '..', '..', '..');
      execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--only', 'cli', '--production', '--outdir', bundle], { cwd: root, stdio: 'pipe' });
      repo.write('README.md', '# demo\n').commit('Initial commit');
      repo.write('deploy/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
      const introducing = repo.commit('Add deployment settings');
      repo.write('deploy/.env', 'REGION=us\n').commit('Remove the key');
      const run = spawnSync(process.execPath, [path.join(bundle, 'cli.js'), 'scan', '--history', '--format', 'json'], { cwd: repo.root, encoding: 'utf8' });
      assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY), 'output leaks a key value');
      assert.equal(run.status, 1, run.stderr);
      const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
      assert.deepEqual(findings.map((f) => [f.file, f.commit, f.presentAtHead]), [['deploy/.env', introducing, false]]);
    } finally {
      repo.dispose();
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});

describe('git log -p parser', () => {
  it('reads combined (merge) diffs: only lines added against every parent are added', () => {
    const files: { lines: string[]; added: number[]; lineNumbers: number[] }[] = [];
    const commits: CommitHeader[] = [];
    // The parser lends its arrays for the call only: copy what it hands over.
    const keep = (f: FileAdditions) => files.push({ lines: f.bytes.toString('utf8').split('\n'), added: [...f.added], lineNumbers: [...f.lineNumbers] });
    const parser = new LogPatchParser({ commit: (c) => commits.push(c), file: keep, skipped: () => undefined }, 1 << 20);
    const output = [
      '\0abc\0p1 p2\0Bob\x002024-01-02T03:04:05+00:00\0Merge\nbody line\0',
      '',
      'diff --cc app.env',
      'index 1,2..3',
      '--- a/app.env',
      '+++ b/app.env',
      '@@@ -1,2 -1,2 +1,4 @@@',
      '  same',
      ' +from second parent',
      '+ from first parent',
      '++evil line: café',
      '- removed',
    ];
    // Fed in chunks that split lines (and a UTF-8 character), as git's pipe may.
    const bytes = Buffer.from(output.join('\n') + '\n');
    for (let at = 0; at < bytes.length; at += 7) parser.write(bytes.subarray(at, at + 7));
    parser.end();
    assert.deepEqual(commits.map((c) => [c.id, c.parents, c.author, c.message]), [['abc', ['p1', 'p2'], 'Bob', 'Merge\nbody line']]);
    assert.equal(files.length, 1);
    assert.deepEqual(files[0].lines, ['same', 'from second parent', 'from first parent', 'evil line: café']);
    assert.deepEqual(files[0].added, [0, 0, 0, 1]);
    assert.deepEqual(files[0].lineNumbers, [1, 2, 3, 4]);
  });

  it('skips a file whose lines pass the size limit, or with a line too long to keep, and reads the next file', () => {
    const events: string[] = [];
    const parser = new LogPatchParser({
      commit: (c) => events.push(`commit ${c.id}`),
      file: (f) => events.push(`file ${f.path}: ${f.bytes.toString('utf8').replace(/\n/g, '|')}`),
      skipped: (path, reason) => events.push(`skipped ${path}: ${reason}`),
    }, 100);
    const fileDiff = (path: string, lines: string[]) => [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)];
    const output = [
      '\0c1\0\0Ann\x002024-01-02T03:04:05+00:00\0One\0',
      ...fileDiff('many.txt', Array.from({ length: 30 }, (_, i) => `line ${i}`)),
      ...fileDiff('long.txt', ['short', 'x'.repeat(5000), 'after']),
      ...fileDiff('small.txt', ['a', 'b']),
    ];
    const bytes = Buffer.from(output.join('\n'));
    for (let at = 0; at < bytes.length; at += 1000) parser.write(bytes.subarray(at, at + 1000));
    parser.end();
    assert.deepEqual(events, ['commit c1', 'skipped many.txt: too-large', 'skipped long.txt: too-large', 'file small.txt: a|b']);
  });

  it('drops a line too long to keep also when its end arrives in the chunk that finishes it', () => {
    const files: string[] = [];
    const parser = new LogPatchParser({ commit: () => undefined, file: (f) => files.push(f.path), skipped: () => undefined }, 100);
    // The size limit is 100 bytes, so a line over 1,124 (limit + slack) is dropped: here its first
    // 1,100 bytes come in one chunk (under the bound while carried) and the rest with its line break.
    const longPath = `b/${'p'.repeat(1200)}`;
    const head = Buffer.from(`\0c1\0\0Ann\x002024-01-02T03:04:05+00:00\0One\0\ndiff --git a/x b/x\n--- a/x\n+++ `);
    const line = Buffer.from(`${longPath}\n@@ -0,0 +1 @@\n+kept out\n`);
    parser.write(Buffer.concat([head, line.subarray(0, 1100)]));
    parser.write(line.subarray(1100));
    parser.end();
    assert.deepEqual(files, [], 'the file whose header line was dropped is not read');
  });

  it('unquotes paths git quotes', () => {
    assert.equal(unquotePath('"b/caf\\303\\251 \\"x\\".txt"'), 'b/café "x".txt');
    assert.equal(unquotePath('b/plain.txt'), 'b/plain.txt');
  });
});
