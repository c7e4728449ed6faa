import { base64ToBytes, bytesToBase64, randomBytes } from '../../core/crypto/randomBytes';
import { StaleSecretsError } from '../../core/sync/revisionGuardedSecretStore';
import { SECRET_KEYS } from '../../core/secrets/secretKeys';
import type { SecretStore } from '../../core/secrets/secretStore';

/** Bytes of the per-installation HMAC secret. */
const SECRET_BYTES = 32;

/**
 * The per-installation secret that keys the known-key fingerprints, created once with
 * Web Crypto and kept in secret storage. Re-read after writing so two windows that race
 * to create it settle on the one that was stored last.
 */
export async function loadFingerprintSecret(secrets: SecretStore): Promise<Uint8Array> {
  const existing = decode(await secrets.get(SECRET_KEYS.fingerprintSecret));
  if (existing) return existing;
  const created = randomBytes(SECRET_BYTES);
  try {
    await secrets.store(SECRET_KEYS.fingerprintSecret, bytesToBase64(created));
  } catch (e) {
    // A web tab whose copy of secret storage is stale may not write (it is asked to reload).
    // Fingerprints only match values within this window, so a secret of its own until the reload
    // keeps the scanner working; nothing else (ignore entries, the CLI) depends on it.
    if (e instanceof StaleSecretsError) return created;
    throw e;
  }
  const stored = decode(await secrets.get(SECRET_KEYS.fingerprintSecret));
  if (!stored) throw new Error('The scanner could not keep its fingerprint secret in secret storage.');
  return stored;
}

function decode(text: string | undefined): Uint8Array | undefined {
  if (!text) return undefined;
  const bytes = base64ToBytes(text);
  return bytes && bytes.length >= 16 ? bytes : undefined;
}
