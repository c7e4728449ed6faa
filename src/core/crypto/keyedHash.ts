import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/*
 * The keyed hash every fingerprint is made with (HMAC-SHA256, lower-case hex), as a port with two
 * adapters: this one over node:crypto for the desktop build, the CLI and workers, and
 * `keyedHash.browser.ts` for the web build (esbuild picks it for platform browser). Both are
 * synchronous because `scanText` is; Web Crypto's `subtle.sign` is asynchronous only.
 */

/** HMAC-SHA256 of `message` (UTF-8) under `key`, as lower-case hex. */
export function hmacSha256Hex(key: string | Uint8Array, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/** `hmacSha256Hex` bound to one key, for many messages (the key is prepared once). */
export function hmacSha256HexWithKey(key: string | Uint8Array): (message: string) => string {
  const prepared: KeyObject = createSecretKey(typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
  return (message) => createHmac('sha256', prepared).update(message, 'utf8').digest('hex');
}
