// Inputs shared by the benchmarks. The host benchmark (edit-to-diagnostics inside VS Code, added
// separately) should build its 10,000-line file with makeLargeSourceFile so the numbers compare.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh fake key value: `FAKE` and 28 random letters and digits. */
export function makeFakeKey() {
  let value = 'FAKE';
  while (value.length < 32) {
    const byte = randomBytes(1)[0];
    if (byte < 248) value += ALPHABET[byte % 62];
  }
  return value;
}

/**
 * A TypeScript-like file of `lines` lines with Palette context words throughout, decoys (hex
 * hashes, UUIDs, env references) and `keys` planted as `SPECTROCLOUD_APIKEY=` assignments spread
 * evenly, so a scan has real work and real findings.
 */
export function makeLargeSourceFile(lines = 10_000, keys = [makeFakeKey()]) {
  const out = [];
  const every = Math.max(1, Math.floor(lines / Math.max(1, keys.length)));
  for (let i = 0; i < lines; i++) {
    if (i % every === Math.floor(every / 2) && out.length < lines) out.push(`const SPECTROCLOUD_APIKEY = "${keys[Math.floor(i / every) % keys.length]}";`);
    else if (i % 7 === 0) out.push(`  const apiKey${i} = process.env.PALETTE_API_KEY ?? config.get('spectrocloud.apiKey');`);
    else if (i % 11 === 0) out.push(`  hash: "9e107d9d372bb6826bd81d3542a419d6", id: "123e4567-e89b-12d3-a456-426614174000",`);
    else out.push(`  export function handler${i}(request: Request): Response { return respond(request, ${i}); }`);
  }
  return out.join('\n');
}
