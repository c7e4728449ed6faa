import { findBase64Segments } from './base64Segments';
import { fileKindOf } from './fileKind';
import type { KnownKeyIndex } from './knownKeyIndex';
import { PALETTE_MENTION } from './paletteMention';
import type { Base64Segment, DetectorContext, FileKind } from './types';

/** Default radius for "Palette is mentioned near this value". */
const NEAR_RADIUS = 300;

/** Builds the shared, lazily computed facts detectors read. */
export function createDetectorContext(
  text: string,
  fileName: string,
  knownKeys: KnownKeyIndex | undefined,
  options: { fileKind?: FileKind; paletteMentionedOutside?: boolean; base64?: boolean } = {},
): DetectorContext {
  let mentioned: boolean | undefined;
  let segments: readonly Base64Segment[] | undefined;
  return {
    text,
    fileName,
    fileKind: options.fileKind ?? fileKindOf(fileName),
    knownKeys,
    paletteMentioned(): boolean {
      mentioned ??= options.paletteMentionedOutside === true || PALETTE_MENTION.test(fileName) || PALETTE_MENTION.test(text);
      return mentioned;
    },
    paletteNear(offset: number, radius = NEAR_RADIUS): boolean {
      if (!this.paletteMentioned()) return false;
      return PALETTE_MENTION.test(text.slice(Math.max(0, offset - radius), offset + radius));
    },
    base64Segments(): readonly Base64Segment[] {
      if (options.base64 === false) return [];
      segments ??= findBase64Segments(text);
      return segments;
    },
  };
}
