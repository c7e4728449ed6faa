import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Git failed, could not be started, or the folder is not a repository. Its message holds no file content. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

/** Thrown when a history scan is cancelled through its AbortSignal. */
export class HistoryScanCancelled extends Error {
  override readonly name = 'HistoryScanCancelled';
  constructor() {
    super('The history scan was cancelled.');
  }
}

/**
 * Settings that make git's output the same on every machine, whatever the user's config says: no
 * pager, no colour, no locks taken by read-only commands, no credential prompts.
 */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C' };

/** Starts git with arguments, never through a shell, in `cwd`. */
export function startGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', ['-c', 'core.quotePath=true', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

/** The result of a short git command whose output fits in memory. */
export interface GitOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a short git command (rev-parse, for-each-ref…) and collects its output; never throws on a
 * non-zero exit. `input` is written to its standard input.
 */
export function runGit(cwd: string, args: readonly string[], signal?: AbortSignal, input = ''): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = startGit(cwd, args);
    } catch (error) {
      reject(new GitError(`Cannot run git: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const abort = () => child.kill();
    signal?.addEventListener('abort', abort, { once: true });
    // git may exit before reading all of it (a usage error): its exit code says what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      signal?.removeEventListener('abort', abort);
      reject(new GitError(gitStartFailure(error)));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted === true) reject(new HistoryScanCancelled());
      else resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A readable message for a git that cannot be started (usually: not installed). */
export function gitStartFailure(error: Error): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed or not on the PATH.' : `Cannot run git: ${error.message}`;
}

/** The first line of git's error output, for messages (git names refs and paths there, never file content). */
export function firstLine(stderr: string): string {
  return stderr.trim().split('\n')[0] ?? '';
}
