#!/usr/bin/env node
// Precision and recall of the CLI on public Spectro Cloud repositories (docs/scanner-conventions.md).
//
//   node scripts/bench/conventions.mjs <tree>...
//
// Each <tree> is a folder holding one repository's files (for example `git archive HEAD | tar -x`),
// named after the repository. Nothing fetched is committed. For each tree:
//   1. precision: `palette-keys scan` on the tree as it is. The repositories hold no real key, so every
//      finding is a false positive.
//   2. recall: a copy of the tree where every tfvars-like file (`*.tfvars`, `*.auto.tfvars`,
//      `*.tfvars.json`, `terraform.template.tfvars`, `*.tfvars.template`…) gets a fresh fake key pasted
//      as a person would: into the value of its API-key line (`sc_api_key = "…"`), or as a new
//      `sc_api_key = "…"` line when it has none. A planted key counts as found when a finding in that
//      file carries its masked value.
// Needs `npm run build` first (dist/cli.js). Prints a table and writes .cache/bench/conventions.json.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TFVARS_LIKE = /(?:\.tfvars|\.tfvars\.json|\.tfvars\.template|\.tfvars\.example)$/i;
// The Palette key line: `sc_api_key` (Spectro Cloud's examples) or a bare `api_key`; not `maas_api_key` and such.
const KEY_LINE = /^(\s*"?)((?:sc_|spectrocloud_)?api_?key)("?\s*[=:]\s*)("[^"\n]*"|[^\s#\n]*)/im;

function fakeKey() {
  // FAKE + 28 random characters, redrawn until it mixes cases and digits like a real key.
  for (;;) {
    let key = 'FAKE';
    while (key.length < 32) key += ALPHABET[randomInt(ALPHABET.length)];
    if (/[a-z]/.test(key) && /[0-9]/.test(key) && new Set(key).size >= 20) return key;
  }
}

function masked(key) {
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}

function walk(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === '.git' ? [] : walk(dir, relative);
    return entry.isFile() ? [relative] : [];
  });
}

function scan(tree) {
  const result = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '--no-ignore', '--jobs', '1', '.'], {
    cwd: tree,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`scan of ${tree} failed (${result.status}): ${result.stderr}`);
  const parsed = JSON.parse(result.stdout);
  return Array.isArray(parsed) ? parsed : parsed.findings;
}

function plant(file) {
  const text = readFileSync(file, 'utf8');
  const key = fakeKey();
  if (file.endsWith('.json')) {
    const data = JSON.parse(text);
    const name = Object.keys(data).find((entry) => /api_?key/i.test(entry)) ?? 'sc_api_key';
    data[name] = key;
    writeFileSync(file, `${JSON.stringify(data, undefined, 2)}\n`);
    return { key, how: name in JSON.parse(text) ? 'value' : 'added' };
  }
  if (KEY_LINE.test(text)) {
    writeFileSync(file, text.replace(KEY_LINE, (_all, indent, name, equals) => `${indent}${name}${equals}"${key}"`));
    return { key, how: 'value' };
  }
  writeFileSync(file, `${text.replace(/\n?$/, '\n')}sc_api_key = "${key}"\n`);
  return { key, how: 'added' };
}

const trees = process.argv.slice(2);
if (trees.length === 0) {
  console.error('usage: node scripts/bench/conventions.mjs <tree>...');
  process.exit(2);
}
statSync(CLI);
const rows = [];
for (const tree of trees) {
  const name = path.basename(path.resolve(tree));
  const files = walk(tree);
  const falsePositives = scan(tree);
  const copy = mkdtempSync(path.join(tmpdir(), 'conventions-'));
  cpSync(tree, copy, { recursive: true });
  const planted = files.filter((file) => TFVARS_LIKE.test(file)).map((file) => ({ file, ...plant(path.join(copy, file)) }));
  const findings = planted.length > 0 ? scan(copy) : [];
  rmSync(copy, { recursive: true, force: true });
  const missed = planted.filter((p) => !findings.some((f) => f.file.replace(/\\/g, '/').endsWith(p.file) && f.masked === masked(p.key)));
  rows.push({
    repository: name,
    files: files.length,
    falsePositives: falsePositives.length,
    falsePositiveFiles: [...new Set(falsePositives.map((f) => `${f.file}:${f.line} ${f.ruleId}`))],
    planted: planted.length,
    plantedInExistingLine: planted.filter((p) => p.how === 'value').length,
    found: planted.length - missed.length,
    missed: missed.map((p) => p.file),
  });
}
for (const row of rows) {
  console.log(
    `${row.repository}: ${row.files} files, ${row.falsePositives} false positives; planted ${row.planted} (${row.plantedInExistingLine} in an existing key line), found ${row.found}`,
  );
  for (const line of row.falsePositiveFiles) console.log(`  false positive: ${line}`);
  for (const file of row.missed) console.log(`  missed: ${file}`);
}
const total = rows.reduce((sum, row) => ({ fp: sum.fp + row.falsePositives, planted: sum.planted + row.planted, found: sum.found + row.found }), {
  fp: 0,
  planted: 0,
  found: 0,
});
console.log(`total: ${total.fp} false positives; recall ${total.found}/${total.planted}`);
mkdirSync(path.join(ROOT, '.cache', 'bench'), { recursive: true });
writeFileSync(path.join(ROOT, '.cache', 'bench', 'conventions.json'), `${JSON.stringify({ rows, total }, undefined, 2)}\n`);
