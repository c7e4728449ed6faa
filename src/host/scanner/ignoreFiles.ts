import * as vscode from 'vscode';
import { IGNORE_FILE_NAME, MAX_IGNORE_FILE_BYTES, parseIgnoreFile } from '../../core/scanner/suppression';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';

/**
 * The `.palette-keys-ignore` file of every workspace folder: finding fingerprints to hide, reloaded
 * when the file changes on disk. Findings are kept unfiltered elsewhere, so a change here only needs
 * the diagnostics re-published, not a re-scan.
 */
export class IgnoreFiles extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly byFolder = new Map<string, ReadonlySet<string>>();
  private readonly watchers = new Map<string, vscode.Disposable>();

  constructor(private readonly log: Logger) {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.watchFolders()));
    this._register({ dispose: () => this.watchers.forEach((watcher) => watcher.dispose()) });
  }

  /** Loads every folder's file and starts watching them. */
  async start(): Promise<void> {
    await this.watchFolders();
  }

  /** True when the ignore file of `uri`'s workspace folder lists `fingerprint`. */
  isIgnored(uri: vscode.Uri, fingerprint: string): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) return this.byFolder.get(folder.uri.toString())?.has(fingerprint) === true;
    // A file outside every folder (or untitled) follows every folder's list.
    for (const set of this.byFolder.values()) if (set.has(fingerprint)) return true;
    return false;
  }

  /** The ignore file of a workspace folder. */
  fileOf(folder: vscode.WorkspaceFolder): vscode.Uri {
    return vscode.Uri.joinPath(folder.uri, IGNORE_FILE_NAME);
  }

  /**
   * Appends a fingerprint with a comment line naming the file and rule (never the value), creating
   * the file when missing, then reloads it at once rather than waiting for the watcher.
   */
  async append(folder: vscode.WorkspaceFolder, fingerprint: string, comment: string): Promise<void> {
    const file = this.fileOf(folder);
    let current: string;
    try {
      current = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      current = '# Palette API key findings to ignore: one fingerprint a line (see the Palette API Keys extension).\n';
    }
    if (parseIgnoreFile(current).has(fingerprint)) return;
    const separator = current === '' || current.endsWith('\n') ? '' : '\n';
    const entry = `${separator}# ${comment.replace(/[\r\n]+/g, ' ')}\n${fingerprint}\n`;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(current + entry));
    await this.load(folder);
  }

  private async watchFolders(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const live = new Set(folders.map((folder) => folder.uri.toString()));
    for (const [key, watcher] of this.watchers) {
      if (live.has(key)) continue;
      watcher.dispose();
      this.watchers.delete(key);
      this.byFolder.delete(key);
    }
    await Promise.all(folders.map(async (folder) => {
      const key = folder.uri.toString();
      if (!this.watchers.has(key)) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, IGNORE_FILE_NAME));
        const reload = () => void this.load(folder);
        this.watchers.set(key, vscode.Disposable.from(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload)));
      }
      await this.load(folder);
    }));
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<void> {
    let fingerprints: ReadonlySet<string>;
    try {
      const file = this.fileOf(folder);
      // A file past the cap is not a list kept by hand: it is not read (and says so), which hides nothing.
      const { size } = await vscode.workspace.fs.stat(file);
      if (size > MAX_IGNORE_FILE_BYTES) {
        this.log.warn(`${IGNORE_FILE_NAME} of ${folder.name} is ${size} bytes, more than ${MAX_IGNORE_FILE_BYTES}: not read`);
        fingerprints = new Set();
      } else {
        fingerprints = parseIgnoreFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
      }
    } catch {
      fingerprints = new Set();
    }
    const key = folder.uri.toString();
    const previous = this.byFolder.get(key);
    this.byFolder.set(key, fingerprints);
    if (!previous || previous.size !== fingerprints.size || [...fingerprints].some((f) => !previous.has(f))) {
      if (fingerprints.size > 0 || previous) this.log.info(`${IGNORE_FILE_NAME} of ${folder.name}: ${fingerprints.size} fingerprint(s)`);
      this.changed.fire();
    }
  }
}
