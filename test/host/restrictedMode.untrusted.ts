// Runs only in a host opened on an untrusted folder (Restricted Mode):
//   node scripts/vscode/hostRunner.mjs --untrusted --workspace test/fixtures/workspaces/untrusted --files restrictedMode.untrusted.js
// The fixture workspace plants keys and tries to hide them: its .vscode/settings.json switches the
// scanner off, raises minConfidence to high, lowers maxFileSizeKb to 1 and excludes secrets/**, and
// its .palette-keys-ignore lists the .env finding. None of that may apply until the workspace is trusted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

interface ScanResult {
  files: number;
  restrictedMode: boolean;
  findings: { file: string; line: number; ruleId: string; confidence: string; masked: string; fingerprint: string }[];
}

const SOURCE = 'Palette API Keys';
const PLANTED = ['FAKEnR4tWq8ZkL2vXb6mJc9HsDp3Yg7F', 'FAKEa5QmT8xLw2KzR7bVn4JcY9dHs3Gp', 'FAKEk3WzP9vQx6TmB2nLr8YcJ4sHd7Gf'];

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with a workspace folder');
  return folder.uri.fsPath;
}

describe('Restricted Mode: the scanner in an untrusted workspace', function () {
  this.timeout(120_000);

  before(async () => {
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'palette-api-keys');
    assert.ok(extension, 'the extension under development is installed');
    await extension.activate();
  });

  it('runs with the workspace untrusted, and the extension is enabled there', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the host must open the folder untrusted (hostRunner --untrusted)');
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'palette-api-keys');
    assert.equal(extension?.isActive, true);
  });

  it('ignores the workspace settings that would weaken the scanner', () => {
    // The workspace asks for all of these; VS Code must hand the extension the defaults instead.
    const asked = JSON.parse(fs.readFileSync(path.join(root(), '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(asked['paletteKeys.scanner.enabled'], false);
    const config = vscode.workspace.getConfiguration('paletteKeys.scanner');
    assert.equal(config.get('enabled'), true);
    assert.equal(config.get('minConfidence'), 'medium');
    assert.equal(config.get('maxFileSizeKb'), 1024);
  });

  it('flags every planted key despite the settings, files.exclude and .palette-keys-ignore, and the summary says Restricted Mode', async () => {
    assert.ok(fs.readFileSync(path.join(root(), '.palette-keys-ignore'), 'utf8').includes('pk1:'), 'the fixture ignore file lists the .env finding');
    const result = (await vscode.commands.executeCommand<ScanResult>('paletteKeys.scanWorkspace', {}));
    assert.equal(result.restrictedMode, true);
    // Which rule reports the TOML key depends on the folder's path (a temporary folder named palette-host-…
    // counts as a Palette mention); its medium confidence is what matters here.
    const found = result.findings.map((finding) => `${finding.file}:${finding.line} ${finding.confidence}`).sort();
    assert.deepEqual(found, [
      '.env:2 high', // listed in .palette-keys-ignore
      'notes/palette.toml:3 medium', // below the workspace's minConfidence
      'secrets/big.env:38 high', // excluded by files.exclude, over maxFileSizeKb
    ]);
    const text = JSON.stringify(result);
    for (const key of PLANTED) assert.ok(!text.includes(key), 'the scan result holds no key value');

    // The interactive summary says it too: look at test-results/screenshots/restricted-mode-scan-summary.png.
    await vscode.commands.executeCommand('paletteKeys.scanWorkspace');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('restricted-mode-scan-summary');
  });

  it('shows the ignored .env finding as a diagnostic when the file is open', async () => {
    const uri = vscode.Uri.file(path.join(root(), '.env'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await waitFor(() => {
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
      return ours.length > 0 ? ours : undefined;
    }, 20_000, 'a diagnostic on the planted .env key');
    assert.equal(diagnostics[0].range.start.line, 1);
    for (const key of PLANTED) assert.ok(!diagnostics[0].message.includes(key), 'the diagnostic is masked');
  });

});
