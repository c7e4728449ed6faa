// @ts-check
// `npm run package`: production build, then `vsce package --no-dependencies` (esbuild bundles every
// runtime dependency into dist/), failing on any vsce warning; then proves the .vsix installs with
// `code-server --install-extension` and activates in VS Code 1.96.4.
//   --no-verify      skip the install/activation check
//   --no-ui          install check only, without opening a workbench
//   --out FILE       where to write the .vsix (default palette-api-keys-VERSION.vsix)
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureDependencies } from './pipeline.mjs';
import { repoRoot, run } from './vscode/proc.mjs';

const { values } = parseArgs({
  options: {
    verify: { type: 'boolean', default: true },
    'no-verify': { type: 'boolean', default: false },
    'no-ui': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsix = resolve(values.out ?? join(repoRoot, `${manifest.name}-${manifest.version}.vsix`));

/**
 * vsce rewrites the README's relative links and images against the repository, but detects only
 * GitHub and GitLab; for any other host the base URLs come from package.json's repository.
 */
function readmeUrlOptions() {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (!url || /github\.com|gitlab\.com/.test(url)) return [];
  const base = url.replace(/^git\+/, '').replace(/\.git$/, '');
  return ['--baseContentUrl', `${base}/blob/HEAD/`, '--baseImagesUrl', `${base}/raw/HEAD/`];
}

try {
  console.log(`[package] ${await ensureDependencies()}`);
  await build({ production: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  // stdin is closed: a vsce question ("LICENSE not found, continue?") fails instead of hanging.
  const output = await run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix, ...readmeUrlOptions()], { quiet: true, combined: true })
    .catch((error) => { throw new Error(`vsce package failed: ${error instanceof Error ? error.message : String(error)}`); });
  const warnings = output.split('\n').filter((line) => /WARNING|warn/i.test(line));
  if (warnings.length) throw new Error(`vsce warned:\n${warnings.join('\n')}`);
  console.log(output.trim());
  console.log(`[package] ${vsix} (${Math.round(statSync(vsix).size / 1024)} KB), no vsce warnings`);
  if (values.verify && !values['no-verify']) {
    const { verifyVsix } = await import('./vscode/verifyVsix.mjs');
    await verifyVsix(vsix, { extensionId: `${manifest.publisher}.${manifest.name}`, ui: !values['no-ui'] });
  }
} catch (error) {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
