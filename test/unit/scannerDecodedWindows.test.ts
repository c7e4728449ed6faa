// Long decoded base64 text is read in overlapping windows of whole lines (decodedWindows.ts), not as
// one large string. The layout must tile the text, never cut a line and leave every finding enough
// context; and what the detectors find through windows must be what they find in the whole text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findBase64Segments } from '../../src/core/scanner/base64Segments';
import { layOutLineWindows, MAX_DECODED_STRING } from '../../src/core/scanner/decodedWindows';
import { fingerprintKeyValue } from '../../src/core/scanner/fingerprint';
import { assessKeyCandidate } from '../../src/core/scanner/keyCandidate';
import { createKnownKeyIndex } from '../../src/core/scanner/knownKeyIndex';
import { apiKeyHeaderDetector } from '../../src/core/scanner/rules/apiKeyHeader';
import { envAssignmentDetector } from '../../src/core/scanner/rules/envAssignment';
import { sdkCallDetector } from '../../src/core/scanner/rules/sdkCall';
import { terraformProviderDetector } from '../../src/core/scanner/rules/terraformProvider';
import { urlQueryDetector } from '../../src/core/scanner/rules/urlQuery';
import { scanTextOutcome } from '../../src/core/scanner/scanText';
import type { Finding } from '../../src/core/scanner/types';
import { fuzzParameters } from './support/fuzz';
import { fakeKeys } from './support/hostileInputs';

/** The detectors `base64-encoded` reruns on decoded text. */
const PLAIN_TEXT_DETECTORS = [envAssignmentDetector, terraformProviderDetector, apiKeyHeaderDetector, sdkCallDetector, urlQueryDetector];

const isLineStart = (bytes: Uint8Array, at: number): boolean => at === 0 || at === bytes.length || bytes[at - 1] === 10 || bytes[at - 1] === 13;

