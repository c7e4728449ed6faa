import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { HOSTILE_SHAPES } from '../unit/support/hostileInputs';
import { waitFor } from './support/waitFor';

const SOURCE = 'Palette API Keys';
/** The product requirement: the extension host answers a command within this while a hostile file is scanned. */
const ANSWER_WITHIN_MS = 100;
const PING = 'paletteKeys.test.hostilePing';
const FOLDER = 'scanner-hostile';

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests run with a workspace folder');
  return folder.uri.fsPath;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Round trips of a trivial command, one after another every few ms, until `until` settles. The
 * command runs on the extension host's thread, so a scan holding that thread delays every answer.
 */
async function pingWhile(until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const roundTrips: number[] = [];
  while (!done) {
    const started = performance.now();
    await vscode.commands.executeCommand(PING);
    roundTrips.push(performance.now() - started);
    await sleep(5);
  }
  return roundTrips;
}

describe('leak scanner: a hostile 1 MB file never blocks the extension host', function () {
  this.timeout(180_000);
  let dir: string;
  let ping: vscode.Disposable;

  before(async () => {
    await vscode.extensions.getExtension('palette-keys.palette-api-keys')?.activate();
    ping = vscode.commands.registerCommand(PING, () => 'pong');
    dir = path.join(root(), FOLDER);
    await fs.promises.mkdir(dir, { recursive: true });
  });

  after(async () => {
    ping.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`answers a command within ${ANSWER_WITHIN_MS} ms while it opens, scans and re-scans an unclosed-provider-blocks file`, async () => {
    // Unclosed `provider "spectrocloud" {` blocks: 73 KB of this shape once froze the host for 11 s.
    const input = HOSTILE_SHAPES.find((shape) => shape.name === 'unclosed provider blocks')?.build(1_000_000);
    assert.ok(input);
    // A loaded 2-core machine can deschedule the whole process for longer than the budget, which no
    // code of ours can prevent: the least delayed of three runs is judged (blocking code fails all three).
    let best: { maxMs: number; count: number; roundTrips: number } | undefined;
    for (let attempt = 0; attempt < 3 && (best === undefined || best.maxMs >= ANSWER_WITHIN_MS); attempt++) {
      const file = path.join(dir, `main-${attempt}.tf`);
      await fs.promises.writeFile(file, input.text);
      const uri = vscode.Uri.file(file);
      // Let the file watcher's event (a workspace re-scan on a worker) pass before measuring.
      await sleep(1000);
      const scanned = (async () => {
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
        await waitFor(() => ours(uri).length > 0, 120_000, 'diagnostics of the hostile file', 20);
        const first = ours(uri).length;
        const firstLine = ours(uri)[0].range.start.line;
        // An edit re-scans the whole file (after the debounce): the host must stay free then too.
        await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# edited\n'));
        await waitFor(() => ours(uri)[0]?.range.start.line === firstLine + 1, 120_000, 'diagnostics after the edit', 20);
        return first;
      })();
      const roundTrips = await pingWhile(scanned);
      const count = await scanned;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const maxMs = Math.max(...roundTrips);
      if (best === undefined || maxMs < best.maxMs) best = { maxMs, count, roundTrips: roundTrips.length };
    }
    assert.ok(best);
    assert.ok(best.count > 0, 'the hostile file was scanned and its keys reported');
    assert.ok(best.roundTrips >= 10, `only ${best.roundTrips} round trips: the scan ended before it could be measured`);
    assert.ok(best.maxMs < ANSWER_WITHIN_MS, `a command took ${best.maxMs.toFixed(0)} ms to answer while the hostile file was scanned (${best.roundTrips} round trips)`);
  });
});
