import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeededUserCredentials } from '../../src/emulator/seed';
import { startEmulator } from '../../src/emulator/server';
import { call, daysFrom, repoRoot } from './support/emulatorHttp';
import { openssl } from './support/tlsCertificates';

const READY_PREFIX = 'PALETTE_EMULATOR_READY ';

interface ReadyInfo {
  url: string;
  adminKey: string;
  userKey: string;
  users: SeededUserCredentials[];
}

interface CliRun {
  child: ChildProcess;
  ready: ReadyInfo;
  stdout: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns dist/emulator.js and waits for its READY line. */
function runCli(args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [join(repoRoot(), 'dist/emulator.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('emulator did not print its READY line in time'));
    }, 15_000);
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_PREFIX) && stdout.includes(`${candidate}\n`));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        child,
        ready: JSON.parse(line.slice(READY_PREFIX.length)) as ReadyInfo,
        stdout: () => stdout,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      // stderr carries only option and start-up errors, never credentials.
      reject(new Error(`emulator exited with ${code} before READY: ${stderr.trim()}`));
    });
  });
}

/** Runs the CLI expecting it to fail fast; resolves with exit code and stderr. */
function runCliFailing(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(repoRoot(), 'dist/emulator.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('emulator CLI (dist/emulator.js)', function () {
  this.timeout(60_000);
  const runs: CliRun[] = [];
  let dir: string;

  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs', '--only', 'emulator'], { cwd: repoRoot(), stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'palette-emulator-'));
  });

  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => (run.child.exitCode === null ? run.stop('SIGKILL') : undefined)));
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(args: string[]): Promise<CliRun> {
    const run = await runCli(args);
    runs.push(run);
    return run;
  }

  it('prints human-readable credentials and exactly one machine-readable READY line', async () => {
    const adminKey = 'CliAdminKey0123456789abcdefghijk';
    const userKey = 'CliUserKey00123456789abcdefghijk';
    const run = await start(['--port', '0', '--admin-key', adminKey, '--user-key', userKey]);
    const { ready } = run;
    assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ready.adminKey, adminKey);
    assert.equal(ready.userKey, userKey);
    assert.equal(ready.users.length, 3);
    for (const user of ready.users) {
      assert.deepEqual(Object.keys(user).sort(), ['apiKey', 'email', 'firstName', 'isTenantAdmin', 'lastName', 'password', 'uid']);
    }
    assert.equal(ready.users.filter((user) => user.isTenantAdmin).length, 1);
    const lines = run.stdout().split('\n');
    assert.equal(lines.filter((line) => line.includes('PALETTE_EMULATOR_READY')).length, 1);
    assert.ok(lines.some((line) => line.includes(ready.url) && !line.startsWith(READY_PREFIX)), 'human-readable URL line');
    assert.ok(lines.some((line) => line.includes('Demo Org') && !line.startsWith(READY_PREFIX)), 'human-readable org line');

    const info = await call(ready.url, 'GET', '/v1/users/info', { apiKey: adminKey });
    assert.equal(info.status, 200);
    const bob = ready.users[1];
    const login = await call(ready.url, 'POST', '/v1/auth/authenticate', { body: { emailId: bob.email, password: bob.password, org: 'Demo Org' } });
    assert.equal(login.status, 200);
  });

  it('shuts down cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const run = await start(['--port', '0']);
      assert.equal(await run.stop(signal), 0, signal);
      await assert.rejects(fetch(`${run.ready.url}/v1/users/info`));
    }
  });

  it('saves state after each change and resumes from it (hashes only, values keep working)', async () => {
    const stateFile = join(dir, 'state.json');
    const adminKey = 'StateAdminKey123456789abcdefghij';
    const first = await start(['--port', '0', '--state', stateFile, '--admin-key', adminKey]);
    const created = await call(first.ready.url, 'POST', '/v1/apiKeys', {
      apiKey: adminKey, body: { metadata: { name: 'persisted-key' }, spec: { expiry: daysFrom(Date.now(), 10) } },
    });
    assert.equal(created.status, 201);
    const { apiKey: value, uid } = created.json as { apiKey: string; uid: string };
    const saved = readFileSync(stateFile, 'utf8');
    assert.ok(saved.includes('persisted-key'), 'saved right after the change');
    assert.ok(!saved.includes(value) && !saved.includes(adminKey), 'no key value in the state file');
    for (const user of first.ready.users) assert.ok(!saved.includes(user.password as string), 'no password in the state file');
    await call(first.ready.url, 'PUT', `/v1/apiKeys/${uid}/state`, { apiKey: adminKey, body: { isActive: false } });
    assert.equal(await first.stop(), 0);

    const second = await start(['--port', '0', '--state', stateFile, '--admin-key', adminKey]);
    const key = await call(second.ready.url, 'GET', `/v1/apiKeys/${uid}`, { apiKey: adminKey });
    assert.equal(key.status, 200);
    assert.equal((key.json as { status: { isActive: boolean } }).status.isActive, false, 'revocation survived the restart');
    await call(second.ready.url, 'PUT', `/v1/apiKeys/${uid}/state`, { apiKey: adminKey, body: { isActive: true } });
    assert.equal((await call(second.ready.url, 'GET', '/v1/users/info', { apiKey: value })).status, 200, 'the value still authenticates');
    assert.equal(second.ready.users[1].password, undefined, 'passwords are not recoverable from a state file');
  });

  it('starts from a --seed file with clear values', async () => {
    const seedFile = join(dir, 'seed.json');
    const value = 'SeedKeyValue0123456789abcdefghij';
    writeFileSync(seedFile, JSON.stringify({
      tenant: { uid: 'seedtenant', name: 'Seed Org' },
      users: [{ uid: 'u1', email: 'root@seed.example', firstName: 'Root', lastName: 'Admin', isTenantAdmin: true, password: 'seed-password' }],
      keys: [{ uid: 'k1', name: 'root-key', ownerUid: 'u1', isActive: true, expiresInDays: 5, value }],
    }));
    const run = await start(['--port', '0', '--seed', seedFile]);
    assert.equal(run.ready.adminKey, value);
    const info = await call(run.ready.url, 'GET', '/v1/users/info', { apiKey: value });
    assert.deepEqual(info.json, { userUid: 'u1', tenantUid: 'seedtenant', orgName: 'Seed Org' });
  });

  it('rejects bad options (exit 2) and a busy port (exit 1) without starting', async () => {
    const badPort = await runCliFailing(['--port', 'abc']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port/);
    assert.equal((await runCliFailing(['--bogus'])).code, 2);
    const busy = await startEmulator();
    try {
      const result = await runCliFailing(['--port', String(busy.port)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /in use/);
    } finally {
      await busy.close();
    }
    const badSeed = join(dir, 'bad-seed.json');
    writeFileSync(badSeed, '{"tenant": {"uid": "t", "name": "SecretLooking0123456789abcdefghij"');
    const seedResult = await runCliFailing(['--port', '0', '--seed', badSeed]);
    assert.equal(seedResult.code, 1);
    assert.match(seedResult.stderr, /not valid JSON/);
    assert.ok(!seedResult.stderr.includes('SecretLooking'), 'the error does not quote the file');
  });

  it('serves HTTPS with --tls-cert/--tls-key', async () => {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], dir);
    const run = await start(['--port', '0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
    assert.match(run.ready.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(join(dir, 'cert.pem'));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      https.get(`${run.ready.url}/v1/users/info`, { ca, headers: { ApiKey: run.ready.adminKey } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    assert.equal(status, 200);
    // Without trusting the certificate, a client sees a TLS error (what later host tests rely on).
    await assert.rejects(fetch(`${run.ready.url}/v1/users/info`));
  });
});
