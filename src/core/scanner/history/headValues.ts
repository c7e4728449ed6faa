import { bytesMayHoldKey } from '../prefilter';
import { scanCandidateText } from '../scanText';
import { decodeFileBytes } from '../files/readTextFile';
import type { ScanOptions } from '../types';
import { GitError, gitStartFailure, HistoryScanCancelled, startGit, firstLine, runGit } from './gitProcess';
import type { ValueRecorder } from './valueRecorder';

/** One blob of HEAD's tree worth reading. */
interface TreeBlob {
  readonly oid: string;
  readonly path: string;
}

/**
 * Which of the `wanted` value hashes are still in some file of HEAD's tree. Reads blobs with one
 * `git cat-file --batch` (no checkout, no working-tree edits counted), skipping blobs over the size
 * limit, and stops as soon as every wanted value was seen.
 */
export async function valuesAtHead(
  root: string,
  wanted: ReadonlySet<string>,
  recorder: ValueRecorder,
  scanOptions: ScanOptions,
  maxFileSize: number,
  signal: AbortSignal | undefined,
): Promise<Set<string>> {
  const found = new Set<string>();
  if (wanted.size === 0) return found;
  const blobs = await headBlobs(root, maxFileSize, signal);
  if (blobs.length === 0) return found;

  const child = startGit(root, ['cat-file', '--batch']);
  return new Promise<Set<string>>((resolve, reject) => {
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', abort);
      child.kill();
      if (error) reject(error);
      else resolve(found);
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
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const newline = pending.indexOf(0x0a);
        if (newline === -1) return;
        const header = pending.toString('latin1', 0, newline).split(' ');
        const size = header[1] === 'missing' ? 0 : Number(header[2]);
        const end = header[1] === 'missing' ? newline + 1 : newline + 1 + size + 1;
        if (pending.length < end) return;
        if (header[1] !== 'missing') scanBlob(pending.subarray(newline + 1, newline + 1 + size), blobs[index].path);
        index++;
        pending = pending.subarray(end);
        if (found.size === wanted.size || index === blobs.length) {
          finish();
          return;
        }
      }
    });
    const scanBlob = (bytes: Buffer, path: string) => {
      if (!bytesMayHoldKey(bytes)) return;
      const decoded = decodeFileBytes(bytes, maxFileSize);
      if (decoded.kind !== 'text') return;
      recorder.reset();
      scanCandidateText(decoded.text, { ...scanOptions, fileName: path, detectors: recorder.detectors, includeSuppressed: true });
      for (const value of recorder.values()) if (wanted.has(value)) found.add(value);
    };
    child.stdin.end(blobs.map((blob) => blob.oid).join('\n') + '\n');
  });
}

/** Blobs of HEAD's tree (no submodules, no symbolic links) no larger than the size limit. */
async function headBlobs(root: string, maxFileSize: number, signal: AbortSignal | undefined): Promise<TreeBlob[]> {
  const listing = await runGit(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', 'HEAD'], signal);
  if (listing.code !== 0) throw new GitError(`git ls-tree failed: ${firstLine(listing.stderr)}`);
  const blobs: TreeBlob[] = [];
  for (const entry of listing.stdout.split('\0')) {
    // "<mode> SP <type> SP <oid> SP+ <size> TAB <path>"
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, oid, size] = entry.slice(0, tab).split(/ +/);
    if (type !== 'blob' || mode === '120000' || Number(size) > maxFileSize) continue;
    blobs.push({ oid, path: entry.slice(tab + 1) });
  }
  return blobs;
}
