import * as vscode from 'vscode';

/** Calls `tick` every `ms` until disposed (relative dates, badges and expiry warnings age without a refresh). */
export function tickEvery(ms: number, tick: () => void): vscode.Disposable {
  const timer = setInterval(tick, ms);
  return new vscode.Disposable(() => clearInterval(timer));
}
