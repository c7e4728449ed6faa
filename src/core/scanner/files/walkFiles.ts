import type picomatch from 'picomatch';
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { globMatcher } from './globMatcher';
import { ancestorIgnoreLayers, isIgnored, loadIgnoreLayer, type IgnoreLayer } from './gitignoreRules';
import { skipReasonOf } from './readTextFile';
import type { SkipReason } from './skipReason';

/** Options of `walkFiles` and `walkFilesSync`. */
export interface WalkOptions {
  /** Honour `.gitignore` files and `.git/info/exclude`. Default true. */
  readonly respectGitignore?: boolean;
  /** Globs (picomatch, matched against paths relative to each root) to leave out, e.g. `**\/node_modules`. */
  readonly exclude?: readonly string[];
  /** Follow symbolic links (with loop detection). Default false, like git and ripgrep. */
  readonly followSymlinks?: boolean;
  /** Stops the walk between directories. */
  readonly signal?: AbortSignal;
}

/** A file to scan, or a path that was passed over and why. */
export type WalkEntry =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: SkipReason };

/** Where a followed symbolic link leads, or why it leads nowhere. */
type LinkTarget = { readonly real: string; readonly isDirectory: boolean; readonly isFile: boolean } | { readonly reason: SkipReason };

interface PendingDirectory {
  readonly path: string;
  readonly root: string;
  readonly layers: readonly IgnoreLayer[];
}

/**
 * Walks roots (directories or files) and yields files to scan, listing directories asynchronously
 * so an editor's thread stays responsive. Dotfiles and dot-folders (`.env`, `.github/`, `.vscode/`)
 * are included; `.git/` never is. A root given as a file is yielded even when ignored, as ripgrep
 * does. Unreadable directories and special files (FIFOs, sockets, devices) are yielded as skipped,
 * not thrown or read.
 */
export async function* walkFiles(roots: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const walk = new Walk(options);
  for (const rawRoot of [...roots].reverse()) {
    const root = path.resolve(rawRoot);
    let info: Stats;
    try {
      info = await stat(root);
    } catch (error) {
      yield { kind: 'skipped', path: root, reason: skipReasonOf(error) };
      continue;
    }
    const entry = walk.addRoot(root, info, info.isDirectory() ? await realpath(root).catch(() => root) : root);
    if (entry !== undefined) yield entry;
  }
  for (let directory = walk.next(); directory !== undefined; directory = walk.next()) {
    let entries: Dirent[];
    try {
      entries = await readdir(directory.path, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'skipped', path: directory.path, reason: skipReasonOf(error) };
      continue;
    }
    const links = new Map<string, LinkTarget>();
    if (options.followSymlinks === true) {
      for (const entry of entries) if (entry.isSymbolicLink()) links.set(entry.name, await resolveLink(join(directory.path, entry.name)));
    }
    yield* walk.expand(directory, entries, (name) => links.get(name) as LinkTarget);
  }
}

/**
 * `walkFiles` with blocking calls and no promise per entry: several times cheaper, for callers whose
 * thread has nothing else to do (the CLI). Same entries in the same order.
 */
export function* walkFilesSync(roots: readonly string[], options: WalkOptions = {}): Generator<WalkEntry> {
  const walk = new Walk(options);
  for (const rawRoot of [...roots].reverse()) {
    const root = path.resolve(rawRoot);
    let info: Stats;
    try {
      info = statSync(root);
    } catch (error) {
      yield { kind: 'skipped', path: root, reason: skipReasonOf(error) };
      continue;
    }
    const entry = walk.addRoot(root, info, info.isDirectory() ? realpathOrSelf(root) : root);
    if (entry !== undefined) yield entry;
  }
  for (let directory = walk.next(); directory !== undefined; directory = walk.next()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(directory.path, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'skipped', path: directory.path, reason: skipReasonOf(error) };
      continue;
    }
    yield* walk.expand(directory, entries, (name) => resolveLinkSync(join(directory.path, name)));
  }
}

