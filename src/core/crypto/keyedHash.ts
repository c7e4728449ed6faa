import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

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

/**
 * `hmacSha256Hex` bound to one key, for many messages: HMAC's two padded key blocks are prepared
 * once, and an ASCII message (every finding's) costs two one-shot `hash` calls, where a `createHmac`
 * object per message cost half as much again (a file at the findings limit makes 1,000 of them).
 */
export function hmacSha256HexWithKey(key: string | Uint8Array): (message: string) => string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  const prepared: KeyObject = createSecretKey(keyBytes);
  // RFC 2104: a key longer than the block is hashed first; the block is the key zero-padded, XORed with 0x36 or 0x5c.
  const block = Buffer.alloc(SHA256_BLOCK);
  (keyBytes.length > SHA256_BLOCK ? hash('sha256', keyBytes, 'buffer') : keyBytes).copy(block);
  const innerPad = Buffer.from(block.map((byte) => byte ^ 0x36)).toString('latin1');
  const outerPad = Buffer.from(block.map((byte) => byte ^ 0x5c)).toString('latin1');
  return (message) => {
    // Latin-1 is UTF-8 for ASCII only: other messages take the HMAC object. ('binary' is Node's name for latin1.)
    if (!isAscii(message)) return createHmac('sha256', prepared).update(message, 'utf8').digest('hex');
    const inner = hash('sha256', Buffer.from(innerPad + message, 'latin1'), 'binary');
    return hash('sha256', Buffer.from(outerPad + inner, 'latin1'), 'hex');
  };
}

const SHA256_BLOCK = 64;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}
