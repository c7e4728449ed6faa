import { MIN_BASE64_RUN } from './base64Segments';
import { ALNUM, BASE64, bytesHaveRun } from './charClass';
import { KEY_LENGTH } from './keyCandidate';
import { hasRun } from './tokenRuns';

/** Every finding needs a 32-character alphanumeric run, or a base64 run that could encode one. */
export function mayHoldKey(text: string): boolean {
  return hasRun(text, ALNUM, KEY_LENGTH) || hasRun(text, BASE64, MIN_BASE64_RUN);
}

/** `mayHoldKey` on raw UTF-8 bytes (multi-byte sequences are never part of a run). */
export function bytesMayHoldKey(bytes: Uint8Array): boolean {
  return bytesHaveRun(bytes, ALNUM, KEY_LENGTH) || bytesHaveRun(bytes, BASE64, MIN_BASE64_RUN);
}
