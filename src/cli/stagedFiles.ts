import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from './cliOptions';

const run = promisify(execFile);

/** A file staged in git: its absolute path and its staged content (or why it could not be read). */
export type StagedFile =
  | { readonly path: string; readonly content: Buffer }
  | { readonly path: string; readonly error: 'too-large' | 'unreadable' };

/**
 * Lists files staged for commit (added, copied, modified, renamed) and reads their staged content
 * with `git show :path`, which is what will be committed, not the working-tree copy.
 */
export async function readStagedFiles(cwd: string, maxFileSize: number): Promise<{ top: string; files: StagedFile[] }> {
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch {
    throw new UsageError('--staged needs a git repository (git rev-parse --show-toplevel failed).');
  }
  const listing = await run('git', ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], {
    cwd: top,
    maxBuffer: 64 * 1024 * 1024,
  });
  const names = listing.stdout.split('\0').filter((name) => name !== '');
  const files: StagedFile[] = [];
  // A few `git show` processes at a time: pre-commit sets are small, and this bounds memory.
  for (let i = 0; i < names.length; i += 8) {
    const chunk = names.slice(i, i + 8);
    files.push(...(await Promise.all(chunk.map((name) => readStaged(top, name, maxFileSize)))));
  }
  return { top, files };
}

async function readStaged(top: string, name: string, maxFileSize: number): Promise<StagedFile> {
  const absolute = path.join(top, name);
  try {
    const { stdout } = await run('git', ['show', `:${name}`], { cwd: top, encoding: 'buffer', maxBuffer: maxFileSize + 1 });
    return { path: absolute, content: stdout };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { path: absolute, error: code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? 'too-large' : 'unreadable' };
  }
}
