import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/scanner/types';
import { Logger } from '../../src/host/logger';
import type { FindingOrigin } from '../../src/host/scanner/findingStore';
import { WorkspaceScanner, type WorkspaceFindingSink, type WorkspaceKnownKeys } from '../../src/host/scanner/workspaceScanner';
import { measureEventLoopDelay, RESPONSIVE } from './support/eventLoopDelay';
import { waitFor } from './support/waitFor';

/** What a scripted `scanWorkspace` resolves to. */
interface ScanResult {
  files: number;
  skipped: number;
  cancelled: boolean;
  durationMs: number;
  findings: { file: string; line: number; ruleId: string; masked: string }[];
}

const SOURCE = 'Palette API Keys';
// Fake values, made for this suite.
const KEY = 'FAKEu5RcW9nLq2ZtK7bXm4HsJp8DvG3y';
const VANISHING_KEY = 'FAKEj6TgN3wXr8LpQ2cVz5KbH9mDs4Fa';
const FOLDER = 'scanner-inputs';

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests run with a workspace folder');
  return folder.uri.fsPath;
}

function scan(): Promise<ScanResult> {
  return Promise.resolve(vscode.commands.executeCommand<ScanResult>('paletteKeys.scanWorkspace', {}));
}

function assertNoKey(text: string, what: string): void {
  for (const key of [KEY, VANISHING_KEY]) assert.ok(!text.includes(key), `${what} holds a full key value`);
}

