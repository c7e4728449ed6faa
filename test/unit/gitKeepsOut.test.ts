import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitKeepsOut } from '../../src/core/scanner/files/gitKeepsOut';

describe('gitKeepsOut: ignored and untracked, as git itself says', () => {
  let repo: string;

  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'palette-keeps-out-'));
    execFileSync('git', ['init', '--quiet'], { cwd: repo });
    fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n*.local.env\n');
    for (const name of ['.env', 'shared.env', 'committed.local.env']) fs.writeFileSync(path.join(repo, name), 'X=1\n');
    execFileSync('git', ['add', '--force', 'committed.local.env'], { cwd: repo });
  });

  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('is true for an ignored, untracked file', async () => {
    assert.equal(await gitKeepsOut(path.join(repo, '.env')), true);
  });

  it('is false for a file git does not ignore, and for a tracked file that matches .gitignore', async () => {
    assert.equal(await gitKeepsOut(path.join(repo, 'shared.env')), false);
    assert.equal(await gitKeepsOut(path.join(repo, 'committed.local.env')), false);
  });

  it('is undefined outside a repository and for a folder that is gone', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'palette-no-repo-'));
    try {
      assert.equal(await gitKeepsOut(path.join(outside, '.env')), undefined);
      assert.equal(await gitKeepsOut(path.join(outside, 'gone', '.env')), undefined);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
