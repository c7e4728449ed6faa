// @ts-check
// The pictures README.md shows from this repository. `npm run package` packs a copy of the README
// with each of them embedded as a data: URI: VS Code's extension details page allows only https:
// and data: images (its Content-Security-Policy is `img-src https: data:`), so a relative path
// into the installed extension stays blank there, and this extension has no https host to use.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, posix } from 'node:path';
import { repoRoot } from './vscode/proc.mjs';

/** Markdown images `![alt](path "title")` and HTML `<img src="path">`; group 1 or 2 is the source. */
const IMAGE = /!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)|<img\b[^>]*\bsrc=["']([^"']+)["']/gi;
const MEDIA_TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

/** The repository path a relative image source names, or undefined for a URL or an anchor. */
function repositoryPath(/** @type {string} */ source) {
  if (/^[a-z][\w+.-]*:/i.test(source) || source.startsWith('#')) return undefined;
  const path = posix.normalize(decodeURI(source.split(/[?#]/)[0])).replace(/^\.\//, '');
  if (path.startsWith('../') || path.startsWith('/')) throw new Error(`README.md shows ${source}, outside the extension`);
  if (!existsSync(join(repoRoot, path))) throw new Error(`README.md shows ${path}, which does not exist`);
  return path;
}

/**
 * The repository paths of the pictures README.md shows, each checked to exist.
 * @returns {string[]}
 */
export function readmePictures() {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const paths = [...readme.matchAll(IMAGE)].map((match) => repositoryPath(match[1] ?? match[2]));
  return [...new Set(paths.filter((path) => path !== undefined))].sort();
}

/**
 * README.md with every picture from the repository embedded as a data: URI (PNG, JPEG, GIF or
 * WebP; VS Code refuses SVG there).
 * @returns {string}
 */
export function readmeWithEmbeddedPictures() {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  return readme.replace(IMAGE, (whole, markdownSource, htmlSource) => {
    const source = markdownSource ?? htmlSource;
    const path = repositoryPath(source);
    if (!path) return whole;
    const type = MEDIA_TYPES[/** @type {keyof typeof MEDIA_TYPES} */ (extname(path).toLowerCase())];
    if (!type) throw new Error(`README.md shows ${path}: only PNG, JPEG, GIF and WebP pictures can be embedded`);
    return whole.replace(source, `data:${type};base64,${readFileSync(join(repoRoot, path)).toString('base64')}`);
  });
}
