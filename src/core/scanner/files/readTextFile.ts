import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE } from './fileSizeLimit';
import type { SkipReason } from './skipReason';

export { DEFAULT_MAX_FILE_SIZE } from './fileSizeLimit';

/** O_NOFOLLOW where the platform has it (not Windows, whose file watcher reports link targets anyway). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** Bytes inspected for a NUL to decide that a file is binary (as git and ripgrep do). */
const BINARY_SNIFF_BYTES = 8192;

/**
 * The first read of a file. Most files end within it (one read call); a file that fills it has its
 * size checked and its head sniffed before the rest is read, so a large or binary file costs one
 * small read instead of up to the size limit.
 */
const FIRST_READ_BYTES = 64 * 1024;

/** A file's text, or why it was skipped. */
export type ReadResult = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'skipped'; readonly reason: SkipReason };

/** A file's bytes (valid until the next read: the buffer is reused), or why it was skipped. */
export type ReadBytesResult = { readonly kind: 'bytes'; readonly bytes: Buffer } | { readonly kind: 'skipped'; readonly reason: SkipReason };

/**
 * Reads files for scanning with one reusable buffer (no allocation per file): skips files over the
 * size limit before reading them, binary files, and files that vanish or cannot be read. Invalid
 * UTF-8 becomes U+FFFD, so offsets stay meaningful. Synchronous: meant for workers and the CLI.
 */
export class TextFileReader {
  private buffer: Buffer;

  /**
   * Without `followSymlinks` a path that is a symbolic link is skipped (`symlink`), not read: a
   * watcher's re-scan of a changed path must not read a file outside the workspace through a link
   * planted in it. Checked by the open itself (O_NOFOLLOW), so no lstat-then-open race.
   */
  constructor(private readonly maxFileSize: number = DEFAULT_MAX_FILE_SIZE, private readonly followSymlinks = false) {
    this.buffer = Buffer.allocUnsafe(Math.min(maxFileSize, DEFAULT_MAX_FILE_SIZE) + 1);
  }

  /** Reads and decodes a file. */
  read(path: string): ReadResult {
    const read = this.readBytes(path);
    return read.kind === 'skipped' ? read : decodeFileBytes(read.bytes, this.maxFileSize);
  }

  /**
   * Reads a file's bytes into the shared buffer; binary files are reported as skipped. No fstat for
   * a file that ends within the first read: a short read tells its end, which saves a system call
   * per file (the walk already knows the entry is a file). O_NONBLOCK keeps a FIFO that replaced a
   * file from blocking the scan.
   */
  readBytes(path: string): ReadBytesResult {
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (this.followSymlinks ? 0 : NO_FOLLOW));
      let length = 0;
      let headChecked = false;
      for (;;) {
        if (length === this.buffer.length) {
          if (length > this.maxFileSize) return { kind: 'skipped', reason: 'too-large' };
          const grown = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, this.maxFileSize + 1));
          this.buffer.copy(grown, 0, 0, length);
          this.buffer = grown;
        }
        const wanted = (headChecked ? this.buffer.length : Math.min(this.buffer.length, FIRST_READ_BYTES)) - length;
        const count = readSync(fd, this.buffer, length, wanted, null);
        length += count;
        // A short read of a regular file means end of file.
        if (count < wanted) break;
        if (!headChecked) {
          headChecked = true;
          // The size decides first, as reading on would; the loop still enforces the limit should the size be wrong.
          if (length > this.maxFileSize || fstatSync(fd).size > this.maxFileSize) return { kind: 'skipped', reason: 'too-large' };
          if (isBinary(this.buffer.subarray(0, length))) return { kind: 'skipped', reason: 'binary' };
        }
      }
      if (length > this.maxFileSize) return { kind: 'skipped', reason: 'too-large' };
      const bytes = this.buffer.subarray(0, length);
      return isBinary(bytes) ? { kind: 'skipped', reason: 'binary' } : { kind: 'bytes', bytes };
    } catch (error) {
      if (!this.followSymlinks && (error as NodeJS.ErrnoException).code === 'ELOOP' && isSymlink(path)) return { kind: 'skipped', reason: 'symlink' };
      return { kind: 'skipped', reason: skipReasonOf(error) };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** Applies the size and binary rules to bytes from elsewhere (e.g. `git show :path`) and decodes them. */
export function decodeFileBytes(bytes: Uint8Array, maxFileSize: number = DEFAULT_MAX_FILE_SIZE): ReadResult {
  if (bytes.length > maxFileSize) return { kind: 'skipped', reason: 'too-large' };
  if (isBinary(bytes)) return { kind: 'skipped', reason: 'binary' };
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // ASCII (most source) decodes as latin1: a copy instead of UTF-8 validation.
  const text = view.toString(isAscii(view) ? 'latin1' : 'utf8');
  return { kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** A NUL in the first 8 KB means binary, as git and ripgrep decide. */
function isBinary(bytes: Uint8Array): boolean {
  // Most files are shorter than the sniff: no view to make (a Buffer view costs about a microsecond).
  return (bytes.length > BINARY_SNIFF_BYTES ? bytes.subarray(0, BINARY_SNIFF_BYTES) : bytes).includes(0);
}

/** Maps file-system errors to skip reasons; a file deleted mid-scan is `not-found`. */
export function skipReasonOf(error: unknown): SkipReason {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not-found';
  if (code === 'EISDIR') return 'not-a-file';
  if (code === 'ELOOP') return 'symlink-loop';
  return 'unreadable';
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
