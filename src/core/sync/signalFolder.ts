import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * A folder of small signal files that every window of one VS Code installation shares (the
 * extension's global storage): a write replaces a file atomically (temporary file, then rename,
 * so a reader never sees half a file) and every window watching the folder hears about it.
 */
export class SignalFolder {
  private counter = 0;

  constructor(private readonly folder: string) {}

  async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(path.join(this.folder, name), 'utf8');
    } catch {
      return undefined;
    }
  }

  async write(name: string, content: string): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const temporary = path.join(this.folder, `.${name}.${process.pid}.${++this.counter}.tmp`);
    await writeFile(temporary, content);
    await rename(temporary, path.join(this.folder, name));
  }

  /**
   * Calls `onChange` with the names of the signal files that changed, a short while after the
   * last change (a write is several file-system events). Returns a function that stops watching.
   */
  async watch(onChange: (names: ReadonlySet<string>) => void, settleMs = 100): Promise<() => void> {
    await mkdir(this.folder, { recursive: true });
    const pending = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    const watcher: FSWatcher = watch(this.folder, (_event, file) => {
      const name = typeof file === 'string' ? file : undefined;
      if (!name || name.startsWith('.')) return;
      pending.add(name);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const names = new Set(pending);
        pending.clear();
        onChange(names);
      }, settleMs);
    });
    // A watcher error (folder deleted) must not crash the extension host: stop hearing signals.
    watcher.on('error', () => watcher.close());
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }
}
