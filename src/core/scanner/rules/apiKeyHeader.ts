import { atLineStart, isRegexSpace, spaceRunStart } from '../charClass';
import { assessKeyCandidate } from '../keyCandidate';
import { MatchSpans } from '../matchSpans';
import type { Detector, DetectorContext } from '../types';
import { readKeyValue, type ValueSpan } from '../valueParsing';

type MessageId = 'header';

const HEADER_NAME = /apikey/gi;
const GLUE = /[A-Za-z0-9_-]/;
const QUOTES = '"\'`';
/** Palette authenticates with the `ApiKey` header; these words say the text is building headers. */
const HEADER_WORDS = /header|curl|fetch|requests\.|axios|http\.|urllib|xhr/i;

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
    for (const match of text.matchAll(HEADER_NAME)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!context.candidateWithin(end, 40)) continue;
      if ((start > 0 && GLUE.test(text[start - 1])) || (end < text.length && GLUE.test(text[end]))) continue;
      const found = readHeaderValue(context, start, end, headerWords);
      if (found === undefined || !assessKeyCandidate(found.span.value).plausible) continue;
      const confidence = found.headerContext && context.paletteMentioned() ? 'high' : 'medium';
      report({ ...found.span, confidence, messageId: 'header' });
    }
  },
};

function readHeaderValue(context: DetectorContext, start: number, end: number, headerWords: HeaderWords): { span: ValueSpan; headerContext: boolean } | undefined {
  const { text } = context;
  const before = text[start - 1] ?? '';
  const nearBefore = (): boolean => headerWords.within(Math.max(0, start - 200), start);
  const quotedName = before !== '' && QUOTES.includes(before);
  if (quotedName && text[end] === before) {
    // A quoted header name as a key or argument: {"ApiKey": "…"}, headers["ApiKey"] = "…", Set("ApiKey", "…").
    let position = end + 1;
    while (text[position] === ' ' || text[position] === '\t') position++;
    if (text[position] === ']') position++;
    while (text[position] === ' ' || text[position] === '\t') position++;
    if (text.startsWith('=>', position)) position += 2;
    else if (text[position] === ':' || text[position] === ',' || text[position] === '=') position++;
    else return undefined;
    const span = readKeyValue(text, position, false);
    const headerContext = nearBefore() || context.fileKind === 'http';
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
  if (quotedName || afterHeaderOption(text, beforeSpaces) || (lineOfItsOwn && rawHeaderFile(context))) {
    // A header line: "ApiKey: …" in a string, after curl -H, or on its own line in .http / text files.
    const span = readKeyValue(text, position, true);
    return span && { span, headerContext: true };
  }
  if (lineOfItsOwn || text[beforeSpaces - 1] === '{' || text[beforeSpaces - 1] === ',') {
    // An unquoted key in a JS/TS headers object: { headers: { ApiKey: '…' } }.
    const span = readKeyValue(text, position, false);
    return span && nearBefore() ? { span, headerContext: true } : undefined;
  }
  return undefined;
}

/** True when `-H` or `--header` (after a space or at the line start) ends at `end`: a curl header option. */
function afterHeaderOption(text: string, end: number): boolean {
  for (const option of ['-H', '--header']) {
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
 * The header words of a text, found once on first use, answering "is one wholly inside
 * [from, to)?" by binary search: testing the 200 characters before each of thousands of `ApiKey`
 * names on one line costs far more. The words never overlap one another, so one global pass finds them all.
 */
class HeaderWords {
  private spans: MatchSpans | undefined;

  constructor(private readonly text: string) {}

  within(from: number, to: number): boolean {
    if (this.spans === undefined) {
      this.spans = new MatchSpans();
      const pattern = new RegExp(HEADER_WORDS.source, 'gi');
      for (let match = pattern.exec(this.text); match !== null; match = pattern.exec(this.text)) {
        this.spans.add(match.index, match.index + match[0].length);
      }
    }
    return this.spans.within(from, to);
  }
}
