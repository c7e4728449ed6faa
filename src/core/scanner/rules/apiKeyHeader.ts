import { atLineStart, IDENTIFIER_CHARS, inClass, isRegexSpace, spaceRunStart } from '../charClass';
import { assessKeyCandidate } from '../keyCandidate';
import type { Detector, DetectorContext } from '../types';
import { readKeyValue, type ValueSpan } from '../valueParsing';
import { WordSearch } from '../wordSearch';

type MessageId = 'header';

const HEADER_NAME = /apikey/gi;
const HEADER_NAME_LENGTH = 'apikey'.length;
/**
 * Palette authenticates with the `ApiKey` header; these words say the text is building headers.
 * Not `xhr`: `xhr.setRequestHeader` has `header` anyway, three letters turn up inside random values
 * (about one 32-character key in a thousand holds them, which made a YAML `apiKey:` entry look like
 * a header), and the shortest word sets how far the search skips (four letters: up to three a step).
 */
const HEADER_WORDS: readonly string[] = ['header', 'curl', 'fetch', 'requests.', 'axios', 'http.', 'urllib'];
const headerWordSearch = new WordSearch(HEADER_WORDS);

/**
 * The `ApiKey` request header with a literal value: curl `-H 'ApiKey: …'`, `.http` files, raw
 * header lines, and header objects in code (`headers = {"ApiKey": "…"}`, `{ headers: { ApiKey: '…' } }`,
 * `req.Header.Set("ApiKey", "…")`).
 */
export const apiKeyHeaderDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/api-key-header',
    docs: {
      description: 'A Palette API key in an `ApiKey` HTTP header.',
      help: 'Pass the key from an environment variable (for example `-H "ApiKey: $SPECTROCLOUD_APIKEY"`), and revoke the exposed key.',
    },
  },
  messages: { header: 'Palette API key in an ApiKey header.' },
  detect(context, report) {
    const { text } = context;
    if (!context.anchored() || !/apikey/i.test(text)) return;
    const headerWords = new HeaderWords(text);
    // Asked per name on its own line: the file's kind, read once here rather than per name.
    const rawHeaders = rawHeaderFile(context);
    // `test` and `lastIndex` instead of `matchAll`: no match array per name (thousands on a line).
    const names = new RegExp(HEADER_NAME.source, HEADER_NAME.flags);
    while (names.test(text)) {
      const end = names.lastIndex;
      const start = end - HEADER_NAME_LENGTH;
      if (inClass(IDENTIFIER_CHARS, text.charCodeAt(start - 1)) || inClass(IDENTIFIER_CHARS, text.charCodeAt(end))) continue;
      if (!context.candidateWithin(end, 40)) continue;
      const found = readHeaderValue(context, start, end, headerWords, rawHeaders);
      if (found === undefined || !assessKeyCandidate(found.span.value).plausible) continue;
      const confidence = found.headerContext && context.paletteMentioned() ? 'high' : 'medium';
      report({ start: found.span.start, end: found.span.end, value: found.span.value, confidence, messageId: 'header' });
    }
  },
};

