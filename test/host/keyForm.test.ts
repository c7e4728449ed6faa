// The key form in a real VS Code extension host: the panel with its CSP-protected bundle, and the
// controller's protocol handling against real editors and documents. Clicks inside the webview
// are covered by test/unit/webviewKeyForm.test.ts (the bundle in Chromium); here the webview's
// messages are fed to the controller directly.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clipboardClearSeconds, copySecret, DEFAULT_CLIPBOARD_CLEAR_SECONDS, type SecretClipboard } from '../../src/host/clipboard';
import { insertableReference } from '../../src/host/keyForm/environmentReference';
import { KeyFormController, type KeyFormRequest, type KeyFormSubmitResult } from '../../src/host/keyForm/keyFormController';
import { KEY_FORM_VIEW_TYPE, KeyFormPanel } from '../../src/host/keyForm/keyFormPanel';
import { Logger } from '../../src/host/logger';
import type { HostToWebviewMessage } from '../../src/shared/keyFormProtocol';
import type { KeyFormInput } from '../../src/shared/keyFormValidation';
import { screenshot } from './support/screenshot';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'palette-keys.palette-api-keys';
const SECRET = 'Hx7ExampleOnlyNotARealKey0000099';

/** A Logger over a recording channel, so tests can check what was (not) logged. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (message: string): void => void lines.push(message);
  const channel = { trace: record, debug: record, info: record, warn: record, error: record, show: () => undefined };
  return { logger: new Logger(channel as unknown as vscode.LogOutputChannel, 'test'), lines };
}

/** A clipboard in memory that counts its reads: a clear-if-unchanged check reads before it decides. */
function fakeClipboard(initial = ''): SecretClipboard & { text: string; reads: number } {
  const clipboard = {
    text: initial,
    reads: 0,
    readText: async () => {
      clipboard.reads++;
      return clipboard.text;
    },
    writeText: async (value: string) => {
      clipboard.text = value;
    },
  };
  return clipboard;
}

function keyFormTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(KEY_FORM_VIEW_TYPE));
}

