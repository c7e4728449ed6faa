import { decodeBase64, latin1FromBytes } from '../../encoding/base64';
import { ALNUM, BASE64, inClass } from '../charClass';
import { hasRun } from '../tokenRuns';
import { assessKeyCandidate, KEY_LENGTH } from '../keyCandidate';
import { PALETTE_MENTION } from '../paletteMention';
import { NormalisedNames } from '../normalisedNames';
import { PaletteWords } from '../paletteWords';
import type { Confidence, Detector, DetectorReport } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'section' | 'encodedSection' | 'netrc';

/**
 * Entry names too generic to say whose key they hold (`apiKey`, `token`, `key`…): a key under one of
 * them is Palette's only when the section around it says so. Compared lower-case, letters and digits only.
 */
const GENERIC_ENTRIES = new NormalisedNames(['apikey', 'xapikey', 'apikeyvalue', 'key', 'token', 'apitoken', 'authtoken', 'accesstoken']);
/** Kubernetes metadata keys whose value names the object or the app it belongs to. */
const METADATA_KEYS = new NormalisedNames([
  'name', 'namespace', 'app', 'release', 'component', 'partof', 'instance', 'appkubernetesioname', 'appkubernetesiopartof',
  'appkubernetesioinstance', 'appkubernetesiocomponent', 'secretname',
]);
/** Every signal this rule reads holds one of these words; text without any is skipped at once. */
export const SECTION_WORDS = /spectro|palette|sc_host/i;
/** Names of colour settings, where "palette" means colours. */
const COLOURS = /colou?r|theme|swatch/i;
/** Longest key, header or netrc token looked at; the bound keeps the work per line constant. */
const MAX_KEY = 128;
/** Deeper nesting is not followed (its entries still inherit the outer sections). */
const MAX_DEPTH = 64;
/** Entries waiting for a sibling to say Palette, per section. */
const MAX_PENDING = 16;
/** Base64 of a 32-byte key, with padding: 44 characters. */
const ENCODED_KEY_LENGTH = 44;

/**
 * A section being read. A class, made in one place: the line loop sees one shape of section and of
 * its pending list, where literals made in three places each taught V8 their shape anew (and each
 * lesson deoptimized the loop while it warmed up).
 */
class Section {
  /** Entries with a plausible value seen before anything in the section said Palette. */
  readonly pending: DetectorReport<MessageId>[] = [];

  constructor(
    /** Indentation of the key that opened it; entries deeper than this belong to it. */
    readonly indent: number,
    public confidence: Confidence | undefined,
    /** A colour or theme section (`theme: palette:`): nothing inside it is Palette's. */
    readonly colours: boolean,
  ) {}
}

/**
 * A generic entry (`apiKey`, `api_key`, `token`, `key`, `password`) whose surroundings say Palette:
 * a Kubernetes Secret or ConfigMap named or labelled for Palette (`palette-credentials`, including
 * base64 `data:` values and JSON in `stringData`), a YAML/JSON section such as Helm `values.yaml`'s
 * `palette:` or a Backstage `spectrocloud:` block, an INI/TOML `[spectrocloud]` section, a sibling
 * entry pointing at Palette (`host: api.spectrocloud.com`), and `.netrc` entries for a Palette host.
 * One pass over the lines after one pass for Kubernetes metadata; each line costs at most MAX_KEY
 * characters of parsing plus its value.
 */
