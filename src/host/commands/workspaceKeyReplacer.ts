import * as vscode from 'vscode';
import { referenceEdits, type FixSource, type KeySpan } from '../scanner/envVarReplacement';

/** Files bigger than this are not opened for replacing (keys live in small config files). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Takes a key value out of every workspace file that holds it, as one undoable workspace edit:
 * each occurrence becomes the environment reference that file's kind uses (the same edit as the
 * scanner's "Replace with an environment variable reference"), never another key value, so a
 * rotation cannot write the new live key into a file. Returns the files changed. Values are never logged.
 */
export async function replaceKeyValueWithReferences(oldValue: string, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', 20_000, token);
  const edit = new vscode.WorkspaceEdit();
  const changed: vscode.Uri[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) continue;
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      continue; // deleted or unreadable since the search: nothing to replace there
    }
    if (!decoder.decode(bytes).includes(oldValue)) continue;
    const document = await vscode.workspace.openTextDocument(uri);
    const source: FixSource = { fileName: uri.fsPath, lineCount: document.lineCount, lineAt: (line) => document.lineAt(line).text };
    for (const change of referenceEdits(source, spansOf(source, oldValue))) {
      edit.replace(uri, new vscode.Range(change.line, change.start, change.endLine ?? change.line, change.end), change.text);
    }
    changed.push(uri);
  }
  if (changed.length > 0 && await vscode.workspace.applyEdit(edit)) {
    await Promise.all(changed.map(async (uri) => (await vscode.workspace.openTextDocument(uri)).save()));
    return changed;
  }
  return [];
}

/** Where `value` occurs, line by line (a key value never spans lines). */
function spansOf(source: FixSource, value: string): KeySpan[] {
  const spans: KeySpan[] = [];
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineAt(line);
    for (let start = text.indexOf(value); start >= 0; start = text.indexOf(value, start + value.length)) {
      spans.push({ line, start, end: start + value.length });
    }
  }
  return spans;
}
