// @ts-check
/* global localStorage, indexedDB, TextDecoder, document */
// Searches every place the extension and VS Code write for secret values: files (raw bytes, as
// UTF-8 and UTF-16, since browser and SQLite stores may hold either), the browser's storage, the
// DOM of every frame, captured text. Reports where, never the value itself.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** @typedef {{ where: string, bytes: Buffer }} Source */
/** @typedef {{ where: string, secret: string, encoding: string, context: string }} Leak */

/**
 * Names a secret for a report: its index and its first six characters ("Canary" for canaries).
 * @param {string[]} secrets
 * @param {number} index
 */
function describeSecret(secrets, index) {
  return `secret #${index + 1} (${secrets[index].slice(0, 6)}…)`;
}

/**
 * Every occurrence of any secret in any source: UTF-8, UTF-16LE and base64 (of the value alone).
 * @param {string[]} secrets
 * @param {Source[]} sources
 * @returns {Leak[]}
 */
export function findLeaks(secrets, sources) {
  /** @type {Leak[]} */
  const leaks = [];
  const needles = secrets.flatMap((secret, index) => [
    { index, encoding: 'utf-8', bytes: Buffer.from(secret, 'utf8') },
    { index, encoding: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
    { index, encoding: 'base64', bytes: Buffer.from(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''), 'utf8') },
  ]);
  for (const source of sources) {
    for (const needle of needles) {
      const at = source.bytes.indexOf(needle.bytes);
      if (at < 0) continue;
      leaks.push({ where: source.where, secret: describeSecret(secrets, needle.index), encoding: needle.encoding, context: contextAround(source.bytes, at, needle.bytes.length, secrets) });
    }
  }
  return leaks;
}

/**
 * Up to 60 characters either side of a hit, every secret in them replaced by «secret», so a report
 * can say what wrote it without repeating it.
 * @param {Buffer} bytes
 * @param {number} at
 * @param {number} length
 * @param {string[]} secrets
 */
function contextAround(bytes, at, length, secrets) {
  let text = bytes.subarray(Math.max(0, at - 60), at + length + 60).toString('utf8');
  for (const secret of secrets) text = text.split(secret).join('«secret»');
  return text.replace(/[^\x20-\x7e]/g, '.');
}

/**
 * Regular files below `root` (sockets and the like skipped), as sources named relative to `label`.
 * @param {string} root
 * @param {string} label
 * @param {(relativePath: string) => boolean} [skip]
 * @returns {Source[]}
 */
export function fileSources(root, label, skip = () => false) {
  /** @type {Source[]} */
  const sources = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (skip(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())) {
        sources.push({ where: `${label}/${rel}`, bytes: readFileSync(path) });
      }
    }
  };
  walk(root);
  return sources;
}

/**
 * The workbench's browser storage: every localStorage entry and every IndexedDB record (VS Code
 * web keeps global and workspace state, and its client logs, there). `skipLocalStorage` names
 * entries left out on purpose.
 * @param {import('playwright-core').Page} page
 * @param {string[]} skipLocalStorage
 * @returns {Promise<Source[]>}
 */
export async function browserStorageSources(page, skipLocalStorage) {
  const records = await page.evaluate(async (skipped) => {
    /** @type {[string, string][]} */
    const out = [];
    const text = (/** @type {unknown} */ value) => {
      if (typeof value === 'string') return value;
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) return new TextDecoder('utf-8', { fatal: false }).decode(value);
      try {
        return JSON.stringify(value) ?? String(value);
      } catch {
        return String(value);
      }
    };
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      if (!skipped.includes(key)) out.push([`localStorage/${key}`, `${key}\n${localStorage.getItem(key) ?? ''}`]);
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const name = info.name;
      /** @type {IDBDatabase} */
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const all = (/** @type {IDBRequest} */ request) => new Promise((resolve) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve([]);
        });
        const [keys, values] = /** @type {[unknown[], unknown[]]} */ (await Promise.all([all(store.getAllKeys()), all(store.getAll())]));
        keys.forEach((key, index) => out.push([`indexedDB/${name}/${storeName}/${text(key)}`, `${text(key)}\n${text(values[index])}`]));
      }
      db.close();
    }
    return out;
  }, skipLocalStorage);
  return records.map(([where, content]) => ({ where, bytes: Buffer.from(content, 'utf8') }));
}

/**
 * The live DOM of every frame of the page (the workbench, webviews and their inner frames),
 * including form fields' current values.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Source[]>}
 */
export async function frameSources(page) {
  /** @type {Source[]} */
  const sources = [];
  for (const [index, frame] of page.frames().entries()) {
    try {
      const content = await frame.evaluate(() => {
        // The editor's screen-reader announcement of the text at the cursor ("Context: <word> at
        // line 1 and column 21."): VS Code reading the user's own file aloud, not something written.
        for (const alert of document.querySelectorAll('[aria-atomic="true"]')) {
          if (/^Context: .* at line \d+ and column \d+\.$/.test(alert.textContent ?? '')) alert.textContent = '';
        }
        const fields = [...document.querySelectorAll('input, textarea')].map((el) => /** @type {HTMLInputElement} */ (el).value);
        return `${document.documentElement.outerHTML}\n${fields.join('\n')}`;
      });
      sources.push({ where: `frame ${index} ${frame.url().slice(0, 80)}`, bytes: Buffer.from(content, 'utf8') });
    } catch {
      // A frame that went away while we looked holds nothing any more.
    }
  }
  return sources;
}

/**
 * A source made of captured text.
 * @param {string} where
 * @param {string} text
 * @returns {Source}
 */
export function textSource(where, text) {
  return { where, bytes: Buffer.from(text, 'utf8') };
}
