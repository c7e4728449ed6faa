// Adversarial inputs for the scanner: shapes that made detectors super-linear (issue 10) and others
// of the same family. Shared by the linearity unit tests and `npm run bench:hostile`, which bundles
// this file with esbuild. Values are fake keys from a seeded generator, so every run sees the same text.

/** A hostile input: what to scan and under which name (the name picks the file kind). */
export interface HostileInput {
  readonly fileName: string;
  readonly text: string;
}

/** A named shape that can be built at any size. */
export interface HostileShape {
  readonly name: string;
  /** What the shape stresses, for reports. */
  readonly description: string;
  /** The input, about `size` UTF-16 code units long (never shorter than one repeat). */
  build(size: number): HostileInput;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic fake keys (`FAKE` + 28 letters and digits), plausible to the scanner. */
export function fakeKeys(seed = 1): () => string {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: fast, deterministic, good enough to look random to the key heuristics.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return () => {
    let value = 'FAKE';
    while (value.length < 32) value += ALPHABET[next() % ALPHABET.length];
    return value;
  };
}

/** Repeats `unit(i)` until the text reaches `size`, then appends `tail`. */
function repeatTo(size: number, unit: (index: number) => string, tail = ''): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size || i === 0; i++) {
    const part = unit(i);
    parts.push(part);
    length += part.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** Every key in these shapes is a fresh plausible fake, so detectors do their full work per match. */
function shape(name: string, description: string, fileName: string, make: (size: number, key: () => string) => string): HostileShape {
  return { name, description, build: (size) => ({ fileName, text: make(size, fakeKeys(name.length * 7919 + 13)) }) };
}

/**
 * A benign source file of about `size` characters with a few planted keys, Palette words and
 * decoys: what `bench:scan` scans (`makeLargeSourceFile`), the yardstick hostile shapes are compared with.
 */
export function benignSource(size: number): HostileInput {
  const key = fakeKeys(42);
  const text = repeatTo(size, (i) => {
    if (i % 2000 === 1000) return `const SPECTROCLOUD_APIKEY = "${key()}";\n`;
    if (i % 7 === 0) return `  const apiKey${i} = process.env.PALETTE_API_KEY ?? config.get('spectrocloud.apiKey');\n`;
    if (i % 11 === 0) return '  hash: "9e107d9d372bb6826bd81d3542a419d6", id: "123e4567-e89b-12d3-a456-426614174000",\n';
    return `  export function handler${i}(request: Request): Response { return respond(request, ${i}); }\n`;
  });
  return { fileName: 'large.ts', text };
}

/** The shapes. Issue 10 named the first six; the rest are their relatives. */
export const HOSTILE_SHAPES: readonly HostileShape[] = [
  shape('unclosed provider blocks', 'many `provider "spectrocloud" {` blocks that never close', 'main.tf', (size, key) =>
    repeatTo(size, (i) => (i % 50 === 0 ? `provider "spectrocloud" {\n  api_key = "${key()}"\n` : 'provider "spectrocloud" {\n  host = "api.spectrocloud.com"\n'))),
  shape('apiKey URLs on one line', 'thousands of `?apiKey=` URLs on one line, with no `://` before them', 'urls.txt', (size, key) =>
    repeatTo(size, () => `GET /v1/spectroclusters?apiKey=${key()}&page=1 `, '\n')),
  shape('ApiKey header objects on one line', 'thousands of `{ headers: { ApiKey: … } }` objects on one line', 'client.js', (size, key) =>
    `const palette = "api.spectrocloud.com"; const calls = [${repeatTo(size, () => `fetch(u, { headers: { ApiKey: '${key()}' } }), `)}];\n`),
  shape('SPECTROCLOUD_APIKEY assignments on one line', 'thousands of `SPECTROCLOUD_APIKEY=` assignments on one line', 'run.sh', (size, key) =>
    repeatTo(size, () => `SPECTROCLOUD_APIKEY=${key()} `, '\n')),
  shape('ignore-file hashes', 'a `.palette-keys-ignore`-like text full of `#` ending in a lone CR (scanned as text)', '.palette-keys-ignore', (size, key) =>
    `${key()}\n${'#'.repeat(size)}\rx\n`),
  shape('unclosed variable blocks', 'many `variable "spectrocloud_api_key" {` blocks that never close', 'variables.tf', (size, key) =>
    repeatTo(size, (i) => `variable "spectrocloud_api_key" {\n  description = "Palette key ${i}"\n${i % 50 === 0 ? `  default = "${key()}"\n` : ''}`)),
  shape('provider blocks on one line', 'unclosed provider blocks and `api_key =` attributes on one line', 'one-line.tf', (size, key) =>
    repeatTo(size, () => `provider "spectrocloud" { api_key = "${key()}" `, '\n')),
  shape('deeply nested blocks', 'one provider block with hundreds of thousands of unclosed `{`', 'nested.tf', (size, key) =>
    `provider "spectrocloud" {\n  api_key = "${key()}"\n${'{'.repeat(size)}\n`),
  shape('unbalanced quotes', 'provider blocks after an unclosed string, so every block body runs to the end', 'quotes.tf', (size, key) =>
    `description = "unclosed\n${repeatTo(size, () => `provider "spectrocloud" { api_key = "${key()}"\n`)}`),
  shape('space-separated names on one line', '`SPECTROCLOUD_APIKEY <value>` pairs (Dockerfile ENV style) on one line', 'Dockerfile', (size, key) =>
    repeatTo(size, () => `SPECTROCLOUD_APIKEY ${key()} `, '\n')),
  shape('curl headers on one line', 'thousands of `-H "ApiKey: …"` options on one line', 'calls.sh', (size, key) =>
    repeatTo(size, () => `curl -H "ApiKey: ${key()}" https://api.spectrocloud.com/v1/users/me; `, '\n')),
  shape('SDK calls on one line', 'thousands of `WithAPIKey("…")` calls on one line', 'main.go', (size, key) =>
    repeatTo(size, () => `client.WithAPIKey("${key()}"); `, '\n')),
  shape('anchor flood', 'a line of nothing but anchor words, with one key at its end', 'words.txt', (size, key) =>
    `${repeatTo(size, () => 'apikey palette spectro api_key ')}SPECTROCLOUD_APIKEY=${key()}\n`),
  shape('glued anchor run', 'one 1 MB name made of anchor words, then a key', 'glued.env', (size, key) =>
    `${repeatTo(size, () => 'apikey_spectro.')}APIKEY=${key()}\n`),
  shape('token flood', '32-character tokens separated by spaces, Palette named once', 'tokens.txt', (size, key) =>
    `spectrocloud apiKey\n${repeatTo(size, () => `${key()} `)}\n`),
  shape('generic names flood', '`apiKey: "…"` entries in a file that mentions Palette (confidence looks near each)', 'config.yaml', (size, key) =>
    `# spectrocloud palette settings\n${repeatTo(size, () => `apiKey: "${key()}"\n`)}`),
  shape('long line of code', 'one minified line of benign code with keys in it', 'bundle.min.js', (size, key) =>
    repeatTo(size, (i) => (i % 500 === 0 ? `var SPECTROCLOUD_APIKEY="${key()}";` : `function f${i}(a,b){return a+b*${i}}`), '\n')),
  shape('base64 Secret values on one line', 'many `apiKey: <base64 of a key>` pairs on one line (no newline to find)', 'secret.yaml', (size, key) =>
    repeatTo(size, () => `spectrocloud_api_key: ${Buffer.from(key()).toString('base64')} `, '\n')),
  shape('base64 names without values', 'base64 key values after long runs of name characters', 'secret.yaml', (size, key) =>
    repeatTo(size, () => `${'_'.repeat(190)} ${Buffer.from(key()).toString('base64')} `, '\n')),
  shape('huge base64', 'one base64 run of a whole .env file with keys (decoded and rescanned)', 'blob.txt', (size, key) =>
    `data: ${Buffer.from(repeatTo((size * 3) / 4, () => `SPECTROCLOUD_APIKEY=${key()}\nOTHER=value\n`)).toString('base64')}\n`),
  shape('CR line endings', 'assignments with allow comments and CR-only line ends (one line to a line index)', 'cr.env', (size, key) =>
    repeatTo(size, (i) => `SPECTROCLOUD_APIKEY=${key()}${i % 2 === 0 ? ' # palette-keys:allow' : ''}\r`)),
  shape('CRLF line endings', 'allow comments on the line above findings, CRLF', 'crlf.env', (size, key) =>
    repeatTo(size, () => `# palette-keys:allow\r\nSPECTROCLOUD_APIKEY=${key()}\r\n`)),
  shape('U+2028 line ends', 'assignments separated by U+2028 and U+2029 only', 'ls.env', (size, key) =>
    repeatTo(size, (i) => `SPECTROCLOUD_APIKEY=${key()} # palette-keys:allow${i % 2 === 0 ? '\u2028' : '\u2029'}`)),
];

/** An ignore file's hostile shapes: one long line of `#` with odd line endings, and many comment lines. */
export const HOSTILE_IGNORE_FILES: readonly { readonly name: string; build(size: number): string }[] = [
  { name: '# then a lone CR', build: (size) => `${'#'.repeat(size)}\rpk1:0123456789abcdef0123456789abcdef\n` },
  { name: '# runs between CRs', build: (size) => repeatTo(size, () => `${'#'.repeat(64)}\r`) },
  { name: '# then U+2028', build: (size) => `${'#'.repeat(size)}\u2028x\n` },
  { name: 'comment lines', build: (size) => repeatTo(size, (i) => `pk1:${(i % 1e6).toString(16).padStart(32, '0')} # entry ${i} ###\r\n`) },
];
