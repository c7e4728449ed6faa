import { atLineStart, inClass, NAME_CHARS, spaceRunStart } from '../charClass';
import { genericNameConfidence } from '../confidence';
import { assessKeyCandidate } from '../keyCandidate';
import { classifyKeyName } from '../keyName';
import type { Detector } from '../types';
import { readKeyValue, type ValueSpan } from '../valueParsing';

type MessageId = 'paletteName' | 'genericName';

const NAME_ANCHOR = /api[-_]?key|spectro|palette/gi;
/** How far after the anchor word a value may start (long names, `"]  =  "`, k8s `value:` lines). */
const VALUE_DISTANCE = 200;

/**
 * Assignments of a key to a named setting: `.env` and shell (`export SPECTROCLOUD_APIKEY=…`),
 * Dockerfile `ENV`/`ARG`, compose `environment:`, CI `env:`, tfvars, YAML/JSON keys, and code
 * (`os.environ["SPECTROCLOUD_APIKEY"] = "…"`, `os.Setenv("PALETTE_API_KEY", "…")`, `apiKey: "…"`).
 */
export const envAssignmentDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/env-assignment',
    docs: {
      description: 'A Palette API key assigned to a variable, setting or environment entry.',
      help: 'Read the key from the environment or a secret store instead (for example `SPECTROCLOUD_APIKEY` set by CI secrets), and revoke the exposed key.',
    },
  },
  messages: {
    paletteName: 'Palette API key assigned to a Palette setting.',
    genericName: 'Possible Palette API key assigned to an API-key setting.',
  },
  detect(context, report) {
    const { text } = context;
    if (!context.anchored()) return;
    const anchors = new RegExp(NAME_ANCHOR.source, NAME_ANCHOR.flags);
    // `test` and `lastIndex` instead of `exec`: no match array per anchor (a Palette word on every line).
    while (anchors.test(text)) {
      const anchorEnd = anchors.lastIndex;
      const anchorStart = anchorEnd - anchorLength(text, anchorEnd);
      if (!context.candidateWithin(anchorStart, VALUE_DISTANCE)) {
        // Anchors before the next candidate's window have no value either: the search jumps to it
        // (anchor words never overlap, so the search finds from there what it would have found).
        const next = context.nextCandidateFrom(anchorStart);
        if (next === text.length) break;
        anchors.lastIndex = Math.max(anchors.lastIndex, next - VALUE_DISTANCE);
        continue;
      }
      let nameStart = anchorStart;
      while (nameStart > 0 && inClass(NAME_CHARS, text.charCodeAt(nameStart - 1))) nameStart--;
      let nameEnd = anchorEnd;
      while (nameEnd < text.length && inClass(NAME_CHARS, text.charCodeAt(nameEnd))) nameEnd++;
      // The rest of this name holds no other name: the search goes on after it.
      anchors.lastIndex = nameEnd;
      const kind = classifyKeyName(text.slice(nameStart, nameEnd));
      if (kind === undefined) continue;
      const span = readAssignedValue(text, nameStart, nameEnd);
      if (span === undefined || !assessKeyCandidate(span.value).plausible) continue;
      const confidence = kind === 'palette' ? 'high' : genericNameConfidence(context, span.start);
      report({ start: span.start, end: span.end, value: span.value, confidence, messageId: kind === 'palette' ? 'paletteName' : 'genericName' });
    }
  },
};

/**
 * Length of the NAME_ANCHOR match that ends at `end`: `spectro` and `palette` are 7 characters;
 * `apikey` 6, or 7 with a `-` or `_` before `key`.
 */
function anchorLength(text: string, end: number): number {
  if ((text.charCodeAt(end - 1) | 0x20) !== 0x79 /* y */) return 7;
  const separator = text.charCodeAt(end - 4);
  return separator === 0x2d /* - */ || separator === 0x5f /* _ */ ? 7 : 6;
}

