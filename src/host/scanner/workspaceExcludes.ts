import * as path from 'node:path';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { isIgnored, loadIgnoreLayer, ancestorIgnoreLayers, type IgnoreLayer } from '../../core/scanner/files/gitignoreRules';

export { excludeGlobs } from './excludeGlobs';

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
