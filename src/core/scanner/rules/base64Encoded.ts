import { decodedWindowsOf, encodedRange, windowOwns } from '../base64Segments';
import { inClass, isRegexSpace, NAME_CHARS } from '../charClass';
import { genericNameConfidence } from '../confidence';
import { createDetectorContext } from '../detectorContext';
import { assessKeyCandidate, KEY_LENGTH } from '../keyCandidate';
import { classifyKeyName } from '../keyName';
import { CONTEXT_ANCHOR, PALETTE_MENTION } from '../paletteMention';
import type { Base64Segment, Detector, DetectorContext, DetectorReport } from '../types';
import { apiKeyHeaderDetector } from './apiKeyHeader';
import { envAssignmentDetector } from './envAssignment';
import { sdkCallDetector } from './sdkCall';
import { terraformProviderDetector } from './terraformProvider';
import { urlQueryDetector } from './urlQuery';

type MessageId = 'encodedValue' | 'encodedAssignment';

/**
 * The plain-text detectors rerun on decoded base64 text. Assignments first: base64 text is most
 * often an encoded `.env` or config file, and a blob of thousands of assignments reaches the
 * findings limit before the other detectors read all of it (a 750 KB decoded blob: 10.1 -> 8.7 ms).
 * The order decides nothing else: every report is this rule's, and the strongest per range is kept.
 */
const DECODED_TEXT_DETECTORS: readonly Detector[] = [
  envAssignmentDetector,
  terraformProviderDetector,
  apiKeyHeaderDetector,
  sdkCallDetector,
  urlQueryDetector,
];

/** How far before a base64 value its name may start. */
const NAME_WINDOW = 200;

/**
 * Base64-encoded keys: a Kubernetes Secret `data:` value (or any `name: <base64>`) that decodes to a
 * key under a Palette-like name, and base64 text that decodes to something the plain detectors
 * recognise (an `.env` file, `SPECTROCLOUD_APIKEY=…`, a header…). The range reported covers the
 * base64 characters that encode the key.
 */
export const base64EncodedDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/base64-encoded',
    docs: {
      description: 'A Palette API key hidden in base64 (for example a Kubernetes Secret `data` value).',
      help: 'Base64 is an encoding, not encryption: keep Secrets with real keys out of the repository (use a sealed or external secret), and revoke the exposed key.',
    },
  },
  messages: {
    encodedValue: 'Base64-encoded Palette API key.',
    encodedAssignment: 'Base64-encoded text that assigns a Palette API key.',
  },
  detect(context, report) {
    const { text } = context;
    // Segment by segment: they are decoded only as far as this loop goes before the findings limit.
    for (let index = 0, segment = context.base64Segment(0); segment !== undefined; segment = context.base64Segment(++index)) {
      context.checkBudget();
      // (Windows are for long text only: `decoded` of a windowed segment would build the whole string.)
      const decoded = segment.windows === undefined && segment.decoded.length <= KEY_LENGTH + 2 ? withoutLineBreak(segment.decoded) : '';
      if (decoded.length === KEY_LENGTH) {
        // The name first: most base64 values of a file are not under a key's name, and judging the value costs more.
        const name = nameBeforeValue(text, segment.start);
        const kind = name === undefined ? undefined : classifyKeyName(name);
        if (kind === undefined || !assessKeyCandidate(decoded).plausible) continue;
        const confidence = kind === 'palette' ? 'high' : genericNameConfidence(context, segment.start);
        report({ start: segment.start, end: segment.end, value: decoded, confidence, messageId: 'encodedValue', encoding: 'base64' });
        continue;
      }
      scanDecodedText(context, segment, report);
    }
  },
};

/**
 * Reports what the plain-text detectors find in a segment's decoded text, window by window when it
 * is long: each window keeps the findings that start in its own part, and Palette counts as
 * mentioned in every window when it is mentioned in any (or in the enclosing file).
 */
function scanDecodedText(context: DetectorContext, segment: Base64Segment, report: (found: DetectorReport<MessageId>) => void): void {
  const windows = decodedWindowsOf(segment);
  let mentionedInDecoded: boolean | undefined;
  const paletteMentionedOutside = (): boolean =>
    context.paletteMentioned() || (mentionedInDecoded ??= windows.some((window) => PALETTE_MENTION.test(window.text)));
  for (const window of windows) {
    if (!CONTEXT_ANCHOR.test(window.text)) continue;
    const inner = createDetectorContext(window.text, context.fileName, undefined, { fileKind: 'other', paletteMentionedOutside, base64: false });
    inner.checkBudget = context.checkBudget;
    try {
      for (const detector of DECODED_TEXT_DETECTORS) {
        detector.detect(inner, (found) => {
          if (!windowOwns(window, found.start)) return;
          const [start, end] = encodedRange(segment, window.offset + found.start, window.offset + found.end);
          report({ start, end, value: found.value, confidence: found.confidence, messageId: 'encodedAssignment', encoding: 'base64' });
        });
      }
    } finally {
      inner.release();
    }
  }
}

/**
 * The name a value is assigned to on its line, within `NAME_WINDOW` characters before it:
 * `name: `, `"name": "`, `name=` (what `/([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?$/` captures), read
 * backwards from the value. The regex, tried from every start in the window, costs the window squared.
 */
function nameBeforeValue(text: string, valueStart: number): string | undefined {
  // The window ends at the line start: look for a line break in the window only, never further back.
  let floor = Math.max(0, valueStart - NAME_WINDOW);
  for (let i = valueStart - 1; i >= floor; i--) {
    if (text.charCodeAt(i) === 10) {
      floor = i + 1;
      break;
    }
  }
  const isQuote = (p: number): boolean => p > floor && (text[p - 1] === '"' || text[p - 1] === "'");
  let p = valueStart;
  if (isQuote(p)) p--;
  while (p > floor && isRegexSpace(text.charCodeAt(p - 1))) p--;
  if (!(p > floor && (text[p - 1] === ':' || text[p - 1] === '='))) return undefined;
  p--;
  while (p > floor && isRegexSpace(text.charCodeAt(p - 1))) p--;
  if (isQuote(p)) p--;
  const nameEnd = p;
  while (p > floor && inClass(NAME_CHARS, text.charCodeAt(p - 1))) p--;
  return p < nameEnd ? text.slice(p, nameEnd) : undefined;
}

/** The value without one trailing `\n` or `\r\n` (`echo` adds one before base64 encoding). */
function withoutLineBreak(value: string): string {
  if (value.charCodeAt(value.length - 1) !== 10) return value;
  return value.slice(0, value.charCodeAt(value.length - 2) === 13 ? -2 : -1);
}
