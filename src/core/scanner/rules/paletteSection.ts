import { decodeBase64, latin1FromBytes } from '../../encoding/base64';
import { ALNUM, BASE64, inClass } from '../charClass';
import { hasRun } from '../tokenRuns';
import { assessKeyCandidate, KEY_LENGTH } from '../keyCandidate';
import { PALETTE_MENTION } from '../paletteMention';
import type { Confidence, Detector, DetectorReport } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'section' | 'encodedSection' | 'netrc';

/**
 * Entry names too generic to say whose key they hold (`apiKey`, `token`, `key`…): a key under one of
 * them is Palette's only when the section around it says so. Compared lower-case, letters and digits only.
 */
const GENERIC_ENTRIES: ReadonlySet<string> = new Set(['apikey', 'xapikey', 'apikeyvalue', 'key', 'token', 'apitoken', 'authtoken', 'accesstoken']);
/** Kubernetes metadata keys whose value names the object or the app it belongs to. */
const METADATA_KEYS: ReadonlySet<string> = new Set([
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

interface Section {
  /** Indentation of the key that opened it; entries deeper than this belong to it. */
  readonly indent: number;
  confidence: Confidence | undefined;
  /** A colour or theme section (`theme: palette:`): nothing inside it is Palette's. */
  readonly colours: boolean;
  /** Entries with a plausible value seen before anything in the section said Palette. */
  pending: DetectorReport<MessageId>[];
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
    if (!SECTION_WORDS.test(text)) return;
    if (!context.candidateWithin(0, text.length) && !hasRun(text, BASE64, ENCODED_KEY_LENGTH - 1)) return;
    const documents = text.includes('kind:') ? documentConfidences(text) : [];
    let documentIndex = 0;
    const sections: Section[] = [{ indent: -2, confidence: documents[0], colours: false, pending: [] }];
    let netrcHost: Confidence | undefined | null = null;
    const flush = (section: Section): void => {
      if (section.confidence === undefined) return;
      for (const pending of section.pending) report({ ...pending, confidence: weaker(pending.confidence, section.confidence) });
      section.pending = [];
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

    forEachLine(text, (lineStart, lineEnd) => {
      const line = parseLine(text, lineStart, lineEnd);
      if (line.kind === 'separator') {
        documentIndex++;
        sections.length = 1;
        sections[0] = { indent: -2, confidence: documents[documentIndex], colours: false, pending: [] };
        netrcHost = null;
        return;
      }
      if (line.kind === 'header') {
        popTo(-1);
        sections.push({ indent: -1, confidence: sectionConfidence(line.name), colours: COLOURS.test(line.name), pending: [] });
        return;
      }
      if (line.kind === 'netrc') {
        netrcHost = readNetrc(text, lineStart, lineEnd, netrcHost, (span, confidence) => report({ ...span, confidence, messageId: 'netrc' }));
        return;
      }
      if (line.kind !== 'entry') return;
      popTo(line.indent);
      const parent = sections[sections.length - 1];
      if (line.opensSection) {
        if (sections.length < MAX_DEPTH) {
          sections.push({ indent: line.indent, confidence: sectionConfidence(line.name), colours: parent.colours || COLOURS.test(line.name), pending: [] });
        }
        flush(sections[sections.length - 1]);
        return;
      }
      // A sibling that points at Palette (`host: api.spectrocloud.com`, `sc_host = …`) marks its section.
      if (PALETTE_MENTION.test(text.slice(line.valueStart, Math.min(lineEnd, line.valueStart + MAX_KEY))) || isProviderSignal(line.name)) {
        parent.confidence = stronger(parent.confidence, 'high');
        flush(parent);
      }
      if (parent.colours || !isGenericEntry(line.name)) return;
      if (!context.candidateWithin(line.valueStart, 4) && lineEnd - line.valueStart < ENCODED_KEY_LENGTH) return;
      const confidence = inherited();
      if (confidence === undefined && parent.pending.length >= MAX_PENDING) return;
      const found = readEntryValue(text, line.valueStart, lineEnd);
      if (found === undefined) return;
      if (confidence !== undefined) report({ ...found, confidence });
      else parent.pending.push({ ...found, confidence: 'high' });
    });
  },
};

type Line =
  | { readonly kind: 'other' | 'separator' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'netrc' }
  | { readonly kind: 'entry'; readonly indent: number; readonly name: string; readonly valueStart: number; readonly opensSection: boolean };

const OTHER: Line = { kind: 'other' };
const SEPARATOR: Line = { kind: 'separator' };
const NETRC_FIRST: ReadonlySet<string> = new Set(['m', 'd', 'l', 'p', 'a']);
const NETRC_WORDS = /^(?:machine|default|login|password|account)(?:[ \t]|$)/;

/** Classifies one line: `---`, `[header]`, a netrc line, `key: value` / `key = value` / `"key": value`. */
function parseLine(text: string, lineStart: number, lineEnd: number): Line {
  let position = lineStart;
  while (position < lineEnd && (text[position] === ' ' || text[position] === '\t')) position++;
  if (position === lineEnd) return OTHER;
  if (position === lineStart && text.startsWith('---', position) && lineEnd - position <= 4) return SEPARATOR;
  const first = text[position];
  if (first === '#' || first === ';' || first === '/') return OTHER;
  if (first === '[') {
    let end = lineEnd;
    while (end > position && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '\r')) end--;
    if (text[end - 1] !== ']' || end - position > MAX_KEY) return OTHER;
    return { kind: 'header', name: text.slice(position + 1, end - 1) };
  }
  if (NETRC_FIRST.has(first) && NETRC_WORDS.test(text.slice(position, position + 9))) return { kind: 'netrc' };
  if (first === '-' && text[position + 1] === ' ') {
    position += 2;
    while (position < lineEnd && text[position] === ' ') position++;
  }
  const indent = position - lineStart;
  const quote = text[position] === '"' || text[position] === "'" ? text[position] : undefined;
  const nameStart = quote === undefined ? position : position + 1;
  let nameEnd = nameStart;
  const ceiling = Math.min(lineEnd, nameStart + MAX_KEY);
  if (quote !== undefined) {
    while (nameEnd < ceiling && text[nameEnd] !== quote) nameEnd++;
    if (text[nameEnd] !== quote) return OTHER;
    position = nameEnd + 1;
  } else {
    while (nameEnd < ceiling && isKeyChar(text.charCodeAt(nameEnd))) nameEnd++;
    position = nameEnd;
  }
  if (nameEnd === nameStart) return OTHER;
  while (position < lineEnd && (text[position] === ' ' || text[position] === '\t')) position++;
  const operator = text[position];
  if ((operator !== ':' && operator !== '=') || text[position + 1] === operator) return OTHER;
  position++;
  while (position < lineEnd && (text[position] === ' ' || text[position] === '\t')) position++;
  let rest = position;
  while (rest < lineEnd && (text[rest] === ' ' || text[rest] === '\t' || text[rest] === '\r')) rest++;
  const opener = text[position];
  const opensSection = rest === lineEnd || ((opener === '{' || opener === '[' || opener === '|' || opener === '>') && lineEnd - position <= 3);
  return { kind: 'entry', indent, name: text.slice(nameStart, nameEnd), valueStart: position, opensSection };
}

function isKeyChar(code: number): boolean {
  return inClass(ALNUM, code) || code === 95 || code === 45 || code === 46 || code === 47; // _ - . /
}

/** A 32-character key, plain or as 44 characters of base64 (Secret `data:`), at `valueStart`. */
function readEntryValue(text: string, valueStart: number, lineEnd: number): Omit<DetectorReport<MessageId>, 'confidence'> | undefined {
  const plain = readKeyValue(text, valueStart, true);
  if (plain !== undefined) return assessKeyCandidate(plain.value).plausible ? { ...plain, messageId: 'section', encoding: 'plain' } : undefined;
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
  forEachLine(text, (lineStart, lineEnd) => {
    const line = parseLine(text, lineStart, lineEnd);
    if (line.kind === 'separator') {
      result.push(kubernetes ? named : undefined);
      named = undefined;
      kubernetes = false;
      return;
    }
    if (line.kind !== 'entry' || line.opensSection) return;
    if (line.indent === 0 && line.name === 'kind') kubernetes = true;
    else if (METADATA_KEYS.has(normalise(line.name))) {
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
function isProviderSignal(name: string): boolean {
  return startsWithOneOf(name, 0, 's') && /^sc(?:host|projectname)$/.test(normalise(name));
}

/** Whether the entry's last dotted segment is one of GENERIC_ENTRIES, normalised. */
function isGenericEntry(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return startsWithOneOf(name, dot + 1, GENERIC_ENTRY_INITIALS) && GENERIC_ENTRIES.has(lastSegment(name));
}

const GENERIC_ENTRY_INITIALS = [...new Set([...GENERIC_ENTRIES].map((entry) => entry[0]))].join('');

/**
 * Whether `normalise(name.slice(from))` can start with one of `initials` (lower-case letters): a
 * cheap test before the allocating one, for every entry line. Its first ASCII letter or digit
 * decides it; a name with other characters than ASCII is left to the full test (`toLowerCase`
 * turns the Kelvin sign into `k`).
 */
function startsWithOneOf(name: string, from: number, initials: string): boolean {
  for (let i = from; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128) return true;
    if (inClass(ALNUM, code)) return initials.includes(String.fromCharCode(code | 0x20));
  }
  return false;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function lastSegment(name: string): string {
  const dot = name.lastIndexOf('.');
  return normalise(dot >= 0 ? name.slice(dot + 1) : name);
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
