import picomatch from 'picomatch';
import { readdirSync, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { ancestorIgnoreLayers, isIgnored, loadIgnoreLayer, type IgnoreLayer } from './gitignoreRules';
import { skipReasonOf } from './readTextFile';
import type { SkipReason } from './skipReason';

/** Options of `walkFiles`. */
export interface WalkOptions {
  /** Honour `.gitignore` files and `.git/info/exclude`. Default true. */
  readonly respectGitignore?: boolean;
  /** Globs (picomatch, matched against paths relative to each root) to leave out, e.g. `**\/node_modules`. */
  readonly exclude?: readonly string[];
  /** Follow symbolic links (with loop detection). Default false, like git and ripgrep. */
  readonly followSymlinks?: boolean;
  /** Stops the walk between directories. */
  readonly signal?: AbortSignal;
  /**
   * List directories with blocking calls: about twice as fast, for callers whose thread has nothing
   * else to do (the CLI, a worker). Default false, so an editor's thread stays responsive.
   */
  readonly blocking?: boolean;
}

/** A file to scan, or a path that was passed over and why. */
export type WalkEntry =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: SkipReason };

interface PendingDirectory {
  readonly path: string;
  readonly root: string;
  readonly layers: readonly IgnoreLayer[];
}

/**
 * Walks roots (directories or files) and yields files to scan. Dotfiles and dot-folders (`.env`,
 * `.github/`, `.vscode/`) are included; `.git/` never is. A root given as a file is yielded even
 * when ignored, as ripgrep does. Unreadable directories and special files (FIFOs, sockets, devices)
 * are yielded as skipped, not thrown or read.
 */
export async function* walkFiles(roots: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const respectGitignore = options.respectGitignore ?? true;
  const excluded = options.exclude && options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : undefined;
  const visitedLinks = new Set<string>();
  const rootReals: string[] = [];
  const stack: PendingDirectory[] = [];

  for (const rawRoot of [...roots].reverse()) {
    const root = path.resolve(rawRoot);
    let info;
    try {
      info = await stat(root);
    } catch (error) {
      yield { kind: 'skipped', path: root, reason: skipReasonOf(error) };
      continue;
    }
    if (info.isFile()) {
      yield { kind: 'file', path: root };
      continue;
    }
    if (!info.isDirectory()) {
      yield { kind: 'skipped', path: root, reason: 'not-a-file' };
      continue;
    }
    rootReals.push(await realpath(root).catch(() => root));
    stack.push({ path: root, root, layers: respectGitignore ? ancestorIgnoreLayers(root) : [] });
  }

  while (stack.length > 0) {
    if (options.signal?.aborted === true) return;
    const directory = stack.pop() as PendingDirectory;
    let entries: Dirent[];
    try {
      entries = options.blocking === true ? readdirSync(directory.path, { withFileTypes: true }) : await readdir(directory.path, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'skipped', path: directory.path, reason: skipReasonOf(error) };
      continue;
    }
    let layers = directory.layers;
    if (respectGitignore && entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
      const layer = loadIgnoreLayer(directory.path, path.join(directory.path, '.gitignore'));
      if (layer) layers = [...layers, layer];
    }
    const subdirectories: PendingDirectory[] = [];
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const entryPath = path.join(directory.path, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        if (options.followSymlinks !== true) continue;
        const target = await resolveLink(entryPath);
        if ('reason' in target) {
          yield { kind: 'skipped', path: entryPath, reason: target.reason };
          continue;
        }
        if (target.isDirectory) {
          // Loops and links back into the scanned tree are skipped: their content is walked anyway.
          if (visitedLinks.has(target.real) || rootReals.some((real) => isWithin(target.real, real))) {
            yield { kind: 'skipped', path: entryPath, reason: 'symlink-loop' };
            continue;
          }
          visitedLinks.add(target.real);
        }
        isDirectory = target.isDirectory;
        isFile = target.isFile;
      }
      if (excluded !== undefined && excluded(toPosix(path.relative(directory.root, entryPath)))) continue;
      if (layers.length > 0 && isIgnored(layers, entryPath, isDirectory)) continue;
      if (isDirectory) subdirectories.push({ path: entryPath, root: directory.root, layers });
      else if (isFile) yield { kind: 'file', path: entryPath };
      // A FIFO, socket or device: reading one could block or never end, so it is reported, not read.
      else yield { kind: 'skipped', path: entryPath, reason: 'not-a-file' };
    }
    // Reverse so the walk visits subdirectories in directory-listing order.
    for (let i = subdirectories.length - 1; i >= 0; i--) stack.push(subdirectories[i]);
  }
}

async function resolveLink(
  linkPath: string,
): Promise<{ real: string; isDirectory: boolean; isFile: boolean } | { reason: SkipReason }> {
  try {
    const real = await realpath(linkPath);
    const info = await stat(real);
    return { real, isDirectory: info.isDirectory(), isFile: info.isFile() };
  } catch (error) {
    return { reason: skipReasonOf(error) };
  }
}

function isWithin(candidate: string, parent: string): boolean {
  const relative = path.relative(parent, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}