export const paletteSectionDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/palette-section',
    docs: {
      description: 'A Palette API key under a generic name (`apiKey`, `token`, `key`) in a section, Secret or ConfigMap that is Palette\'s.',
      help: 'Keep the key out of the repository: reference a secret store (an external or sealed Secret, `existingSecret` in Helm values), and revoke the exposed key.',
    },
  },
  messages: {
    section: 'Palette API key under a generic name in a Palette section.',
    encodedSection: 'Base64-encoded Palette API key in a Palette Secret.',
    netrc: 'Palette API key as a .netrc password for a Palette host.',
  },
  detect(context, report) {
    const { text } = context;
    // SECTION_WORDS, answered with the anchors in one pass over the text.
    if (!context.contextWords().section) return;
    if (!context.candidateWithin(0, text.length) && !hasRun(text, BASE64, ENCODED_KEY_LENGTH - 1)) return;
    const documents = text.includes('kind:') ? documentConfidences(text) : [];
    let documentIndex = 0;
    const sections: Section[] = [new Section(-2, documents[0], false)];
    let netrcHost: Confidence | undefined | null = null;
    const flush = (section: Section): void => {
      if (section.confidence === undefined || section.pending.length === 0) return;
      for (const pending of section.pending) report(withConfidence(pending, weaker(pending.confidence, section.confidence)));
      section.pending.length = 0;
    };
    const popTo = (indent: number): void => {
      while (sections.length > 1 && sections[sections.length - 1].indent >= indent) sections.pop();
    };
    const inherited = (): Confidence | undefined => {
      if (sections[sections.length - 1].colours) return undefined;
      let best: Confidence | undefined;
      for (let i = sections.length - 1; i >= 0 && best !== 'high'; i--) best = stronger(best, sections[i].confidence);
      return best;
    };

    const line = new ParsedLine();
    const words = new PaletteWords(text);
    forEachLine(text, (lineStart, lineEnd) => {
      parseLine(text, lineStart, lineEnd, line);
      if (line.kind === 'separator') {
        documentIndex++;
        sections.length = 1;
        sections[0] = new Section(-2, documents[documentIndex], false);
        netrcHost = null;
        return;
      }
      if (line.kind === 'header') {
        const name = line.name(text);
        popTo(-1);
        sections.push(new Section(-1, sectionConfidence(name), COLOURS.test(name)));
        return;
      }
      if (line.kind === 'netrc') {
        netrcHost = readNetrc(text, lineStart, lineEnd, netrcHost, (span, confidence) => report({ start: span.start, end: span.end, value: span.value, confidence, messageId: 'netrc' }));
        return;
      }
      if (line.kind !== 'entry') return;
      popTo(line.indent);
      const parent = sections[sections.length - 1];
      if (line.opensSection) {
        if (sections.length < MAX_DEPTH) {
          const name = line.name(text);
          sections.push(new Section(line.indent, sectionConfidence(name), parent.colours || COLOURS.test(name)));
        }
        flush(sections[sections.length - 1]);
        return;
      }
      // A sibling that points at Palette (`host: api.spectrocloud.com`, `sc_host = …`) marks its section.
      // A section already marked high holds no pending entry (they are flushed when it is marked): nothing to change.
      if (parent.confidence !== 'high' && (mentionsPalette(text, words, line.valueStart, Math.min(lineEnd, line.valueStart + MAX_KEY)) || isProviderSignal(text, line))) {
        parent.confidence = 'high';
        flush(parent);
      }
      if (parent.colours) return;
      // Cheapest first: a generic entry past a full pending list with nothing Palette around adds nothing.
      const confidence = inherited();
      if (confidence === undefined && parent.pending.length >= MAX_PENDING) return;
      if (!isGenericEntry(text, line)) return;
      if (!context.candidateWithin(line.valueStart, 4) && lineEnd - line.valueStart < ENCODED_KEY_LENGTH) return;
      const found = readEntryValue(text, line.valueStart, lineEnd);
      if (found === undefined) return;
      if (confidence !== undefined) report(withConfidence(found, confidence));
      else parent.pending.push(withConfidence(found, 'high'));
    });
  },
};

/**
 * What `parseLine` found on one line: `---`, `[header]`, a netrc line, an entry (`key: value`,
 * `key = value`, `"key": value`) or something else. One instance is reused for every line, and names
 * stay offsets until a rule needs the string, so reading a line allocates nothing.
 */
