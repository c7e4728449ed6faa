import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Git with a fixed identity and no user or system config, so tests behave the same on every machine. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Alice Example',
  GIT_AUTHOR_EMAIL: 'alice@example.invalid',
  GIT_COMMITTER_NAME: 'Alice Example',
  GIT_COMMITTER_EMAIL: 'alice@example.invalid',
};

/** A real git repository in a temporary folder, driven with the git command. */
export class GitRepo {
  readonly root: string;

  constructor(root?: string) {
    this.root = root ?? mkdtempSync(path.join(tmpdir(), 'palette-history-'));
    if (root === undefined) this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  /** Runs git with another author identity. */
  gitAs(author: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: { ...GIT_ENV, GIT_AUTHOR_NAME: author }, encoding: 'utf8' }).trim();
  }

  write(relative: string, content: string | Uint8Array): this {
    mkdirSync(path.dirname(path.join(this.root, relative)), { recursive: true });
    writeFileSync(path.join(this.root, relative), content);
    return this;
  }

  remove(relative: string): this {
    rmSync(path.join(this.root, relative), { force: true });
    return this;
  }

  /** Stages everything and commits; returns the new commit's id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
