// The byte triage (byteTriage.ts) dismisses files that passed the prefilter without decoding them.
// It must never dismiss a file the full scan has a finding in: its word search must agree with the
// detectors' regexes, and every fixture, hostile shape and fuzzed text it dismisses must scan clean.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { base64HeadLooksLikeText, looksLikeText } from '../../src/core/scanner/base64Segments';
import { bytesCannotHoldFinding, CONTEXT_WORDS, hasContextWord } from '../../src/core/scanner/byteTriage';
import { createDetectorContext } from '../../src/core/scanner/detectorContext';
import { fingerprintKeyValue } from '../../src/core/scanner/fingerprint';
import { createKnownKeyIndex, type KnownKeyIndex } from '../../src/core/scanner/knownKeyIndex';
import { CONTEXT_ANCHOR } from '../../src/core/scanner/paletteMention';
import { bytesMayHoldKey, mayHoldKey } from '../../src/core/scanner/prefilter';
import { SECTION_WORDS } from '../../src/core/scanner/rules/paletteSection';
import { scanTextOutcome } from '../../src/core/scanner/scanText';
import { fuzzParameters } from './support/fuzz';
import { HOSTILE_SHAPES } from './support/hostileInputs';

const FIXTURES = [path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'scanner'), path.resolve('test', 'fixtures', 'scanner')].find(
  (candidate) => existsSync(candidate),
) as string;
const SECRET = 'byte-triage-secret';
// Fake values, made for these tests.
const KEY = 'FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1G';
const OTHER = 'FAKEt3NvBq9WxRz6KpLm2HcJy8DsFg5E';
const index = (...values: string[]): KnownKeyIndex =>
  createKnownKeyIndex(SECRET, values.map((value, i) => ({ id: `k${i}`, fingerprint: fingerprintKeyValue(SECRET, value) })));

const contextWordsInText = (text: string): boolean => CONTEXT_ANCHOR.test(text) || SECTION_WORDS.test(text);

/** The full scan's answer, low confidence and suppressed findings included: does the text hold anything? */
function hasFinding(text: string, fileName: string, knownKeys: KnownKeyIndex | undefined): boolean {
  return scanTextOutcome(text, { fileName, knownKeys, minConfidence: 'low', includeSuppressed: true }).findings.length > 0;
}

