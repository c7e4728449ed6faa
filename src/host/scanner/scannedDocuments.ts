import type * as vscode from 'vscode';

/** Schemes of documents worth scanning: files, unsaved editors, notebook cells and settings files. */
export const SCANNED_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-userdata']);

/** File names that give an unsaved document's language the file kind the detectors expect. */
const UNTITLED_NAMES: Readonly<Record<string, string>> = {
  dotenv: '.env', shellscript: 'untitled.sh', powershell: 'untitled.ps1', dockerfile: 'Dockerfile', terraform: 'untitled.tf',
  yaml: 'untitled.yaml', json: 'untitled.json', jsonc: 'untitled.json', http: 'untitled.http', python: 'untitled.py',
  javascript: 'untitled.js', typescript: 'untitled.ts', go: 'untitled.go',
};

/** The name the detectors see: the path for files; for unsaved documents, one that carries the language. */
export function scanFileName(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  return UNTITLED_NAMES[document.languageId] ?? document.uri.path;
}