class ParsedLine {
  kind: 'other' | 'separator' | 'header' | 'netrc' | 'entry' = 'other';
  /** An entry's indentation (a list item's `- ` counts as indentation). */
  indent = 0;
  /** A header's or entry's name is text[nameStart, nameEnd). */
  nameStart = 0;
  nameEnd = 0;
  /** Where an entry's value starts, after the operator and spaces. */
  valueStart = 0;
  /** An entry with no value on its line (or only `{`, `[`, `|`, `>`): a section follows. */
  opensSection = false;

  name(text: string): string {
    return text.slice(this.nameStart, this.nameEnd);
  }

  other(): void {
    this.kind = 'other';
  }
}

/** The netrc keywords by their first letter, which differs from one to the next: at most one can start a line. */
const NETRC_WORDS = new Map(['machine', 'default', 'login', 'password', 'account'].map((word) => [word.charCodeAt(0), word]));

/** Classifies one line into `line`. */
function parseLine(text: string, lineStart: number, lineEnd: number, line: ParsedLine): void {
  let position = skipBlanks(text, lineStart, lineEnd);
  if (position === lineEnd) return line.other();
  if (position === lineStart && text.startsWith('---', position) && lineEnd - position <= 4) {
    line.kind = 'separator';
    return;
  }
  const first = text.charCodeAt(position);
  if (first === 35 /* # */ || first === 59 /* ; */ || first === 47 /* / */) return line.other();
  if (first === 91 /* [ */) {
    let end = lineEnd;
    while (end > position && isBlankOrCr(text.charCodeAt(end - 1))) end--;
    if (text.charCodeAt(end - 1) !== 93 /* ] */ || end - position > MAX_KEY) return line.other();
    line.kind = 'header';
    line.nameStart = position + 1;
    line.nameEnd = end - 1;
    return;
  }
  if (isNetrcWord(text, position)) {
    line.kind = 'netrc';
    return;
  }
  if (first === 45 /* - */ && text.charCodeAt(position + 1) === 32) {
    position += 2;
    while (position < lineEnd && text.charCodeAt(position) === 32) position++;
  }
  const indent = position - lineStart;
  const opening = text.charCodeAt(position);
  const quote = opening === 34 /* " */ || opening === 39 /* ' */ ? opening : undefined;
  const nameStart = quote === undefined ? position : position + 1;
  let nameEnd = nameStart;
  const ceiling = Math.min(lineEnd, nameStart + MAX_KEY);
  if (quote !== undefined) {
    while (nameEnd < ceiling && text.charCodeAt(nameEnd) !== quote) nameEnd++;
    if (text.charCodeAt(nameEnd) !== quote) return line.other();
    position = nameEnd + 1;
  } else {
    while (nameEnd < ceiling && isKeyChar(text.charCodeAt(nameEnd))) nameEnd++;
    position = nameEnd;
  }
  if (nameEnd === nameStart) return line.other();
  position = skipBlanks(text, position, lineEnd);
  const operator = text.charCodeAt(position);
  if ((operator !== 58 /* : */ && operator !== 61 /* = */) || text.charCodeAt(position + 1) === operator) return line.other();
  position = skipBlanks(text, position + 1, lineEnd);
  let rest = position;
  while (rest < lineEnd && isBlankOrCr(text.charCodeAt(rest))) rest++;
  const opener = text.charCodeAt(position);
  line.kind = 'entry';
  line.indent = indent;
  line.nameStart = nameStart;
  line.nameEnd = nameEnd;
  line.valueStart = position;
  line.opensSection =
    rest === lineEnd || ((opener === 123 /* { */ || opener === 91 /* [ */ || opener === 124 /* | */ || opener === 62 /* > */) && lineEnd - position <= 3);
}

