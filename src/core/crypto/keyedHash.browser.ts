import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type * as NodeKeyedHash from './keyedHash';

/*
 * The web build's adapter of the keyed-hash port (`keyedHash.ts`): the same HMAC-SHA256 with
 * @noble/hashes, synchronous like the scanner that calls it. A unit test checks both adapters agree.
 */

function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? utf8ToBytes(key) : key;
}

export const hmacSha256Hex: typeof NodeKeyedHash.hmacSha256Hex = (key, message) =>
  bytesToHex(hmac(sha256, keyBytes(key), utf8ToBytes(message)));

export const hmacSha256HexWithKey: typeof NodeKeyedHash.hmacSha256HexWithKey = (key) => {
  const prepared = hmac.create(sha256, keyBytes(key));
  return (message) => bytesToHex(prepared.clone().update(utf8ToBytes(message)).digest());
};
