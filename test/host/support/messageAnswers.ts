import * as vscode from 'vscode';

/** A message the extension showed through `vscode.window`, as a person would have seen it. */
export interface AskedMessage {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly modal: boolean;
  readonly detail?: string;
  /** The buttons, in order (VS Code adds Cancel to a modal itself). */
  readonly buttons: readonly string[];
}

/**
 * Answers the messages the extension shows (the extension and the tests share one `vscode.window`)
 * with `answer`'s button, or as dismissed when it returns undefined, and records each. `restore`
 * puts the real functions back.
 */
export function answerMessages(answer: (asked: AskedMessage) => string | undefined): { asked: AskedMessage[]; restore: () => void } {
  const window = vscode.window as unknown as Record<string, unknown>;
  const originals = {
    showErrorMessage: window.showErrorMessage,
    showWarningMessage: window.showWarningMessage,
    showInformationMessage: window.showInformationMessage,
  };
  const asked: AskedMessage[] = [];
  const fake = (severity: AskedMessage['severity']) => (message: unknown, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? rest.shift() as vscode.MessageOptions : {};
    const buttons = rest.map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title));
    const shown: AskedMessage = { severity, message: String(message), modal: options.modal === true, ...(options.detail ? { detail: options.detail } : {}), buttons };
    asked.push(shown);
    const picked = answer(shown);
    return Promise.resolve(picked !== undefined && buttons.includes(picked) ? picked : undefined);
  };
  window.showErrorMessage = fake('error');
  window.showWarningMessage = fake('warning');
  window.showInformationMessage = fake('info');
  return { asked, restore: () => Object.assign(window, originals) };
}