/** The walk's rules and state, shared by the asynchronous and the blocking walk. */
class Walk {
  private readonly respectGitignore: boolean;
  private readonly excluded: picomatch.Matcher | undefined;
  private readonly visitedLinks = new Set<string>();
  private readonly rootReals: string[] = [];
  private readonly stack: PendingDirectory[] = [];

  constructor(private readonly options: WalkOptions) {
    this.respectGitignore = options.respectGitignore ?? true;
    this.excluded = options.exclude && options.exclude.length > 0 ? globMatcher(options.exclude) : undefined;
  }

  /** Takes a root: a file is returned to be yielded, a directory is queued, anything else is skipped. */
  addRoot(root: string, info: Stats, real: string): WalkEntry | undefined {
    if (info.isFile()) return { kind: 'file', path: root };
    if (!info.isDirectory()) return { kind: 'skipped', path: root, reason: 'not-a-file' };
    this.rootReals.push(real);
    this.stack.push({ path: root, root, layers: this.respectGitignore ? ancestorIgnoreLayers(root) : [] });
    return undefined;
  }

  /** The next directory to list, or undefined when the walk is over or aborted. */
  next(): PendingDirectory | undefined {
    return this.options.signal?.aborted === true ? undefined : this.stack.pop();
  }

  /** Yields the files and skips of one listing and queues its subdirectories. */
  *expand(directory: PendingDirectory, entries: readonly Dirent[], linkTarget: (name: string) => LinkTarget): Generator<WalkEntry> {
    let layers = directory.layers;
    if (this.respectGitignore && entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
      const layer = loadIgnoreLayer(directory.path, join(directory.path, '.gitignore'));
      if (layer) layers = [...layers, layer];
    }
    const firstSubdirectory = this.stack.length;
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const entryPath = join(directory.path, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        if (this.options.followSymlinks !== true) continue;
        const target = linkTarget(entry.name);
        if ('reason' in target) {
          yield { kind: 'skipped', path: entryPath, reason: target.reason };
          continue;
        }
        if (target.isDirectory) {
          // Loops and links back into the scanned tree are skipped: their content is walked anyway.
          if (this.visitedLinks.has(target.real) || this.rootReals.some((real) => isWithin(target.real, real))) {
            yield { kind: 'skipped', path: entryPath, reason: 'symlink-loop' };
            continue;
          }
          this.visitedLinks.add(target.real);
        }
        isDirectory = target.isDirectory;
        isFile = target.isFile;
      }
      if (this.excluded !== undefined && this.excluded(toPosix(path.relative(directory.root, entryPath)))) continue;
      if (layers.length > 0 && isIgnored(layers, entryPath, isDirectory)) continue;
      if (isDirectory) this.stack.push({ path: entryPath, root: directory.root, layers });
      else if (isFile) yield { kind: 'file', path: entryPath };
      // A FIFO, socket or device: reading one could block or never end, so it is reported, not read.
      else yield { kind: 'skipped', path: entryPath, reason: 'not-a-file' };
    }
    // Reverse this listing's subdirectories so the walk visits them in directory-listing order.
    reverseFrom(this.stack, firstSubdirectory);
  }
}

/**
 * `path.join` for a name from a listing: the directory is already normalized and the name has no
 * separator, so concatenation gives the same string without normalizing it again (a measurable
 * share of a walk over many small files).
 */
function join(directory: string, name: string): string {
  return directory.endsWith(path.sep) ? directory + name : directory + path.sep + name;
}

function reverseFrom<T>(items: T[], from: number): void {
  for (let low = from, high = items.length - 1; low < high; low++, high--) {
    const swap = items[low];
    items[low] = items[high];
    items[high] = swap;
  }
}

function realpathOrSelf(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

async function resolveLink(linkPath: string): Promise<LinkTarget> {
  try {
    const real = await realpath(linkPath);
    const info = await stat(real);
    return { real, isDirectory: info.isDirectory(), isFile: info.isFile() };
  } catch (error) {
    return { reason: skipReasonOf(error) };
  }
}

function resolveLinkSync(linkPath: string): LinkTarget {
  try {
    const real = realpathSync(linkPath);
    const info = statSync(real);
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
