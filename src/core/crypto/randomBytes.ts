/*
 * Random bytes and their base64 form through Web Crypto and atob/btoa, which Node 20, browsers and
 * web workers all have: one implementation for the desktop and the web build.
 */

/** `length` cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** A random version-4 UUID. */
export function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes of `text`, or undefined when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