function readHeaderValue(
  context: DetectorContext,
  start: number,
  end: number,
  headerWords: HeaderWords,
  rawHeaders: boolean,
): { span: ValueSpan; headerContext: boolean } | undefined {
  const { text } = context;
  const before = text.charCodeAt(start - 1);
  const quotedName = before === 34 /* " */ || before === 39 /* ' */ || before === 96; /* ` */
  if (quotedName && text.charCodeAt(end) === before) {
    // A quoted header name as a key or argument: {"ApiKey": "…"}, headers["ApiKey"] = "…", Set("ApiKey", "…").
    let position = end + 1;
    while (text[position] === ' ' || text[position] === '\t') position++;
    if (text[position] === ']') position++;
    while (text[position] === ' ' || text[position] === '\t') position++;
    if (text.startsWith('=>', position)) position += 2;
    else if (text[position] === ':' || text[position] === ',' || text[position] === '=') position++;
    else return undefined;
    const span = readKeyValue(text, position, false);
    const headerContext = headerWords.before(start) || context.fileKind === 'http';
    return span && { span, headerContext };
  }
  let position = end;
  while (text[position] === ' ' || text[position] === '\t') position++;
  if (text[position] !== ':') return undefined;
  position++;
  // What the line holds just before the name, read backwards over the spaces in front of it only:
  // reading the whole line prefix per name is quadratic on a long line of headers.
  const beforeSpaces = spaceRunStart(text, start);
  const lineOfItsOwn = atLineStart(text, beforeSpaces);
  if (quotedName || afterHeaderOption(text, beforeSpaces) || (lineOfItsOwn && rawHeaders)) {
    // A header line: "ApiKey: …" in a string, after curl -H, or on its own line in .http / text files.
    const span = readKeyValue(text, position, true);
    return span && { span, headerContext: true };
  }
  if (lineOfItsOwn || text[beforeSpaces - 1] === '{' || text[beforeSpaces - 1] === ',') {
    // An unquoted key in a JS/TS headers object: { headers: { ApiKey: '…' } }. Header words are
    // looked for first: YAML `apiKey: "…"` lines take this branch too, and rarely have one.
    if (!headerWords.before(start)) return undefined;
    const span = readKeyValue(text, position, false);
    return span && { span, headerContext: true };
  }
  return undefined;
}

/** curl's header options. A constant: this runs for every `ApiKey` name of a flood. */
const HEADER_OPTIONS = ['-H', '--header'] as const;

/** True when `-H` or `--header` (after a space or at the line start) ends at `end`: a curl header option. */
function afterHeaderOption(text: string, end: number): boolean {
  for (const option of HEADER_OPTIONS) {
    const optionStart = end - option.length;
    if (optionStart >= 0 && text.startsWith(option, optionStart)) {
      if (atLineStart(text, optionStart) || isRegexSpace(text.charCodeAt(optionStart - 1))) return true;
    }
  }
  return false;
}

function rawHeaderFile(context: DetectorContext): boolean {
  return context.fileKind === 'http' || context.fileKind === 'other' || context.fileKind === 'shell';
}

/**
 * The header words of a text, answering "is one wholly inside [from, to)?" for windows that move
 * forward (the 200 characters before each `ApiKey` name, in text order): one pass of the search,
 * only as far as the last window asked about, instead of testing each window (thousands of names
 * on one line) or finding every word of the text first. The words never overlap one another, so
 * the last word that ends by `to` is the one to look at.
 */
class HeaderWords {
  /** Where the search for the next word goes on from. */
  private searchFrom = 0;
  /** The last word found that ends by the last window's end (-1 start: none). */
  private lastStart = -1;
  /** The word after it, found but not yet reached by a window (-1 start: none left). */
  private nextStart = -1;
  private nextEnd = -1;
  private lastTo = -1;

  constructor(private readonly text: string) {}

  /** True when a header word lies within the 200 characters before `offset`. */
  before(offset: number): boolean {
    return this.within(Math.max(0, offset - 200), offset);
  }

  private within(from: number, to: number): boolean {
    if (to < this.lastTo) this.restart();
    if (this.lastTo < 0) this.readNext();
    this.lastTo = to;
    while (this.nextStart >= 0 && this.nextEnd <= to) {
      this.lastStart = this.nextStart;
      this.readNext();
    }
    return this.lastStart >= from;
  }

  private readNext(): void {
    const start = headerWordSearch.find(this.text, this.searchFrom);
    this.nextStart = start;
    this.nextEnd = start < 0 ? -1 : start + headerWordSearch.length;
    this.searchFrom = start < 0 ? this.text.length : this.nextEnd;
  }

  /** Windows asked out of order: the search starts over (never the case for one detector's pass). */
  private restart(): void {
    this.searchFrom = 0;
    this.lastStart = -1;
    this.lastTo = -1;
  }
}
