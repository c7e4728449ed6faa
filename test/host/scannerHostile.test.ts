import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { HOSTILE_SHAPES } from '../unit/support/hostileInputs';
import { RESPONSIVE } from './support/eventLoopDelay';
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

  it(`answers commands within ${ANSWER_WITHIN_MS} ms (90th percentile), never stalling, while it opens, scans and re-scans an unclosed-provider-blocks file`, async () => {
    // Unclosed `provider "spectrocloud" {` blocks: 73 KB of this shape once froze the host for 11 s.
    const input = HOSTILE_SHAPES.find((shape) => shape.name === 'unclosed provider blocks')?.build(1_000_000);
    assert.ok(input);
    // One run, judged as it comes (no retries): the answers must come within the requirement nearly
    // always (90th percentile), and never stall the way a scan on this thread would (RESPONSIVE.maxMs,
    // which holds on a loaded 2-core machine, where the whole process is descheduled at times).
    const file = path.join(dir, 'unclosed-providers.tf');
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
    const sorted = [...roundTrips].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)];
    const maxMs = sorted[sorted.length - 1];
    console.log(`[hostile] ${roundTrips.length} round trips while scanning: p90 ${p90.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms`);
    assert.ok(count > 0, 'the hostile file was scanned and its keys reported');
    assert.ok(roundTrips.length >= 10, `only ${roundTrips.length} round trips: the scan ended before it could be measured`);
    assert.ok(p90 < ANSWER_WITHIN_MS, `commands took ${p90.toFixed(0)} ms (90th percentile) to answer while the hostile file was scanned`);
    assert.ok(maxMs < RESPONSIVE.maxMs, `a command took ${maxMs.toFixed(0)} ms to answer while the hostile file was scanned`);
  });
});
