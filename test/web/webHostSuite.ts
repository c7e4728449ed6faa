import * as assert from './assertions';
import * as vscode from 'vscode';

// The web build (dist/web/extension.js) in code-server's browser-only (web worker) extension host,
// against the emulator over fetch with CORS. The runner (scripts/vscode/webHostRunner.mjs) loads a
// copy of the manifest without "main", so VS Code can only run the "browser" entry point, and answers
// on its control URL (setting paletteWebTest.controlUrl) what only it knows or can do.

interface EmulatorInfo {
  url: string;
  adminKey: string;
  userKey: string;
}

interface RunnerInfo {
  /** The emulator that answers CORS requests from the workbench's origin. */
  emulator: EmulatorInfo;
  /** An emulator started without --cors-origin, as Palette itself answers. */
  withoutCors: EmulatorInfo;
}

interface ScanResult {
  files: number;
  skipped: number;
  cancelled: boolean;
  findings: { file: string; line: number; ruleId: string; masked: string; fingerprint: string }[];
}

const EXTENSION_ID = 'palette-keys.palette-api-keys';
const SOURCE = 'Palette API Keys';
/** Fake values planted by this suite: none may appear in a diagnostic, hover or command result. */
const PLANTED = {
  openDocument: 'FAKEgNSWPH8prVqsUeQCtDR3zzX6hqo3',
  workspaceFile: 'FAKE5uwZqxZOOHjkJQQrkaPehMvbfrn2',
  tooLarge: 'FAKEyzL7C5Mg3PR4hLLOOxl3gV3FGRmr',
};

function controlUrl(): string {
  const url = vscode.workspace.getConfiguration('paletteWebTest').get<string>('controlUrl');
  assert.ok(url, 'the runner sets paletteWebTest.controlUrl');
  return url;
}

async function control<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  const response = await fetch(`${controlUrl()}${path}`, { method });
  assert.equal(response.status, 200, `control ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

function run<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(`paletteKeys.${command}`, ...args));
}

async function rejection(command: string, ...args: unknown[]): Promise<Error> {
  return run(command, ...args).then(() => assert.fail(`${command} should have failed`), (error: unknown) => error as Error);
}

function folder(): vscode.WorkspaceFolder {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the runner opens a workspace folder');
  return first;
}

function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(folder().uri, relative);
}

async function writeFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = fileUri(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function assertNoSecret(text: string, what: string, secrets: readonly string[]): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${what} holds a full key value`);
}

