import { findBase64Segments } from '../base64Segments';
import { ALNUM } from '../charClass';
import { KEY_LENGTH } from '../keyCandidate';
import { bytesMayHoldKey } from '../prefilter';
import { forEachRun } from '../tokenRuns';
import { GitError, gitStartFailure, HistoryScanCancelled, startGit, firstLine, runGit } from './gitProcess';

/** Git decides a file is binary by a NUL in its first 8 KB; so do the scanners. */
const BINARY_SNIFF_BYTES = 8192;

/**
 * The keyed hashes of every key-shaped value in HEAD's tree, as they are or base64-encoded, read
 * while the log streams (git answers on another core and the scan thread mostly waits for the
 * log meanwhile). A value counts as present wherever it is, whether or not a detector would report
 * it there. `undefined` when HEAD holds more than `limit` such values: memory stays bounded, and
 * `valuesAtHead` looks for the found values once the log has ended instead.
 */
export async function hashesAtHead(
  root: string,
  hashValue: (value: string) => string,
  maxFileSize: number,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Set<string> | undefined> {
  const hashes = new Set<string>();
  let overLimit = false;
  await readHeadBlobs(root, maxFileSize, signal, (text) => {
    forEachKeyShapedValue(text, (value) => {
      hashes.add(hashValue(value));
      if (hashes.size > limit) overLimit = true;
    });
    return overLimit;
  });
  return overLimit ? undefined : hashes;
}

/**
 * Which of the `wanted` value hashes are still in some file of HEAD's tree, as they are or
 * base64-encoded; stops as soon as every wanted value was seen. (`hashesAtHead` answers for every
 * value at once, when HEAD is not too large.)
 */
export async function valuesAtHead(
  root: string,
  wanted: ReadonlySet<string>,
  hashValue: (value: string) => string,
  maxFileSize: number,
  signal: AbortSignal | undefined,
): Promise<Set<string>> {
  const found = new Set<string>();
  if (wanted.size === 0) return found;
  await readHeadBlobs(root, maxFileSize, signal, (text) => {
    forEachKeyShapedValue(text, (value) => {
      const hash = hashValue(value);
      if (wanted.has(hash)) found.add(hash);
    });
    return found.size === wanted.size;
  });
  return found;
}

/**
 * A key is an exact 32-character alphanumeric run, so blobs are not scanned with the detectors:
 * each such run, in the text and in its decoded base64 segments, goes to `onValue`.
 */
function forEachKeyShapedValue(text: string, onValue: (value: string) => void): void {
  const lookUp = (candidate: string) =>
    forEachRun(candidate, ALNUM, KEY_LENGTH, (start, end) => {
      if (end - start === KEY_LENGTH) onValue(candidate.slice(start, end));
    });
  lookUp(text);
  for (const segment of findBase64Segments(text)) lookUp(segment.decoded);
}

/**
 * Hands the text of each blob of HEAD's tree to `onText` (no checkout, no working-tree edits
 * counted) through one `git cat-file --batch`, skipping blobs over the size limit, binary ones and
 * ones that cannot hold a key, until `onText` returns true or every blob was read.
 */
async function readHeadBlobs(root: string, maxFileSize: number, signal: AbortSignal | undefined, onText: (text: string) => boolean): Promise<void> {
  const blobs = await headBlobs(root, maxFileSize, signal);
  if (blobs.length === 0) return;

  // --buffer: every id is sent at once, so git need not flush after each object.
  const child = startGit(root, ['cat-file', '--batch', '--buffer']);
  return new Promise<void>((resolve, reject) => {
    // Output not parsed yet: `pending`, then `arrived` (chunks kept apart until `awaited` bytes are
    // in, so a large blob is copied once, not once per chunk of it).
    let pending: Buffer = Buffer.alloc(0);
    const arrived: Buffer[] = [];
    let arrivedBytes = 0;
    let awaited = 0;
    let index = 0;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', abort);
      child.kill();
      if (error) reject(error);
      else resolve();
    };
    const abort = () => finish(new HistoryScanCancelled());
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted === true) {
      abort();
      return;
    }
    child.on('error', (error) => finish(new GitError(gitStartFailure(error))));
    child.stdin.on('error', () => undefined); // git stopped early (all values found): nothing more to send
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('close', (code) => {
      if (code !== 0 && code !== null && !finished) finish(new GitError(`git cat-file failed: ${firstLine(Buffer.concat(stderr).toString('utf8'))}`));
      else finish();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (finished) return;
      arrived.push(chunk);
      arrivedBytes += chunk.length;
      if (pending.length + arrivedBytes < awaited) return;
      pending = pending.length === 0 && arrived.length === 1 ? chunk : Buffer.concat([pending, ...arrived]);
      arrived.length = 0;
      arrivedBytes = 0;
      for (;;) {
        const newline = pending.indexOf(0x0a);
        if (newline === -1) {
          awaited = pending.length + 1;
          return;
        }
        const header = pending.toString('latin1', 0, newline).split(' ');
        const size = header[1] === 'missing' ? 0 : Number(header[2]);
        const end = header[1] === 'missing' ? newline + 1 : newline + 1 + size + 1;
        if (pending.length < end) {
          awaited = end;
          return;
        }
        const stop = header[1] !== 'missing' && textOf(pending.subarray(newline + 1, newline + 1 + size), onText);
        index++;
        pending = pending.subarray(end);
        if (stop || index === blobs.length) {
          finish();
          return;
        }
      }
    });
    child.stdin.end(blobs.join('\n') + '\n');
  });
}

/** Passes a blob's text to `onText` unless it is binary or cannot hold a key; its answer, or false. */
function textOf(bytes: Buffer, onText: (text: string) => boolean): boolean {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0) || !bytesMayHoldKey(bytes)) return false;
  // Keys and base64 are ASCII: latin1 keeps every byte one character, and is a plain copy.
  return onText(bytes.toString('latin1'));
}

/** Ids of the blobs of HEAD's tree (no submodules, no symbolic links) no larger than the size limit. */
async function headBlobs(root: string, maxFileSize: number, signal: AbortSignal | undefined): Promise<string[]> {
  const listing = await runGit(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', 'HEAD'], signal);
  if (listing.code !== 0) throw new GitError(`git ls-tree failed: ${firstLine(listing.stderr)}`);
  const blobs: string[] = [];
  for (const entry of listing.stdout.split('\0')) {
    // "<mode> SP <type> SP <oid> SP+ <size> TAB <path>"
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, oid, size] = entry.slice(0, tab).split(/ +/);
    if (type !== 'blob' || mode === '120000' || Number(size) > maxFileSize) continue;
    blobs.push(oid);
  }
  return blobs;
}
