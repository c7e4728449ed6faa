import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  MAX_FIELD_ISSUES,
  MAX_USER_RESULTS,
  MAX_WIRE_SHORT_TEXT,
  MAX_WIRE_TEXT,
  isWebviewToHostMessage,
  toWireLimits,
  type ActionResultMessage,
  type HostToWebviewMessage,
  type KeyFormMode,
  type RevealMessage,
  type SearchUsersMessage,
  type SubmitMessage,
  type SubmitResultMessage,
  type UserSummary,
} from '../../shared/keyFormProtocol';
import {
  EXPIRY_PRESETS,
  hasErrors,
  normalizeKeyForm,
  validateKeyForm,
  type FieldIssue,
  type KeyFormInput,
  type ValidationLimits,
} from '../../shared/keyFormValidation';
import { clipboardClearSeconds, copySecret } from '../clipboard';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import { environmentReference, isEnvironmentVariableName } from './environmentReference';
import { renderKeyFormHtml } from './keyFormHtml';

/** The webview panel's view type. */
export const KEY_FORM_VIEW_TYPE = 'paletteKeys.keyForm';

/** What the command layer asks of the form. */
export interface KeyFormRequest {
  mode: KeyFormMode;
  title: string;
  initial?: Partial<KeyFormInput>;
  isAdmin: boolean;
  /** Called for every validation, so `now` is current. */
  limits: () => ValidationLimits;
  /** Tenant admins only: users matching a query, for the owner picker. */
  searchUsers?: (query: string) => Promise<UserSummary[]>;
  /** Creates or updates the key. The input is already normalized and validated. */
  submit: (input: KeyFormInput) => Promise<KeyFormSubmitResult>;
  /** Seconds after which a copied key is cleared from the clipboard; defaults to the setting. */
  clipboardClearSeconds?: () => number;
}

export type KeyFormSubmitResult =
  | { ok: true; reveal?: { keyName: string; value: string; envVarName: string } }
  | { ok: false; error: string; fieldIssues?: FieldIssue[] };

type Reveal = Omit<RevealMessage, 'type'>;

/**
 * The create / edit key form in a webview panel. One panel per mode: opening a second request of
 * the same mode reveals the existing panel (and takes the new request over if the panel is idle).
 * Every inbound message is checked with the protocol guard; the one-time key value is held here
 * only between `reveal` and Done / close, so it can be copied without the webview sending it back.
 */
export class KeyFormPanel extends Disposable {
  private static readonly panels = new Map<KeyFormMode, KeyFormPanel>();
  private static formCounter = 0;

  private readonly closeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires once when the panel closes (Done, Cancel, a saved edit, or the user closing the tab). */
  readonly onDidClose: vscode.Event<void> = this.closeEmitter.event;

  private readonly panel: vscode.WebviewPanel;
  private readonly log: Logger;
  private formId = '';
  private ready = false;
  private busy = false;
  private closed = false;
  private revealed: Reveal | undefined;
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  static open(extensionUri: vscode.Uri, request: KeyFormRequest, log: Logger): KeyFormPanel {
    const existing = KeyFormPanel.panels.get(request.mode);
    if (existing) {
      existing.takeOver(request);
      existing.panel.reveal();
      return existing;
    }
    const panel = new KeyFormPanel(extensionUri, request, log.withComponent('keyForm'));
    KeyFormPanel.panels.set(request.mode, panel);
    return panel;
  }

  private constructor(private readonly extensionUri: vscode.Uri, private request: KeyFormRequest, log: Logger) {
    super();
    this.log = log;
    this.formId = KeyFormPanel.nextFormId();
    // Beside an open editor, so "Insert environment reference" has a visible target.
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    this.panel = this._register(vscode.window.createWebviewPanel(KEY_FORM_VIEW_TYPE, request.title, column, {
      enableScripts: true,
      enableFindWidget: false,
      // The webview reloads when hidden; it re-sends `ready` and gets its state back from us.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    }));
    this._register(this.panel.onDidDispose(() => this.dispose()));
    this._register(this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) this.lastEditor = editor;
    }));
    this.panel.webview.html = this.html();
  }