describe('leak scanner: bad inputs in the workspace', function () {
  this.timeout(120_000);
  let dir: string;
  const vanishing: string[] = [];

  before(async () => {
    await vscode.extensions.getExtension('palette-keys.palette-api-keys')?.activate();
    dir = path.join(root(), FOLDER);
    await fs.promises.mkdir(dir, { recursive: true });
    // 50 MB, written a megabyte at a time: this suite runs in the extension host it measures.
    const huge = await fs.promises.open(path.join(dir, 'huge.log'), 'w');
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 50; i++) await huge.write(chunk);
    await huge.write(`\nSPECTROCLOUD_APIKEY=${KEY}\n`);
    await huge.close();
    await fs.promises.writeFile(path.join(dir, 'image.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(`SPECTROCLOUD_APIKEY=${KEY}`)]));
    await fs.promises.writeFile(path.join(dir, 'invalid-utf8.env'), Buffer.concat([Buffer.from([0xc0, 0xaf, 0x80, 0x0a, 0xed, 0xa0, 0x80, 0x0a]), Buffer.from(`SPECTROCLOUD_APIKEY=${KEY}\n`)]));
    await fs.promises.writeFile(path.join(dir, 'minified.js'), `var a="${'Zx9'.repeat(333_333)}";var PALETTE_API_KEY="${KEY}";`);
    await fs.promises.mkdir(path.join(dir, 'loop'));
    await fs.promises.symlink('..', path.join(dir, 'loop', 'parent'));
    await fs.promises.symlink('self', path.join(dir, 'self'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.env')]);
    await fs.promises.mkdir(path.join(dir, 'vanishing'));
    for (let i = 0; i < 400; i++) {
      const file = path.join(dir, 'vanishing', `f${i}.env`);
      vanishing.push(file);
      await fs.promises.writeFile(file, `SPECTROCLOUD_APIKEY=${VANISHING_KEY}\n`);
    }
    // Let the watcher's burst of change events drain before measuring.
    await new Promise((resolve) => setTimeout(resolve, 2000));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scans a workspace with a 50 MB file, a binary, invalid UTF-8, a million-character line, symlink loops and a FIFO, staying responsive', async () => {
    const { result, p99Ms, maxMs } = await measureEventLoopDelay(scan);
    console.log(`[scanner inputs] ${result.files} files, ${result.skipped} skipped in ${result.durationMs} ms; event-loop delay p99 ${p99Ms.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms`);
    assertNoKey(JSON.stringify(result), 'the scan result');
    assert.equal(result.cancelled, false);
    // huge.log (too large), image.png (binary), pipe.env (not a file); symlinks are not followed.
    assert.ok(result.skipped >= 3, `${result.skipped} skipped`);
    const ours = result.findings.filter((f) => f.file.startsWith(`${FOLDER}/`) && !f.file.includes('/vanishing/')).map((f) => `${f.file}:${f.line}`);
    assert.deepEqual(ours, [`${FOLDER}/invalid-utf8.env:3`, `${FOLDER}/minified.js:1`]);
    assert.ok(p99Ms < RESPONSIVE.p99Ms, `event-loop delay p99 ${p99Ms.toFixed(1)} ms during the scan`);
    assert.ok(maxMs < RESPONSIVE.maxMs, `event-loop delay max ${maxMs.toFixed(1)} ms during the scan`);
  });

  it('finishes a scan while files are deleted under it, and leaves no diagnostic for a deleted file', async () => {
    const scanning = scan();
    // Delete from a child process, so the deletions race the scan rather than wait for the host's turns.
    const deleting = new Promise<void>((resolve, reject) => {
      const rm = spawn('rm', ['-rf', path.join(dir, 'vanishing')]);
      rm.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rm exited with ${code}`))));
    });
    const [result] = await Promise.all([scanning, deleting]);
    assert.equal(result.cancelled, false);
    assertNoKey(JSON.stringify(result), 'the scan result');
    await waitFor(
      () => vanishing.every((file) => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === SOURCE).length === 0),
      10_000,
      'no diagnostics left for deleted files',
    );
    const again = await scan();
    assert.ok(!again.findings.some((f) => f.file.includes('/vanishing/')), 'a re-scan finds nothing of the deleted folder');
  });

  it('two Scan Workspace requests at once both finish and report', async () => {
    const [first, second] = await Promise.all([scan(), scan()]);
    assert.equal(first.cancelled, false);
    assert.equal(second.cancelled, false);
    assert.deepEqual(second.findings, first.findings);
  });
});

describe('WorkspaceScanner: automatic re-scans never cancel a user scan', function () {
  this.timeout(60_000);
  let channel: vscode.LogOutputChannel;
  let scanner: WorkspaceScanner;
  let gate: { promise: Promise<void>; open: () => void };
  let readyCalls = 0;
  const stored = new Map<string, { origin: FindingOrigin; findings: readonly Finding[] }>();

  const newGate = (): { promise: Promise<void>; open: () => void } => {
    let open: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { promise, open };
  };

  let files: string;

  before(async () => {
    files = path.join(root(), 'scanner-coalesce');
    await fs.promises.mkdir(files, { recursive: true });
    for (let i = 0; i < 20; i++) await fs.promises.writeFile(path.join(files, `f${i}.txt`), `line ${i}\n`);
    channel = vscode.window.createOutputChannel('Palette scanner test', { log: true });
    const sink: WorkspaceFindingSink = {
      uris: () => [...stored.keys()].map((key) => vscode.Uri.parse(key)),
      origin: (uri) => stored.get(uri.toString())?.origin,
      set: (uri, origin, findings) => void stored.set(uri.toString(), { origin, findings }),
      delete: (uri) => void stored.delete(uri.toString()),
    };
    // Every scan waits for known keys first: holding that promise holds the scan "running".
    const knownKeys: WorkspaceKnownKeys = {
      whenReady: () => {
        readyCalls++;
        return gate.promise;
      },
      version: 0,
      workerConfig: undefined,
    };
    const settings = {
      enabled: true,
      run: 'onType' as const,
      debounceMs: 300,
      scanOnStartup: false,
      maxFileSizeBytes: 1024 * 1024,
      includeGitIgnored: false,
      minConfidence: 'medium' as const,
    };
    scanner = new WorkspaceScanner(sink, () => false, knownKeys, () => settings, path.resolve(__dirname, '../../../dist/scanWorker.js'), new Logger(channel, 'test'));
  });

  after(() => {
    scanner.dispose();
    channel.dispose();
    fs.rmSync(files, { recursive: true, force: true });
  });

  it('lets a user scan finish and runs one automatic re-scan after it', async () => {
    gate = newGate();
    readyCalls = 0;
    // Full scans counted as they finish: the file watcher's re-scans of single files wait for known keys too.
    let finished = 0;
    const counting = scanner.onDidFinishScan(() => finished++);
    const user = scanner.scanWorkspace(vscode.ProgressLocation.Window, 'user');
    const automatic = [scanner.scanWorkspace(vscode.ProgressLocation.Window, 'automatic'), scanner.scanWorkspace(vscode.ProgressLocation.Window, 'automatic')];
    await waitFor(() => readyCalls >= 1, 5000, 'the user scan to start');
    gate.open();
    const outcome = await user;
    assert.equal(outcome.cancelled, false, 'the user scan was not cancelled');
    assert.ok(outcome.filesScanned >= 20, `${outcome.filesScanned} files scanned`);
    const [a, b] = await Promise.all(automatic);
    counting.dispose();
    assert.equal(finished, 2, 'exactly one follow-up scan for both automatic requests');
    assert.equal(a.cancelled, false);
    assert.equal(a, b);
    assert.ok(scanner.scannedOnce);
  });

  it('cancels an automatic scan when the user asks for one, and the user scan reports', async () => {
    gate = newGate();
    readyCalls = 0;
    let finished = 0;
    const counting = scanner.onDidFinishScan(() => finished++);
    const automatic = scanner.scanWorkspace(vscode.ProgressLocation.Window, 'automatic');
    await waitFor(() => readyCalls >= 1, 5000, 'the automatic scan to start');
    const user = scanner.scanWorkspace(vscode.ProgressLocation.Window, 'user');
    gate.open();
    assert.equal((await automatic).cancelled, true);
    const outcome = await user;
    counting.dispose();
    assert.equal(outcome.cancelled, false);
    assert.ok(outcome.filesScanned >= 20, `${outcome.filesScanned} files scanned`);
    assert.equal(finished, 1, 'only the user scan ran to the end');
  });
});
