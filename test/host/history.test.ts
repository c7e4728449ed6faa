// The git history scan in a real extension host: a real repository made with git in the workspace
// folder, the real emulator behind the known key, and the command, view and documents as a user has them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSuiteEmulator, type SuiteEmulator } from './support/emulator';
import { EmulatorControl } from './support/emulatorControl';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

interface HistoryResult {
  cancelled: boolean;
  folders: { name: string; repository: boolean; commitsScanned: number }[];
  findings: { file: string; line: number; commit: string; author: string; presentAtHead: boolean; fingerprint: string; masked: string; known: boolean; source: string }[];
}

/** A fake value made for this suite (an unknown key, still in HEAD). */
const FAKE = 'FAKEw8RtK3nQz5VbL2xJm9HcP4sDy7Ga';

function run<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(`paletteKeys.${command}`, args));
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('git history scan', function () {
  this.timeout(90_000);
  let emulator: SuiteEmulator;
  let control: EmulatorControl;
  let root: string;
  let bobKeyUid: string;
  let introducing: string;
  const secrets: string[] = [FAKE];

  function git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'Bob Builder', GIT_AUTHOR_EMAIL: 'bob@example.invalid', GIT_COMMITTER_NAME: 'Bob Builder', GIT_COMMITTER_EMAIL: 'bob@example.invalid' },
    }).trim();
  }

  function write(relative: string, content: string): void {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }

  function assertNoSecret(text: string, what: string): void {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${what} holds a full key value`);
  }

  before(async function () {
    emulator = await startSuiteEmulator();
    secrets.push(emulator.adminKey, emulator.userKey);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host tests run with a workspace folder');
    root = folder.uri.fsPath;
    assert.ok(!fs.existsSync(path.join(root, '.git')), 'the test workspace is not a repository yet');
    control = new EmulatorControl(emulator);
    await control.reset();
    await run('signIn', { host: emulator.url, apiKey: emulator.adminKey });
    await run('refresh', {});
    bobKeyUid = (await control.keys()).find((key) => key.name === 'bob-vscode')?.uid ?? '';
    assert.ok(bobKeyUid, 'the emulator seeds bob-vscode');
    await run('registerKnownKey', { value: emulator.userKey, keyUid: bobKeyUid });

    // Only this suite's files are committed: the other suites' fixtures stay untracked.
    git('init', '-q', '-b', 'main');
    write('history-demo/README.md', '# demo service\n');
    git('add', 'history-demo');
    git('commit', '-q', '-m', 'Start the demo service');
    write('history-demo/deploy/bob.env', `REGION=eu\nBOB_TOKEN=${emulator.userKey}\n`);
    git('add', 'history-demo');
    git('commit', '-q', '-m', 'Deploy settings');
    introducing = git('rev-parse', 'HEAD');
    write('history-demo/deploy/bob.env', 'REGION=eu\n');
    write('history-demo/ci/.env', `SPECTROCLOUD_APIKEY=${FAKE}\n`);
    git('add', 'history-demo');
    git('commit', '-q', '-m', 'Read the token from the environment');
  });

  after(async () => {
    if (!emulator) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of ['.git', 'history-demo', '.palette-keys-ignore']) fs.rmSync(path.join(root, name), { recursive: true, force: true });
    for (let i = 0; i < 5; i++) await run('signOut', {}).catch(() => undefined);
    await emulator.close();
  });

  it('finds a known key that was committed and deleted, at its introducing commit', async () => {
    const result = await run<HistoryResult>('scanHistory', {});
    assertNoSecret(JSON.stringify(result), 'the scan result');
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.folders.map((f) => [f.repository, f.commitsScanned]), [[true, 3]]);
    const bob = result.findings.find((f) => f.file === 'history-demo/deploy/bob.env');
    assert.ok(bob, JSON.stringify(result.findings));
    assert.equal(bob.commit, introducing);
    assert.equal(bob.line, 2);
    assert.equal(bob.author, 'Bob Builder');
    assert.equal(bob.presentAtHead, false);
    assert.equal(bob.known, true);
    const fake = result.findings.find((f) => f.file === 'history-demo/ci/.env');
    assert.equal(fake?.presentAtHead, true);
    assert.equal(fake?.known, false);
  });

  it('shows the leaks in its own view, grouped by key (screenshot)', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.paletteKeys');
    await vscode.commands.executeCommand('paletteKeys.history.focus');
    await vscode.commands.executeCommand('notifications.clearAll');
    await settle(1500);
    await screenshot('history-tree');
  });

  it('opens the file as it was in the introducing commit, read-only, at the line', async () => {
    const { findings } = await run<HistoryResult>('scanHistory', {});
    const bob = findings.find((f) => f.file === 'history-demo/deploy/bob.env');
    assert.ok(bob);
    const opened = await run<{ uri: string }>('openHistoryFile', { fingerprint: bob.fingerprint, file: bob.file });
    const editor = await waitFor<vscode.TextEditor>(() => vscode.window.activeTextEditor?.document.uri.toString() === opened.uri ? vscode.window.activeTextEditor : undefined, 10_000, 'the historical file');
    assert.equal(editor.document.uri.scheme, 'palette-history');
    const holdsKey = editor.document.lineAt(1).text.includes(emulator.userKey);
    const line = editor.selection.active.line;
    if (!holdsKey || line !== 1) await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(holdsKey, 'line 2 of the historical file holds the committed key');
    assert.equal(line, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Nothing can write the historical file back: its scheme has no file system behind it.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(vscode.Uri.parse(opened.uri), new Uint8Array([120]))));
    console.log(`[history] built-in git extension present: ${vscode.extensions.getExtension('vscode.git') !== undefined}`);
  });

  it('copies the commit id', async () => {
    const { findings } = await run<HistoryResult>('scanHistory', {});
    const bob = findings.find((f) => f.file === 'history-demo/deploy/bob.env');
    assert.ok(bob);
    await run('copyHistoryCommitId', { fingerprint: bob.fingerprint });
    assert.equal(await vscode.env.clipboard.readText(), introducing);
  });

  it('revokes the known key only with confirm: true, in the emulator', async () => {
    const { findings } = await run<HistoryResult>('scanHistory', {});
    const bob = findings.find((f) => f.file === 'history-demo/deploy/bob.env');
    const fake = findings.find((f) => f.file === 'history-demo/ci/.env');
    assert.ok(bob && fake);
    await assert.rejects(run('revokeHistoryLeak', { fingerprint: bob.fingerprint }), /confirm: true/);
    assert.equal((await control.key(bobKeyUid))?.isActive, true, 'nothing revoked without confirmation');
    await assert.rejects(run('revokeHistoryLeak', { fingerprint: fake.fingerprint, confirm: true }), /not a key of the active connection/);
    const revoked = await run<{ name: string }>('revokeHistoryLeak', { fingerprint: bob.fingerprint, confirm: true });
    assert.equal(revoked.name, 'bob-vscode');
    assert.equal((await control.key(bobKeyUid))?.isActive, false, 'the emulator has the key revoked');
    await run('refresh', {});
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await settle(800);
    await screenshot('history-tree-revoked');
    await run('reactivateKey', { uid: bobKeyUid });
  });

  it('ignores a leak through the folder\'s ignore file', async () => {
    const { findings } = await run<HistoryResult>('scanHistory', {});
    const fake = findings.find((f) => f.file === 'history-demo/ci/.env');
    assert.ok(fake);
    await run('ignoreHistoryLeak', { fingerprint: fake.fingerprint });
    assert.match(fs.readFileSync(path.join(root, '.palette-keys-ignore'), 'utf8'), new RegExp(fake.fingerprint));
    const after = await run<HistoryResult>('scanHistory', {});
    assert.ok(!after.findings.some((f) => f.fingerprint === fake.fingerprint), 'the ignored leak is gone');
    fs.rmSync(path.join(root, '.palette-keys-ignore'), { force: true });
  });
});
