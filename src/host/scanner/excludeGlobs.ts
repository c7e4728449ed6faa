import * as vscode from 'vscode';
import { workspaceRestricted } from './workspaceTrust';

/**
 * The globs of `files.exclude` and `search.exclude` that are switched on for a folder. Entries with a
 * `when` condition depend on sibling files; they are left out (the file is scanned) rather than guessed.
 */
export function excludeGlobs(folder: vscode.WorkspaceFolder): string[] {
  const globs = new Set<string>();
  const restricted = workspaceRestricted();
  for (const section of ['files', 'search']) {
    const config = vscode.workspace.getConfiguration(section, folder.uri);
    // In Restricted Mode an untrusted workspace must not exclude its own files from the scan: user and default values only.
    const value = restricted ? userExcludes(config) : config.get<unknown>('exclude');
    if (typeof value !== 'object' || value === null) continue;
    for (const [glob, enabled] of Object.entries(value as Record<string, unknown>)) {
      if (enabled === true) globs.add(glob.replace(/^\.\//, ''));
    }
  }
  return [...globs];
}

function userExcludes(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const inspected = config.inspect<Record<string, unknown>>('exclude');
  return { ...inspected?.defaultValue, ...inspected?.globalValue };
}
