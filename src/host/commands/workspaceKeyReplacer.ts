import * as vscode from 'vscode';
import { referenceEdits, type FixSource, type KeySpan } from '../scanner/envVarReplacement';
import { applyLineEdits, fixSourceOf } from '../scanner/textWithLineEdits';

/** Files bigger than this are not opened for replacing (keys live in small config files). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Takes a key value out of every workspace file that holds it: each occurrence becomes the
 * environment reference that file's kind uses (the same edit as the scanner's "Replace with an
 * environment variable reference"), never another key value, so a rotation cannot write the new
 * live key into a file. Files with unsaved changes are edited in their editor and saved; the others
 * are rewritten on disk. Returns the files changed. Values are never logged.
 */
export async function replaceKeyValueWithReferences(oldValue: string, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', 20_000, token);
  const unsaved = new vscode.WorkspaceEdit();
  const unsavedDocuments: vscode.TextDocument[] = [];
  const onDisk: { uri: vscode.Uri; bytes: Uint8Array }[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    // A person's unsaved text is what will be saved: edit that. Otherwise the disk is the truth (an
    // open editor may not have caught up with a change on disk yet), and the file is rewritten there.
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty) {
      const source = fixSourceOf(uri.fsPath, open.getText());
      const edits = referenceEdits(source, spansOf(source, oldValue));
      if (edits.length === 0) continue;
      for (const change of edits) unsaved.replace(uri, new vscode.Range(change.line, change.start, change.endLine ?? change.line, change.end), change.text);
      unsavedDocuments.push(open);
      continue;
    }
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) continue;
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      continue; // deleted or unreadable since the search: nothing to replace there
    }
    // The BOM stays part of the text, so it is written back as it was.
    const text = decoder.decode(bytes);
    if (!text.includes(oldValue)) continue;
    const source = fixSourceOf(uri.fsPath, text);
    const edits = referenceEdits(source, spansOf(source, oldValue));
    if (edits.length > 0) onDisk.push({ uri, bytes: new TextEncoder().encode(applyLineEdits(text, edits)) });
  }
  if (token?.isCancellationRequested) return [];
  const changed: vscode.Uri[] = [];
  if (unsavedDocuments.length > 0 && await vscode.workspace.applyEdit(unsaved)) {
    for (const document of unsavedDocuments) {
      if (await document.save()) changed.push(document.uri);
    }
  }
  for (const file of onDisk) {
    await vscode.workspace.fs.writeFile(file.uri, file.bytes);
    changed.push(file.uri);
  }
  return changed;
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
