// Finding one's way: owner groups that start collapsed in a tenant with several users, a key's
// details opening on click (never its value), and the "Leaked keys" view listing the scanner's
// findings by file. The real extension against an emulator this suite owns, plus the real tree and
// findings providers built over their real inputs where VS Code does not let a test read a view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import { scanText } from '../../src/core/scanner/scanText';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import type { RunningEmulator } from '../../src/emulator/server';
import type { KeyDetails } from '../../src/host/keyDetails/keyDetailsModel';
import { KnownValues } from '../../src/host/knownValues';
import { FindingStore } from '../../src/host/scanner/findingStore';
import { FindingFileNode, FindingNode, FindingsTreeProvider } from '../../src/host/scanner/findingsTree';
import { IgnoreFiles } from '../../src/host/scanner/ignoreFiles';
import { KnownKeyDescriber } from '../../src/host/scanner/knownKeyDescriber';
import { KnownKeyFingerprints } from '../../src/host/scanner/knownKeyFingerprints';
import { readScannerSettings } from '../../src/host/scanner/scannerSettings';
import { OwnerNode } from '../../src/host/tree/ownerNode';
import {
  ADMIN_KEY, SessionRig, USER_KEY, labelOf, rejection, run, signOutAll, startSignedInAsAdmin,
} from './reliabilitySupport';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

/** Made-up values of the shape a Palette key has; this suite plants them and looks for them nowhere else. */
const PLANTED = ['Zq8Rt2Lm9Xw4Vb7Nc3Kp6Hd1Gf5Js0Ya', 'Wm3Ty7Qa1Zx5Cv9Bn2Lk6Jh4Gf8Ds0Pe'];

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests run with a workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, 'navigation-fixture', ...parts));
}

function detailsTab(name: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('paletteKeys.keyDetails') && tab.label === name);
}

