// Remediation that does no harm (issue 12): revoking a live key asks first, from every path, and
// offers Undo; rotation takes the old value out of files without writing the new one there; a
// key's value reaches terminals through their environment, never through a file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlainKey } from '../../src/core/keys/apiKey';
import type { RunningEmulator } from '../../src/emulator/server';
import { rejection, run, signOutAll, startSignedInAsAdmin, USER_KEY } from './reliabilitySupport';
import { answerMessages, type AskedMessage } from './support/messageAnswers';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

const SOURCE = 'Palette API Keys';
/** Any run of 32 key characters: what a Palette key value looks like. */
const KEY_SHAPE = /[A-Za-z0-9]{32}/;

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests run with a workspace folder');
  return folder.uri.fsPath;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
}

/** Waits for the scanner's diagnostic on a file whose key it knows (a kept value), and returns it. */
async function knownFinding(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return waitFor(
    () => vscode.languages.getDiagnostics(uri).find((d) => d.source === SOURCE && d.severity === vscode.DiagnosticSeverity.Error),
    20_000,
    `the known-key finding in ${path.basename(uri.fsPath)}`,
  );
}

/** Runs a code action as the light bulb does: its edit, then its command. */
async function runAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('remediation that does no harm', function () {
  this.timeout(90_000);
  let emulator: RunningEmulator;
  let folder: string;
  /** Every value the emulator issued to this suite: none may end up in a file or an output. */
  const issued: string[] = [];
  let stopRecording: () => void;

  before(async () => {
    emulator = await startSignedInAsAdmin();
    stopRecording = emulator.store.onValueIssued((value) => issued.push(value));
    folder = path.join(workspaceRoot(), 'remediation-fixture');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder);
  });

  after(async () => {
    stopRecording();
    await run('stopUsingInTerminals', {}).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
    await signOutAll();
    await emulator.close();
  });

  /** A new key of the admin, its value kept in secret storage (and recorded in `issued`). */
  async function createKept(name: string): Promise<{ key: PlainKey; value: string }> {
    const before = issued.length;
    const key = await run<PlainKey>('createKey', { name, expiresInDays: 30 });
    assert.equal(issued.length, before + 1, 'the emulator issued one value');
    return { key, value: issued[issued.length - 1] };
  }

  function plant(name: string, text: string): vscode.Uri {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  const isRevokeModal = (asked: AskedMessage) => asked.modal && /^Revoke "/.test(asked.message);

  describe('revoking an active key', () => {
    it('from the quick fix: a modal names the key and its owner, says what stops working, offers Rotate Instead; Cancel keeps it', async () => {
      const { key, value } = await createKept('quick-fix-revoke');
      const uri = plant('deploy.sh', `#!/bin/sh\nexport SPECTROCLOUD_APIKEY='${value}'\n`);
      const finding = await knownFinding(uri);
      const revoke = (await codeActions(uri, finding.range)).find((action) => action.title === 'Revoke "quick-fix-revoke" in Palette');
      assert.ok(revoke, 'a revoke quick fix');
      const answers = answerMessages(() => undefined);
      try {
        await runAction(revoke);
      } finally {
        answers.restore();
      }
      const modal = answers.asked.find(isRevokeModal);
      assert.ok(modal, `a modal was asked (shown: ${answers.asked.map((a) => a.message).join(' | ')})`);
      assert.equal(modal.message, 'Revoke "quick-fix-revoke" of Ada Admin?');
      assert.match(modal.detail ?? '', /stops working at once/);
      assert.deepEqual(modal.buttons, ['Revoke', 'Rotate Instead']);
      assert.equal(emulator.store.getKey(key.uid)?.isActive, true, 'Cancel revokes nothing');
    });

    it('from the quick fix: Revoke revokes, then the notification\'s Undo re-activates', async () => {
      const uri = vscode.Uri.file(path.join(folder, 'deploy.sh'));
      const finding = await knownFinding(uri);
      const revoke = (await codeActions(uri, finding.range)).find((action) => action.title.startsWith('Revoke "quick-fix-revoke"'));
      assert.ok(revoke);
      const uid = (revoke.command?.arguments?.[0] as { uid: string }).uid;
      const answers = answerMessages((asked) => (isRevokeModal(asked) ? 'Revoke' : /^Revoked /.test(asked.message) ? 'Undo' : undefined));
      try {
        await runAction(revoke);
        assert.ok(answers.asked.some((asked) => asked.message === 'Revoked "quick-fix-revoke". Anything still using it stops working.' && asked.buttons.includes('Undo')));
        await waitFor(() => emulator.store.getKey(uid)?.isActive === true, 10_000, 'Undo to re-activate the key');
      } finally {
        answers.restore();
      }
      assert.ok(emulator.store.snapshot().keys.find((k) => k.uid === uid)?.isActive, 'active again');
    });

    it('from the Command Palette (a pick) asks the same modal', async () => {
      const { key } = await createKept('palette-revoke');
      const window = vscode.window as unknown as Record<string, unknown>;
      const showQuickPick = window.showQuickPick;
      window.showQuickPick = (items: readonly vscode.QuickPickItem[]) => Promise.resolve(items.find((item) => item.label === 'palette-revoke'));
      const answers = answerMessages(() => undefined);
      try {
        await vscode.commands.executeCommand('paletteKeys.revokeKey');
      } finally {
        answers.restore();
        window.showQuickPick = showQuickPick;
      }
      assert.ok(answers.asked.some((asked) => asked.message === 'Revoke "palette-revoke" of Ada Admin?'), 'the modal was asked');
      assert.equal(emulator.store.getKey(key.uid)?.isActive, true);
    });

    it('scripted: refused without confirm: true for an active key; an expired key needs no consent', async () => {
      const { key } = await createKept('scripted-revoke');
      assert.match((await rejection('revokeKey', { uid: key.uid })).message, /Pass "confirm: true" to revoke an active key/);
      assert.equal(emulator.store.getKey(key.uid)?.isActive, true);
      assert.equal((await run<PlainKey>('revokeKey', { uid: key.uid, confirm: true })).isActive, false);
      const expired = emulator.store.snapshot().keys.find((k) => k.name === 'release-bot');
      assert.ok(expired && Date.parse(expired.expiry) < Date.now() && expired.isActive, 'the seed has an expired, active key');
      assert.equal((await run<PlainKey>('revokeKey', { uid: expired.uid })).isActive, false);
    });
  });

  describe('rotation with Update Files', () => {
    it('leaves only environment references where the old value was, and the new value nowhere', async () => {
      const { key, value } = await createKept('rotate-files');
      plant('.env', `REGION=eu\nSPECTROCLOUD_APIKEY=${value}\n`);
      plant('scripts/deploy.sh', `#!/bin/sh\ncurl -H "ApiKey: ${value}" https://api.example.com\n`);
      plant('infra/main.tf', `provider "spectrocloud" {\n  api_key = "${value}"\n}\n`);
      plant('config.json', `{"apiKey": "${value}"}\n`);
      plant('notes.txt', `old key ${value} and again ${value}\n`);
      const result = await run<{ uid: string; updatedFiles: string[]; previous: { action: string } }>('rotateKey', { uid: key.uid, confirm: true, updateFiles: true });
      const newValue = issued[issued.length - 1];
      assert.notEqual(newValue, value);
      assert.equal(result.previous.action, 'revoke');
      assert.deepEqual([...result.updatedFiles].sort(), [
        'remediation-fixture/.env', 'remediation-fixture/config.json', 'remediation-fixture/infra/main.tf',
        'remediation-fixture/notes.txt', 'remediation-fixture/scripts/deploy.sh',
      ]);
      const read = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');
      for (const name of ['.env', 'scripts/deploy.sh', 'infra/main.tf', 'config.json', 'notes.txt']) {
        assert.ok(!KEY_SHAPE.test(read(name)), `${name} still holds a 32-character key value`);
      }
      assert.equal(read('.env'), 'REGION=eu\nSPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}\n');
      assert.equal(read('scripts/deploy.sh'), '#!/bin/sh\ncurl -H "ApiKey: ${SPECTROCLOUD_APIKEY}" https://api.example.com\n');
      assert.equal(read('infra/main.tf'), 'provider "spectrocloud" {\n}\n');
      assert.equal(read('notes.txt'), 'old key ${SPECTROCLOUD_APIKEY} and again ${SPECTROCLOUD_APIKEY}\n');
      for (const secret of [value, newValue]) assert.ok(!JSON.stringify(result).includes(secret), 'the result holds a key value');
    });
  });

  describe('.env done right: a key in a git-ignored, untracked file', () => {
    const UNKNOWN = 'FAKEh2KdL8pQw5XzN3vB7mR9tY4cJ6sA';
    let repo: string;

    before(() => {
      repo = path.join(folder, 'repo');
      fs.mkdirSync(repo, { recursive: true });
      execFileSync('git', ['init', '--quiet'], { cwd: repo });
      fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n*.local.env\n');
    });

    /** The scanner's diagnostic for the file, once git's answer has been applied (or not). */
    async function diagnosticOf(name: string, text: string, expected: vscode.DiagnosticSeverity, message = /./): Promise<vscode.Diagnostic> {
      const uri = vscode.Uri.file(path.join(repo, name));
      fs.writeFileSync(uri.fsPath, text);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      return waitFor(
        () => vscode.languages.getDiagnostics(uri).find((d) => d.source === SOURCE && d.severity === expected && message.test(d.message)),
        20_000,
        `a finding of severity ${vscode.DiagnosticSeverity[expected]} in ${name} (has: ${vscode.languages.getDiagnostics(uri).map((d) => vscode.DiagnosticSeverity[d.severity]).join(', ')})`,
      );
    }

    it('is Information, "kept in an ignored file"', async () => {
      const diagnostic = await diagnosticOf('.env', `SPECTROCLOUD_APIKEY=${UNKNOWN}\n`, vscode.DiagnosticSeverity.Information);
      assert.match(diagnostic.message, /Kept in an ignored file/);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', vscode.Uri.file(path.join(repo, '.env')), diagnostic.range.start);
      const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(hover, /Kept in an ignored file/);
    });

    it('stays a problem in a file git does not ignore, or tracks although it matches .gitignore', async () => {
      const shared = await diagnosticOf('shared.env', `SPECTROCLOUD_APIKEY=${UNKNOWN}\n`, vscode.DiagnosticSeverity.Warning);
      assert.doesNotMatch(shared.message, /ignored file/);
      fs.writeFileSync(path.join(repo, 'committed.local.env'), `SPECTROCLOUD_APIKEY=${UNKNOWN}\n`);
      execFileSync('git', ['add', '--force', 'committed.local.env'], { cwd: repo });
      await diagnosticOf('committed.local.env', `SPECTROCLOUD_APIKEY=${UNKNOWN}\n`, vscode.DiagnosticSeverity.Warning);
    });

    it('a known key of the signed-in user there is Information; another user\'s stays an Error', async () => {
      const { value } = await createKept('kept-in-env');
      await diagnosticOf('own.local.env', `SPECTROCLOUD_APIKEY=${value}\n`, vscode.DiagnosticSeverity.Information, /"kept-in-env" \(Ada Admin\).*Kept in an ignored file/);
      const bobKey = emulator.store.snapshot().keys.find((k) => k.name === 'bob-vscode');
      assert.ok(bobKey);
      await run('registerKnownKey', { value: USER_KEY, keyUid: bobKey.uid });
      const other = await diagnosticOf('dev.local.env', `SPECTROCLOUD_APIKEY=${USER_KEY}\n`, vscode.DiagnosticSeverity.Error, /bob-vscode/);
      assert.doesNotMatch(other.message, /ignored file/);
    });
  });

  describe('keys in terminals', () => {
    /** Opens a terminal that writes what it sees of the variables to a file, and reads it back. */
    async function terminalSees(): Promise<{ keyHash: string; paletteKeyHash: string; hosts: string }> {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'palette-terminal-')), 'env.txt');
      const script = [
        `printf %s "$SPECTROCLOUD_APIKEY" | sha256sum | cut -c1-64 > '${out}.tmp'`,
        `printf %s "$PALETTE_API_KEY" | sha256sum | cut -c1-64 >> '${out}.tmp'`,
        `printf '%s %s\\n' "$SPECTROCLOUD_HOST" "$PALETTE_HOST" >> '${out}.tmp'`,
        `mv '${out}.tmp' '${out}'`,
      ].join('; ');
      const terminal = vscode.window.createTerminal({ name: 'env check', shellPath: '/bin/sh', shellArgs: ['-c', script] });
      try {
        const text = await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8'), 20_000, 'the terminal to write its environment');
        const [keyHash, paletteKeyHash, hosts] = text.trim().split('\n');
        return { keyHash, paletteKeyHash, hosts };
      } finally {
        terminal.dispose();
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    }

    it('refuses a key whose value is not in secret storage', async () => {
      const seeded = emulator.store.snapshot().keys.find((k) => k.name === 'terraform-ci');
      assert.ok(seeded);
      assert.match((await rejection('useInTerminals', { uid: seeded.uid })).message, /not in this machine's secret storage/);
    });

    it('puts the key and host into new terminals (compared by hash), shows it in the tree, and stops', async () => {
      const { key, value } = await createKept('terminal-key');
      const used = await run<{ uid: string; name: string; host: string }>('useInTerminals', { uid: key.uid });
      assert.deepEqual(used, { uid: key.uid, name: 'terminal-key', host: new URL(emulator.url).host });
      const seen = await terminalSees();
      assert.equal(seen.keyHash, sha256(value), 'SPECTROCLOUD_APIKEY holds the key');
      assert.equal(seen.paletteKeyHash, sha256(value), 'PALETTE_API_KEY holds the key');
      assert.equal(seen.hosts, `${used.host} ${used.host}`);

      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('paletteKeys.keys.focus');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await screenshot('tree-terminal-key');

      assert.deepEqual(await run('stopUsingInTerminals', {}), { stopped: true });
      const after = await terminalSees();
      assert.notEqual(after.keyHash, sha256(value), 'a terminal opened after Stop does not get the key');
      assert.notEqual(after.paletteKeyHash, sha256(value));
    });

    it('the replace quick fix offers to use a kept key in terminals', async () => {
      const { key, value } = await createKept('quick-fix-terminal');
      const uri = plant('app.env', `SPECTROCLOUD_APIKEY=${value}\n`);
      const finding = await knownFinding(uri);
      const both = (await codeActions(uri, finding.range)).find((action) => action.title === 'Replace with ${SPECTROCLOUD_APIKEY}, and use "quick-fix-terminal" in terminals');
      assert.ok(both, 'the combined quick fix');
      await runAction(both);
      assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'SPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}\n');
      assert.equal((await terminalSees()).keyHash, sha256(value));
      await run('stopUsingInTerminals', {});
      assert.ok(key.uid);
    });
  });
});
