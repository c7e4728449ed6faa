import { bytesToBase64, randomBytes } from '../../core/crypto/randomBytes';
import * as vscode from 'vscode';
import type { KeyFormMode } from '../../shared/keyFormProtocol';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import { KeyFormController, type KeyFormRequest } from './keyFormController';
import { renderKeyFormHtml } from './keyFormHtml';

export type { KeyFormRequest, KeyFormSubmitResult } from './keyFormController';

/** The webview panel's view type. */
export const KEY_FORM_VIEW_TYPE = 'paletteKeys.keyForm';

/**
 * The create / edit key form in a hardened webview panel: one panel per mode, a strict CSP with a
 * per-load nonce, resources only from dist/ and media/. Opening a second request of the same mode
 * reveals the existing panel, which takes the new request over unless it is saving or showing a
 * new key's value. The protocol itself is handled by `KeyFormController`.
 */
export class KeyFormPanel extends Disposable {
  private static readonly panels = new Map<KeyFormMode, KeyFormPanel>();

  private readonly closeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires once when the panel closes (Done, Cancel, a saved edit, or the user closing the tab). */
  readonly onDidClose: vscode.Event<void> = this.closeEmitter.event;

  private readonly panel: vscode.WebviewPanel;
  private readonly controller: KeyFormController;
  private readonly mode: KeyFormMode;
  private closed = false;

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

  private constructor(private readonly extensionUri: vscode.Uri, request: KeyFormRequest, private readonly log: Logger) {
    super();
    this.mode = request.mode;
    // Beside an open editor, so "Insert environment reference" keeps a visible target.
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    this.panel = this._register(vscode.window.createWebviewPanel(KEY_FORM_VIEW_TYPE, request.title, column, {
      enableScripts: true,
      enableFindWidget: false,
      // Not retained: a hidden form reloads when shown, re-sends `ready`, and the controller restores it.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    }));
    this.controller = this._register(new KeyFormController(request, {
      post: (message) => void this.panel.webview.postMessage(message),
      close: () => this.dispose(),
    }, log));
    this._register(this.panel.onDidDispose(() => this.dispose()));
    this._register(this.panel.webview.onDidReceiveMessage((message: unknown) => void this.controller.receive(message)));
    this.panel.webview.html = this.html(request.title);
  }

  override dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (KeyFormPanel.panels.get(this.mode) === this) KeyFormPanel.panels.delete(this.mode);
    this.closeEmitter.fire();
    super.dispose();
  }

  private takeOver(request: KeyFormRequest): void {
    if (!this.controller.takeOver(request)) {
      this.log.info('The key form is saving or showing a new key; revealed it without replacing its request.');
      return;
    }
    this.panel.title = request.title;
  }

  private html(title: string): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    return renderKeyFormHtml({
      cspSource: webview.cspSource,
      nonce: bytesToBase64(randomBytes(18)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title,
      ...(vscode.l10n.bundle ? { l10nBundle: vscode.l10n.bundle } : {}),
    });
  }
}