describe('navigation: groups, key details and the leaked keys view', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let rig: SessionRig;

  before(async () => {
    emulator = await startSignedInAsAdmin();
    rig = new SessionRig();
    await rig.signIn(emulator.url, ADMIN_KEY);
    await rig.session.refresh();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(workspaceFile().fsPath, { recursive: true, force: true });
    rig?.dispose();
    await signOutAll();
    await emulator?.close();
  });

  it('starts the other owners\' groups collapsed when there are more than a few, the admin\'s own open', () => {
    const groups = rig.tree.getChildren().filter((node): node is OwnerNode => node instanceof OwnerNode);
    assert.ok(groups.length > 3, `the seed has more than three groups; the tree shows: ${rig.rootItems().map(labelOf).join(' | ')}`);
    const states = Object.fromEntries(groups.map((group) => [labelOf(rig.tree.getTreeItem(group)), rig.tree.getTreeItem(group).collapsibleState]));
    assert.equal(states['Ada Admin'], vscode.TreeItemCollapsibleState.Expanded, JSON.stringify(states));
    for (const [label, state] of Object.entries(states)) {
      if (label !== 'Ada Admin') assert.equal(state, vscode.TreeItemCollapsibleState.Collapsed, `${label} starts collapsed`);
    }
    // A group the user opened stays open through a refresh (which drops the groups while it loads).
    const bob = groups.find((group) => labelOf(rig.tree.getTreeItem(group)) === 'Bob Builder');
    assert.ok(bob);
    rig.tree.rememberExpansion(bob, true);
    const bobAgain = rig.tree.getChildren().find((node) => node instanceof OwnerNode && labelOf(rig.tree.getTreeItem(node)) === 'Bob Builder');
    assert.equal(bobAgain && rig.tree.getTreeItem(bobAgain).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    rig.tree.rememberExpansion(bob, false);
    // Few groups: all open, as before.
    rig.tree.setFilter({ text: 'carol' });
    try {
      const filtered = rig.tree.getChildren().filter((node): node is OwnerNode => node instanceof OwnerNode);
      assert.deepEqual(filtered.map((group) => [labelOf(rig.tree.getTreeItem(group)), rig.tree.getTreeItem(group).collapsibleState]),
        [['Carol Chen', vscode.TreeItemCollapsibleState.Expanded]]);
    } finally {
      rig.tree.setFilter({});
    }
  });

  it('opens a key\'s details on click, with its fields, findings and actions but never its value', async () => {
    const bobKey = rig.tree.allKeyNodes().find((node) => node.key.name === 'bob-vscode');
    assert.ok(bobKey, 'bob-vscode is in the tree');
    // Bob's key value, registered with the scanner and planted in a file the workspace scan reads.
    await run('registerKnownKey', { value: USER_KEY, keyUid: bobKey.key.uid });
    fs.mkdirSync(workspaceFile().fsPath, { recursive: true });
    fs.writeFileSync(workspaceFile('deploy.env').fsPath, `# deployment\nPALETTE_TOKEN=${USER_KEY}\n`);
    await run('scanWorkspace', {});

    const click = rig.tree.getTreeItem(bobKey).command;
    assert.equal(click?.command, 'paletteKeys.showKeyDetails');
    const details = await vscode.commands.executeCommand<KeyDetails>(click.command, ...(click.arguments ?? []));
    await waitFor(() => detailsTab('bob-vscode'), 10_000, 'the details tab for bob-vscode');
    assert.equal(details.name, 'bob-vscode');
    const field = (label: string) => details.fields.find((f) => f.label === label)?.value;
    assert.equal(field('Owner'), 'Bob Builder');
    assert.equal(field('UID'), bobKey.key.uid);
    assert.match(field('State') ?? '', /^Active \(expires in \d+ days\)$/);
    assert.match(details.valueKept, /secret storage/);
    assert.deepEqual(details.findings.map((f) => [f.file, f.line]), [['navigation-fixture/deploy.env', 2]]);
    assert.deepEqual(details.actions.map((a) => a.command), [
      'paletteKeys.editKey', 'paletteKeys.renewKey', 'paletteKeys.rotateKey', 'paletteKeys.revokeKey', 'paletteKeys.deleteKey',
      'paletteKeys.copyKeyUid', 'paletteKeys.openInConsole',
    ]);
    assert.ok(!JSON.stringify(details).includes(USER_KEY), 'the details hold no key value');
    // The picture: the tree, the details beside it, and the leaked keys view with this finding.
    await vscode.commands.executeCommand('paletteKeys.findings.focus');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('key-details');
  });

  it('keeps a key\'s details open through a refresh and a revoke, showing the new state', async () => {
    const carol = rig.tree.allKeyNodes().find((node) => node.key.name === 'carol-dev');
    assert.ok(carol, 'carol-dev is in the tree');
    const uid = carol.key.uid;
    const state = (details: KeyDetails) => details.fields.find((f) => f.label === 'State')?.value ?? '';
    assert.match(state(await run<KeyDetails>('showKeyDetails', { uid })), /^Active/);
    await waitFor(() => detailsTab('carol-dev'), 10_000, 'the details tab for carol-dev');
    const closed: string[] = [];
    const tabs = vscode.window.tabGroups.onDidChangeTabs((change) => closed.push(...change.closed.map((tab) => tab.label)));
    // The workbench applies the extension's messages in order: once a command of its own has
    // answered, a close the extension asked for before it has been reported back.
    const workbenchCaughtUp = () => vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    try {
      // A refresh passes through "loading": the page must wait for the list, not close.
      await run('refresh', {});
      await workbenchCaughtUp();
      assert.deepEqual(closed, [], 'no tab closed during a refresh');
      await run('revokeKey', { uid, confirm: true });
      await run('refresh', {});
      await workbenchCaughtUp();
      assert.deepEqual(closed, [], 'no tab closed when the key was revoked');
      assert.match(state(await run<KeyDetails>('showKeyDetails', { uid })), /^Revoked/);
    } finally {
      tabs.dispose();
      await run('reactivateKey', { uid, confirm: true });
    }
  });

  it('keeps a key\'s details open, marked as last loaded, when a refresh fails, and clears the mark once one succeeds', async () => {
    const carol = rig.tree.allKeyNodes().find((node) => node.key.name === 'carol-dev');
    assert.ok(carol, 'carol-dev is in the tree');
    await run<KeyDetails>('showKeyDetails', { uid: carol.key.uid });
    await waitFor(() => detailsTab('carol-dev'), 10_000, 'the details tab for carol-dev');
    const closed: string[] = [];
    const tabs = vscode.window.tabGroups.onDidChangeTabs((change) => closed.push(...change.closed.map((tab) => tab.label)));
    const workbenchCaughtUp = () => vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const fault = emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'status', status: 500 }, times: 50 });
    try {
      const error = await rejection('refresh');
      assert.match(error.message, /server error \(500\)/);
      // The failed state reaches the page after the command has answered: give a close the time to show.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await workbenchCaughtUp();
      assert.deepEqual(closed, [], 'the page stays when the list cannot be reloaded');
      assert.ok(detailsTab('carol-dev'), 'the details tab is still there');
      // The picture: the page with its "as last loaded" notice.
      await screenshot('key-details-refresh-failed');
      emulator.faults.remove(fault);
      await run('refresh', {});
      await workbenchCaughtUp();
      assert.deepEqual(closed, [], 'and stays once a refresh succeeds');
      assert.match((await run<KeyDetails>('showKeyDetails', { uid: carol.key.uid })).fields[0]?.value ?? '', /^Active/);
    } finally {
      emulator.faults.remove(fault);
      tabs.dispose();
    }
  });

  it('lists findings by file in the leaked keys view, each revealing its line, with fix and ignore', async () => {
    const secrets = new InMemorySecretStore();
    const knownValues = new KnownValues(new ConnectionStore(secrets), new KeyValueVault(secrets));
    const fingerprints = new KnownKeyFingerprints(knownValues, secrets);
    const ignoreFiles = new IgnoreFiles(rig.log.logger);
    const store = new FindingStore(ignoreFiles, new KnownKeyDescriber(fingerprints, rig.session, () => new Date(), () => 7), readScannerSettings);
    const provider = new FindingsTreeProvider(store);
    try {
      let changes = 0;
      provider.onDidChangeTreeData(() => changes++);
      const files = { env: workspaceFile('a.env'), tf: workspaceFile('infra', 'main.tf') };
      store.set(files.env, 'workspace', scanText(`SPECTROCLOUD_APIKEY=${PLANTED[0]}\n`, { fileName: 'a.env' }));
      store.set(files.tf, 'workspace', scanText(`provider "spectrocloud" {\n  api_key = "${PLANTED[1]}"\n}\n`, { fileName: 'main.tf' }));
      assert.equal(changes, 2, 'the view follows the store');

      const roots = provider.getChildren();
      assert.ok(roots.every((node) => node instanceof FindingFileNode));
      assert.deepEqual(roots.map((node) => (node as FindingFileNode).uri.toString()).sort(), [files.env.toString(), files.tf.toString()].sort());
      const tfItem = provider.getTreeItem(roots.find((node) => (node as FindingFileNode).uri.toString() === files.tf.toString())!);
      assert.equal(tfItem.description, 'navigation-fixture/infra');

      const findings = roots.flatMap((file) => provider.getChildren(file));
      assert.equal(findings.length, 2);
      for (const node of findings) {
        assert.ok(node instanceof FindingNode);
        const item = provider.getTreeItem(node);
        const shown = JSON.stringify([item.label, item.description, item.tooltip]);
        for (const value of PLANTED) assert.ok(!shown.includes(value), 'a finding shows its value masked');
        assert.equal(item.command?.command, 'vscode.open', 'a click reveals the finding');
        assert.equal((item.command?.arguments?.[1] as vscode.TextDocumentShowOptions).selection?.start.line, node.view.finding.line - 1);
        assert.match(item.contextValue ?? '', /^paletteFinding/, 'the fix and ignore actions apply');
        assert.equal(node.ignoreArgs.fingerprint, node.view.finding.fingerprint);
      }

      store.delete(files.env);
      store.delete(files.tf);
      assert.deepEqual(provider.getChildren(), [], 'clean: the welcome text shows');
    } finally {
      provider.dispose();
      store.dispose();
      ignoreFiles.dispose();
      fingerprints.dispose();
      knownValues.dispose();
    }
  });
});
