import { Base64Segments } from './base64Segments';
import { CandidateIndex } from './candidateIndex';
import { fileKindOf } from './fileKind';
import type { KnownKeyIndex } from './knownKeyIndex';
import { MatchWindows } from './matchWindows';
import { CONTEXT_ANCHOR, CONTEXT_WORD, PALETTE_MENTION } from './paletteMention';
import { checkDeadline } from './scanLimits';
import type { Base64Segment, ContextWords, DetectorContext, FileKind } from './types';

/** Default radius for "Palette is mentioned near this value". */
const NEAR_RADIUS = 300;
/**
 * How far before a candidate value its context may start. Every context detector reads a name, a
 * header or a call before the value; a Terraform variable's description can push `default` far
 * from the name, hence the generous window.
 */
const ANCHOR_WINDOW = 1000;
/** Past this many candidate runs, one pass over the whole text is cheaper than many windows. */
const MAX_WINDOWS = 32;

/** A detector context as its creator holds it. */
export interface OwnedDetectorContext extends DetectorContext {
  /** Lends the context's reusable memory to the next scan once the detectors are done; the context must not be used after. */
  release(): void;
}

/** Builds the shared, lazily computed facts detectors read. */
export function createDetectorContext(
  text: string,
  fileName: string,
  knownKeys: KnownKeyIndex | undefined,
  options: { fileKind?: FileKind; paletteMentionedOutside?: () => boolean; base64?: boolean; deadline?: number } = {},
): OwnedDetectorContext {
  let anchoredCache: boolean | undefined;
  let mentionedCache: boolean | undefined;
  let segments: Base64Segments | undefined;
  let fileKind = options.fileKind;
  let mentions: MatchWindows | undefined;
  let budgetChecks = 0;
  const checkBudget = (): void => checkDeadline(options.deadline);
  const candidates = new CandidateIndex(text);
  let words: ContextWords | undefined;
  const contextWords = (): ContextWords => (words ??= contextWordsOf(text));
  const anchored = (): boolean => (anchoredCache ??= contextWords().anchor && anchorBeforeCandidate(text, candidates));
  const paletteMentioned = (): boolean =>
    // The text itself first: asking outside (a decoded segment's enclosing file) may read a megabyte more.
    (mentionedCache ??= PALETTE_MENTION.test(fileName) || PALETTE_MENTION.test(text) || options.paletteMentionedOutside?.() === true);
  return {
    text,
    fileName,
    get fileKind(): FileKind {
      fileKind ??= fileKindOf(fileName);
      return fileKind;
    },
    knownKeys,
    anchored,
    contextWords,
    exactRuns: () => candidates.exactStarts(),
    candidateWithin(offset: number, distance: number): boolean {
      // Every detector asks this per anchor: the place to look at the clock now and then.
      if ((++budgetChecks & 255) === 0) checkBudget();
      return candidates.within(offset, distance);
    },
    nextCandidateFrom: (offset: number) => candidates.nextFrom(offset),
    paletteMentioned,
    paletteNear(offset: number, radius = NEAR_RADIUS): boolean {
      if (!paletteMentioned()) return false;
      mentions ??= new MatchWindows(text, PALETTE_MENTION, mentionEnd);
      return mentions.within(Math.max(0, offset - radius), Math.min(text.length, offset + radius));
    },
    checkBudget,
    base64Segments(): readonly Base64Segment[] {
      if (options.base64 === false) return [];
      segments ??= new Base64Segments(text);
      return segments.all();
    },
    base64Segment(index: number): Base64Segment | undefined {
      if (options.base64 === false) return undefined;
      segments ??= new Base64Segments(text);
      return segments.at(index);
    },
    release(): void {
      candidates.release();
    },
  };
}

/**
 * True when an anchor word occurs shortly before some candidate. Searching windows before the (few)
 * candidates instead of the whole text keeps large minified files cheap.
 */
function anchorBeforeCandidate(text: string, candidates: CandidateIndex): boolean {
  // Called only for text with an anchor word (`contextWords`): text without one has none before a
  // candidate either, and its candidates (a megabyte of base64 to read through) need not be looked for.
  if (candidates.hasAtLeast(MAX_WINDOWS + 1)) return true;
  return candidates.standaloneStarts().some((start) => CONTEXT_ANCHOR.test(text.slice(Math.max(0, start - ANCHOR_WINDOW), start)));
}

/**
 * Which kinds of context word `text` holds, read off `CONTEXT_WORD`'s matches in one pass that stops
 * once both kinds are in: a text with none (a base64 blob, most files) is read once for every
 * detector that needs one, instead of once by each. A match is told by its last letter (`apikey` y,
 * `sc_host` t; `spectro` and `palette` are both kinds), so no match object is made.
 */
function contextWordsOf(text: string): ContextWords {
  const words = new RegExp(CONTEXT_WORD.source, CONTEXT_WORD.flags);
  let anchor = false;
  let section = false;
  while (!(anchor && section) && words.test(text)) {
    const last = text.charCodeAt(words.lastIndex - 1) | 0x20;
    if (last !== 116 /* t: sc_host */) anchor = true;
    if (last !== 121 /* y: api key */) section = true;
  }
  return { anchor, section };
}

/**
 * Where a mention ends for "is one near": a match is kept with its shortest form, as `spectro_cloud`
 * also matches as `spectro_`, which a window may cut it to.
 */
function mentionEnd(match: RegExpExecArray): number {
  return match[0].toLowerCase().startsWith('spectro_') ? match.index + 8 : match.index + match[0].length;
}
