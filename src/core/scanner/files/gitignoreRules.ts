import ignore, { type Ignore } from 'ignore';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The rules of one `.gitignore` (or `.git/info/exclude`) and the directory they are relative to. */
export interface IgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

/** Reads `file` as gitignore rules relative to `base`; undefined when it does not exist or cannot be read. */
export function loadIgnoreLayer(base: string, file: string): IgnoreLayer | undefined {
  try {
    return { base, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/**
 * The layers that apply above a scan root: `.git/info/exclude` and every `.gitignore` from the
 * repository top down to the root's parent, so scanning a subfolder honours the repo's rules.
 * None when those rules ignore the root itself: a folder someone chose to scan (a workspace
 * folder kept in an ignored cache, say) is scanned, as ripgrep does with a path it is given.
 */
export function ancestorIgnoreLayers(root: string): IgnoreLayer[] {
  const chain: string[] = [];
  let top: string | undefined;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (existsSync(path.join(dir, '.git'))) {
      top = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  if (existsSync(path.join(root, '.git'))) return loadExclude(root);
  if (top === undefined) return [];
  const layers = loadExclude(top);
  for (const dir of chain) {
    const layer = loadIgnoreLayer(dir, path.join(dir, '.gitignore'));
    if (layer) layers.push(layer);
  }
  return isIgnored(layers, root, true) ? [] : layers;
}

function loadExclude(top: string): IgnoreLayer[] {
  const layer = loadIgnoreLayer(top, path.join(top, '.git', 'info', 'exclude'));
  return layer ? [layer] : [];
}

/** True when any layer ignores `absolutePath` (a directory when `isDirectory`). */
export function isIgnored(layers: readonly IgnoreLayer[], absolutePath: string, isDirectory: boolean): boolean {
  for (const layer of layers) {
    const relative = path.relative(layer.base, absolutePath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const posix = relative.split(path.sep).join('/');
    if (layer.rules.ignores(isDirectory ? `${posix}/` : posix)) return true;
  }
  return false;
}
