import { ALNUM, inClass } from './charClass';
import { KEY_LENGTH } from './keyCandidate';

/** A key-shaped value found at a position. */
export interface ValueSpan {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/** Characters that may end an unquoted value (`KEY=value # comment`, `?apiKey=value&x`). */
const BARE_TERMINATORS = new Set([' ', '\t', '\r', '\n', ';', ',', '#', '&', ')', '}', ']', '"', "'", '`', '<', '>', '|']);
const QUOTES = new Set(['"', "'", '`']);

/**
 * Reads a 32-character key value starting at `position` (after optional spaces): quoted with a
 * matching quote, or bare (when `allowBare`) and ended by a terminator. Anything else — a variable
 * reference (`$VAR`, `${VAR}`, `var.x`, `process.env.X`), a call, a longer token — yields undefined.
 */
export function readKeyValue(text: string, position: number, allowBare: boolean): ValueSpan | undefined {
  let start = position;
  while (text[start] === ' ' || text[start] === '\t') start++;
  const quote = QUOTES.has(text[start]) ? text[start] : undefined;
  if (quote === undefined && !allowBare) return undefined;
  if (quote !== undefined) start++;
  const end = start + KEY_LENGTH;
  if (end > text.length) return undefined;
  for (let i = start; i < end; i++) if (!inClass(ALNUM, text.charCodeAt(i))) return undefined;
  const after = text[end];
  if (quote !== undefined ? after !== quote : !(after === undefined || BARE_TERMINATORS.has(after))) return undefined;
  return { start, end, value: text.slice(start, end) };
}
