// The smaller points of the security review (issue 11): short passwords redacted, user-list paging
// bounded, a re-scan that does not follow a symbolic link, and the emulator's recording file kept
// at mode 0600 even when it already existed.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_USER_PAGES, PaletteClient } from '../../src/core/palette/paletteClient';
import { SecretRedactor } from '../../src/core/palette/secretRedactor';
import { FileScanner } from '../../src/core/scanner/files/fileScanner';
import { repoRoot } from './support/emulatorHttp';
import { sendJson, startHttpServer } from './support/localServers';
import { rejection } from './support/paletteRejection';

describe('security hardening: smaller points', () => {
  describe('short passwords', () => {
    it('redacts a password shorter than 6 characters where it stands alone, not inside other words', () => {
      const redactor = new SecretRedactor();
      redactor.add('pw1');
      redactor.add('a+b');
      const out = redactor.redact('password pw1 rejected; pw12 and xpw1 are other words; "a+b" (a%2Bb) too');
      assert.ok(!/(?<![A-Za-z0-9])pw1(?![A-Za-z0-9])/.test(out), out);
      assert.ok(out.includes('pw12') && out.includes('xpw1'), out);
      assert.ok(!out.includes('a+b') && !out.includes('a%2Bb'), out);
    });

    it('keeps a 4-character password a server echoes out of the client\'s error', async () => {
      const server = await startHttpServer((_req, res) => sendJson(res, 401, { code: 'Unauthorized', message: 'wrong password Ab1! for user' }));
      const client = new PaletteClient({
        baseUrl: `http://127.0.0.1:${server.port}`, credential: { kind: 'password', emailId: 'a@b.c', password: 'Ab1!' }, retry: { maxRetries: 0 },
      });
      try {
        const error = await rejection(client.getUserInfo());
        assert.equal(error.kind, 'unauthenticated');
        assert.ok(!`${error.message}${error.stack}`.includes('Ab1!'), error.message);
      } finally {
        await client.close();
        await server.close();
      }
    });
  });

  it(`stops following user-list pages after ${MAX_USER_PAGES} pages`, async function () {
    this.timeout(30_000);
    let page = 0;
    const server = await startHttpServer((_req, res) => sendJson(res, 200, { items: [], listmeta: { continue: `page-${++page}` } }));
    const client = new PaletteClient({ baseUrl: `http://127.0.0.1:${server.port}`, credential: { kind: 'apiKey', apiKey: 'HardeningKey00000000000000000001' }, retry: { maxRetries: 0 } });
    try {
      const error = await rejection(client.listUsers());
      assert.equal(error.kind, 'malformedResponse');
      assert.match(error.message, new RegExp(`longer than ${MAX_USER_PAGES} pages`));
      assert.equal(server.seen.length, MAX_USER_PAGES);
      assert.ok(MAX_USER_PAGES <= 100);
    } finally {
      await client.close();
      await server.close();
    }
  });

  describe('symbolic links', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'palette-symlink-'));
      // Outside the "workspace": a file the link points at.
      writeFileSync(join(dir, 'outside.env'), 'SPECTROCLOUD_APIKEY=FAKEs9QwZr2XkTn5LmVb8HsJd4PcYf1L\n');
      symlinkSync(join(dir, 'outside.env'), join(dir, 'link.env'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a re-scan of a path that is a symbolic link skips it instead of reading its target', () => {
      const result = new FileScanner().scanFile(join(dir, 'link.env'));
      assert.deepEqual(result, { path: join(dir, 'link.env'), status: 'skipped', reason: 'symlink' });
      const direct = new FileScanner().scanFile(join(dir, 'outside.env'));
      assert.equal(direct.status === 'scanned' && direct.findings.length, 1, 'control: the target itself holds a finding');
    });

    it('reads through the link when asked to follow links (the CLI\'s --follow)', () => {
      const result = new FileScanner({ followSymlinks: true }).scanFile(join(dir, 'link.env'));
      assert.equal(result.status === 'scanned' && result.findings.length, 1);
    });
  });

  it('the emulator narrows an existing --record-issued-values file to mode 0600', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), 'palette-record-'));
    const file = join(dir, 'issued.txt');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o644);
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/emulator.js'), '--port', '0', '--record-issued-values', file], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the emulator did not start')), 20_000);
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('PALETTE_EMULATOR_READY')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      assert.equal(statSync(file).mode & 0o777, 0o600);
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
