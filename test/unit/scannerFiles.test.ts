import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileScanner } from '../../src/core/scanner/files/fileScanner';
import { TextFileReader } from '../../src/core/scanner/files/readTextFile';
import { walkFiles, type WalkEntry } from '../../src/core/scanner/files/walkFiles';
import { fingerprintKeyValue } from '../../src/core/scanner/fingerprint';
import { ScanWorkerPool } from '../../src/core/scanner/worker/scanWorkerPool';

// Fake values, made for these tests.
const KEY = 'FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1G';
const OTHER = 'FAKEt3NvBq9WxRz6KpLm2HcJy8DsFg5E';

function write(root: string, relative: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
}

async function collect(entries: AsyncIterable<WalkEntry>, root: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of entries) if (entry.kind === 'file') files.push(path.relative(root, entry.path).split(path.sep).join('/'));
  return files.sort();
}

describe('scanner file layer', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'palette-scan-'));
    write(root, '.gitignore', '.env\nbuild/\n');
    write(root, '.env', `SPECTROCLOUD_APIKEY=${KEY}\n`);
    write(root, 'build/out.js', `const SPECTROCLOUD_APIKEY = "${KEY}";\n`);
    write(root, 'src/app.js', `const SPECTROCLOUD_APIKEY = "${KEY}";\n`);
    write(root, 'src/.gitignore', 'generated.js\n');
    write(root, 'src/generated.js', `const SPECTROCLOUD_APIKEY = "${KEY}";\n`);
    write(root, '.github/workflows/ci.yml', `env:\n  PALETTE_API_KEY: ${KEY}\n`);
    write(root, '.vscode/settings.json', `{ "spectrocloud.apiKey": "${KEY}" }\n`);
    write(root, '.git/config', `[palette]\n  SPECTROCLOUD_APIKEY = ${KEY}\n`);
    write(root, 'vendor/lib.js', `SPECTROCLOUD_APIKEY="${KEY}"\n`);
    write(root, 'assets/logo.bin', Buffer.concat([Buffer.from('PNG\0\0'), Buffer.from(`SPECTROCLOUD_APIKEY=${KEY}`)]));
    write(root, 'big.env', `${'#'.repeat(2048)}\nSPECTROCLOUD_APIKEY=${KEY}\n`);
    write(root, 'latin1.env', Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]), Buffer.from(`SPECTROCLOUD_APIKEY=${OTHER}\n`)]));
    write(root, 'long-line.js', `x=${'a1'.repeat(500_000)};const PALETTE_API_KEY="${KEY}";\n`);
    mkdirSync(path.join(root, 'loop'));
    symlinkSync('..', path.join(root, 'loop', 'parent'));
    symlinkSync('missing-target', path.join(root, 'dangling.env'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('walks dotfiles and dot-folders but never .git, honouring nested .gitignore files', async () => {
    assert.deepEqual(await collect(walkFiles([root]), root), [
      '.github/workflows/ci.yml',
      '.gitignore',
      '.vscode/settings.json',
      'assets/logo.bin',
      'big.env',
      'latin1.env',
      'long-line.js',
      'src/.gitignore',
      'src/app.js',
      'vendor/lib.js',
    ]);
  });

  it('includes ignored files on request, and applies exclude globs', async () => {
    const files = await collect(walkFiles([root], { respectGitignore: false, exclude: ['**/vendor/**', '**/*.bin'] }), root);
    assert.ok(files.includes('.env') && files.includes('build/out.js') && files.includes('src/generated.js'));
    assert.ok(!files.includes('vendor/lib.js') && !files.includes('assets/logo.bin'));
    assert.ok(!files.some((file) => file.startsWith('.git/')));
  });

  it('survives a symlink loop when following links', async () => {
    const entries: WalkEntry[] = [];
    for await (const entry of walkFiles([root], { followSymlinks: true })) entries.push(entry);
    assert.ok(entries.some((entry) => entry.kind === 'skipped' && entry.reason === 'symlink-loop' && entry.path.endsWith('parent')));
    assert.ok(entries.some((entry) => entry.kind === 'skipped' && entry.reason === 'not-found' && entry.path.endsWith('dangling.env')));
    assert.equal(entries.filter((entry) => entry.kind === 'file' && entry.path.endsWith('app.js')).length, 1);
  });

  it('scans a walked file root even when it is gitignored', async () => {
    assert.deepEqual(await collect(walkFiles([path.join(root, '.env')]), root), ['.env']);
  });

  it('skips binary, oversized, missing and non-regular files with a reason, and decodes invalid UTF-8', () => {
    const scanner = new FileScanner({ maxFileSize: 1024 });
    assert.deepEqual(scanner.scanFile(path.join(root, 'assets/logo.bin')), { path: path.join(root, 'assets/logo.bin'), status: 'skipped', reason: 'binary' });
    assert.deepEqual(scanner.scanFile(path.join(root, 'big.env')), { path: path.join(root, 'big.env'), status: 'skipped', reason: 'too-large' });
    assert.equal((scanner.scanFile(path.join(root, 'deleted-mid-scan.env')) as { reason?: string }).reason, 'not-found');
    assert.equal((scanner.scanFile(path.join(root, 'src')) as { reason?: string }).reason, 'not-a-file');
    const latin1 = scanner.scanFile(path.join(root, 'latin1.env'));
    assert.equal(latin1.status, 'scanned');
    assert.equal(latin1.status === 'scanned' && latin1.findings[0]?.line, 2);
    const large = new FileScanner({ maxFileSize: 4096 }).scanFile(path.join(root, 'big.env'));
    assert.equal(large.status === 'scanned' && large.findings.length, 1);
  });

  it('reports unreadable files as skipped', () => {
    // A read that fails for a reason other than a missing file or a folder, whoever runs the tests:
    // permissions cannot stop root (CI runs as root), but reading this process's memory at offset 0
    // (unmapped) fails with EIO for root too.
    const unreadable = new TextFileReader().read('/proc/self/mem');
    assert.deepEqual(unreadable, { kind: 'skipped', reason: 'unreadable' });
  });

  it('scans a 1,000,000-character line', () => {
    const result = new FileScanner({ maxFileSize: 2_000_000 }).scanFile(path.join(root, 'long-line.js'));
    assert.equal(result.status === 'scanned' && result.findings.length, 1);
  });

  describe('ScanWorkerPool', () => {
    const secret = Buffer.from('worker-test-secret');
    let pool: ScanWorkerPool;

    before(() => {
      pool = new ScanWorkerPool({
        workerCount: 2,
        config: { knownKeys: { hmacSecret: secret, fingerprints: [{ id: 'other-uid', fingerprint: fingerprintKeyValue(secret, OTHER) }] } },
      });
    });

    after(() => pool.dispose());

    it('scans files on worker threads with known keys from fingerprints, and reports progress', async () => {
      const files = ['.env', 'src/app.js', 'latin1.env', 'assets/logo.bin', 'deleted.env', ...Array.from({ length: 40 }, () => 'src/app.js')].map((file) => path.join(root, file));
      const progress: number[] = [];
      const outcome = await pool.scan(files, { batchSize: 4, onProgress: (update) => progress.push(update.filesScanned + update.filesSkipped) });
      assert.equal(outcome.cancelled, false);
      assert.equal(outcome.filesScanned + outcome.filesSkipped, files.length);
      assert.equal(outcome.filesSkipped, 2);
      assert.equal(progress[progress.length - 1], files.length);
      const latin1 = outcome.results.find((result) => result.path.endsWith('latin1.env'));
      assert.equal(latin1?.status === 'scanned' && latin1.findings[0]?.knownKeyId, 'other-uid');
      assert.ok(!JSON.stringify(outcome).includes(KEY) && !JSON.stringify(outcome).includes(OTHER));
    });

    it('accepts an async stream of paths and stops when cancelled', async () => {
      const controller = new AbortController();
      async function* endless(): AsyncGenerator<string> {
        for (;;) yield path.join(root, 'src/app.js');
      }
      const outcome = await pool.scan(endless(), {
        batchSize: 8,
        signal: controller.signal,
        onProgress: (update) => {
          if (update.filesScanned >= 64) controller.abort();
        },
      });
      assert.equal(outcome.cancelled, true);
      assert.ok(outcome.filesScanned >= 64 && outcome.filesScanned < 200, `scanned ${outcome.filesScanned}`);
    });
  });
});