describe('scanner: decoded text in windows', () => {
  it('lays windows of whole lines that tile the text, each own part with half the overlap of context on either side', () => {
    const maxWindow = 1000;
    const overlap = 128;
    // At least 300 lines of 10 or more characters: always several windows.
    const line = fc.tuple(fc.integer({ min: 8, max: overlap / 2 - 2 }), fc.constantFrom('\n', '\r\n', '\r'));
    const lines = fc.array(line, { minLength: 300, maxLength: 900, size: 'max' });
    fc.assert(
      fc.property(lines, (shape) => {
        const text = shape.map(([length, end]) => `${'x'.repeat(length)}${end}`).join('');
        const bytes = Buffer.from(text, 'latin1');
        const windows = layOutLineWindows(bytes, bytes.length, maxWindow, overlap);
        assert.ok(windows !== undefined && windows.length > 1, 'lines shorter than the overlap always fit');
        assert.equal(windows[0].start, 0);
        assert.equal(windows[0].ownStart, 0);
        assert.equal(windows.at(-1)?.end, bytes.length);
        assert.equal(windows.at(-1)?.ownEnd, bytes.length);
        windows.forEach((window, i) => {
          assert.ok(window.end - window.start <= maxWindow, 'window too long');
          assert.ok(isLineStart(bytes, window.start) && isLineStart(bytes, window.end), 'a window cuts a line');
          if (i > 0) {
            assert.equal(window.ownStart, windows[i - 1].ownEnd, 'own parts must tile');
            assert.ok(window.start > windows[i - 1].start, 'no progress');
            assert.ok(window.ownStart - window.start >= overlap / 2, 'too little context before the own part');
          }
          if (i < windows.length - 1) assert.ok(window.end - window.ownEnd >= overlap / 2, 'too little context after the own part');
        });
      }),
      fuzzParameters(300),
    );
  });

  it('gives up on lines too long for a window (the text is then read whole)', () => {
    const bytes = Buffer.from(`short\n${'x'.repeat(5000)}\nshort\n`, 'latin1');
    assert.equal(layOutLineWindows(bytes, bytes.length, 1000, 128), undefined);
  });

  // A 400 KB `.env`-like file, base64-encoded: about five windows, with keys on every side of every edge.
  const fakeKey = fakeKeys(4242);
  /** A fake the scanner judges plausible (about one in a thousand reads as words). */
  const key = (): string => {
    let value = fakeKey();
    while (!assessKeyCandidate(value).plausible) value = fakeKey();
    return value;
  };
  const keys: string[] = [];
  const lines = ['# spectrocloud settings for the build'];
  for (let i = 0; lines.length < 16_000; i++) {
    if (i % 25 === 7) {
      const value = key();
      keys.push(value);
      const forms = [`SPECTROCLOUD_APIKEY=${value}`, `api_key: ${value}`, `export PALETTE_API_KEY="${value}"`];
      lines.push(forms[keys.length % forms.length]);
    } else {
      lines.push(`SETTING_${i}=value-${(i * 7919) % 100_003}${'z'.repeat(i % 13)}`);
    }
  }
  const plain = `${lines.join('\n')}\n`;
  const encoded = `data: ${Buffer.from(plain, 'latin1').toString('base64')}\n`;
  const fileName = 'blob.txt';
  const summary = (findings: readonly Finding[]): string[] => findings.map((finding) => `${finding.masked} ${finding.confidence}`);

  it('reads a long decoded text in windows, and its whole string on request is the decoded text', () => {
    assert.ok(plain.length > 3 * MAX_DECODED_STRING);
    const [segment] = findBase64Segments(encoded);
    assert.ok(segment.windows !== undefined && segment.windows.length >= 4, `windows: ${segment.windows?.length}`);
    assert.ok(segment.windows.every((window) => window.text.length <= MAX_DECODED_STRING));
    assert.equal(segment.decoded, plain);
  });

  it('finds through windows exactly what the same detectors find in the whole decoded text', () => {
    const whole = scanTextOutcome(plain, { fileName, minConfidence: 'low', detectors: PLAIN_TEXT_DETECTORS });
    const windowed = scanTextOutcome(encoded, { fileName, minConfidence: 'low' });
    assert.equal(whole.truncated || windowed.truncated, false);
    assert.equal(whole.findings.length, keys.length);
    assert.ok(windowed.findings.every((finding) => finding.ruleId === 'palette-keys/base64-encoded' && finding.encoding === 'base64'));
    assert.deepEqual(summary(windowed.findings), summary(whole.findings));
    // Each range decodes to its key: the windows' offsets are added back.
    windowed.findings.forEach((finding, i) => {
      const decoded = Buffer.from(encoded.slice(finding.start, finding.end), 'base64').toString('latin1');
      assert.ok(decoded.includes(keys[i]), `finding ${i} decodes to its key`);
    });
  });

  it('finds known keys on both sides of every window edge once each', () => {
    const secret = 'decoded-windows-secret';
    const knownKeys = createKnownKeyIndex(secret, keys.map((value, i) => ({ id: `k${i}`, fingerprint: fingerprintKeyValue(secret, value) })));
    const { findings } = scanTextOutcome(encoded, { fileName, minConfidence: 'low', knownKeys });
    assert.deepEqual(findings.map((finding) => finding.knownKeyId), keys.map((_, i) => `k${i}`));
  });

  it('reads a long decoded text without line breaks whole, and finds the same', () => {
    const oneLine = `spectrocloud ${Array.from({ length: 3500 }, () => `SPECTROCLOUD_APIKEY=${key()}`).join(' ').slice(0, 150_000)}`;
    const oneLineEncoded = `data: ${Buffer.from(oneLine, 'latin1').toString('base64')}\n`;
    const [segment] = findBase64Segments(oneLineEncoded);
    assert.equal(segment.windows, undefined);
    const whole = scanTextOutcome(oneLine, { fileName, minConfidence: 'low', detectors: PLAIN_TEXT_DETECTORS });
    const encodedFindings = scanTextOutcome(oneLineEncoded, { fileName, minConfidence: 'low' });
    assert.ok(whole.findings.length > 0);
    assert.deepEqual(summary(encodedFindings.findings), summary(whole.findings));
  });
});
