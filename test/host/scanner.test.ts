import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSuiteEmulator, type SuiteEmulator } from './support/emulator';
import { EmulatorControl } from './support/emulatorControl';
import { screenshot } from './support/screenshot';
import { measureEventLoopDelay, RESPONSIVE } from './support/eventLoopDelay';
import { answerMessages } from './support/messageAnswers';
import { waitFor } from './support/waitFor';

/** What a scripted `scanWorkspace` resolves to. */
interface ScanResult {
  files: number;
  skipped: number;
  cancelled: boolean;
  durationMs: number;
  findings: { file: string; line: number; ruleId: string; masked: string; fingerprint: string; known: boolean }[];
}

const SOURCE = 'Palette API Keys';
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/workspaces/scanner');
/** Every fake value planted by the fixture and this suite: none may appear in any output. */
const PLANTED = {
  env: 'FAKEKWgXbWV1MIzOtXV1WnlGN2L2CQdX',
  terraform: 'FAKEqmeckaVMApwv7VhmGsnIw8evljrD',
  shell: 'FAKEcOecPqNq4bX5BaNbqvXCSzWgrWXS',
  allowed: 'FAKEx9TbQ2mLr7WcV4nZpK8sJd3HgF6a',
  workflow: 'FAKEr4NvB8kQ1zXw7HmT3cLp9YdS6gJe',
  gitIgnored: 'FAKEh2KdL8pQw5XzN3vB7mR9tY4cJ6sA',
  nodeModules: 'FAKEm7QpW2xK9vN4bL6zR3tH8dJ5cY1s',
  typed: 'FAKEt6YhN2wQ9kL4xV8bM3rJ7pD5zC1g',
};
const secrets: string[] = Object.values(PLANTED);

function run<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(`paletteKeys.${command}`, ...args));
}

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests run with a workspace folder');
  return folder.uri.fsPath;
}

function fixtureUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(root(), 'scanner-fixture', ...parts));
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Fails when any text shown to the user (or returned to a script) holds a planted or emulator value. */
function assertNoSecret(text: string, what: string): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${what} holds a full key value`);
}

function assertAllDiagnosticsMasked(): void {
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) if (d.source === SOURCE) assertNoSecret(d.message, 'a diagnostic message');
  }
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
}

async function runAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

describe('leak scanner in VS Code', function () {
  this.timeout(90_000);
  let fixture: string;

  before(async () => {
    await vscode.extensions.getExtension('palette-keys.palette-api-keys')?.activate();
    fixture = path.join(root(), 'scanner-fixture');
    fs.cpSync(FIXTURE, fixture, { recursive: true });
    // Planted here rather than in the fixture: a real .gitignore there would hide files from this repository.
    fs.writeFileSync(path.join(fixture, '.gitignore'), 'local/\n');
    fs.mkdirSync(path.join(fixture, 'local'));
    fs.writeFileSync(path.join(fixture, 'local', 'secrets.env'), `SPECTROCLOUD_APIKEY=${PLANTED.gitIgnored}\n`);
    fs.mkdirSync(path.join(fixture, 'node_modules', 'leaky'), { recursive: true });
    fs.writeFileSync(path.join(fixture, 'node_modules', 'leaky', 'config.env'), `SPECTROCLOUD_APIKEY=${PLANTED.nodeModules}\n`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(fixture, { recursive: true, force: true });
    fs.rmSync(path.join(root(), '.palette-keys-ignore'), { force: true });
  });

  afterEach(() => assertAllDiagnosticsMasked());

  describe('workspace scan', () => {
    let result: ScanResult;

    // Every test below reads this suite's own scan, so each passes alone (`--grep`).
    before(async () => {
      result = await run<ScanResult>('scanWorkspace', {});
    });

    it('finds the planted keys, masked, in dotfiles and .github/ too', () => {
      assertNoSecret(JSON.stringify(result), 'the scan result');
      const files = result.findings.filter((f) => f.file.startsWith('scanner-fixture/')).map((f) => `${f.file}:${f.line} ${f.ruleId}`);
      assert.deepEqual(files, [
        'scanner-fixture/.env:3 palette-keys/env-assignment',
        'scanner-fixture/.github/workflows/deploy.yml:7 palette-keys/env-assignment',
        'scanner-fixture/deploy.sh:3 palette-keys/env-assignment',
        'scanner-fixture/main.tf:3 palette-keys/terraform-provider',
      ]);
      for (const finding of result.findings) {
        assert.match(finding.masked, /^[A-Za-z0-9]{4}…[A-Za-z0-9]{4}$/);
        assert.match(finding.fingerprint, /^pk1:[0-9a-f]{32}$/);
      }
      assert.ok(result.files >= 6, `${result.files} files scanned`);
    });

    it('leaves out .gitignored files, search.exclude (node_modules) and palette-keys:allow lines', () => {
      const files = result.findings.map((f) => f.file);
      assert.ok(!files.some((f) => f.includes('local/') || f.includes('node_modules') || f.includes('allowed.env')), files.join(', '));
    });

    it('shows closed files in the Problems panel: Warning for high-confidence findings, masked', () => {
      const diagnostics = ours(fixtureUri('.env'));
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(diagnostics[0].code, 'palette-keys/env-assignment');
      assert.equal(diagnostics[0].range.start.line, 2);
      assert.match(diagnostics[0].message, /FAKE…CQdX/);
      assert.equal(ours(fixtureUri('allowed.env')).length, 0);
    });

    it('re-scans a file that changes on disk (file watcher)', async () => {
      const file = path.join(fixture, 'later.env');
      fs.writeFileSync(file, `SPECTROCLOUD_APIKEY=${PLANTED.typed}\n`);
      await waitFor(() => ours(vscode.Uri.file(file)).length === 1, 10_000, 'a diagnostic for a file created on disk');
      fs.writeFileSync(file, 'SPECTROCLOUD_APIKEY=\n');
      await waitFor(() => ours(vscode.Uri.file(file)).length === 0, 10_000, 'the diagnostic to go once the key is removed on disk');
      fs.rmSync(file);
    });
  });

  describe('open documents', () => {
    it('scans as you type (debounced) and clears when the key is gone', async () => {
      const uri = fixtureUri('typed.env');
      fs.writeFileSync(uri.fsPath, '# typed by the test\n');
      const editor = await openEditor(uri);
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `SPECTROCLOUD_APIKEY=${PLANTED.typed}\n`));
      await waitFor(() => ours(uri).length === 1, 5000, 'a diagnostic after typing a key');
      assert.equal(ours(uri)[0].range.start.line, 1);
      await editor.edit((edit) => edit.delete(new vscode.Range(1, 0, 2, 0)));
      await waitFor(() => ours(uri).length === 0, 5000, 'the diagnostic to clear after deleting the key');
      await editor.document.save();
    });

    it('explains a finding on hover without the value', async () => {
      const uri = fixtureUri('main.tf');
      await openEditor(uri);
      const text = await hoverText(uri, new vscode.Position(2, 25));
      assert.match(text, /FAKE…ljrD/);
      assert.match(text, /spectrocloud provider/i);
      assert.match(text, /Confidence: \*\*high\*\*/);
      assertNoSecret(text, 'the hover');
      assert.equal(await hoverText(uri, new vscode.Position(0, 2)).then((t) => /Palette API key/.test(t)), false, 'no hover away from findings');
    });

    it('replaces a key with an environment variable reference', async () => {
      const uri = fixtureUri('deploy.sh');
      const editor = await openEditor(uri);
      const [diagnostic] = ours(uri);
      const replace = (await codeActions(uri, diagnostic.range)).find((a) => /^Replace with/.test(a.title));
      assert.ok(replace, 'a "Replace with" quick fix');
      assertNoSecret(replace.title, 'the quick fix title');
      await runAction(replace);
      assert.match(editor.document.lineAt(2).text, /^export SPECTROCLOUD_APIKEY="\$\{SPECTROCLOUD_APIKEY\}"$/);
      await waitFor(() => ours(uri).length === 0, 5000, 'the finding to go after the replacement');
      await editor.document.save();
    });

    it('adds a palette-keys:allow comment that silences the finding', async () => {
      const uri = fixtureUri('.github', 'workflows', 'deploy.yml');
      const editor = await openEditor(uri);
      await waitFor(() => ours(uri).length === 1, 5000, 'the workflow finding in the open document');
      const allow = (await codeActions(uri, ours(uri)[0].range)).find((a) => /palette-keys:allow/.test(a.title));
      assert.ok(allow, 'an allow-comment quick fix');
      await runAction(allow);
      assert.equal(editor.document.lineAt(6).text, '      # palette-keys:allow');
      await waitFor(() => ours(uri).length === 0, 5000, 'the finding to be silenced by the comment');
      await editor.document.save();
    });

    it('ignores a finding through .palette-keys-ignore, and follows edits of that file', async () => {
      const uri = fixtureUri('.env');
      await openEditor(uri);
      await waitFor(() => ours(uri).length === 1, 5000, 'the .env finding');
      const ignore = (await codeActions(uri, ours(uri)[0].range)).find((a) => /^Ignore this finding/.test(a.title));
      assert.ok(ignore, 'an ignore quick fix');
      await runAction(ignore);
      await waitFor(() => ours(uri).length === 0, 5000, 'the finding to be ignored');
      const ignoreFile = path.join(root(), '.palette-keys-ignore');
      const content = fs.readFileSync(ignoreFile, 'utf8');
      assert.match(content, /^# scanner-fixture\/\.env:3 palette-keys\/env-assignment$/m);
      assert.match(content, /^pk1:[0-9a-f]{32}$/m);
      assertNoSecret(content, 'the ignore file');
      // Editing the file by hand (here: emptying it) brings the finding back.
      fs.writeFileSync(ignoreFile, '# emptied\n');
      await waitFor(() => ours(uri).length === 1, 10_000, 'the finding to return once the ignore entry is gone');
    });
  });

  describe('known keys (against the emulator)', () => {
    let emulator: SuiteEmulator;
    let control: EmulatorControl;
    let bobKeyUid: string;

    before(async function () {
      emulator = await startSuiteEmulator();
      secrets.push(emulator.adminKey, emulator.userKey);
      control = new EmulatorControl(emulator);
      await control.reset();
      await run('signIn', { host: emulator.url, apiKey: emulator.adminKey });
      await run('refresh', {});
      bobKeyUid = (await control.keys()).find((key) => key.name === 'bob-vscode')?.uid ?? '';
      assert.ok(bobKeyUid, 'the emulator seeds bob-vscode, Bob\'s sign-in key');
    });

    after(async () => {
      if (!emulator) return;
      // The files hold emulator key values: close and delete them before any screenshot.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const name of ['notes.txt', 'bob.env']) fs.rmSync(fixtureUri(name).fsPath, { force: true });
      for (let i = 0; i < 5; i++) await run('signOut', {}).catch(() => undefined);
      await emulator.close();
    });

    it('flags the signed-in credential as an Error wherever it appears', async () => {
      const uri = fixtureUri('notes.txt');
      fs.writeFileSync(uri.fsPath, `the admin token is ${emulator.adminKey} (do not share)\n`);
      await openEditor(uri);
      const [diagnostic] = await waitFor(() => (ours(uri).length === 1 ? ours(uri) : undefined), 10_000, 'a known-key diagnostic');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diagnostic.code, 'palette-keys/known-key');
      assert.match(diagnostic.message, /signs in with/);
      assert.match(diagnostic.message, new RegExp(`${emulator.adminKey.slice(0, 4)}…${emulator.adminKey.slice(-4)}`));
    });

    it('registers a value for a key and names that key in diagnostics and hovers', async () => {
      const registered = await run<{ fingerprint: string }>('registerKnownKey', { value: emulator.userKey, keyUid: bobKeyUid });
      assertNoSecret(JSON.stringify(registered), 'the registerKnownKey result');
      assert.match(registered.fingerprint, /^pk1:[0-9a-f]{32}$/);
      const uri = fixtureUri('bob.env');
      fs.writeFileSync(uri.fsPath, `BOB_TOKEN=${emulator.userKey}\n`);
      await openEditor(uri);
      const [diagnostic] = await waitFor(() => (ours(uri).length === 1 ? ours(uri) : undefined), 10_000, 'a diagnostic naming bob-vscode');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.match(diagnostic.message, /"bob-vscode" \(Bob Builder\).*active in Palette/);
      const hover = await hoverText(uri, diagnostic.range.start);
      assert.match(hover, /bob-vscode/);
      assert.match(hover, /Owner: Bob Builder/);
      assert.match(hover, /Expiry: \d{4}-\d\d-\d\d/);
      assertNoSecret(hover, 'the hover');
      const scan = await run<ScanResult>('scanWorkspace', {});
      const finding = scan.findings.find((f) => f.file === 'scanner-fixture/bob.env');
      assert.equal(finding?.fingerprint, registered.fingerprint);
      assert.equal(finding?.known, true);
    });

    it('revokes the key from a quick fix; the finding drops to Information and says so', async () => {
      const uri = fixtureUri('bob.env');
      const revoke = (await codeActions(uri, ours(uri)[0].range)).find((a) => a.title === 'Revoke "bob-vscode" in Palette');
      assert.ok(revoke, 'a revoke quick fix');
      assert.equal(revoke.isPreferred, true);
      // The revoke asks first (a modal naming the key and its owner): answered as a person would.
      const answers = answerMessages((asked) => (asked.modal && asked.message === 'Revoke "bob-vscode" of Bob Builder?' ? 'Revoke' : undefined));
      try {
        await runAction(revoke);
      } finally {
        answers.restore();
      }
      assert.equal((await control.key(bobKeyUid))?.isActive, false, 'the emulator has the key revoked');
      await waitFor(() => ours(uri)[0]?.severity === vscode.DiagnosticSeverity.Information, 10_000, 'the severity to drop');
      assert.match(ours(uri)[0].message, /revoked in Palette; it no longer works/);
      const actions = await codeActions(uri, ours(uri)[0].range);
      assert.ok(!actions.some((a) => a.title.startsWith('Revoke')), 'no revoke offered for a revoked key');
      // What the notification's Undo runs:
      await run('reactivateKey', { uid: bobKeyUid });
      assert.equal((await control.key(bobKeyUid))?.isActive, true);
      await waitFor(() => ours(uri)[0]?.severity === vscode.DiagnosticSeverity.Error, 10_000, 'the severity to return to Error');
    });

    it('refuses to register a short value or an unknown key uid without echoing the value', async () => {
      const short = 'FAKEshort123';
      await assert.rejects(run('registerKnownKey', { value: short }), (e: Error) => /at least 16/.test(e.message) && !e.message.includes(short));
      await assert.rejects(run('registerKnownKey', { value: PLANTED.typed, keyUid: 'no-such-uid' }), (e: Error) => /uid/.test(e.message) && !e.message.includes(PLANTED.typed));
    });
  });

  describe('a large workspace', () => {
    const FILES = 3000;
    const PLANTED_EVERY = 100;
    let large: string;

    before(async () => {
      large = path.join(root(), 'scanner-large');
      const filler = Array.from({ length: 40 }, (_, i) => `line ${i}: const value${i} = computeSomething(${i}, "not a key at all");`).join('\n');
      // Written asynchronously, a directory at a time: this suite runs in the extension host it measures.
      for (let d = 0; d < FILES / 100; d++) {
        const dir = path.join(large, `dir${d}`);
        await fs.promises.mkdir(dir, { recursive: true });
        await Promise.all(Array.from({ length: 100 }, (_, j) => {
          const i = d * 100 + j;
          const planted = i % PLANTED_EVERY === 0 ? `\nSPECTROCLOUD_APIKEY=${`FAKE${i}TLr7WcV4nZpK8sJd3HgF6bQzXmN`.slice(0, 32)}\n` : '\n';
          return fs.promises.writeFile(path.join(dir, i % PLANTED_EVERY === 0 ? `f${i}.env` : `f${i}.ts`), filler + planted);
        }));
      }
      // Let the watcher's burst of change events drain before measuring.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    });

    after(() => fs.rmSync(large, { recursive: true, force: true }));

    it('scans on worker threads with the extension host staying responsive', async () => {
      const { result, p99Ms, maxMs } = await measureEventLoopDelay(() => run<ScanResult>('scanWorkspace', {}));
      console.log(`[scanner] ${result.files} files in ${result.durationMs} ms; event-loop delay p99 ${p99Ms.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms`);
      assert.equal(result.findings.filter((f) => f.file.startsWith('scanner-large/')).length, FILES / PLANTED_EVERY);
      assert.ok(result.files >= FILES, `${result.files} files scanned`);
      assert.ok(p99Ms < RESPONSIVE.p99Ms, `event-loop delay p99 ${p99Ms.toFixed(1)} ms during the scan`);
      assert.ok(maxMs < RESPONSIVE.maxMs, `event-loop delay max ${maxMs.toFixed(1)} ms during the scan`);
    });

    it('joins a second Scan Workspace to the one running: both finish and report', async () => {
      const first = run<ScanResult>('scanWorkspace', {});
      const second = run<ScanResult>('scanWorkspace', {});
      for (const done of await Promise.all([first, second])) {
        assert.equal(done.cancelled, false);
        assert.equal(done.findings.filter((f) => f.file.startsWith('scanner-large/')).length, FILES / PLANTED_EVERY);
      }
    });

    it('shows progress in a notification when run from the command palette', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const scan = run<ScanResult>('scanWorkspace');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await screenshot('scanner-workspace-progress');
      const result = await scan;
      assert.equal(result.cancelled, false);
    });
  });
});
