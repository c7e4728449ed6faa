import type * as vscode from 'vscode';
import type { WorkspaceFindingSink } from './workspaceScanner';

/** Drops the workspace scan's findings for `uri` and, when it was a folder, for everything below it. */
export function forgetWorkspaceFindingsUnder(store: WorkspaceFindingSink, uri: vscode.Uri): void {
  const prefix = `${uri.toString()}/`;
  for (const known of store.uris()) {
    const key = known.toString();
    if ((key === uri.toString() || key.startsWith(prefix)) && store.origin(known) === 'workspace') store.delete(known);
  }
}

/** Files that had findings from the workspace scan but were not seen by the scan that just ended (clean, excluded, gone). */
export function forgetUnseenWorkspaceFindings(store: WorkspaceFindingSink, seen: ReadonlySet<string>): void {
  for (const uri of store.uris()) {
    if (store.origin(uri) === 'workspace' && !seen.has(uri.toString())) store.delete(uri);
  }
}
