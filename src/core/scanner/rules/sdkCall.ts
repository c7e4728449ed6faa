import { assessKeyCandidate } from '../keyCandidate';
import type { Detector } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'sdkCall';

const SDK_CALL = /with_?api_?key\s*\(\s*/gi;

/** A literal key passed to a Palette SDK option, e.g. Go `client.WithAPIKey("…")`. */
export const sdkCallDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/sdk-call',
    docs: {
      description: 'A Palette API key passed as a literal to an SDK call such as `WithAPIKey`.',
      help: 'Read the key from the environment (`os.Getenv("SPECTROCLOUD_APIKEY")`) instead of a literal, and revoke the exposed key.',
    },
  },
  messages: { sdkCall: 'Palette API key passed as a literal to an SDK call.' },
  detect(context, report) {
    const { text } = context;
    // A call needs `(`: looking for one character first spares text without calls (much YAML) the
    // case-insensitive regex over all of it.
    if (!context.anchored() || !text.includes('(') || !/with_?api_?key/i.test(text)) return;
    for (const match of text.matchAll(SDK_CALL)) {
      if (!context.candidateWithin(match.index, match[0].length + 1)) continue;
      const span = readKeyValue(text, match.index + match[0].length, false);
      if (span === undefined || !assessKeyCandidate(span.value).plausible) continue;
      report({ start: span.start, end: span.end, value: span.value, confidence: context.paletteMentioned() ? 'high' : 'medium', messageId: 'sdkCall' });
    }
  },
};
