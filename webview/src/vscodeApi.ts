import type { WebviewToHostMessage } from '../../src/shared/keyFormProtocol';

/** The part of the API VS Code injects into webviews that this bundle uses. */
export interface VsCodeApi<State> {
  postMessage(message: WebviewToHostMessage): void;
  getState(): State | undefined;
  setState(state: State | undefined): void;
}

declare global {
  // Injected by VS Code; callable only once per page load.
  function acquireVsCodeApi<State>(): VsCodeApi<State>;
}

/**
 * What the webview persists across reloads (VS Code reloads a hidden webview when it is shown
 * again). Only the non-secret draft: the one-time key value must never be put here, because VS
 * Code writes webview state to disk.
 */
export interface PersistedState {
  formId: string;
  draft: FormDraft;
}

export interface FormDraft {
  name: string;
  description: string;
  /** A preset's day count as text, `custom`, or `keep` (edit mode: leave the expiry as it is). */
  expiryChoice: string;
  customDate: string;
  owner?: { uid: string; label: string };
}
