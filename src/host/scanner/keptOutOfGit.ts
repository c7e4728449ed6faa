import * as vscode from 'vscode';
import { gitKeepsOut } from '../../core/scanner/files/gitKeepsOut';
import { Disposable } from '../lifecycle';

/** A file's answer is asked again at most this often (a scan of an edited file asks each time). */
const RECHECK_MS = 3000;

/**
 * Which files with findings git ignores and does not track (a local `.env`, where a key is meant
 * to live), asked of git in the background: `isKeptOut` answers from what is known now (false
 * until git answered), and `onDidChange` fires for a file whose answer changed.
 */
export class KeptOutOfGit extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly answers = new Map<string, { keptOut: boolean; checkedAt: number }>();
  private readonly pending = new Set<string>();

  isKeptOut(uri: vscode.Uri): boolean {
    return this.answers.get(uri.toString())?.keptOut ?? false;
  }

  /** Asks git about a file again (unless it did a moment ago). */
  check(uri: vscode.Uri): void {
    const key = uri.toString();
    const known = this.answers.get(key);
    if (uri.scheme !== 'file' || this.pending.has(key) || (known && Date.now() - known.checkedAt < RECHECK_MS)) return;
    this.pending.add(key);
    void gitKeepsOut(uri.fsPath).then((answer) => {
      this.pending.delete(key);
      const keptOut = answer === true;
      this.answers.set(key, { keptOut, checkedAt: Date.now() });
      if (keptOut !== (known?.keptOut ?? false)) this.changed.fire(uri);
    });
  }

  forget(uri: vscode.Uri): void {
    this.answers.delete(uri.toString());
  }
}
