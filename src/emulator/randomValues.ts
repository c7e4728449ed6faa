import { createHash, randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random letters and digits, drawn without modulo bias. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: bytes above it would favour the first characters.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/** A Palette-shaped API key value: 32 letters and digits, no prefix, no checksum. */
export function newKeyValue(): string {
  return randomAlphanumeric(32);
}

/** A Palette-shaped uid (24 hex digits, like a MongoDB ObjectId). */
export function newUid(): string {
  return randomBytes(12).toString('hex');
}

/**
 * One-way hash under which the emulator keeps key values and passwords, so neither an API answer
 * nor a state file can give them back. `salt` keeps equal passwords of two users apart.
 */
export function hashSecret(secret: string, salt = ''): string {
  return createHash('sha256').update(`${salt}\u0000${secret}`).digest('hex');
}
