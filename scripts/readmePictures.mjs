// @ts-check
// The pictures README.md shows from this repository: `npm run package` ships exactly these in the
// .vsix, and its check looks for them in the installed extension's details page.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { repoRoot } from './vscode/proc.mjs';

/**
 * The pictures README.md shows from this repository (relative paths), each checked to exist.
 * The Extensions view shows the packaged README with its relative image paths resolved inside the
 * installed extension, so these files go into the .vsix and no image needs a network.
 * @returns {string[]}
 */
export function readmePictures() {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const sources = [
    ...[...readme.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)/g)].map((match) => match[1]),
    ...[...readme.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((match) => match[1]),
  ];
  const relative = sources.filter((source) => !/^[a-z][\w+.-]*:/i.test(source) && !source.startsWith('#'));
  const pictures = [...new Set(relative.map((source) => posix.normalize(decodeURI(source.split(/[?#]/)[0])).replace(/^\.\//, '')))];
  for (const picture of pictures) {
    if (picture.startsWith('../') || picture.startsWith('/')) throw new Error(`README.md shows ${picture}, outside the extension`);
    if (!existsSync(join(repoRoot, picture))) throw new Error(`README.md shows ${picture}, which does not exist`);
  }
  return pictures.sort();
}