/** Kubernetes `- name: NAME` then `value: …`, and ECS/JSON `{"name": "NAME", "value": "…"}`. */
const NAME_VALUE_PAIR = /^["']?[ \t]*(?:\r?\n[ \t]*|,[ \t]*)["']?value["']?[ \t]*:[ \t]*/;

/**
 * Reads `NAME=value`, `NAME: value`, `"NAME": "value"`, `["NAME"] = "value"`, `("NAME", "value")`,
 * `ENV NAME value`, and name/value pairs.
 */
function readAssignedValue(text: string, nameStart: number, nameEnd: number): ValueSpan | undefined {
  const pair = mayStartPair(text, nameEnd) ? NAME_VALUE_PAIR.exec(text.slice(nameEnd, nameEnd + 200)) : null;
  if (pair !== null && /name["']?\s*:\s*["']?$/.test(text.slice(Math.max(0, nameStart - 40), nameStart))) {
    return readKeyValue(text, nameEnd + pair[0].length, true);
  }
  let position = nameEnd;
  let closers = 0;
  while (closers < 2 && (text[position] === '"' || text[position] === "'" || text[position] === ']')) {
    position++;
    closers++;
  }
  const afterName = position;
  while (text[position] === ' ' || text[position] === '\t') position++;
  const two = text.slice(position, position + 2);
  if (two === ':=' || two === '?=' || two === '+=' || two === '=>') position += 2;
  else if (text[position] === '=' && text[position + 1] !== '=') position++;
  else if (text[position] === ':' && text[position + 1] !== ':') position++;
  else if (text[position] === ',' && closers > 0) position++;
  else if (position > afterName && spaceSeparated(text, nameStart)) {
    // `ENV NAME value` in a Dockerfile, `--api-key value` on a command line.
  } else return undefined;
  return readKeyValue(text, position, true);
}

/**
 * False when NAME_VALUE_PAIR cannot match at `nameEnd`: after an optional quote and spaces or tabs it
 * needs a line break or a comma. Most names are followed by `=` or `:`, and then no slice is made
 * and no regex run (a line of thousands of names made one of each per name).
 */
function mayStartPair(text: string, nameEnd: number): boolean {
  let position = nameEnd;
  if (text[position] === '"' || text[position] === "'") position++;
  while (text[position] === ' ' || text[position] === '\t') position++;
  const next = text[position];
  return next === '\r' || next === '\n' || next === ',';
}

/**
 * `--name value`, or `ENV`/`ARG` alone before the name at the start of its line (`^\s*(?:ENV|ARG)\s+`),
 * read backwards from the name so a long line is not read again per name.
 */
function spaceSeparated(text: string, nameStart: number): boolean {
  if (text.startsWith('--', nameStart)) return true;
  const keywordEnd = spaceRunStart(text, nameStart);
  const keywordStart = keywordEnd - 3;
  if (keywordEnd === nameStart || keywordStart < 0) return false;
  if (!isKeyword(text, keywordStart)) return false;
  return atLineStart(text, spaceRunStart(text, keywordStart));
}

/**
 * Whether the three characters at `start` are `ENV` or `ARG` in any case, as `toUpperCase` reads
 * them; compared code by code, with no slice per name (the string is made only past ASCII).
 */
function isKeyword(text: string, start: number): boolean {
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  const c = text.charCodeAt(start + 2);
  if ((a | b | c) >= 128) {
    const keyword = text.slice(start, start + 3).toUpperCase();
    return keyword === 'ENV' || keyword === 'ARG';
  }
  // An ASCII letter differs from its capital by bit 0x20 only, and no other ASCII code clears to one.
  const word = ((a & ~0x20) << 16) | ((b & ~0x20) << 8) | (c & ~0x20);
  return word === ENV || word === ARG;
}

const ENV = (0x45 << 16) | (0x4e << 8) | 0x56;
const ARG = (0x41 << 16) | (0x52 << 8) | 0x47;