/** Defines the suite; called by index.ts once mocha's browser build has set up `describe` and `it`. */
export function defineWebHostSuite(): void {
  describe('web build in the web worker extension host', function () {
    let info: RunnerInfo;
    let secrets: string[];

    before(async function () {
      info = await control<RunnerInfo>('GET', '/info');
      secrets = [...Object.values(PLANTED), info.emulator.adminKey, info.emulator.userKey, info.withoutCors.adminKey];
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is loaded`);
      await extension.activate();
    });

    it('runs the browser entry point in a web worker (no Node: no process, no require of Node modules)', () => {
      assert.equal(typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope, 'function', 'a web worker global scope');
      assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined', 'no Node process object');
      assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    });

    describe('the scanner', () => {
      let envFile: vscode.Uri;

      it('flags a planted key in an open document with a masked message', async () => {
        envFile = await writeFile('.env', `SPECTROCLOUD_HOST=https://api.spectrocloud.com\nSPECTROCLOUD_APIKEY=${PLANTED.openDocument}\n`);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(envFile));
        const diagnostics = await waitFor('a finding in .env', () => (ours(envFile).length > 0 ? ours(envFile) : undefined));
        assert.equal(diagnostics.length, 1);
        assert.equal(diagnostics[0].range.start.line, 1);
        assert.match(diagnostics[0].message, /Palette API key/i);
        assert.ok(diagnostics[0].message.includes(PLANTED.openDocument.slice(0, 4)), 'the message shows the start of the masked value');
        assertNoSecret(diagnostics[0].message, 'the diagnostic message', secrets);
      });

      it('shows a hover without the value and offers quick fixes', async () => {
        const [diagnostic] = ours(envFile);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', envFile, diagnostic.range.start.translate(0, 2));
        const hoverText = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
        assert.match(hoverText, /Palette/);
        assertNoSecret(hoverText, 'the hover', secrets);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', envFile, diagnostic.range);
        const titles = actions.map((action) => action.title);
        assert.ok(titles.some((title) => /^Ignore this finding/.test(title)), `an ignore quick fix among ${titles.join(' | ')}`);
        assert.ok(titles.some((title) => /palette-keys:allow/.test(title)), `an allow-comment quick fix among ${titles.join(' | ')}`);
        for (const title of titles) assertNoSecret(title, 'a quick fix title', secrets);
      });

      it('scans unopened workspace files over workspace.fs, with the excludes and the size limit', async () => {
        const planted = await writeFile('deploy/main.tf', `provider "spectrocloud" {\n  host    = "api.spectrocloud.com"\n  api_key = "${PLANTED.workspaceFile}"\n}\n`);
        // search.exclude leaves node_modules out by default; a file past the 1 MB limit is skipped unread.
        await writeFile('node_modules/pkg/.env', `SPECTROCLOUD_APIKEY=${PLANTED.workspaceFile}\n`);
        const large = await writeFile('big/large.env', `SPECTROCLOUD_APIKEY=${PLANTED.tooLarge}\n${'#'.repeat(1100 * 1024)}\n`);
        const result = await run<ScanResult>('scanWorkspace', {});
        assert.equal(result.cancelled, false);
        const files = result.findings.map((finding) => finding.file);
        assert.ok(files.includes('deploy/main.tf'), `deploy/main.tf among ${files.join(', ')}`);
        assert.ok(!files.some((file) => file.startsWith('node_modules')), 'node_modules is excluded');
        assert.ok(!files.includes('big/large.env'), 'the file over the size limit is not scanned');
        assert.ok(result.skipped >= 1, 'the large file counts as skipped');
        assert.equal(ours(planted).length, 1, 'the unopened file has its diagnostic');
        assert.equal(ours(large).length, 0);
        assertNoSecret(JSON.stringify(result), 'the scan result', secrets);
        // A change re-scans the file the scan covers, never one it excludes: written after the
        // excluded one, the covered file's diagnostic means both changes were handled.
        const excluded = await writeFile('node_modules/pkg/.env', `# changed\nSPECTROCLOUD_APIKEY=${PLANTED.workspaceFile}\n`);
        const covered = await writeFile('deploy/later.env', `SPECTROCLOUD_APIKEY=${PLANTED.workspaceFile}\n`);
        await waitFor('the changed file\'s diagnostic', () => (ours(covered).length > 0 ? true : undefined));
        assert.equal(ours(excluded).length, 0, 'a change in node_modules is not scanned');
      });
    });

    describe('key management over fetch', () => {
      it('without CORS: sign-in fails with the reason, the view says so, and the scanner keeps working', async () => {
        const error = await rejection('signIn', { host: info.withoutCors.url, apiKey: info.withoutCors.adminKey });
        assert.match(error.message, /cross-origin/);
        assertNoSecret(error.message, 'the sign-in error', secrets);
        await vscode.commands.executeCommand('workbench.view.extension.paletteKeys');
        const view = await waitFor('the explanation in the key view', async () => {
          const { text } = await control<{ text: string }>('GET', '/palette-view');
          return /got no answer from Palette/.test(text) ? text : undefined;
        });
        assert.match(view, /cross-origin \(CORS\) requests/);
        await control('POST', '/screenshot?name=web-cors-refused');
        assert.ok(ours(fileUri('.env')).length > 0, 'the scanner still reports the planted key');
      });

      it('with CORS: signs in, lists the emulator keys in the tree', async () => {
        const connection = await run<{ baseUrl: string }>('signIn', { host: info.emulator.url, apiKey: info.emulator.adminKey });
        assert.equal(new URL(connection.baseUrl).origin, info.emulator.url);
        const { count } = await run<{ count: number }>('refresh');
        const listed = await fetch(`${info.emulator.url}/v1/apiKeys`, { headers: { apikey: info.emulator.adminKey } });
        const { items } = (await listed.json()) as { items: { metadata: { name: string } }[] };
        assert.equal(count, items.length, 'the extension lists every key the emulator has');
        await vscode.commands.executeCommand('workbench.view.extension.paletteKeys');
        const view = await waitFor('the keys in the tree', async () => {
          const { text } = await control<{ text: string }>('GET', '/palette-view');
          return items.some((item) => text.includes(item.metadata.name)) ? text : undefined;
        });
        assert.doesNotMatch(view, /got no answer from Palette/, 'the CORS explanation is gone once the list loads');
        assertNoSecret(view, 'the key view', secrets);
        await control('POST', '/screenshot?name=web-keys-and-finding');
      });

      it('flags the signed-in credential as a known key (fingerprints from secret storage, HMAC in the browser)', async () => {
        const notes = await writeFile('notes.txt', `the admin token is ${info.emulator.adminKey} (do not share)\n`);
        try {
          await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notes));
          const [diagnostic] = await waitFor('a known-key diagnostic', () => (ours(notes).length === 1 ? ours(notes) : undefined));
          assert.equal(diagnostic.code, 'palette-keys/known-key');
          assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
          assert.match(diagnostic.message, /signs in with/);
          assertNoSecret(diagnostic.message, 'the known-key diagnostic', secrets);
        } finally {
          // The file holds an emulator key value: gone before anything else looks at the workspace.
          await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
          await vscode.workspace.fs.delete(notes);
        }
      });
    });
  });
}
