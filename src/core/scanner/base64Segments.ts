import { latin1FromBytes } from '../encoding/base64';
import { BASE64 } from './charClass';
import { forEachRun } from './tokenRuns';
import type { Base64Segment } from './types';

/** Shortest base64 text that can hold a 32-byte value (43 characters unpadded). */
export const MIN_BASE64_RUN = 43;

/** Segments decoded per step of a `Base64Segments` reader: enough that a step's set-up is noise. */
const SEGMENTS_PER_STEP = 64;

/**
 * Base64 runs long enough to hold an encoded key, each decoded from its first character. A key
 * anywhere inside the decoded bytes is found whatever its alignment, because the whole run is
 * decoded, not the key's own three-byte groups. Only runs that decode to text are kept: a key is
 * text, and Secrets, env files and configs are too; binary payloads are not searched.
 *
 * Runs are decoded from the text's start only as far as they are read: a detector that stops at
 * the findings limit early in a file of thousands of base64 values decodes the ones it read.
 */
export class Base64Segments {
  private readonly segments: Base64Segment[] = [];
  /** Where the run search resumes (the end of the last run read), or -1 once the text is read. */
  private resumeAt = 0;

  constructor(private readonly text: string) {}

  /** The `index`-th segment in text order, or undefined past the last. */
  at(index: number): Base64Segment | undefined {
    while (index >= this.segments.length && this.resumeAt >= 0) this.readMore();
    return this.segments[index];
  }

  /** Every segment. */
  all(): readonly Base64Segment[] {
    while (this.resumeAt >= 0) this.readMore();
    return this.segments;
  }

  private readMore(): void {
    const { text } = this;
    let added = 0;
    let stoppedAt = -1;
    forEachRun(
      text,
      BASE64,
      MIN_BASE64_RUN,
      (start, runEnd) => {
        const segment = textSegment(text, start, runEnd);
        if (segment === undefined) return true;
        this.segments.push(segment);
        if (++added < SEGMENTS_PER_STEP) return true;
        stoppedAt = runEnd;
        return false;
      },
      this.resumeAt,
    );
    this.resumeAt = stoppedAt;
  }
}

/** Every base64 segment of `text` (see `Base64Segments`). */
export function findBase64Segments(text: string): readonly Base64Segment[] {
  return new Base64Segments(text).all();
}

/** The base64 run [start, runEnd) decoded, when it decodes to text. */
function textSegment(text: string, start: number, runEnd: number): Base64Segment | undefined {
  let end = runEnd;
  while (end < text.length && end - runEnd < 2 && text.charCodeAt(end) === 61 /* = */) end++;
  // A length of 1 mod 4 cannot be base64 from its first character: a glued prefix char is likely.
  const from = (runEnd - start) % 4 === 1 ? start + 1 : start;
  // Judge the head first: binary blobs (fonts, images, hashes) are dismissed without decoding them whole.
  if (!base64TextLooksLikeText(text, from, Math.min(end, from + BASE64_HEAD_CHARS))) return undefined;
  const length = decodeInto(text, from, end);
  return decodedLooksLikeText(length) ? { start: from, end, decoded: latin1FromBytes(decodedBytes.subarray(0, length)) } : undefined;
}

/**
 * `looksLikeText(Buffer.from(text.slice(from, end), 'base64'))` for base64 characters (digits, then
 * at most two `=`), decoded into a reused buffer: no slice, no Buffer.
 */
export function base64TextLooksLikeText(text: string, from: number, end: number): boolean {
  return decodedLooksLikeText(decodeInto(text, from, end));
}

/** Where runs are decoded: reused (grown as needed), so a run costs its decoded string only, not buffers too. */
let decodedBytes = new Uint8Array(1024);
/** Control and high bytes among those `decodeInto` wrote last, counted as it writes them (no second pass). */
let decodedControl = 0;
let decodedHigh = 0;

/** `looksLikeText` of the bytes `decodeInto` wrote last (`length` of them), from its counts. */
function decodedLooksLikeText(length: number): boolean {
  return length > 0 && decodedControl <= allowedControl(length) && decodedHigh <= allowedHigh(length);
}

/**
 * Decodes the base64 characters [from, end) of `text` (digits, then at most two `=`) into
 * `decodedBytes` as `Buffer.from(text.slice(from, end), 'base64')` would, and returns the length.
 */
