import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_IGNORE_FILE_BYTES, parseIgnoreFile } from '../suppression';

/** An ignore file's fingerprints, or why it was not read. */
export type IgnoreFileRead =
  | { readonly kind: 'fingerprints'; readonly fingerprints: ReadonlySet<string> }
  | { readonly kind: 'too-large'; readonly bytes: number };

/**
 * Reads `.palette-keys-ignore` (or a file named on the command line) up to `MAX_IGNORE_FILE_BYTES`:
 * a larger file is not read at all and reported `too-large`. Throws when the file cannot be read.
 */
export function readIgnoreFile(file: string): IgnoreFileRead {
  const fd = openSync(file, 'r');
  try {
    const bytes = fstatSync(fd).size;
    if (bytes > MAX_IGNORE_FILE_BYTES) return { kind: 'too-large', bytes };
    const buffer = Buffer.alloc(bytes);
    let read = 0;
    while (read < bytes) {
      const count = readSync(fd, buffer, read, bytes - read, null);
      if (count === 0) break;
      read += count;
    }
    return { kind: 'fingerprints', fingerprints: parseIgnoreFile(buffer.toString('utf8', 0, read)) };
  } finally {
    closeSync(fd);
  }
}
