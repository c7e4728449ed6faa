import type * as NodeBase64 from './base64';

/*
 * The web build's adapter of the base64 port (`base64.ts`), decoding exactly as Node's Buffer does;
 * a property test compares the two.
 */

/** Value of each base64 and base64url character; -1 for anything else. */
const VALUES = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((char, i) => (VALUES[char.charCodeAt(0)] = i));
VALUES['-'.charCodeAt(0)] = 62;
VALUES['_'.charCodeAt(0)] = 63;
const PAD = 61; // '='

export const decodeBase64: typeof NodeBase64.decodeBase64 = (text) => {
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let accumulator = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === PAD) break;
    const value = code < 128 ? VALUES[code] : -1;
    if (value < 0) continue;
    accumulator = ((accumulator << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[length++] = (accumulator >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, length);
};

export const latin1FromBytes: typeof NodeBase64.latin1FromBytes = (bytes) => {
  let text = '';
  // In slices: String.fromCharCode takes its bytes as arguments.
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
};
