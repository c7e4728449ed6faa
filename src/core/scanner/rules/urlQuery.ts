import { assessKeyCandidate } from '../keyCandidate';
import { PALETTE_MENTION } from '../paletteMention';
import type { Confidence, Detector } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'urlQuery';

const QUERY_PARAMETER = /[?&;]api[-_]?key=/gi;

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
    if (!context.anchored() || !/api[-_]?key=/i.test(text)) return;
    for (const match of text.matchAll(QUERY_PARAMETER)) {
      if (!context.candidateWithin(match.index, match[0].length)) continue;
      const span = readKeyValue(text, match.index + match[0].length, true);
      if (span === undefined || !assessKeyCandidate(span.value).plausible) continue;
      const lineStart = text.lastIndexOf('\n', match.index) + 1;
      const urlStart = text.lastIndexOf('://', match.index);
      const url = urlStart >= lineStart ? text.slice(Math.max(lineStart, urlStart - 10), match.index) : '';
      let confidence: Confidence = 'low';
      if (PALETTE_MENTION.test(url) || /spectrocloud|palette/i.test(url)) confidence = 'high';
      else if (context.paletteMentioned()) confidence = 'medium';
      report({ ...span, confidence, messageId: 'urlQuery' });
    }
  },
};
