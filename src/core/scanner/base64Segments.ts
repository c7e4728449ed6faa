import { latin1FromBytes } from '../encoding/base64';
import { BASE64, inClass } from './charClass';
import { layOutLineWindows, MAX_DECODED_STRING } from './decodedWindows';
import type { Base64Segment, DecodedWindow } from './types';

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
    const n = text.length;
    let added = 0;
    let floor = Math.max(0, this.resumeAt);
    let resumeAt = -1;
    // As `forEachRun` samples (one character in MIN_BASE64_RUN), but a run's end is left to
    // `readSegment`: it decodes long runs as it reads them, instead of walking them first.
    let p = floor + MIN_BASE64_RUN - 1;
    while (p < n) {
      if (!inClass(BASE64, text.charCodeAt(p))) {
        p += MIN_BASE64_RUN;
        continue;
      }
      let start = p;
      while (start > floor && inClass(BASE64, text.charCodeAt(start - 1))) start--;
      const runEnd = readSegment(text, start, p + 1);
      if (segmentRead !== undefined) {
        this.segments.push(segmentRead);
        segmentRead = undefined;
        if (++added === SEGMENTS_PER_STEP) {
          resumeAt = runEnd;
          break;
        }
      }
      floor = runEnd;
      // The next run starts at runEnd + 1 at the earliest, so its MIN_BASE64_RUN-th character is at runEnd + MIN_BASE64_RUN.
      p = runEnd + MIN_BASE64_RUN;
    }
    this.resumeAt = resumeAt;
  }
}

/** Every base64 segment of `text` (see `Base64Segments`). */
export function findBase64Segments(text: string): readonly Base64Segment[] {
  return new Base64Segments(text).all();
}

/** The segment `readSegment` read last, when its run decodes to text (taken by the caller). */
let segmentRead: Base64Segment | undefined;

/**
 * Reads the base64 run that starts at `start` and reaches at least `known` (exclusive), sets
 * `segmentRead` to its segment when it is long enough and decodes to text, and returns the run's end.
 *
 * Where decoding starts depends on the run's length (see `textSegment`), known only at its end. A
 * run longer than its head is decoded from its first character as it is read, and again from the
 * second in the one case in four where its length says so: walking a megabyte of base64 to its end
 * and then decoding it cost twice the reading.
 */
function readSegment(text: string, start: number, known: number): number {
  const n = text.length;
  const headLimit = Math.min(n, start + BASE64_HEAD_CHARS + 1);
  let end = known;
  while (end < headLimit && inClass(BASE64, text.charCodeAt(end))) end++;
  if (end < headLimit || end === n) {
    // The whole run is read (it is no longer than its head): decode it as it is.
    if (end - start >= MIN_BASE64_RUN) segmentRead = textSegment(text, start, end);
    return end;
  }
  // A run longer than its head, judged as if it starts at `start`; if its length says otherwise, it is read again.
  if (!base64TextLooksLikeText(text, start, start + BASE64_HEAD_CHARS)) {
    while (end < n && inClass(BASE64, text.charCodeAt(end))) end++;
    if ((end - start) % 4 === 1) segmentRead = textSegment(text, start, end);
    return end;
  }
  end = decodeRunInto(text, start);
  if ((end - start) % 4 === 1) {
    segmentRead = textSegment(text, start, end);
    return end;
  }
  const length = Math.floor(((end - start) * 3) / 4);
  if (decodedLooksLikeText(length)) segmentRead = decodedSegment(start, paddedEnd(text, end), length);
  return end;
}

/** The base64 run [start, runEnd) decoded, when it decodes to text. */
function textSegment(text: string, start: number, runEnd: number): Base64Segment | undefined {
  const end = paddedEnd(text, runEnd);
  // A length of 1 mod 4 cannot be base64 from its first character: a glued prefix char is likely.
  const from = (runEnd - start) % 4 === 1 ? start + 1 : start;
  // Judge the head first: binary blobs (fonts, images, hashes) are dismissed without decoding them whole.
  if (!base64TextLooksLikeText(text, from, Math.min(end, from + BASE64_HEAD_CHARS))) return undefined;
  const length = decodeInto(text, from, end);
  return decodedLooksLikeText(length) ? decodedSegment(from, end, length) : undefined;
}

/** The segment [start, end) whose run decoded to the first `length` bytes of `decodedBytes`. */
function decodedSegment(start: number, end: number, length: number): Base64Segment {
  const windows = length > MAX_DECODED_STRING ? decodedWindows(length) : undefined;
  return windows === undefined ? { start, end, decoded: decodedText(length), windows } : windowedSegment(start, end, windows);
}

/** The first `length` bytes of `decodedBytes` as windows of whole lines, or undefined when its lines are too long for that. */
function decodedWindows(length: number): DecodedWindow[] | undefined {
  return layOutLineWindows(decodedBytes, length)?.map(({ start, end, ownStart, ownEnd }) => ({
    text: latin1FromBytes(decodedBytes.subarray(start, end)),
    offset: start,
    ownFrom: ownStart - start,
    ownTo: ownEnd - start,
  }));
}