describe('walkFiles: a scan root inside an ignored folder', () => {
  it('scans the root it was given even when the repository ignores its parent folder', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'ignored-root-'));
    try {
      mkdirSync(path.join(repo, '.git'));
      writeFileSync(path.join(repo, '.gitignore'), '.cache/\n*.log\n');
      const root = path.join(repo, '.cache', 'workspace');
      mkdirSync(root, { recursive: true });
      writeFileSync(path.join(root, '.env'), 'X=1\n');
      writeFileSync(path.join(repo, 'kept.txt'), 'x\n');
      writeFileSync(path.join(repo, 'skipped.log'), 'x\n');
      const seen: string[] = [];
      for await (const entry of walkFiles([root], { respectGitignore: true })) {
        if (entry.kind === 'file') seen.push(path.relative(repo, entry.path));
      }
      assert.deepEqual(seen, [path.join('.cache', 'workspace', '.env')]);
      const atTop: string[] = [];
      for await (const entry of walkFiles([repo], { respectGitignore: true })) {
        if (entry.kind === 'file') atTop.push(path.relative(repo, entry.path));
      }
      assert.ok(atTop.includes('kept.txt') && !atTop.includes('skipped.log') && !atTop.some((f) => f.startsWith('.cache')), atTop.join(','));
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
