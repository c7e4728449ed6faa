import { randomBytes } from 'node:crypto';
import { fingerprintKeyValue } from '../core/scanner/fingerprint';
import type { KnownKeyFingerprint } from '../core/scanner/knownKeyIndex';
import { UsageError } from './cliOptions';

/** The prefix of a fingerprint line in a known-keys file. */
export const FINGERPRINT_LINE_PREFIX = 'hmac-sha256:';

/** Known keys ready for the scanner: the secret and fingerprints, no raw values. */
export interface KnownKeysForScan {
  readonly hmacSecret: Uint8Array;
  readonly fingerprints: readonly KnownKeyFingerprint[];
}

/**
 * Parses a known-keys file. Raw values are fingerprinted at once and dropped. Fingerprint lines need
 * the secret they were made with (`secretFromEnv`); with none, raw values use a random in-memory
 * secret. Errors name line numbers only, never line content.
 */
export function parseKnownKeysFile(text: string, secretFromEnv: string | undefined, secretEnvName: string): KnownKeysForScan {
  const lines = text.split(/\r?\n/);
  const hasFingerprints = lines.some((line) => line.trim().startsWith(FINGERPRINT_LINE_PREFIX));
  if (hasFingerprints && (secretFromEnv === undefined || secretFromEnv === '')) {
    throw new UsageError(`The known-keys file holds fingerprints, but ${secretEnvName} (the secret they were made with) is not set.`);
  }
  const hmacSecret = secretFromEnv !== undefined && secretFromEnv !== '' ? Buffer.from(secretFromEnv, 'utf8') : randomBytes(32);
  const fingerprints: KnownKeyFingerprint[] = [];
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const [first, ...rest] = line.split(/\s+/);
    const id = rest.join(' ') || `known-keys:${index + 1}`;
    if (first.startsWith(FINGERPRINT_LINE_PREFIX)) {
      const hex = first.slice(FINGERPRINT_LINE_PREFIX.length).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new UsageError(`Known-keys file line ${index + 1}: a fingerprint must be ${FINGERPRINT_LINE_PREFIX} and 64 hex digits.`);
      fingerprints.push({ id, fingerprint: hex });
    } else {
      fingerprints.push({ id, fingerprint: fingerprintKeyValue(hmacSecret, first) });
    }
  });
  return { hmacSecret, fingerprints };
}