/** A segment read as windows; its whole decoded string is put together only if asked for. */
function windowedSegment(start: number, end: number, windows: readonly DecodedWindow[]): Base64Segment {
  let whole: string | undefined;
  return {
    start,
    end,
    windows,
    get decoded(): string {
      return (whole ??= windows.map((window) => window.text.slice(window.ownFrom, window.ownTo)).join(''));
    },
  };
}

/** Whether a finding that starts at `start` of `window.text` is the window's to report (see `DecodedWindow`). */
export function windowOwns(window: DecodedWindow, start: number): boolean {
  return start >= window.ownFrom && start < window.ownTo;
}

/** A segment's decoded text as windows: its own, or one window holding all of it. */
export function decodedWindowsOf(segment: Base64Segment): readonly DecodedWindow[] {
  return segment.windows ?? [{ text: segment.decoded, offset: 0, ownFrom: 0, ownTo: segment.decoded.length }];
}

/**
 * The first `length` bytes `decodeInto` wrote, one character per byte. A short run (an encoded
 * key is 32 bytes) is made into a string directly: a Buffer per run cost more than decoding it.
 */
function decodedText(length: number): string {
  return length <= SHORT_TEXT ? String.fromCharCode.apply(null, decodedBytes.subarray(0, length) as unknown as number[]) : latin1FromBytes(decodedBytes.subarray(0, length));
}

const SHORT_TEXT = 256;

/** The end of a run's padding: at most two `=` after its last digit. */
function paddedEnd(text: string, runEnd: number): number {
  let end = runEnd;
  while (end < text.length && end - runEnd < 2 && text.charCodeAt(end) === 61 /* = */) end++;
  return end;
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
    const counts = storeQuad(bytes, out, quad);
    out += 3;
    control += counts & 3;
    high += counts >> 2;
  }
  decodedControl = control;
  decodedHigh = high;
  decodeTail(text, i, digitsEnd - i, out);
  return length;
}

/**
 * Writes the three bytes a quad of digits decodes to at `out`; returns how many of them are control
 * bytes plus four times how many are high (each at most 3), for the running counts.
 */
function storeQuad(bytes: Uint8Array, out: number, quad: number): number {
  const b0 = quad >> 16;
  const b1 = (quad >> 8) & 0xff;
  const b2 = quad & 0xff;
  bytes[out] = b0;
  bytes[out + 1] = b1;
  bytes[out + 2] = b2;
  return CONTROL_BYTE[b0] + CONTROL_BYTE[b1] + CONTROL_BYTE[b2] + 4 * ((b0 >> 7) + (b1 >> 7) + (b2 >> 7));
}

/**
 * Decodes the `rest` (under 4) digits at `i` into `decodedBytes` from `out`, adding to the counts:
 * as Node does, 2 trailing digits give a byte, 3 give two, 1 gives none.
 */
function decodeTail(text: string, i: number, rest: number, out: number): void {
  if (rest < 2) return;
  const bytes = decodedBytes;
  const partial = (DIGIT_VALUES[text.charCodeAt(i)] << 18) | (DIGIT_VALUES[text.charCodeAt(i + 1)] << 12) | (rest === 3 ? DIGIT_VALUES[text.charCodeAt(i + 2)] << 6 : 0);
  const b0 = partial >> 16;
  bytes[out] = b0;
  decodedControl += CONTROL_BYTE[b0];
  decodedHigh += b0 >> 7;
  if (rest === 3) {
    const b1 = (partial >> 8) & 0xff;
    bytes[out + 1] = b1;
    decodedControl += CONTROL_BYTE[b1];
    decodedHigh += b1 >> 7;
  }
}

/**
 * Decodes the base64 run that starts at `from` into `decodedBytes`, as `decodeInto` decodes it once
 * its end is known, finding that end as it goes; returns the run's end (its first non-digit).
 */
function decodeRunInto(text: string, from: number): number {
  const n = text.length;
  let bytes = decodedBytes;
  let out = 0;
  let i = from;
  let control = 0;
  let high = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 128) break;
    const v0 = DIGIT_VALUES[c0];
    const v1 = DIGIT_VALUES[c1];
    const v2 = DIGIT_VALUES[c2];
    const v3 = DIGIT_VALUES[c3];
    if ((v0 | v1 | v2 | v3) < 0) break;
    if (out + 3 > bytes.length) {
      const larger = new Uint8Array(bytes.length * 2);
      larger.set(bytes);
      bytes = decodedBytes = larger;
    }
    const quad = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    const counts = storeQuad(bytes, out, quad);
    out += 3;
    control += counts & 3;
    high += counts >> 2;
  }
  // The run ends in this last quad: its 0 to 3 digits decode as `decodeInto` decodes a run's tail.
  let end = i;
  while (end < n && end - i < 3 && inClass(BASE64, text.charCodeAt(end))) end++;
  decodedControl = control;
  decodedHigh = high;
  if (end > i + 1 && out + 2 > bytes.length) {
    const larger = new Uint8Array(bytes.length + 2);
    larger.set(bytes);
    decodedBytes = larger;
  }
  decodeTail(text, i, end - i, out);
  return end;
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
