import { hmacSha256HexWithKey } from '../crypto/keyedHash';
import type { HmacSecret } from './fingerprint';

/** A known key as the index holds it: the host's id for it and its HMAC fingerprint (hex). */
export interface KnownKeyFingerprint {
  readonly id: string;
  readonly fingerprint: string;
}

/** Answers "is this value a known key?" from fingerprints only. */
export interface KnownKeyIndex {
  /** Number of fingerprints in the index. */
  readonly size: number;
  /** The id of the known key whose value is `value`, or undefined. */
  lookup(value: string): string | undefined;
}

/** Candidate lookups remembered per index: the same hash or token often repeats across files. */
const MEMO_LIMIT = 20_000;

/**
 * Builds a known-key index over HMAC-SHA256 fingerprints made with `fingerprintKeyValue(hmacSecret, …)`.
 * Lookups cost one HMAC per candidate (~2 µs) and are memoised.
 */
export function createKnownKeyIndex(hmacSecret: HmacSecret, fingerprints: readonly KnownKeyFingerprint[]): KnownKeyIndex {
  const byFingerprint = new Map<string, string>();
  for (const entry of fingerprints) byFingerprint.set(entry.fingerprint.toLowerCase(), entry.id);
  const fingerprintOf = hmacSha256HexWithKey(hmacSecret);
  const memo = new Map<string, string | null>();
  return {
    size: byFingerprint.size,
    lookup(value: string): string | undefined {
      if (byFingerprint.size === 0) return undefined;
      const remembered = memo.get(value);
      if (remembered !== undefined) return remembered ?? undefined;
      const id = byFingerprint.get(fingerprintOf(value));
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(value, id ?? null);
      return id;
    },
  };
}
