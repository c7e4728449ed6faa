import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileScanner } from '../../src/core/scanner/files/fileScanner';
import { TextFileReader } from '../../src/core/scanner/files/readTextFile';
import { walkFiles, type WalkEntry } from '../../src/core/scanner/files/walkFiles';
import { ScanWorkerPool } from '../../src/core/scanner/worker/scanWorkerPool';

// A fake value, made for these tests.
const KEY = 'FAKEw8PzRq3LtNv6XkBm2JcHd9SgYf4T';
const ASSIGNMENT = `SPECTROCLOUD_APIKEY=${KEY}\n`;

/** Bad inputs the scanner meets in real folders: none may throw, hang or leak the value. */
describe('scanner: bad inputs', function () {
  this.timeout(20_000);
  let root: string;

  const at = (relative: string): string => path.join(root, relative);
  const reason = (result: ReturnType<FileScanner['scanFile']>): string => (result.status === 'skipped' ? result.reason : 'scanned');

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'palette-inputs-'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('skips a 50 MB file quickly, reading no more than the limit', () => {
    const file = at('huge.log');
    const fd = openSync(file, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    writeSync(fd, ASSIGNMENT);
    closeSync(fd);
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const result = new FileScanner().scanFile(file);
    const elapsed = performance.now() - started;
    assert.equal(reason(result), 'too-large');
    assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024, 'the 50 MB file was not read whole');
    rmSync(file);
  });

  it('scans a 50 MB file when the limit allows it, and finds the key at its end', () => {
    const file = at('huge.env');
    writeFileSync(file, Buffer.concat([Buffer.alloc(50 * 1024 * 1024, '\n'), Buffer.from(ASSIGNMENT)]));
    const result = new FileScanner({ maxFileSize: 64 * 1024 * 1024 }).scanFile(file);
    assert.equal(result.status === 'scanned' && result.findings.length, 1);
    assert.equal(result.status === 'scanned' && result.findings[0].line, 50 * 1024 * 1024 + 1);
    rmSync(file);
  });

  it('skips binary files: a NUL in the first 8 KB, whatever the extension', () => {
    writeFileSync(at('image.env'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]), Buffer.from(ASSIGNMENT)]));
    assert.equal(reason(new FileScanner().scanFile(at('image.env'))), 'binary');
    // A NUL after 8 KB (a text log that picked up one) does not make a file binary.
    writeFileSync(at('late-nul.env'), Buffer.concat([Buffer.from(ASSIGNMENT), Buffer.alloc(9000, 'a'), Buffer.from([0])]));
    assert.equal(reason(new FileScanner().scanFile(at('late-nul.env'))), 'scanned');
  });

  it('decodes invalid UTF-8 (stray continuation bytes, overlong forms, encoded surrogates, a cut sequence) and still finds the key', () => {
    const invalid = Buffer.from([0x80, 0xbf, 0x0a, 0xc0, 0xaf, 0x0a, 0xed, 0xa0, 0x80, 0x0a, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x0a]);
    writeFileSync(at('invalid.env'), Buffer.concat([invalid, Buffer.from([0xe2, 0x82]), Buffer.from(` ${ASSIGNMENT}`), Buffer.from([0xe2])]));
    const result = new FileScanner().scanFile(at('invalid.env'));
    assert.equal(result.status, 'scanned');
    const [finding] = result.status === 'scanned' ? result.findings : [];
    assert.equal(finding?.line, 5);
    assert.ok(!JSON.stringify(result).includes(KEY), 'findings carry no raw value');
  });

  it('scans a line of a million characters without a newline, with and without a key', () => {
    writeFileSync(at('minified.js'), `${'q'.repeat(1_000_000)}`);
    writeFileSync(at('minified-key.js'), `var a="${'Zx9'.repeat(333_333)}";var PALETTE_API_KEY="${KEY}";`);
    const scanner = new FileScanner({ maxFileSize: 4 * 1024 * 1024 });
    const started = performance.now();
    const clean = scanner.scanFile(at('minified.js'));
    const planted = scanner.scanFile(at('minified-key.js'));
    const elapsed = performance.now() - started;
    assert.equal(clean.status === 'scanned' && clean.findings.length, 0);
    assert.equal(planted.status === 'scanned' && planted.findings.length, 1);
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  });

  describe('symbolic-link loops', () => {
    before(() => {
      mkdirSync(at('links/a'), { recursive: true });
      symlinkSync('self', at('links/self')); // a link to itself: ELOOP
      symlinkSync('ping', at('links/pong'));
      symlinkSync('pong', at('links/ping')); // two links pointing at each other
      symlinkSync('..', at('links/a/up')); // a directory loop
      writeFileSync(at('links/a/real.env'), ASSIGNMENT);
    });

    it('reports links that loop when reading them directly (a link is not read at all unless following)', () => {
      assert.equal(reason(new FileScanner({ followSymlinks: true }).scanFile(at('links/self'))), 'symlink-loop');
      assert.equal(reason(new FileScanner({ followSymlinks: true }).scanFile(at('links/ping'))), 'symlink-loop');
      assert.equal(reason(new FileScanner().scanFile(at('links/self'))), 'symlink');
    });

    it('does not follow links by default, and ends the walk with each file once when following', async () => {
      const plain: WalkEntry[] = [];
      for await (const entry of walkFiles([at('links')])) plain.push(entry);
      assert.deepEqual(plain.map((entry) => `${entry.kind}:${path.relative(root, entry.path)}`), [`file:${path.join('links', 'a', 'real.env')}`]);
      const followed: WalkEntry[] = [];
      for await (const entry of walkFiles([at('links')], { followSymlinks: true })) followed.push(entry);
      const skipped = followed.filter((entry) => entry.kind === 'skipped').map((entry) => `${path.basename(entry.path)}:${entry.kind === 'skipped' ? entry.reason : ''}`).sort();
      assert.deepEqual(skipped, ['ping:symlink-loop', 'pong:symlink-loop', 'self:symlink-loop', 'up:symlink-loop']);
      assert.equal(followed.filter((entry) => entry.kind === 'file').length, 1);
    });
  });

  describe('files that cannot be read (the tests run as root, so permissions cannot stop a read)', () => {
    let fifo: string;

    before(() => {
      fifo = at('special/pipe.env');
      mkdirSync(path.dirname(fifo), { recursive: true });
      execFileSync('mkfifo', [fifo]);
      mkdirSync(at('special/dir.env'));
      writeFileSync(at('special/ok.env'), ASSIGNMENT);
    });

    it('never blocks on a FIFO: nobody writing, or a writer that never sends', () => {
      assert.equal(reason(new FileScanner().scanFile(fifo)), 'scanned', 'no writer: reads as empty at once');
      // O_RDWR opens a FIFO without waiting for a reader: this process then holds it open as a silent writer.
      const writer = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
      try {
        const started = performance.now();
        assert.equal(reason(new FileScanner().scanFile(fifo)), 'unreadable');
        assert.ok(performance.now() - started < 1000);
      } finally {
        closeSync(writer);
      }
    });

    it('reports a FIFO and a directory named like a file as skipped, walking or reading', async () => {
      assert.equal(reason(new FileScanner().scanFile(at('special/dir.env'))), 'not-a-file');
      assert.equal(new TextFileReader().read(at('special/dir.env')).kind, 'skipped');
      const entries: string[] = [];
      for await (const entry of walkFiles([at('special')])) entries.push(`${entry.kind === 'skipped' ? entry.reason : entry.kind}:${path.basename(entry.path)}`);
      assert.deepEqual(entries.sort(), ['file:ok.env', 'not-a-file:pipe.env']);
      const asRoot: string[] = [];
      for await (const entry of walkFiles([fifo])) asRoot.push(entry.kind === 'skipped' ? entry.reason : entry.kind);
      assert.deepEqual(asRoot, ['not-a-file']);
    });

    it('reports a path through a file (ENOTDIR) as not found', () => {
      assert.equal(reason(new FileScanner().scanFile(at('special/ok.env/inner'))), 'not-found');
    });
  });

  describe('files deleted mid-scan', () => {
    it('skips files deleted between the walk and the read on worker threads, and finishes', async () => {
      const dir = at('vanishing');
      mkdirSync(dir);
      const names = Array.from({ length: 200 }, (_, i) => path.join(dir, `f${i}.env`));
      for (const name of names) writeFileSync(name, ASSIGNMENT);
      // Every other file is deleted right after the walk hands it out.
      async function* walkThenDelete(): AsyncGenerator<string> {
        for (const [index, name] of names.entries()) {
          yield name;
          if (index % 2 === 1) rmSync(name);
        }
      }
      const pool = new ScanWorkerPool({ config: {}, workerCount: 2 });
      try {
        const outcome = await pool.scan(walkThenDelete(), { batchSize: 10 });
        assert.equal(outcome.cancelled, false);
        assert.equal(outcome.filesScanned + outcome.filesSkipped, names.length);
        assert.ok(outcome.filesSkipped >= 90 && outcome.filesSkipped <= 100, `${outcome.filesSkipped} skipped`);
        for (const result of outcome.results) {
          if (result.status === 'skipped') assert.equal(result.reason, 'not-found');
        }
        assert.ok(!JSON.stringify(outcome).includes(KEY));
      } finally {
        await pool.dispose();
      }
    });

    it('reports a folder deleted while it waits to be walked, and goes on', async () => {
      const dir = at('gone');
      mkdirSync(path.join(dir, 'sub'), { recursive: true });
      writeFileSync(path.join(dir, 'sub', 'a.env'), ASSIGNMENT);
      writeFileSync(path.join(dir, 'b.env'), ASSIGNMENT);
      const entries: string[] = [];
      for await (const entry of walkFiles([dir])) {
        entries.push(`${entry.kind === 'skipped' ? entry.reason : entry.kind}:${path.basename(entry.path)}`);
        // The walk lists `gone/` first: drop `sub/` before it is listed.
        if (entry.kind === 'file' && entry.path.endsWith('b.env')) rmSync(path.join(dir, 'sub'), { recursive: true });
      }
      assert.deepEqual(entries, ['file:b.env', 'not-found:sub']);
    });
  });
});