/** Asserts the triage dismisses nothing the full scan finds something in; returns whether it dismissed the text. */
function checkTriage(text: string, fileName: string, knownKeys: KnownKeyIndex | undefined): boolean {
  const bytes = Buffer.from(text, 'utf8');
  const dismissed = !bytesMayHoldKey(bytes) || bytesCannotHoldFinding(bytes, knownKeys);
  if (dismissed) assert.ok(!hasFinding(text, fileName, knownKeys), `${fileName}: dismissed by the byte triage, but the scan finds something`);
  return dismissed;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

describe('byte triage', () => {
  it('looks for the words the detectors need, and only those', () => {
    for (const word of CONTEXT_WORDS) assert.ok(contextWordsInText(word), word);
    const alphabet = fc.constantFrom(...'apikeyAPIKEYspectroSPECTROlatLAThostHOST_- -\n\u00e9\u017f\u212a'.split(''));
    const text = fc.oneof(
      fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join('')),
      fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('ApiKey', 'API_KEY', 'api-key', 'Spectro', 'PALETTE', 'Sc_Host', 'apikez', 'spectr', 'pallete', 'sc-host'), fc.string({ maxLength: 8 })).map((parts) => parts.join('')),
    );
    fc.assert(fc.property(text, (sample) => assert.equal(hasContextWord(Buffer.from(sample, 'utf8')), contextWordsInText(sample), JSON.stringify(sample))), fuzzParameters(2000));
  });

  it('finds the kinds of context word in one pass as the detectors\' own regexes do', () => {
    const alphabet = fc.constantFrom(...'apikeyAPIKEYspectroSPECTROlatLAThostHOST_- -\n\u00e9\u017f\u212a'.split(''));
    const text = fc.oneof(
      fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join('')),
      fc.array(fc.constantFrom('ApiKey', 'API_KEY', 'api-key', 'Spectro', 'PALETTE', 'Sc_Host', 'sc_hostpalette', 'apikez', 'x', ' '), { maxLength: 6 }).map((parts) => parts.join('')),
    );
    fc.assert(fc.property(text, (sample) => {
      const context = createDetectorContext(sample, 'fuzz.txt', undefined);
      try {
        assert.deepEqual(context.contextWords(), { anchor: CONTEXT_ANCHOR.test(sample), section: SECTION_WORDS.test(sample) }, JSON.stringify(sample));
      } finally {
        context.release();
      }
    }), fuzzParameters(2000));
  });

  it('the byte prefilter answers as the text prefilter', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom(KEY, OTHER, 'é', '€', ' ', '+/', 'x'.repeat(33), `${KEY}x`),
      fc.constantFrom(KEY, 'plain text to hide').map((value) => Buffer.from(`name=${value}\n`).toString('base64')),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
      const text = pieces.join('');
      assert.equal(bytesMayHoldKey(Buffer.from(text, 'utf8')), mayHoldKey(text), JSON.stringify(text));
    }), fuzzParameters(1000));
  });

  it('judges a base64 head on its bytes as decoding it with Buffer.from would', () => {
    const head = fc.oneof(
      fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.string({ maxLength: 48 }).map((text) => Buffer.from(text, 'latin1').toString('base64')),
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), maxLength: 64 }),
    ).map((encoded) => encoded.replace(/=+$/, '').slice(0, 64));
    fc.assert(fc.property(head, fc.constantFrom('', '=', '=='), fc.string({ maxLength: 3 }), (digits, padding, before) => {
      const text = `${before}${digits}${padding}`;
      const bytes = Buffer.from(text, 'latin1');
      const expected = looksLikeText(Buffer.from(digits + padding, 'base64'));
      assert.equal(base64HeadLooksLikeText(bytes, before.length, text.length), expected, JSON.stringify(text));
    }), fuzzParameters(3000));
  });

  it('dismisses a candidate without context words or text-like base64, unless it holds a known key', () => {
    const minified = `!function(){var h="${KEY}",i="sha512-${OTHER}";return h+i}();\n`;
    assert.equal(bytesCannotHoldFinding(Buffer.from(minified), undefined), true);
    assert.equal(bytesCannotHoldFinding(Buffer.from(minified), index(OTHER.slice(0, 31) + 'X')), true);
    assert.equal(bytesCannotHoldFinding(Buffer.from(minified), index(KEY)), false);
    assert.equal(bytesCannotHoldFinding(Buffer.from(`// ApiKey\n${minified}`), undefined), false);
    const encoded = Buffer.from(`token=${KEY}\n`).toString('base64');
    assert.equal(bytesCannotHoldFinding(Buffer.from(`data: ${encoded}\n`), undefined), false);
  });

  it('dismisses a candidate with context words when none of its 32-character runs is a plausible key', () => {
    const declarations = `// palette API: apiKey\ninterface CanvasRenderingContext2DSettings {}\ndeclare function setAsyncCallStackDepthParameters(): void;\nconst hash = "9e107d9d372bb6826bd81d3542a419d6";\n`;
    assert.equal(bytesCannotHoldFinding(Buffer.from(declarations), undefined), true);
    assert.equal(bytesCannotHoldFinding(Buffer.from(`${declarations}apiKey: "${KEY}"\n`), undefined), false);
    // A known key is looked up whether or not it looks random.
    assert.equal(bytesCannotHoldFinding(Buffer.from(declarations), index('CanvasRenderingContext2DSettings')), false);
  });

  it('dismisses no fixture and no hostile shape that has a finding', () => {
    const knownKeys = index(KEY, OTHER);
    let dismissed = 0;
    for (const file of filesUnder(FIXTURES)) {
      const text = readFileSync(file, 'utf8');
      for (const keys of [undefined, knownKeys]) if (checkTriage(text, path.basename(file), keys)) dismissed++;
    }
    for (const shape of HOSTILE_SHAPES) {
      const input = shape.build(20_000);
      checkTriage(input.text, input.fileName, knownKeys);
    }
    assert.ok(dismissed > 0, 'some fixture files are dismissed (the check above is not vacuous)');
  });

  it('dismisses no fuzzed text that has a finding', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom(KEY, OTHER, ' ', '\n', '"', '=', ': ', 'SPECTROCLOUD_APIKEY=', 'apiKey: ', 'sc_host', 'palette:\n  token: ', '0'.repeat(32), 'x'.repeat(44)),
      // 32-character runs that are not plausible keys (words, hex, one class), and keys glued to more.
      fc.constantFrom('CanvasRenderingContext2DSettings', 'resolveClusterProfileFromContext', '9e107d9d372bb6826bd81d3542a419d6', KEY.toUpperCase(), `${KEY}x`, `_${OTHER}`),
      fc.constantFrom(KEY, OTHER).map((key) => Buffer.from(`SPECTROCLOUD_APIKEY=${key}\n`).toString('base64')),
    );
    const knownKeys = index(KEY);
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom('fuzz.txt', 'main.tf', 'terraform.tfvars', 'values.yaml'), (pieces, fileName) => {
      const text = pieces.join('');
      checkTriage(text, fileName, undefined);
      checkTriage(text, fileName, knownKeys);
    }), fuzzParameters(500));
  });
});
