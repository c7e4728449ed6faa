import { encodedRange } from '../base64Segments';
import { ALNUM } from '../charClass';
import { KEY_LENGTH } from '../keyCandidate';
import { forEachRun } from '../tokenRuns';
import type { Detector } from '../types';

type MessageId = 'known' | 'knownBase64';

/**
 * Finds values of known keys (keys the extension created or signed in with, or that the user
 * registered) by fingerprint, in any context: every 32-character alphanumeric run, plain or inside
 * decoded base64, is hashed and looked up.
 */
export const knownKeyDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/known-key',
    docs: {
      description: 'The value of a known Palette API key.',
      help: 'This is the value of a Palette API key you know. Remove it from the file, and revoke and replace the key if the file was shared or committed.',
    },
  },
  messages: {
    known: 'Known Palette API key value.',
    knownBase64: 'Known Palette API key value, base64-encoded.',
  },
  detect(context, report) {
    const index = context.knownKeys;
    if (index === undefined || index.size === 0) return;
    const { text } = context;
    for (const start of context.exactRuns()) {
      const end = start + KEY_LENGTH;
      const value = text.slice(start, end);
      const knownKeyId = index.lookup(value);
      if (knownKeyId !== undefined) report({ start, end, value, confidence: 'high', messageId: 'known', knownKeyId, encoding: 'plain' });
    }
    for (const segment of context.base64Segments()) {
      forEachRun(segment.decoded, ALNUM, KEY_LENGTH, (decodedStart, decodedEnd) => {
        if (decodedEnd - decodedStart !== KEY_LENGTH) return;
        const value = segment.decoded.slice(decodedStart, decodedEnd);
        const knownKeyId = index.lookup(value);
        if (knownKeyId === undefined) return;
        const [start, end] = encodedRange(segment, decodedStart, decodedEnd);
        report({ start, end, value, confidence: 'high', messageId: 'knownBase64', knownKeyId, encoding: 'base64' });
      });
    }
  },
};
