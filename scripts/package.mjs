// @ts-check
// `npm run package`: production build, then `vsce package --no-dependencies` (esbuild bundles every
// runtime dependency into dist/), with the pictures README.md shows, failing on any vsce warning;
// then proves the .vsix installs with `code-server --install-extension`, activates in VS Code
// 1.96.4 and shows its README's pictures in the Extensions view.
//   --no-verify      skip the install/activation check
//   --no-ui          install check only, without opening a workbench
//   --out FILE       where to write the .vsix (default palette-api-keys-VERSION.vsix)
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureDependencies } from './pipeline.mjs';
import { readmePictures } from './readmePictures.mjs';
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
 * .vscodeignore plus an exception for each picture README.md shows, written under .cache/ for
 * vsce's --ignoreFile: the package carries exactly the screenshots the README uses.
 * @param {string[]} pictures
 */
function writeIgnoreFile(pictures) {
  const file = join(repoRoot, '.cache', 'package', '.vscodeignore');
  mkdirSync(dirname(file), { recursive: true });
  const base = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8').trimEnd();
  writeFileSync(file, `${base}\n# The pictures README.md shows (added by scripts/package.mjs)\n${pictures.map((picture) => `!${picture}`).join('\n')}\n`);
  return file;
}

try {
  console.log(`[package] ${await ensureDependencies()}`);
  await build({ production: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const pictures = readmePictures();
  // README links and pictures stay relative (no repository to point them at): VS Code resolves
  // them inside the installed extension. package.json has no `repository` on purpose.
  const args = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--ignoreFile', writeIgnoreFile(pictures), '--out', vsix];
  // stdin is closed: a vsce question ("LICENSE not found, continue?") fails instead of hanging.
  const output = await run(process.execPath, [vsce, ...args], { quiet: true, combined: true })
    .catch((error) => { throw new Error(`vsce package failed: ${error instanceof Error ? error.message : String(error)}`); });
  const warnings = output.split('\n').filter((line) => /WARNING|warn/i.test(line));
  if (warnings.length) throw new Error(`vsce warned:\n${warnings.join('\n')}`);
  console.log(output.trim());
  console.log(`[package] ${vsix} (${Math.round(statSync(vsix).size / 1024)} KB), no vsce warnings; README pictures: ${pictures.join(', ')}`);
  if (values.verify && !values['no-verify']) {
    const { verifyVsix } = await import('./vscode/verifyVsix.mjs');
    await verifyVsix(vsix, { extensionId: `${manifest.publisher}.${manifest.name}`, ui: !values['no-ui'], pictures });
  }
} catch (error) {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
