import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { runCli } from '../../src/cli/runCli';
import { fingerprintKeyValue } from '../../src/core/scanner/fingerprint';
import { findingFingerprint } from '../../src/core/scanner/fingerprint';
import { sarifSchemaErrors } from './support/sarifSchema';

// Fake values, made for these tests.
const KEY = 'FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1G';
const OTHER = 'FAKEt3NvBq9WxRz6KpLm2HcJy8DsFg5E';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  // Whatever happens, no raw value may reach the output.
  for (const value of [KEY, OTHER]) assert.ok(!stdout.includes(value) && !stderr.includes(value), 'output leaks a key value');
  return { code, stdout, stderr };
}

function write(root: string, relative: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
}

describe('palette-keys CLI', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'palette-cli-'));
    write(root, 'README.md', '# nothing to see\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('exits 0 with no findings, and prints a summary on stderr', async () => {
    const run = await cli(root, ['scan']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /0 findings .*1 files scanned/);
  });

  it('prints grep-like text lines and exits 1 with findings', async () => {
    write(root, 'deploy/.env', `\nSPECTROCLOUD_APIKEY=${KEY}\n`);
    const run = await cli(root, ['scan']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^deploy\/\.env:2:21: high palette-keys\/env-assignment FAKE…Yf1G .* \[pk1:[0-9a-f]{32}\]\n$/);
  });

  it('writes JSON with paths relative to the working directory', async () => {
    write(root, 'src/config.json', `{\n  "spectrocloud": { "apiKey": "${KEY}" }\n}\n`);
    const run = await cli(path.join(root, 'src'), ['scan', '--format', 'json', '.']);
    assert.equal(run.code, 1);
    const output = JSON.parse(run.stdout) as { findings: Record<string, unknown>[] };
    assert.equal(output.findings.length, 1);
    const [finding] = output.findings;
    assert.deepEqual(
      { ...finding, fingerprint: undefined, message: undefined },
      {
        file: 'config.json',
        line: 2,
        column: 32,
        endLine: 2,
        endColumn: 64,
        ruleId: 'palette-keys/env-assignment',
        confidence: 'high',
        fingerprint: undefined,
        masked: 'FAKE…Yf1G',
        message: undefined,
        encoding: 'plain',
      },
    );
    assert.equal(finding.fingerprint, findingFingerprint('palette-keys/env-assignment', KEY));
  });

  it('writes SARIF that the official 2.1.0 JSON schema accepts, with findings and without', async () => {
    assert.deepEqual(sarifSchemaErrors(JSON.parse((await cli(root, ['scan', '--format', 'sarif'])).stdout)), [], 'no findings');
    write(root, 'run.sh', `curl -H "ApiKey: ${KEY}" https://api.spectrocloud.com/v1/users/info\n`);
    write(root, 'dir with space/.env', `PALETTE_API_KEY=${OTHER}\n`);
    const run = await cli(root, ['scan', '--format', 'sarif']);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as Log;
    assert.deepEqual(sarifSchemaErrors(log), []);
    // The validator can fail: a result without its required message is refused.
    const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0].results[0].message;
    assert.notDeepEqual(sarifSchemaErrors(broken), [], 'the schema accepted a result without a message');
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    assert.equal(sarifRun.tool.driver.name, 'palette-keys');
    const rules = sarifRun.tool.driver.rules ?? [];
    assert.equal(new Set(rules.map((rule) => rule.id)).size, rules.length);
    assert.ok(rules.every((rule) => rule.shortDescription?.text && rule.help?.text));
    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    assert.match(sarifRun.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '', /^file:\/\/.*\/$/);
    const results = sarifRun.results ?? [];
    assert.equal(results.length, 2);
    for (const result of results) {
      assert.ok(result.ruleIndex !== undefined && rules[result.ruleIndex].id === result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level ?? ''));
      assert.match(result.partialFingerprints?.['paletteKeysFinding/v1'] ?? '', /^pk1:[0-9a-f]{32}$/);
      const location = result.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%');
      const region = location?.region;
      assert.ok(region && region.startLine! >= 1 && region.startColumn! >= 1 && region.endColumn! > region.startColumn!);
      assert.equal(region?.snippet, undefined);
    }
    assert.deepEqual(results.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri).sort(), ['dir%20with%20space/.env', 'run.sh']);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['scan', '--bogus'], ['scan', '--format', 'xml'], ['frobnicate'], ['scan', 'no-such-dir'], ['scan', '--max-file-size', 'big'], ['scan', '--known-keys', 'missing.txt']]) {
      const run = await cli(root, args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^palette-keys: /);
    }
    const help = await cli(root, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: palette-keys scan/);
  });

  it('respects .gitignore unless --no-ignore', async () => {
    write(root, '.gitignore', '.env\n');
    write(root, '.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    assert.equal((await cli(root, ['scan'])).code, 0);
    assert.equal((await cli(root, ['scan', '--no-ignore'])).code, 1);
  });

  it('skips files over --max-file-size and reports them as skipped', async () => {
    write(root, '.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    const run = await cli(root, ['scan', '--max-file-size', '24', '--format', 'json']);
    assert.equal(run.code, 0);
    assert.deepEqual((JSON.parse(run.stdout) as { skipped: unknown[] }).skipped, [{ file: '.env', reason: 'too-large' }]);
  });

  it('honours .palette-keys-ignore in the working directory', async () => {
    write(root, '.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    write(root, '.palette-keys-ignore', `# demo\n${findingFingerprint('palette-keys/env-assignment', KEY)}\n`);
    assert.equal((await cli(root, ['scan'])).code, 0);
  });

  it('also reads .palette-keys-ignore at the repository top when run from a subfolder', async () => {
    mkdirSync(path.join(root, '.git'));
    write(root, 'deploy/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    assert.equal((await cli(path.join(root, 'deploy'), ['scan'])).code, 1);
    write(root, '.palette-keys-ignore', `${findingFingerprint('palette-keys/env-assignment', KEY)}\n`);
    assert.equal((await cli(path.join(root, 'deploy'), ['scan'])).code, 0);
  });

  it('matches --known-keys given as raw values, anywhere, without printing them', async () => {
    write(root, 'known.txt', `# my keys\n${KEY} ci-deploy-key\n`);
    write(root, 'notes.txt', `copied by mistake: ${KEY}\n`);
    const run = await cli(root, ['scan', '--known-keys', 'known.txt', '--format', 'json', 'notes.txt']);
    assert.equal(run.code, 1);
    const [finding] = (JSON.parse(run.stdout) as { findings: { ruleId: string; knownKeyId: string }[] }).findings;
    assert.equal(finding.ruleId, 'palette-keys/known-key');
    assert.equal(finding.knownKeyId, 'ci-deploy-key');
  });

  it('matches --known-keys fingerprints made with the secret from the environment', async () => {
    const secret = 'shared-ci-secret';
    write(root, 'known.txt', `hmac-sha256:${fingerprintKeyValue(secret, OTHER)} staging\n`);
    write(root, 'notes.txt', `value ${OTHER}\n`);
    const withoutSecret = await cli(root, ['scan', '--known-keys', 'known.txt', 'notes.txt']);
    assert.equal(withoutSecret.code, 2);
    assert.match(withoutSecret.stderr, /PALETTE_KEYS_HMAC_SECRET/);
    const run = await cli(root, ['scan', '--known-keys', 'known.txt', 'notes.txt'], { PALETTE_KEYS_HMAC_SECRET: secret });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /known key staging/);
  });

  it('--staged scans the staged content, not the working tree', async () => {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'Test');
    git('add', 'README.md');
    git('commit', '-q', '-m', 'init');
    assert.equal((await cli(root, ['scan', '--staged'])).code, 0);
    write(root, 'deploy/.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    git('add', 'deploy/.env');
    // Fixed in the working tree but not re-staged: the commit would still leak.
    write(root, 'deploy/.env', 'SPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}\n');
    write(root, 'untracked.env', `SPECTROCLOUD_APIKEY=${OTHER}\n`);
    const run = await cli(path.join(root, 'deploy'), ['scan', '--staged', '--format', 'json']);
    assert.equal(run.code, 1);
    assert.deepEqual(
      (JSON.parse(run.stdout) as { findings: { file: string; line: number }[] }).findings.map((finding) => [finding.file, finding.line]),
      [['.env', 1]],
    );
    // Paths narrow the staged set.
    assert.equal((await cli(root, ['scan', '--staged', 'README.md'])).code, 0);
  });

  it('--staged scans renamed and copied files under their new names, and passes a commit that only deletes a leak', async () => {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'Test');
    // Copies are told apart from additions only when git looks for them.
    git('config', 'diff.renames', 'copies');
    write(root, 'moved.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    write(root, 'original.env', `# shared settings\nPALETTE_API_KEY=${OTHER}\nREGION=eu\n`);
    write(root, 'leaky.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    git('add', '.');
    git('commit', '-q', '-m', 'leaks');

    // Only a deletion staged: the commit removes a leak and must not be blocked.
    git('rm', '-q', 'leaky.env');
    const onlyDeleted = await cli(root, ['scan', '--staged', '--format', 'json']);
    assert.equal(onlyDeleted.code, 0, onlyDeleted.stderr);
    assert.deepEqual((JSON.parse(onlyDeleted.stdout) as { findings: unknown[] }).findings, []);

    mkdirSync(path.join(root, 'config'));
    git('mv', 'moved.env', 'config/moved.env');
    write(root, 'copied.env', `# shared settings\nPALETTE_API_KEY=${OTHER}\nREGION=eu\n`);
    write(root, 'original.env', `# shared settings\nPALETTE_API_KEY=${OTHER}\nREGION=us\n`);
    git('add', '.');
    // The staged set really holds a rename, a copy and a deletion.
    const statuses = git('diff', '--cached', '--name-status').trim().split('\n').map((line) => line.replace(/^([RC])\d+/, '$1').split('\t').join(' ')).sort();
    assert.deepEqual(statuses, ['C original.env copied.env', 'D leaky.env', 'M original.env', 'R moved.env config/moved.env']);

    const run = await cli(root, ['scan', '--staged', '--format', 'json']);
    assert.equal(run.code, 1);
    const found = (JSON.parse(run.stdout) as { findings: { file: string; line: number }[] }).findings.map((finding) => `${finding.file}:${finding.line}`).sort();
    assert.deepEqual(found, ['config/moved.env:1', 'copied.env:2', 'original.env:2']);
  });

  it('runs as a process with worker threads and the documented exit codes', function () {
    this.timeout(60_000);
    for (let i = 0; i < 260; i++) write(root, `many/file${i}.js`, `export const value${i} = ${i};\n`);
    write(root, 'many/file42.env', `PALETTE_API_KEY=${KEY}\n`);
    const main = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');
    const found = spawnSync(process.execPath, [main, 'scan', '--jobs', '2', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.equal(found.status, 1, found.stderr);
    assert.equal((JSON.parse(found.stdout) as { findings: unknown[] }).findings.length, 1);
    assert.match(found.stderr, /262 files scanned/);
    assert.ok(!found.stdout.includes(KEY) && !found.stderr.includes(KEY));
    const clean = spawnSync(process.execPath, [main, 'scan', 'README.md'], { cwd: root, encoding: 'utf8' });
    assert.equal(clean.status, 0);
    const bad = spawnSync(process.execPath, [main, 'scan', '--nope'], { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });
});
