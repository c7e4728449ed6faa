// @ts-check
// `npm run package`: production build, then `vsce package --no-dependencies` (esbuild bundles every
// runtime dependency into dist/), its README's pictures embedded, failing on any vsce warning;
// then proves the .vsix installs with `code-server --install-extension`, activates in VS Code
// 1.96.4 and shows its README's pictures in the Extensions view.
//   --no-verify      skip the install/activation check
//   --no-ui          install check only, without opening a workbench
//   --out FILE       where to write the .vsix (default palette-api-keys-VERSION.vsix)
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureDependencies } from './pipeline.mjs';
import { readmePictures, readmeWithEmbeddedPictures } from './readmePictures.mjs';
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
 * The files vsce packs besides .vscodeignore's: README.md with its pictures embedded (see
 * readmePictures.mjs), written under .cache/package/ with an ignore file that takes it instead of
 * README.md (vsce wants both inside the extension folder).
 * @returns {{ readme: string, ignoreFile: string }} paths relative to the repository root
 */
function writePackagingFiles() {
  const folder = join(repoRoot, '.cache', 'package');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'README.md'), readmeWithEmbeddedPictures());
  const ignore = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8').split('\n').filter((line) => line.trim() !== '!README.md');
  writeFileSync(join(folder, '.vscodeignore'), ignore.join('\n'));
  return { readme: '.cache/package/README.md', ignoreFile: '.cache/package/.vscodeignore' };
}

try {
  console.log(`[package] ${await ensureDependencies()}`);
  await build({ production: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const pictures = readmePictures();
  const packaging = writePackagingFiles();
  // package.json names no repository (there is none to point links at), so vsce must not rewrite
  // the README's relative links against one; its pictures are embedded already.
  const args = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository',
    '--readme-path', packaging.readme, '--ignoreFile', packaging.ignoreFile, '--out', vsix];
  // stdin is closed: a vsce question ("LICENSE not found, continue?") fails instead of hanging.
  const output = await run(process.execPath, [vsce, ...args], { quiet: true, combined: true })
    .catch((error) => { throw new Error(`vsce package failed: ${error instanceof Error ? error.message : String(error)}`); });
  const warnings = output.split('\n').filter((line) => /WARNING|warn/i.test(line));
  if (warnings.length) throw new Error(`vsce warned:\n${warnings.join('\n')}`);
  console.log(output.trim());
  console.log(`[package] ${vsix} (${Math.round(statSync(vsix).size / 1024)} KB), no vsce warnings; README pictures embedded: ${pictures.length}`);
  if (values.verify && !values['no-verify']) {
    const { verifyVsix } = await import('./vscode/verifyVsix.mjs');
    await verifyVsix(vsix, { extensionId: `${manifest.publisher}.${manifest.name}`, ui: !values['no-ui'], pictures });
  }
} catch (error) {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