/** The first position from `position` that is not a space or tab (`end` at most). */
function skipBlanks(text: string, position: number, end: number): number {
  while (position < end && isBlank(text.charCodeAt(position))) position++;
  return position;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

function isBlankOrCr(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/**
 * A netrc keyword at `position`, followed by a space or tab, or by the end of the text (a line that
 * is just `machine` does not count: the keyword needs its token on the same line).
 */
function isNetrcWord(text: string, position: number): boolean {
  const word = NETRC_WORDS.get(text.charCodeAt(position));
  if (word === undefined || !text.startsWith(word, position)) return false;
  const after = position + word.length;
  return after === text.length || text[after] === ' ' || text[after] === '\t';
}

function isKeyChar(code: number): boolean {
  return inClass(ALNUM, code) || code === 95 || code === 45 || code === 46 || code === 47; // _ - . /
}

/**
 * A report of an entry's value: its fields by name, in one order, so every report has one shape
 * (spreads of differently shaped spans made V8 deoptimize the line loop again and again).
 */
function withConfidence(entry: Omit<DetectorReport<MessageId>, 'confidence'>, confidence: Confidence): DetectorReport<MessageId> {
  return { start: entry.start, end: entry.end, value: entry.value, confidence, messageId: entry.messageId, encoding: entry.encoding };
}

/** A 32-character key, plain or as 44 characters of base64 (Secret `data:`), at `valueStart`. */
function readEntryValue(text: string, valueStart: number, lineEnd: number): Omit<DetectorReport<MessageId>, 'confidence'> | undefined {
  const plain = readKeyValue(text, valueStart, true);
  if (plain !== undefined) return assessKeyCandidate(plain.value).plausible ? { start: plain.start, end: plain.end, value: plain.value, messageId: 'section', encoding: 'plain' } : undefined;
  let start = valueStart;
  if (text[start] === '"' || text[start] === "'") start++;
  const end = start + ENCODED_KEY_LENGTH;
  if (end > lineEnd || text[end - 1] !== '=') return undefined;
  for (let i = start; i < end - 1; i++) if (!inClass(BASE64, text.charCodeAt(i))) return undefined;
  if (end < lineEnd && !/[\s"',#]/.test(text[end])) return undefined;
  const decoded = latin1FromBytes(decodeBase64(text.slice(start, end)));
  if (decoded.length !== KEY_LENGTH || !assessKeyCandidate(decoded).plausible) return undefined;
  return { start, end, value: decoded, messageId: 'encodedSection', encoding: 'base64' };
}

/**
 * `.netrc` tokens on one line (`machine api.spectrocloud.com login apikey password …`), continuing
 * the entry of a previous line. Returns the current machine's Palette confidence (null: no machine).
 */
function readNetrc(
  text: string,
  lineStart: number,
  lineEnd: number,
  current: Confidence | undefined | null,
  onKey: (span: { start: number; end: number; value: string }, confidence: Confidence) => void,
): Confidence | undefined | null {
  let host = current;
  let expect: 'machine' | 'password' | 'skip' | undefined;
  let position = lineStart;
  while (position < lineEnd) {
    while (position < lineEnd && (text[position] === ' ' || text[position] === '\t' || text[position] === '\r')) position++;
    const start = position;
    while (position < lineEnd && text[position] !== ' ' && text[position] !== '\t' && text[position] !== '\r') position++;
    if (start === position) break;
    if (expect === 'machine') host = sectionConfidence(text.slice(start, Math.min(position, start + MAX_KEY))) ?? undefined;
    else if (expect === 'password') {
      const span = host ? readKeyValue(text, start, true) : undefined;
      if (host && span !== undefined && assessKeyCandidate(span.value).plausible) onKey(span, host);
    }
    if (expect !== undefined) {
      expect = undefined;
      continue;
    }
    const word = text.slice(start, Math.min(position, start + 9));
    if (word === 'machine') expect = 'machine';
    else if (word === 'password') expect = 'password';
    else if (word === 'default') host = undefined;
    else if (word === 'login' || word === 'account') expect = 'skip';
  }
  return host;
}

/**
 * Palette confidence of the Kubernetes objects in each `---`-separated document: `high`/`medium` when
 * a metadata value (`name: palette-credentials`, `app.kubernetes.io/part-of: spectrocloud`) says
 * Palette in a document with a top-level `kind:`.
 */
function documentConfidences(text: string): (Confidence | undefined)[] {
  const result: (Confidence | undefined)[] = [];
  let named: Confidence | undefined;
  let kubernetes = false;
  const line = new ParsedLine();
  forEachLine(text, (lineStart, lineEnd) => {
    parseLine(text, lineStart, lineEnd, line);
    if (line.kind === 'separator') {
      result.push(kubernetes ? named : undefined);
      named = undefined;
      kubernetes = false;
      return;
    }
    if (line.kind !== 'entry' || line.opensSection) return;
    if (line.indent === 0 && line.nameEnd - line.nameStart === 4 && text.startsWith('kind', line.nameStart)) kubernetes = true;
    else if (METADATA_KEYS.has(text, line.nameStart, line.nameEnd)) {
      named = stronger(named, sectionConfidence(text.slice(line.valueStart, Math.min(lineEnd, line.valueStart + MAX_KEY))));
    }
  });
  result.push(kubernetes ? named : undefined);
  return result;
}

/** Calls `onLine(start, end)` for each non-empty line (end excludes `\n`; a `\r` before it stays in the line). */
function forEachLine(text: string, onLine: (start: number, end: number) => void): void {
  let start = 0;
  while (start <= text.length) {
    // Blank lines change nothing; skipping them here keeps a file of newlines cheap.
    while (text.charCodeAt(start) === 10) start++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    onLine(start, end);
    start = end + 1;
  }
}

/** How strongly a section, object or host name says Palette: Spectro Cloud words high, a bare "palette" medium. */
function sectionConfidence(name: string): Confidence | undefined {
  const lower = name.toLowerCase();
  if (COLOURS.test(lower)) return undefined;
  if (/spectro/.test(lower)) return 'high';
  if (!lower.includes('palette')) return undefined;
  return /palette[-_ .]?(?:api|key|token|cred|secret|auth|host|sdk|cli|mcp|tenant|project|vertex|console)/.test(lower) ? 'high' : 'medium';
}

/** `sc_host`, `sc_project_name` (normalised): what the provider's tfvars set next to its key. */
function isProviderSignal(text: string, line: ParsedLine): boolean {
  return PROVIDER_SIGNALS.has(text, line.nameStart, line.nameEnd);
}

const PROVIDER_SIGNALS = new NormalisedNames(['schost', 'scprojectname']);

/** Whether the entry's last dotted segment is one of GENERIC_ENTRIES, normalised. */
function isGenericEntry(text: string, line: ParsedLine): boolean {
  let segmentStart = line.nameEnd;
  while (segmentStart > line.nameStart && text.charCodeAt(segmentStart - 1) !== 46 /* . */) segmentStart--;
  return GENERIC_ENTRIES.has(text, segmentStart, line.nameEnd);
}

/** A mention of Palette in text[from, to), the regex run only where one of its words starts. */
function mentionsPalette(text: string, words: PaletteWords, from: number, to: number): boolean {
  return words.startsWithin(from, to) && PALETTE_MENTION.test(text.slice(from, to));
}

function stronger(a: Confidence | undefined, b: Confidence | undefined): Confidence | undefined {
  if (a === 'high' || b === 'high') return 'high';
  if (a === 'medium' || b === 'medium') return 'medium';
  return a ?? b;
}

function weaker(a: Confidence, b: Confidence): Confidence {
  if (a === 'low' || b === 'low') return 'low';
  if (a === 'medium' || b === 'medium') return 'medium';
  return 'high';
}
