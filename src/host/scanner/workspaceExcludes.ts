import * as path from 'node:path';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { isIgnored, loadIgnoreLayer, ancestorIgnoreLayers, type IgnoreLayer } from '../../core/scanner/files/gitignoreRules';
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

/**
 * Decides whether a single changed file belongs in the workspace scan, by the same rules the walk
 * applies: never `.git/`, the exclude globs on the file or any folder above it, and `.gitignore`
 * files from the repository top down to the file's folder.
 */
export class PathFilter {
  private readonly excluded: ((relative: string) => boolean) | undefined;
  private readonly layerCache = new Map<string, IgnoreLayer | undefined>();
  private readonly aboveRoot: readonly IgnoreLayer[];

  constructor(private readonly folder: vscode.WorkspaceFolder, globs: readonly string[], private readonly respectGitignore: boolean) {
    this.excluded = globs.length > 0 ? picomatch([...globs], { dot: true }) : undefined;
    this.aboveRoot = respectGitignore ? ancestorIgnoreLayers(folder.uri.fsPath) : [];
  }

  includes(file: string): boolean {
    const relative = path.relative(this.folder.uri.fsPath, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const parts = relative.split(path.sep);
    if (parts.includes('.git')) return false;
    if (this.excluded) {
      for (let i = 1; i <= parts.length; i++) if (this.excluded(parts.slice(0, i).join('/'))) return false;
    }
    if (!this.respectGitignore) return true;
    const layers: IgnoreLayer[] = [...this.aboveRoot];
    let dir = this.folder.uri.fsPath;
    for (let i = 0; i < parts.length; i++) {
      const layer = this.layer(dir);
      if (layer) layers.push(layer);
      dir = path.join(dir, parts[i]);
    }
    return !isIgnored(layers, file, false);
  }

  private layer(dir: string): IgnoreLayer | undefined {
    if (!this.layerCache.has(dir)) this.layerCache.set(dir, loadIgnoreLayer(dir, path.join(dir, '.gitignore')));
    return this.layerCache.get(dir);
  }
}
