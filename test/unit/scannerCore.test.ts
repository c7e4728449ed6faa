import * as assert from 'node:assert/strict';
import { findingFingerprint, fingerprintKeyValue, isFindingFingerprint } from '../../src/core/scanner/fingerprint';
import { assessKeyCandidate } from '../../src/core/scanner/keyCandidate';
import { classifyKeyName } from '../../src/core/scanner/keyName';
import { createKnownKeyIndex } from '../../src/core/scanner/knownKeyIndex';
import { maskSecret } from '../../src/core/scanner/masking';
import { paletteKeysPreset } from '../../src/core/scanner/preset';
import { scanText } from '../../src/core/scanner/scanText';
import { parseIgnoreFile } from '../../src/core/scanner/suppression';

// Fake values, made for these tests.
const KEY_A = 'FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1G';
const KEY_B = 'FAKEt3NvBq9WxRz6KpLm2HcJy8DsFg5E';
const SECRET = 'test-installation-secret';

describe('assessKeyCandidate', () => {
  it('accepts random-looking 32-character values', () => {
    assert.deepEqual(assessKeyCandidate(KEY_A), { plausible: true });
    assert.deepEqual(assessKeyCandidate(KEY_B), { plausible: true });
  });

  it('rejects hashes, placeholders, sequences, words and the documented example, with a reason', () => {
    const cases: [string, string][] = [
      ['9e107d9d372bb6826bd81d3542a419d6', 'hex'],
      ['E4D909C290D0FB1CA068FFADDF22CBD0', 'hex'],
      ['ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 'characterClasses'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'hex'],
      ['zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', 'characterClasses'],
      ['Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz', 'lowVariety'],
      ['Qw8abcdefgZx3Pk7Lm2Nb5Vc9Xr4Ty6U', 'sequential'],
      ['YourAPIKeyHereYourAPIKeyHere1234', 'placeholderWords'],
      ['resolveClusterProfileFromContext', 'wordy'],
      ['CanvasRenderingContext2DSettings', 'wordy'],
      ['setAsyncCallStackDepthParameters', 'wordy'],
      ['QMOI1ZVKVIoW6LM6uXqSWFPsjmt0juvl', 'documentedExample'],
      ['short', 'shape'],
      ['FAKEo7QwZr2XkTn5LmVb8HsJd4PcYf1-', 'shape'],
    ];
    for (const [value, reason] of cases) assert.deepEqual(assessKeyCandidate(value), { plausible: false, reason }, value);
  });
});

describe('classifyKeyName', () => {
  it('knows Palette names, generic names and other vendors', () => {
    for (const name of ['SPECTROCLOUD_APIKEY', 'PALETTE_API_KEY', 'TF_VAR_spectrocloud_api_key', 'spectrocloud.apiKey', 'paletteApiKey', 'SPECTRO_TOKEN']) {
      assert.equal(classifyKeyName(name), 'palette', name);
    }
    for (const name of ['apiKey', 'API_KEY', '--api-key', 'config.apiKey', 'x-api-key']) assert.equal(classifyKeyName(name), 'generic', name);
    for (const name of ['OPENAI_API_KEY', 'SPECTROCLOUD_HOST', 'palette-keys', 'colorPaletteKey', 'PALETTE_API_KEY_FILE']) {
      assert.equal(classifyKeyName(name), undefined, name);
    }
  });
});

describe('masking and fingerprints', () => {
  it('masks to at most 4 + 4 visible characters, and short values completely', () => {
    assert.equal(maskSecret(KEY_A), 'FAKE…Yf1G');
    assert.equal(maskSecret('abc'), '…');
    assert.ok(!maskSecret(KEY_A).includes(KEY_A.slice(4, 28)));
  });

  it('fingerprints key values with the installation secret', () => {
    assert.equal(fingerprintKeyValue(SECRET, KEY_A), fingerprintKeyValue(SECRET, KEY_A));
    assert.notEqual(fingerprintKeyValue(SECRET, KEY_A), fingerprintKeyValue('other-secret', KEY_A));
    assert.match(fingerprintKeyValue(SECRET, KEY_A), /^[0-9a-f]{64}$/);
  });

  it('gives a finding the same fingerprint wherever it moves, and different ones per rule and value', () => {
    const first = scanText(`SPECTROCLOUD_APIKEY=${KEY_A}\n`, { fileName: '.env' });
    const moved = scanText(`# header\n\n\nexport SPECTROCLOUD_APIKEY="${KEY_A}"\n`, { fileName: 'other/run.sh' });
    assert.equal(first.length, 1);
    assert.equal(moved.length, 1);
    assert.equal(moved[0].line, 4);
    assert.equal(first[0].fingerprint, moved[0].fingerprint);
    assert.ok(isFindingFingerprint(first[0].fingerprint));
    assert.equal(first[0].fingerprint, findingFingerprint('palette-keys/env-assignment', KEY_A));
    assert.notEqual(findingFingerprint('palette-keys/env-assignment', KEY_B), first[0].fingerprint);
    assert.notEqual(findingFingerprint('palette-keys/api-key-header', KEY_A), first[0].fingerprint);
  });
});

describe('known keys', () => {
  const index = createKnownKeyIndex(SECRET, [
    { id: 'uid-a', fingerprint: fingerprintKeyValue(SECRET, KEY_A) },
    { id: 'uid-b', fingerprint: fingerprintKeyValue(SECRET, KEY_B).toUpperCase() },
  ]);

  it('looks values up by fingerprint only', () => {
    assert.equal(index.size, 2);
    assert.equal(index.lookup(KEY_A), 'uid-a');
    assert.equal(index.lookup(KEY_B), 'uid-b');
    assert.equal(index.lookup(KEY_A.toLowerCase()), undefined);
  });

  it('finds a known key in any context, and reports its id with high confidence', () => {
    const findings = scanText(`lorem ${KEY_A} ipsum`, { knownKeys: index, minConfidence: 'high' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'palette-keys/known-key');
    assert.equal(findings[0].knownKeyId, 'uid-a');
    assert.equal(findings[0].confidence, 'high');
  });

  it('finds a known key base64-encoded inside larger blobs at every alignment', () => {
    for (let prefix = 0; prefix < 6; prefix++) {
      for (let suffix = 0; suffix < 3; suffix++) {
        const payload = `${'p'.repeat(prefix)}SPECTROCLOUD_APIKEY=${KEY_B}${'\n'.repeat(suffix)}`;
        const blob = Buffer.from(payload).toString('base64');
        const text = `data:\n  creds: ${blob}\n`;
        const findings = scanText(text, { knownKeys: index }).filter((finding) => finding.ruleId === 'palette-keys/known-key');
        assert.equal(findings.length, 1, `prefix ${prefix} suffix ${suffix}`);
        const found = findings[0];
        assert.equal(found.knownKeyId, 'uid-b');
        assert.equal(found.encoding, 'base64');
        // The range lies inside the blob and decodes to bytes that include the whole key.
        const blobStart = text.indexOf(blob);
        assert.ok(found.start >= blobStart && found.end <= blobStart + blob.length);
        const decoded = Buffer.from(text.slice(found.start, found.end), 'base64').toString('latin1');
        assert.ok(decoded.includes(KEY_B), `range decodes to the key (prefix ${prefix})`);
      }
    }
  });

  it('prefers the known-key finding over a context finding for the same range', () => {
    const findings = scanText(`SPECTROCLOUD_APIKEY=${KEY_A}\n`, { fileName: '.env', knownKeys: index });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'palette-keys/known-key');
  });
});

describe('suppression', () => {
  const text = [`SPECTROCLOUD_APIKEY=${KEY_A} # palette-keys:allow`, `PALETTE_API_KEY=${KEY_B}`, '// palette-keys:allow', `PALETTE_API_KEY=${KEY_B}`].join('\n');

  it('honours the allow marker on the same line and on a comment line above', () => {
    const all = scanText(text, { fileName: '.env', includeSuppressed: true });
    assert.deepEqual(
      all.map((finding) => [finding.line, finding.suppressed]),
      [
        [1, 'inline'],
        [2, undefined],
        [4, 'inline'],
      ],
    );
    assert.deepEqual(
      scanText(text, { fileName: '.env' }).map((finding) => finding.line),
      [2],
    );
  });

  it('suppresses by fingerprint from an ignore file, whatever the line', () => {
    const fingerprint = findingFingerprint('palette-keys/env-assignment', KEY_B);
    const ignored = parseIgnoreFile(`# reviewed\n\n${fingerprint}  # demo key\nnot-a-fingerprint\n`);
    assert.deepEqual([...ignored], [fingerprint]);
    assert.deepEqual(scanText(text, { fileName: '.env', ignoredFingerprints: ignored }), []);
    const marked = scanText(text, { fileName: '.env', ignoredFingerprints: ignored, includeSuppressed: true });
    assert.equal(marked.find((finding) => finding.line === 2)?.suppressed, 'ignoreFile');
  });
});

describe('scanText', () => {
  it('reports 1-based lines and UTF-16 columns after multi-byte characters', () => {
    const findings = scanText(`# é 🔑\nSPECTROCLOUD_APIKEY="${KEY_A}"`, { fileName: '.env' });
    assert.equal(findings.length, 1);
    assert.deepEqual([findings[0].line, findings[0].column, findings[0].endLine, findings[0].endColumn], [2, 22, 2, 54]);
  });

  it('filters by confidence', () => {
    const text = `API_KEY = "${KEY_A}"\n`;
    assert.deepEqual(scanText(text, { fileName: 'settings.py' }), []);
    assert.equal(scanText(text, { fileName: 'settings.py', minConfidence: 'low' })[0]?.confidence, 'low');
    assert.equal(scanText(`# spectrocloud\n${text}`, { fileName: 'settings.py' })[0]?.confidence, 'high');
  });

  it('judges a generic entry name in a Palette section after normalising it (case, separators, dotted prefix, Unicode lower case)', () => {
    const section = (entry: string): string => `palette:\n  host: api.spectrocloud.com\n  ${entry}: ${KEY_A}\n`;
    const ruleIds = (entry: string): string[] => scanText(section(entry), { fileName: 'values.yaml' }).map((finding) => finding.ruleId);
    for (const entry of ['token', 'Key', 'AUTH_TOKEN', '_access-token', 'auth.token', 'x.y.Api_Token']) assert.deepEqual(ruleIds(entry), ['palette-keys/palette-section'], entry);
    for (const entry of ['version', 'api.version', 'keys', '9key', 'tokens', 'token.version']) assert.deepEqual(ruleIds(entry), [], entry);
  });

  it('takes header words from the text, not from inside a neighbouring token (a random value holding "xhr")', () => {
    const headerRule = (text: string): string[] =>
      scanText(text, { fileName: 'config.yaml', minConfidence: 'low' }).filter((finding) => finding.ruleId === 'palette-keys/api-key-header').map((finding) => finding.masked);
    const entry = `apiKey: "${KEY_A}"\n`;
    assert.deepEqual(headerRule(`# spectrocloud\nother: "FAKExhrq7QwZr2XkTn5LmVb8HsJd4PcY"\n${entry}`), []);
    assert.equal(headerRule(`# spectrocloud\nheaders:\n  ${entry}`).length, 1, 'a real header word before the entry still counts');
  });

  it('every preset detector has an id, docs and messages', () => {
    const ids = paletteKeysPreset.map((detector) => detector.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const detector of paletteKeysPreset) {
      assert.match(detector.meta.id, /^palette-keys\/[a-z0-9-]+$/);
      assert.ok(detector.meta.docs.description.length > 10 && detector.meta.docs.help.length > 10);
      assert.ok(Object.keys(detector.messages).length > 0);
    }
  });

  // Speed is a benchmark figure (npm run bench:scan times this file; bench:hostile a long line), not a test limit.
  it('finds exactly the planted keys of a 10,000-line source file', () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      if (i % 1000 === 0) lines.push(`SPECTROCLOUD_APIKEY=${KEY_A}`);
      else if (i % 7 === 0) lines.push(`  const apiKey${i} = process.env.PALETTE_API_KEY ?? config.get('spectrocloud.apiKey');`);
      else if (i % 11 === 0) lines.push(`  hash: "9e107d9d372bb6826bd81d3542a419d6", id: "123e4567-e89b-12d3-a456-426614174000",`);
      else lines.push(`  export function handler${i}(request: Request): Response { return respond(request, ${i}); }`);
    }
    const text = lines.join('\n');
    const findings = scanText(text, { fileName: 'big.ts', minConfidence: 'low' });
    assert.deepEqual(findings.map((finding) => finding.line), [1, 1001, 2001, 3001, 4001, 5001, 6001, 7001, 8001, 9001]);
  });

  it('copes with a 1,000,000-character line', () => {
    const line = `var a="${'x1+'.repeat(150_000)}";headers={ApiKey:"${KEY_B}"};${'q'.repeat(500_000)}`;
    const text = `// spectrocloud client\n${line}\n`;
    assert.ok(line.length >= 950_000);
    const findings = scanText(text, { fileName: 'bundle.min.js' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].line, 2);
  });

  it('never puts a raw value in a finding', () => {
    const text = `SPECTROCLOUD_APIKEY=${KEY_A}\ncurl -H "ApiKey: ${KEY_B}" https://api.spectrocloud.com/v1/users/info\n`;
    const serialized = JSON.stringify(scanText(text, { fileName: 'run.sh', minConfidence: 'low' }));
    assert.ok(serialized.includes('FAKE…'));
    assert.ok(!serialized.includes(KEY_A) && !serialized.includes(KEY_B));
  });
});
