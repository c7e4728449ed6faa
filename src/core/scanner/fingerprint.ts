import { hmacSha256Hex, hmacSha256HexWithKey } from '../crypto/keyedHash';

/** A per-installation secret for keyed hashes of key values. */
export type HmacSecret = string | Uint8Array;

/**
 * Fingerprints a key value with HMAC-SHA256 under a per-installation secret (lower-case hex). The
 * known-key index stores only these, so raw values need not reach the scanner or its workers.
 */
export function fingerprintKeyValue(hmacSecret: HmacSecret, value: string): string {
  return hmacSha256Hex(hmacSecret, value);
}

/** Public, fixed key for finding fingerprints: they must agree across machines, the CLI and CI. */
const FINDING_FINGERPRINT_KEY = 'palette-keys/finding-fingerprint/v1';
const FINDING_FINGERPRINT_PREFIX = 'pk1:';
/** The key prepared once: a file at the findings limit makes 1,000 of these hashes. */
const findingHash = hmacSha256HexWithKey(FINDING_FINGERPRINT_KEY);

/**
 * The stable id of a finding: a hash of the rule and the value, independent of file and line, so an
 * entry in `.palette-keys-ignore` survives edits and moves. It is deliberately not keyed per
 * installation (a team shares the ignore file); a 32-character random key (~190 bits) cannot be
 * recovered from it, and 128 bits of it are kept.
 */
export function findingFingerprint(ruleId: string, value: string): string {
  const digest = findingHash(`${ruleId}\u0000${value}`);
  return FINDING_FINGERPRINT_PREFIX + digest.slice(0, 32);
}

/** Characters in a finding fingerprint: the prefix and 32 hex digits. */
export const FINGERPRINT_LENGTH = FINDING_FINGERPRINT_PREFIX.length + 32;

/** True when `text` has the shape of a finding fingerprint (`pk1:` + 32 hex digits). */
export function isFindingFingerprint(text: string): boolean {
  return /^pk1:[0-9a-f]{32}$/.test(text);
}
