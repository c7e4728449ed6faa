import { assessKeyCandidate } from '../keyCandidate';
import { PALETTE_MENTION } from '../paletteMention';
import type { Confidence, Detector } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'urlQuery';

const QUERY_PARAMETER = /[?&;]api[-_]?key=/gi;
const PALETTE_IN_URL = /spectrocloud|palette/i;
/**
 * Any text either pattern matches holds a match of at most 13 characters (`spectro-cloud`; longer
 * `palette-…` mentions hold `palette`), so a mention not wholly before an offset starts at most 12 before it.
 */
const MENTION_OVERLAP = 12;

/** A key in a URL query string: `https://…/v1/…?apiKey=…`. */
export const urlQueryDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/url-query',
    docs: {
      description: 'A Palette API key in a URL query parameter (`apiKey=`).',
      help: 'Send the key in the `ApiKey` header instead of the URL (URLs end up in logs and history), and revoke the exposed key.',
    },
  },
  messages: { urlQuery: 'Palette API key in a URL query parameter.' },
  detect(context, report) {
    const { text } = context;
    // One character first: a text without `=` (much YAML) holds no query parameter, and finding that
    // out is a memchr, where the case-insensitive regex reads the whole text.
    if (!context.anchored() || !text.includes('=') || !/api[-_]?key=/i.test(text)) return;
    const urls = new UrlContext(text);
    for (const match of text.matchAll(QUERY_PARAMETER)) {
      if (!context.candidateWithin(match.index, match[0].length)) continue;
      const span = readKeyValue(text, match.index + match[0].length, true);
      if (span === undefined || !assessKeyCandidate(span.value).plausible) continue;
      let confidence: Confidence = 'low';
      if (urls.mentionsPaletteBefore(match.index)) confidence = 'high';
      else if (context.paletteMentioned()) confidence = 'medium';
      report({ start: span.start, end: span.end, value: span.value, confidence, messageId: 'urlQuery' });
    }
  },
};

/**
 * Answers "does the URL this query parameter belongs to (from a little before its `://` on the same
 * line) mention Palette?" for offsets in increasing order, reading each character a bounded number
 * of times: the last line break and `://` are tracked as offsets grow, and a URL already searched is
 * only searched again in its new part.
 */
class UrlContext {
  private lineStart = 0;
  private urlStart = -1;
  private nextNewline: number;
  private nextScheme: number;
  /** The region searched last, and whether it held a mention. */
  private searched: { from: number; to: number; found: boolean } | undefined;

  constructor(private readonly text: string) {
    this.nextNewline = text.indexOf('\n');
    this.nextScheme = text.indexOf('://');
  }

  mentionsPaletteBefore(offset: number): boolean {
    const { text } = this;
    while (this.nextNewline >= 0 && this.nextNewline < offset) {
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = text.indexOf('\n', this.lineStart);
    }
    while (this.nextScheme >= 0 && this.nextScheme <= offset) {
      this.urlStart = this.nextScheme;
      this.nextScheme = text.indexOf('://', this.nextScheme + 1);
    }
    if (this.urlStart < this.lineStart) return false;
    const from = Math.max(this.lineStart, this.urlStart - 10);
    const previous = this.searched;
    if (previous?.from === from && previous.to <= offset) {
      // The same URL, further on: a mention in it is still there; otherwise only the new part can hold one.
      if (!previous.found) previous.found = mentionIn(text, Math.max(from, previous.to - MENTION_OVERLAP), offset);
      previous.to = offset;
      return previous.found;
    }
    this.searched = { from, to: offset, found: mentionIn(text, from, offset) };
    return this.searched.found;
  }
}

function mentionIn(text: string, from: number, to: number): boolean {
  const part = text.slice(from, to);
  return PALETTE_MENTION.test(part) || PALETTE_IN_URL.test(part);
}
