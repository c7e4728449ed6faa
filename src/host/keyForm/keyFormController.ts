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
import { clipboardClearSeconds, copySecret, type SecretClipboard } from '../clipboard';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import { insertableReference, isEnvironmentVariableName } from './environmentReference';

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

/** The controller's view of its webview: where replies go and how to close it. */
export interface KeyFormHost {
  post(message: HostToWebviewMessage): void;
  close(): void;
}

type Reveal = Omit<RevealMessage, 'type'>;
type ActionResult = Omit<ActionResultMessage, 'type' | 'id'>;

/**
 * The host half of the key form protocol, independent of the panel that shows it: checks every
 * inbound message with the guard, answers requests, and holds the one-time key value between
 * `reveal` and Done / close, so it can be copied without the webview sending it back.
 */
export class KeyFormController extends Disposable {
  private static formCounter = 0;
  private formIdValue = '';
  private ready = false;
  private busy = false;
  private closed = false;
  private revealed: Reveal | undefined;
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor(
    private requestValue: KeyFormRequest,
    private readonly host: KeyFormHost,
    private readonly log: Logger,
    private readonly clipboard: SecretClipboard = vscode.env.clipboard,
  ) {
    super();
    this.formIdValue = KeyFormController.nextFormId();
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) this.lastEditor = editor;
    }));
  }

  get request(): KeyFormRequest {
    return this.requestValue;
  }

  /** Identifies the current request; the webview keys its saved draft by it. */
  get formId(): string {
    return this.formIdValue;
  }

  /** True while saving or while a new key's value is shown: the panel must not switch requests then. */
  get isCommitted(): boolean {
    return this.busy || this.revealed !== undefined;
  }

  /** Switches an idle form to another request (the panel is single-instance per mode). */
  takeOver(request: KeyFormRequest): boolean {
    if (this.isCommitted) return false;
    this.requestValue = request;
    this.formIdValue = KeyFormController.nextFormId();
    this.sendInit();
    return true;
  }

  override dispose(): void {
    this.closed = true;
    this.revealed = undefined; // forget the value as soon as the form is gone
    super.dispose();
  }

  async receive(message: unknown): Promise<void> {
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
        this.revealed = undefined;
        this.host.close();
        return;
      case 'cancel':
        // A request in flight may create a key whose value must still be shown; only Done ends a reveal.
        if (!this.isCommitted) this.host.close();
        return;
    }
  }

  private static nextFormId(): string {
    KeyFormController.formCounter += 1;
    return `form-${KeyFormController.formCounter}-${Date.now().toString(36)}`;
  }

  private post(message: HostToWebviewMessage): void {
    // Before `ready` the webview has no listener yet and the message would be lost.
    if (!this.ready || this.closed) return;
    this.host.post(message);
  }

  private sendInit(): void {
    const request = this.requestValue;
    const initial = request.initial ?? {};
    this.post({
      type: 'init',
      formId: this.formIdValue,
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
    if (this.isCommitted) {
      reply({ ok: false, error: this.busy ? 'The key is still being saved.' : 'The key has already been created.' });
      return;
    }
    const request = this.requestValue;
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
      const fieldIssues = result.fieldIssues?.slice(0, MAX_FIELD_ISSUES);
      reply({ ok: false, error: truncate(result.error, MAX_WIRE_TEXT), ...(fieldIssues ? { fieldIssues } : {}) });
      return;
    }
    if (this.closed) {
      if (result.reveal) this.log.warn('A key was created after its form was closed; its value could not be shown.');
      return;
    }
    reply({ ok: true });
    if (!result.reveal) {
      this.host.close(); // a saved edit has nothing more to show
      return;
    }
    const envVarName = isEnvironmentVariableName(result.reveal.envVarName) ? result.reveal.envVarName : 'SPECTROCLOUD_APIKEY';
    this.revealed = { keyName: truncate(result.reveal.keyName, MAX_WIRE_TEXT), value: result.reveal.value, envVarName };
    this.post({ type: 'reveal', ...this.revealed });
  }

  private async searchUsers(message: SearchUsersMessage): Promise<void> {
    const reply = (items: UserSummary[], error?: string): void =>
      this.post({ type: 'users', id: message.id, items, ...(error === undefined ? {} : { error }) });
    const request = this.requestValue;
    if (request.mode !== 'create' || !request.isAdmin || !request.searchUsers) {
      reply([], 'Only tenant admins can create keys for other users.');
      return;
    }
    try {
      const users = await request.searchUsers(message.query);
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

  private reply(id: number, result: ActionResult): void {
    this.post({ type: 'actionResult', id, ...result });
  }

  private async copyValue(): Promise<ActionResult> {
    if (!this.revealed) return { ok: false, message: 'There is no key value to copy.' };
    const seconds = (this.requestValue.clipboardClearSeconds ?? clipboardClearSeconds)();
    try {
      await copySecret(this.revealed.value, seconds, this.clipboard);
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

  private async insertReference(): Promise<ActionResult> {
    if (!this.revealed) return { ok: false, message: 'There is no new key to refer to.' };
    const target = this.lastEditor;
    if (!target || target.document.isClosed) {
      return { ok: false, message: 'Open a file in an editor first, then select Insert environment reference again.' };
    }
    // While the webview has focus there is no active text editor: use the last one the user had.
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === target.document)
      ?? await vscode.window.showTextDocument(target.document, { viewColumn: target.viewColumn, preserveFocus: true });
    const text = insertableReference(editor.document.fileName, editor.document.languageId, this.revealed.envVarName);
    const applied = await editor.edit((builder) => {
      for (const selection of editor.selections) builder.replace(selection, text);
    });
    if (!applied) return { ok: false, message: 'The editor did not accept the edit.' };
    return { ok: true, message: `Inserted ${text} into ${editor.document.uri.path.slice(editor.document.uri.path.lastIndexOf('/') + 1)}.` };
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function describe(error: unknown): string {
  return truncate(error instanceof Error ? error.message : 'Unknown error.', 1000);
}