  override dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (KeyFormPanel.panels.get(this.request.mode) === this) KeyFormPanel.panels.delete(this.request.mode);
    this.revealed = undefined;
    this.closeEmitter.fire();
    super.dispose();
  }

  private static nextFormId(): string {
    KeyFormPanel.formCounter += 1;
    return `form-${KeyFormPanel.formCounter}-${Date.now().toString(36)}`;
  }

  /** A new request for an open panel: idle panels switch to it; a busy or revealing one keeps its work. */
  private takeOver(request: KeyFormRequest): void {
    if (this.busy || this.revealed) {
      this.log.info('The key form is busy or showing a new key; revealed it without replacing its request.');
      return;
    }
    this.request = request;
    this.formId = KeyFormPanel.nextFormId();
    this.panel.title = request.title;
    if (this.ready) this.sendInit();
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    return renderKeyFormHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: this.request.title,
    });
  }

  private post(message: HostToWebviewMessage): void {
    // Before `ready` the webview has no listener yet and the message would be lost.
    if (!this.ready || this.closed) return;
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHostMessage(message)) {
      // Never log the content: it could hold anything, including text the user typed.
      this.log.warn('Dropped a malformed or unknown message from the key form webview.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        if (this.busy) this.post({ type: 'busy', busy: true });
        if (this.revealed) this.post({ type: 'reveal', ...this.revealed });
        return;
      case 'submit':
        return this.submit(message);
      case 'searchUsers':
        return this.searchUsers(message);
      case 'copyValue':
        return this.reply(message.id, await this.copyValue());
      case 'insertReference':
        return this.reply(message.id, await this.insertReference());
      case 'done':
        this.dispose();
        return;
      case 'cancel':
        // A request in flight may create a key whose value must still be shown; only Done ends a reveal.
        if (!this.busy && !this.revealed) this.dispose();
        return;
    }
  }

  private sendInit(): void {
    const { request } = this;
    const initial = request.initial ?? {};
    this.post({
      type: 'init',
      formId: this.formId,
      mode: request.mode,
      title: truncate(request.title, MAX_WIRE_SHORT_TEXT),
      initial: {
        name: truncate(initial.name ?? '', MAX_WIRE_TEXT),
        description: truncate(initial.description ?? '', MAX_WIRE_TEXT),
        expiry: truncate(initial.expiry ?? '', MAX_WIRE_SHORT_TEXT),
      },
      isAdmin: request.isAdmin,
      limits: toWireLimits(request.limits()),
      presets: [...EXPIRY_PRESETS],
    });
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.post({ type: 'busy', busy });
  }

  private async submit(message: SubmitMessage): Promise<void> {
    const reply = (result: Omit<SubmitResultMessage, 'type' | 'id'>): void =>
      this.post({ type: 'submitResult', id: message.id, ...result });
    if (this.busy || this.revealed) {
      reply({ ok: false, error: this.busy ? 'The key is still being saved.' : 'The key has already been created.' });
      return;
    }
    const { request } = this;
    const input = normalizeKeyForm(message.input);
    // The owner is chosen only when an admin creates a key; never trust the webview on that.
    if (request.mode === 'edit' || !request.isAdmin) delete input.userUid;
    const issues = validateKeyForm(input, request.limits());
    if (hasErrors(issues)) {
      reply({ ok: false, error: 'Fix the highlighted fields and try again.', fieldIssues: issues.slice(0, MAX_FIELD_ISSUES) });
      return;
    }
    this.setBusy(true);
    let result: KeyFormSubmitResult;
    try {
      result = await request.submit(input);
    } catch (error) {
      this.log.error(`Saving the key failed: ${describe(error)}`);
      result = { ok: false, error: describe(error) };
    } finally {
      this.setBusy(false);
    }
    if (!result.ok) {
      reply({ ok: false, error: truncate(result.error, MAX_WIRE_TEXT), fieldIssues: result.fieldIssues?.slice(0, MAX_FIELD_ISSUES) });
      return;
    }
    if (this.closed) {
      if (result.reveal) this.log.warn('A key was created after its form was closed; its value could not be shown.');
      return;
    }
    reply({ ok: true });
    if (!result.reveal) {
      this.dispose(); // a saved edit has nothing more to show
      return;
    }
    const envVarName = isEnvironmentVariableName(result.reveal.envVarName) ? result.reveal.envVarName : 'SPECTROCLOUD_APIKEY';
    this.revealed = { keyName: truncate(result.reveal.keyName, MAX_WIRE_TEXT), value: result.reveal.value, envVarName };
    this.post({ type: 'reveal', ...this.revealed });
  }

  private async searchUsers(message: SearchUsersMessage): Promise<void> {
    const reply = (items: UserSummary[], error?: string): void =>
      this.post({ type: 'users', id: message.id, items, ...(error === undefined ? {} : { error }) });
    const { searchUsers } = this.request;
    if (this.request.mode !== 'create' || !this.request.isAdmin || !searchUsers) {
      reply([], 'Only tenant admins can create keys for other users.');
      return;
    }
    try {
      const users = await searchUsers(message.query);
      reply(users.slice(0, MAX_USER_RESULTS).map((user) => ({
        uid: truncate(user.uid, MAX_WIRE_SHORT_TEXT),
        displayName: truncate(user.displayName, MAX_WIRE_SHORT_TEXT),
        email: truncate(user.email, MAX_WIRE_SHORT_TEXT),
      })));
    } catch (error) {
      this.log.warn(`Searching users failed: ${describe(error)}`);
      reply([], `Searching users failed: ${describe(error)}`);
    }
  }

  private reply(id: number, result: Omit<ActionResultMessage, 'type' | 'id'>): void {
    this.post({ type: 'actionResult', id, ...result });
  }

  private async copyValue(): Promise<Omit<ActionResultMessage, 'type' | 'id'>> {
    if (!this.revealed) return { ok: false, message: 'There is no key value to copy.' };
    const seconds = (this.request.clipboardClearSeconds ?? clipboardClearSeconds)();
    try {
      await copySecret(this.revealed.value, seconds);
    } catch {
      return { ok: false, message: 'Copying to the clipboard failed. Select the value and copy it yourself.' };
    }
    return {
      ok: true,
      message: seconds > 0
        ? `Copied. The clipboard will be cleared in ${seconds} seconds if it still holds the key.`
        : 'Copied to the clipboard.',
    };
  }

  private async insertReference(): Promise<Omit<ActionResultMessage, 'type' | 'id'>> {
    if (!this.revealed) return { ok: false, message: 'There is no new key to refer to.' };
    const target = this.lastEditor;
    if (!target || target.document.isClosed) {
      return { ok: false, message: 'Open a file in an editor first, then select Insert environment reference again.' };
    }
    // While the webview has focus there is no active text editor: use the last one the user had.
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === target.document)
      ?? await vscode.window.showTextDocument(target.document, { viewColumn: target.viewColumn, preserveFocus: true });
    const text = environmentReference(editor.document.languageId, this.revealed.envVarName);
    const applied = await editor.edit((builder) => {
      for (const selection of editor.selections) builder.replace(selection, text);
    });
    if (!applied) return { ok: false, message: 'The editor did not accept the edit.' };
    return { ok: true, message: `Inserted ${text} into ${path.basename(editor.document.fileName)}.` };
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function describe(error: unknown): string {
  return truncate(error instanceof Error ? error.message : 'Unknown error.', 1000);
}
