// The documents link to each other and to pictures by relative paths; a moved or renamed file must not
// leave a dead link behind (the README is also the Marketplace page, where a dead picture shows as broken).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** The documents people read: the root ones, docs/, and the READMEs next to the code they describe. */
function documents(): string[] {
  const rootDocs = readdirSync(root).filter((name) => name.endsWith('.md'));
  const docs = existsSync(path.join(root, 'docs'))
    ? readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)
    : [];
  const readmes = ['scripts', 'src'].flatMap((folder) => readmesUnder(folder));
  return [...rootDocs, ...docs, ...readmes];
}

function readmesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name === 'README.md') found.push(child);
    }
  };
  walk(folder);
  return found;
}

/** Markdown without fenced code blocks and code spans, where brackets and parentheses are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

interface Link {
  readonly target: string;
  readonly image: boolean;
}

function links(markdown: string): Link[] {
  return [...prose(markdown).matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({
    image: match[1] === '!',
    target: match[2],
  }));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = match[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

const external = /^(https?:|mailto:|command:)/;

describe('documentation links', () => {
  it('every relative link and picture in the documents points at a file (and heading) that exists', () => {
    const dead: string[] = [];
    for (const document of documents()) {
      const markdown = readFileSync(path.join(root, document), 'utf8');
      for (const { target } of links(markdown)) {
        if (external.test(target)) continue;
        const [file, anchor] = target.split('#', 2);
        const resolved = file ? path.resolve(path.dirname(path.join(root, document)), decodeURI(file)) : path.join(root, document);
        if (!existsSync(resolved)) {
          dead.push(`${document}: ${target} (no such file)`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) {
          dead.push(`${document}: ${target} (no such heading)`);
        }
      }
    }
    assert.deepEqual(dead, []);
  });

  it("the README's pictures are relative paths to PNG files in media/, so they show offline in the Extensions view", () => {
    const pictures = links(readFileSync(path.join(root, 'README.md'), 'utf8')).filter((link) => link.image);
    assert.ok(pictures.length > 0, 'the README shows no picture');
    for (const { target } of pictures) {
      assert.match(target, /^media\/[\w/.-]+\.png$/, `${target} is not a relative path to a PNG in media/`);
      assert.ok(statSync(path.join(root, target)).size > 0, `${target} is empty`);
    }
  });

  it('the README names the two commands, npm start and npm test, and links CONTRIBUTING.md for the rest', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.match(readme, /`npm start`/);
    assert.match(readme, /`npm test`/);
    assert.ok(links(readme).some((link) => link.target === 'CONTRIBUTING.md'), 'no link to CONTRIBUTING.md');
  });
});
