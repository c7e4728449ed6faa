/*
 * Base64 decoding for the scanner and the JWT reader, as a port with two adapters: this one over
 * Node's Buffer (native, fast) for the desktop build, the CLI and workers, and `base64.browser.ts`
 * for the web build (esbuild picks it for platform browser). Both decode as Buffer does: the
 * standard and the URL-safe alphabet, other characters skipped, decoding ends at padding.
 */

/** The bytes `text` encodes in base64 or base64url. */
export function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}

/** Bytes as a string of the same length, one character per byte (latin1). */
export function latin1FromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}
