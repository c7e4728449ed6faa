import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { SignalChannel } from './channels';

/**
 * A folder of small signal files that every window of one VS Code installation shares (the
 * extension's global storage): a write replaces a file atomically (temporary file, then rename,
 * so a reader never sees half a file) and every window watching the folder hears about it. Each
 * file is one channel (`channels.ts`): read and written only through its format.
 */
export class SignalFolder {
  private counter = 0;

  constructor(private readonly folder: string) {}

  /** The signal last written to `channel`; undefined when none was, or it cannot be read. */
  async read<T>(channel: SignalChannel<T>): Promise<T | undefined> {
    const text = await readFile(path.join(this.folder, channel.name), 'utf8').catch(() => undefined);
    return channel.decode(text);
  }

  async write<T>(channel: SignalChannel<T>, signal: T): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const temporary = path.join(this.folder, `.${channel.name}.${process.pid}.${++this.counter}.tmp`);
    await writeFile(temporary, channel.encode(signal));
    await rename(temporary, path.join(this.folder, channel.name));
  }

  /**
   * Calls `onChange` with the names of the channels whose files changed, a short while after the
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