function decodeInto(text: string, from: number, end: number): number {
  let digitsEnd = end;
  while (digitsEnd > from && end - digitsEnd < 2 && text.charCodeAt(digitsEnd - 1) === 61 /* = */) digitsEnd--;
  const length = Math.floor(((digitsEnd - from) * 3) / 4);
  if (decodedBytes.length < length) decodedBytes = new Uint8Array(length);
  const bytes = decodedBytes;
  // Four digits make three bytes; a megabyte of base64 is decoded in quads, not bit by bit.
  const quadsEnd = from + ((digitsEnd - from) & ~3);
  let out = 0;
  let i = from;
  let control = 0;
  let high = 0;
  for (; i < quadsEnd; i += 4) {
    const quad =
      (DIGIT_VALUES[text.charCodeAt(i)] << 18) |
      (DIGIT_VALUES[text.charCodeAt(i + 1)] << 12) |
      (DIGIT_VALUES[text.charCodeAt(i + 2)] << 6) |
      DIGIT_VALUES[text.charCodeAt(i + 3)];
    const b0 = quad >> 16;
    const b1 = (quad >> 8) & 0xff;
    const b2 = quad & 0xff;
    bytes[out] = b0;
    bytes[out + 1] = b1;
    bytes[out + 2] = b2;
    out += 3;
    control += CONTROL_BYTE[b0] + CONTROL_BYTE[b1] + CONTROL_BYTE[b2];
    high += (b0 >> 7) + (b1 >> 7) + (b2 >> 7);
  }
  // As Node does, 2 trailing digits give a byte, 3 give two, 1 gives none.
  const rest = digitsEnd - i;
  if (rest >= 2) {
    const partial = (DIGIT_VALUES[text.charCodeAt(i)] << 18) | (DIGIT_VALUES[text.charCodeAt(i + 1)] << 12) | (rest === 3 ? DIGIT_VALUES[text.charCodeAt(i + 2)] << 6 : 0);
    const b0 = partial >> 16;
    bytes[out] = b0;
    control += CONTROL_BYTE[b0];
    high += b0 >> 7;
    if (rest === 3) {
      const b1 = (partial >> 8) & 0xff;
      bytes[out + 1] = b1;
      control += CONTROL_BYTE[b1];
      high += b1 >> 7;
    }
  }
  decodedControl = control;
  decodedHigh = high;
  return length;
}

/** Base64 characters whose decoded bytes decide whether a run is worth decoding whole. */
export const BASE64_HEAD_CHARS = 64;

/** Maps a byte range of a segment's decoded data to the base64 characters that encode it. */
export function encodedRange(segment: Base64Segment, decodedStart: number, decodedEnd: number): [number, number] {
  const start = segment.start + Math.floor(decodedStart / 3) * 4;
  const end = Math.min(segment.end, segment.start + Math.ceil(decodedEnd / 3) * 4);
  return [start, end];
}

/**
 * Text-like bytes: almost no control characters (binary has ~12%) and mostly ASCII (identifiers or
 * paths mistaken for base64 decode to mostly high bytes). Fails fast on binary.
 */
export function looksLikeText(bytes: Uint8Array, length = bytes.length): boolean {
  if (length === 0) return false;
  const maxControl = allowedControl(length);
  const maxHigh = allowedHigh(length);
  let control = 0;
  let high = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[i];
    if (b >= 128) {
      if (++high > maxHigh) return false;
    } else if (CONTROL_BYTE[b] === 1 && ++control > maxControl) return false;
  }
  return true;
}

function allowedControl(length: number): number {
  return Math.floor(length * 0.02);
}

function allowedHigh(length: number): number {
  return Math.floor(length * 0.1);
}

/** 1 for control bytes text does not hold (all below 32 but tab, LF and CR; and DEL). */
const CONTROL_BYTE = Uint8Array.from({ length: 256 }, (_, b) => ((b < 32 && b !== 9 && b !== 10 && b !== 13) || b === 127 ? 1 : 0));

/** Base64 digit values by ASCII code; -1 for anything else. */
const DIGIT_VALUES = Int8Array.from({ length: 128 }, (_, code) =>
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(String.fromCharCode(code)),
);
/** Decoded head of a run: reused, so judging a run's head allocates nothing. */
const headBytes = new Uint8Array((BASE64_HEAD_CHARS / 4) * 3);

/**
 * `looksLikeText(Buffer.from(<the characters [from, end) as text>, 'base64'))` for a head of at most
 * BASE64_HEAD_CHARS characters given as bytes: base64 digits, then at most two `=`. Decodes into a
 * reused array instead of making a string and a Buffer per run (thousands of runs in a dependency
 * tree). Node decodes `=`-less tails too: 2 digits give a byte, 3 give two, 1 gives none.
 */
export function base64HeadLooksLikeText(bytes: Uint8Array, from: number, end: number): boolean {
  let digitsEnd = end;
  while (digitsEnd > from && end - digitsEnd < 2 && bytes[digitsEnd - 1] === 61 /* = */) digitsEnd--;
  const length = Math.floor(((digitsEnd - from) * 3) / 4);
  let bits = 0;
  let bitCount = 0;
  let out = 0;
  for (let i = from; i < digitsEnd && out < length; i++) {
    bits = ((bits << 6) | DIGIT_VALUES[bytes[i]]) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      headBytes[out++] = (bits >> bitCount) & 0xff;
    }
  }
  return looksLikeText(headBytes, length);
}
