import { findBase64Segments } from './base64Segments';
import { fileKindOf } from './fileKind';
import type { KnownKeyIndex } from './knownKeyIndex';
import { CONTEXT_ANCHOR, PALETTE_MENTION } from './paletteMention';
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
  let anchoredCache: boolean | undefined;
  let mentionedCache: boolean | undefined;
  let segments: readonly Base64Segment[] | undefined;
  let fileKind = options.fileKind;
  const anchored = (): boolean => (anchoredCache ??= CONTEXT_ANCHOR.test(text));
  // Every Palette mention contains an anchor word, so unanchored text skips the mention regex.
  const paletteMentioned = (): boolean =>
    (mentionedCache ??= options.paletteMentionedOutside === true || PALETTE_MENTION.test(fileName) || (anchored() && PALETTE_MENTION.test(text)));
  return {
    text,
    fileName,
    get fileKind(): FileKind {
      fileKind ??= fileKindOf(fileName);
      return fileKind;
    },
    knownKeys,
    anchored,
    paletteMentioned,
    paletteNear(offset: number, radius = NEAR_RADIUS): boolean {
      if (!paletteMentioned()) return false;
      return PALETTE_MENTION.test(text.slice(Math.max(0, offset - radius), offset + radius));
    },
    base64Segments(): readonly Base64Segment[] {
      if (options.base64 === false) return [];
      segments ??= findBase64Segments(text);
      return segments;
    },
  };
}
