import { createHash } from 'node:crypto';

/** Names a tenant as seen from one Palette host, without writing either down. */
export function keysScope(baseUrl: string, tenantUid: string): string {
  return shortHash(`${baseUrl}\n${tenantUid}`);
}

/**
 * A fingerprint of a key list: changes when a key is added, removed or changed (any field the
 * tree shows). Order-independent.
 */
export function keyListDigest(keys: readonly { readonly uid: string }[]): string {
  const lines = keys.map((key) => canonical(key)).sort();
  return shortHash(lines.join('\n'));
}

/** JSON with object keys sorted at every level (dates as ISO strings), so equal data hashes equally. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
