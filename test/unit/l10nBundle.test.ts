import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('localization', () => {
  /** The bundle `npm run l10n:export` would write now (from src/ and the webviews' webview/src/), and the committed one. */
  function bundles(): { fresh: Record<string, string>; committed: Record<string, string> } {
    const out = mkdtempSync(path.join(tmpdir(), 'l10n-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js'), 'export', '--outDir', out, path.join(root, 'src'), path.join(root, 'webview/src')], { stdio: 'pipe' });
      return {
        fresh: JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>,
        committed: JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>,
      };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  it('l10n/bundle.l10n.json holds every l10n.t string in src and webview/src (run npm run l10n:export)', function () {
    this.timeout(60_000);
    const { fresh, committed } = bundles();
    assert.deepEqual(Object.keys(fresh).filter((key) => !(key in committed)), [], 'strings missing from l10n/bundle.l10n.json');
  });

  it('l10n/bundle.l10n.json holds no string that src and webview/src no longer use (run npm run l10n:export)', function () {
    this.timeout(60_000);
    const { fresh, committed } = bundles();
    assert.deepEqual(Object.keys(committed).filter((key) => !(key in fresh)), [], 'stale strings in l10n/bundle.l10n.json: translators would work on text nobody sees');
  });

  it('package.nls.json holds every %placeholder% of package.json', () => {
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const placeholders = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(placeholders.length > 20);
    assert.deepEqual(placeholders.filter((key) => !(key in nls)), []);
  });
});
