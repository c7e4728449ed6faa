import { decodedWindowsOf, encodedRange, windowOwns } from '../base64Segments';
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
      for (const window of decodedWindowsOf(segment)) {
        forEachRun(window.text, ALNUM, KEY_LENGTH, (runStart, runEnd) => {
          if (runEnd - runStart !== KEY_LENGTH || !windowOwns(window, runStart)) return;
          const value = window.text.slice(runStart, runEnd);
          const knownKeyId = index.lookup(value);
          if (knownKeyId === undefined) return;
          const [start, end] = encodedRange(segment, window.offset + runStart, window.offset + runEnd);
          report({ start, end, value, confidence: 'high', messageId: 'knownBase64', knownKeyId, encoding: 'base64' });
        });
      }
    }
  },
};