function baseRequest(overrides: Partial<KeyFormRequest> = {}): KeyFormRequest & { tracked: { limitCalls: number; submitted: KeyFormInput[] } } {
  const tracked = { limitCalls: 0, submitted: [] as KeyFormInput[] };
  const request: KeyFormRequest = {
    mode: 'create',
    title: 'Create API key',
    isAdmin: false,
    limits: () => {
      tracked.limitCalls++;
      return { now: new Date(), maxExpiryDays: 90, recommendedExpiryDays: 30 };
    },
    submit: async (input) => {
      tracked.submitted.push(input);
      return { ok: true, reveal: { keyName: input.name, value: SECRET, envVarName: 'SPECTROCLOUD_APIKEY' } };
    },
    ...overrides,
  };
  return { ...request, tracked };
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

describe('key form panel (real webview)', () => {
  let extensionUri: vscode.Uri;

  before(() => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
    extensionUri = extension.extensionUri;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('loads the bundle under its CSP, is single-instance per mode, and closes cleanly', async () => {
    const { logger, lines } = recordingLogger();
    const first = baseRequest();
    const panel = KeyFormPanel.open(extensionUri, first, logger);
    let closes = 0;
    panel.onDidClose(() => closes++);
    // `limits` is read only for `init`, which the host sends only after the webview's `ready`
    // passed the guard: so the script ran under the strict CSP and the protocol works both ways.
    await waitFor(() => first.tracked.limitCalls > 0, 20_000, 'the webview to post ready and receive init');
    assert.equal(keyFormTabs().length, 1);
    assert.equal(keyFormTabs()[0].label, 'Create API key');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the form paint before the picture
    await screenshot('key-form-create');

    const second = baseRequest({ title: 'Create API key for CI' });
    assert.equal(KeyFormPanel.open(extensionUri, second, logger), panel, 'the same mode reuses the panel');
    await waitFor(() => second.tracked.limitCalls > 0, 10_000, 'the idle panel to take over the new request');
    assert.equal(keyFormTabs().length, 1);
    await waitFor(() => keyFormTabs()[0]?.label === 'Create API key for CI', 5_000, 'the new title');

    const editRequest = baseRequest({ mode: 'edit', title: 'Edit API key' });
    const edit = KeyFormPanel.open(extensionUri, editRequest, logger);
    assert.notEqual(edit, panel, 'edit mode has its own panel');
    await waitFor(() => keyFormTabs().length === 2, 5_000, 'two key form tabs');
    await waitFor(() => editRequest.tracked.limitCalls > 0, 10_000, 'the edit form to load');

    panel.dispose();
    panel.dispose();
    assert.equal(closes, 1, 'onDidClose fires once');
    await waitFor(() => keyFormTabs().length === 1, 5_000, 'the create tab to close');
    edit.dispose();
    await waitFor(() => keyFormTabs().length === 0, 5_000, 'the edit tab to close');
    assert.deepEqual(lines.filter((line) => line.includes('Dropped')), [], 'the real webview sends only well-formed messages');

    const third = baseRequest();
    const reopened = KeyFormPanel.open(extensionUri, third, logger);
    assert.notEqual(reopened, panel, 'a closed panel is not reused');
    // Disposing while the workbench is still opening the editor only makes the workbench log noise.
    await waitFor(() => third.tracked.limitCalls > 0, 10_000, 'the reopened form to load');
    reopened.dispose();
  });
});

describe('key form controller (protocol against real editors)', () => {
  let posted: HostToWebviewMessage[];
  let closed: number;
  let clipboard: ReturnType<typeof fakeClipboard>;
  let log: ReturnType<typeof recordingLogger>;

  function controllerFor(request: KeyFormRequest): KeyFormController {
    posted = [];
    closed = 0;
    clipboard = fakeClipboard('before');
    log = recordingLogger();
    return new KeyFormController(request, { post: (m) => void posted.push(m), close: () => void closed++ }, log.logger, clipboard);
  }

  function last<T extends HostToWebviewMessage['type']>(type: T): Extract<HostToWebviewMessage, { type: T }> | undefined {
    return posted.filter((m): m is Extract<HostToWebviewMessage, { type: T }> => m.type === type).at(-1);
  }

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('waits for ready, then sends init with the presets and limits', async () => {
    const controller = controllerFor(baseRequest({ initial: { name: 'n' } }));
    controller.takeOver(baseRequest());
    assert.deepEqual(posted, [], 'nothing is posted before ready');
    await controller.receive({ type: 'ready' });
    const init = last('init');
    assert.ok(init);
    assert.equal(init.formId, controller.formId);
    assert.deepEqual(init.presets, [7, 30, 60, 90]);
    assert.equal(init.limits.maxExpiryDays, 90);
    controller.dispose();
  });

  it('drops malformed messages and logs without their content', async () => {
    const controller = controllerFor(baseRequest());
    await controller.receive({ type: 'ready' });
    const before = posted.length;
    await controller.receive({ type: 'submit', id: 1, input: { name: 'MARKER-123', description: '', expiry: inDays(7), evil: true } });
    await controller.receive({ type: 'runCommand', command: 'MARKER-123' });
    await controller.receive('MARKER-123');
    assert.equal(posted.length, before, 'no reply to a malformed message');
    assert.equal(log.lines.filter((line) => line.includes('Dropped')).length, 3);
    assert.ok(!log.lines.join('\n').includes('MARKER-123'), 'the content is never logged');
    controller.dispose();
  });

  it('creates, reveals once, copies with auto-clear, inserts a reference, and forgets the value on Done', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'shellscript', content: 'export SPECTROCLOUD_APIKEY=\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 27, 0, 27);
    const request = baseRequest({ clipboardClearSeconds: () => 0.2 });
    const controller = controllerFor(request);
    await controller.receive({ type: 'ready' });

    await controller.receive({ type: 'submit', id: 7, input: { name: '  ci-deploy ', description: '', expiry: inDays(7), userUid: 'someone-else' } });
    assert.deepEqual(request.tracked.submitted.map((input) => input.name), ['ci-deploy'], 'normalized before the call');
    assert.equal(request.tracked.submitted[0].userUid, undefined, 'a non-admin cannot pick an owner');
    assert.deepEqual(posted.filter((m) => m.type === 'busy').map((m) => m.type === 'busy' && m.busy), [true, false]);
    assert.deepEqual(last('submitResult'), { type: 'submitResult', id: 7, ok: true });
    assert.deepEqual(last('reveal'), { type: 'reveal', keyName: 'ci-deploy', value: SECRET, envVarName: 'SPECTROCLOUD_APIKEY' });

    await controller.receive({ type: 'submit', id: 8, input: { name: 'again', description: '', expiry: inDays(7) } });
    assert.equal(last('submitResult')?.ok, false, 'no second create while the value is shown');
    await controller.receive({ type: 'cancel' });
    assert.equal(closed, 0, 'Cancel cannot discard a revealed value; only Done does');

    await controller.receive({ type: 'copyValue', id: 9 });
    assert.equal(last('actionResult')?.ok, true);
    assert.equal(clipboard.text, SECRET);
    await waitFor(() => clipboard.text === '', 3_000, 'the clipboard to be cleared');

    await controller.receive({ type: 'copyValue', id: 10 });
    clipboard.text = 'something the user copied later';
    // The clear reads the clipboard, then decides: once it has read, its decision has been made.
    const readsBefore = clipboard.reads;
    await waitFor(() => clipboard.reads > readsBefore, 3_000, 'the delayed clear to check the clipboard');
    await Promise.resolve();
    assert.equal(clipboard.text, 'something the user copied later', 'a newer clipboard content is left alone');

    await controller.receive({ type: 'insertReference', id: 11 });
    assert.equal(last('actionResult')?.ok, true, last('actionResult')?.message);
    assert.equal(document.getText(), 'export SPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}\n');

    await controller.receive({ type: 'done' });
    assert.equal(closed, 1);
    await controller.receive({ type: 'copyValue', id: 12 });
    assert.equal(last('actionResult')?.ok, false, 'the value is forgotten after Done');
    assert.ok(!log.lines.join('\n').includes(SECRET), 'the value is never logged');
    controller.dispose();
  });

  it('answers validation errors itself and passes server errors through', async () => {
    let calls = 0;
    const controller = controllerFor(baseRequest({
      submit: async (): Promise<KeyFormSubmitResult> => {
        calls++;
        if (calls === 1) throw new Error('Palette is unreachable.');
        return { ok: false, error: 'Name taken.', fieldIssues: [{ field: 'name', severity: 'error', message: 'Taken.' }] };
      },
    }));
    await controller.receive({ type: 'ready' });
    await controller.receive({ type: 'submit', id: 1, input: { name: ' ', description: '', expiry: inDays(7) } });
    assert.equal(calls, 0, 'an invalid form never reaches Palette');
    assert.equal(last('submitResult')?.fieldIssues?.[0]?.field, 'name');
    await controller.receive({ type: 'submit', id: 2, input: { name: 'k', description: '', expiry: inDays(365) } });
    assert.equal(calls, 0, 'nor does an expiry beyond the maximum');
    await controller.receive({ type: 'submit', id: 3, input: { name: 'k', description: '', expiry: inDays(7) } });
    assert.deepEqual(last('submitResult'), { type: 'submitResult', id: 3, ok: false, error: 'Palette is unreachable.' });
    await controller.receive({ type: 'submit', id: 4, input: { name: 'k', description: '', expiry: inDays(7) } });
    assert.equal(last('submitResult')?.error, 'Name taken.');
    assert.equal(last('submitResult')?.fieldIssues?.[0]?.message, 'Taken.');
    assert.equal(closed, 0);
    controller.dispose();
  });

  it('closes after a saved edit, and searches users only for admins creating a key', async () => {
    const edit = controllerFor(baseRequest({ mode: 'edit', isAdmin: true, submit: async () => ({ ok: true }) }));
    await edit.receive({ type: 'ready' });
    await edit.receive({ type: 'searchUsers', id: 1, query: 'a' });
    assert.ok(last('users')?.error);
    await edit.receive({ type: 'submit', id: 2, input: { name: 'renamed', description: '', expiry: inDays(7) } });
    assert.equal(closed, 1);
    edit.dispose();

    const admin = controllerFor(baseRequest({
      isAdmin: true,
      searchUsers: async (query) => [{ uid: 'u1', displayName: `Ada ${query}`, email: 'ada@example.com' }],
    }));
    await admin.receive({ type: 'ready' });
    await admin.receive({ type: 'searchUsers', id: 3, query: 'Love' });
    assert.deepEqual(last('users'), { type: 'users', id: 3, items: [{ uid: 'u1', displayName: 'Ada Love', email: 'ada@example.com' }] });
    admin.dispose();
  });
});

describe('clipboard and environment reference helpers', () => {
  it('reads paletteKeys.clipboardClearSeconds through a parameter, clamped', () => {
    const config = (value: unknown) => ({ get: <T>(_key: string, fallback?: T) => (value === undefined ? fallback : value) as T });
    assert.equal(clipboardClearSeconds(config(undefined)), DEFAULT_CLIPBOARD_CLEAR_SECONDS);
    assert.equal(clipboardClearSeconds(config(-5)), 0);
    assert.equal(clipboardClearSeconds(config(10_000)), 600);
    assert.equal(clipboardClearSeconds(config(Number.NaN)), DEFAULT_CLIPBOARD_CLEAR_SECONDS);
    assert.equal(clipboardClearSeconds(config('12')), DEFAULT_CLIPBOARD_CLEAR_SECONDS);
    assert.equal(clipboardClearSeconds(config(12)), 12);
  });

  it('never clears the clipboard when the delay is 0', async () => {
    const clipboard = fakeClipboard();
    // A clear can only come from a timer: record the timers the copy schedules instead of waiting to see.
    const scheduled: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      scheduled.push(args[1]);
      return realSetTimeout(...args);
    }) as unknown as typeof setTimeout;
    try {
      await copySecret(SECRET, 0, clipboard);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.deepEqual(scheduled, [], 'no clear was scheduled');
    assert.equal(clipboard.text, SECRET);
    assert.equal(clipboard.reads, 0, 'nothing checked the clipboard to clear it');
  });

  it('formats the reference by file name, then by language, then as VS Code\'s ${env:NAME}', () => {
    assert.equal(insertableReference('/w/.env', 'dotenv', 'SPECTROCLOUD_APIKEY'), '${SPECTROCLOUD_APIKEY}');
    assert.equal(insertableReference('Untitled-1', 'shellscript', 'SPECTROCLOUD_APIKEY'), '${SPECTROCLOUD_APIKEY}');
    assert.equal(insertableReference('/w/setup.ps1', 'powershell', 'SPECTROCLOUD_APIKEY'), '$env:SPECTROCLOUD_APIKEY');
    assert.equal(insertableReference('/w/Makefile', 'makefile', 'SPECTROCLOUD_APIKEY'), '$(SPECTROCLOUD_APIKEY)');
    assert.equal(insertableReference('/w/.vscode/settings.json', 'jsonc', 'SPECTROCLOUD_APIKEY'), '${env:SPECTROCLOUD_APIKEY}');
    assert.equal(insertableReference('/w/notes.txt', 'plaintext', 'PALETTE_API_KEY'), '${env:PALETTE_API_KEY}');
  });
});
