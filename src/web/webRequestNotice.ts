import * as vscode from 'vscode';
import { onFetchFailed } from '../core/palette/transport.browser';
import { Disposable } from '../host/lifecycle';
import type { Logger } from '../host/logger';
import type { PaletteSession } from '../host/session/paletteSession';

/** Context key of the key view's welcome text about cross-origin requests (package.json `viewsWelcome`). */
export const REQUESTS_FAILED_CONTEXT = 'paletteKeys.webRequestsFailed';

/**
 * In the browser, requests to Palette leave from the editor's page: they fail when the Palette host
 * does not answer cross-origin (CORS) requests from the editor's origin, and the browser does not
 * say why. The first such failure switches on the key view's explanation (and a log line, once);
 * a list that loads switches it off. The leak scanner needs no request and keeps working.
 */
export class WebRequestNotice extends Disposable {
  private shown = false;

  constructor(session: PaletteSession, private readonly log: Logger) {
    super();
    const unsubscribe = onFetchFailed((origin) => this.failed(origin));
    this._register({ dispose: () => void unsubscribe() });
    this._register(session.onDidChangeState((state) => {
      if (state.kind === 'ready' && this.shown) this.set(false);
    }));
  }

  private failed(origin: string): void {
    if (this.shown) return;
    this.log.warn(`the browser got no answer from ${new URL(origin).host}: in VS Code for the Web, key management needs a Palette host that allows cross-origin requests from this editor; the leak scanner keeps working`);
    this.set(true);
  }

  private set(shown: boolean): void {
    this.shown = shown;
    void vscode.commands.executeCommand('setContext', REQUESTS_FAILED_CONTEXT, shown);
  }
}
