import * as vscode from 'vscode';

/** Files bigger than this are not opened for replacing (keys live in small config files). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Replaces every exact occurrence of an old key value with the new one in workspace files, as one
 * undoable workspace edit. Used by rotation; returns the files changed. Values are never logged.
 */
export async function replaceKeyValueInWorkspace(oldValue: string, newValue: string, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
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
    const text = decoder.decode(bytes);
    if (!text.includes(oldValue)) continue;
    const document = await vscode.workspace.openTextDocument(uri);
    const current = document.getText();
    let index = current.indexOf(oldValue);
    while (index >= 0) {
      edit.replace(uri, new vscode.Range(document.positionAt(index), document.positionAt(index + oldValue.length)), newValue);
      index = current.indexOf(oldValue, index + oldValue.length);
    }
    changed.push(uri);
  }
  if (changed.length > 0 && await vscode.workspace.applyEdit(edit)) {
    await Promise.all(changed.map(async (uri) => (await vscode.workspace.openTextDocument(uri)).save()));
    return changed;
  }
  return [];
}
