import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fingerprintKeyValue } from '../../src/core/scanner/fingerprint';
import { createKnownKeyIndex } from '../../src/core/scanner/knownKeyIndex';
import { scanText } from '../../src/core/scanner/scanText';
import { IGNORE_FILE_NAME, parseIgnoreFile } from '../../src/core/scanner/suppression';
import type { Confidence } from '../../src/core/scanner/types';

// Compiled to out/test/unit (or another outDir); the fixtures stay in the source tree.
const FIXTURES = [path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'scanner'), path.resolve('test', 'fixtures', 'scanner')].find(
  (candidate) => existsSync(candidate),
) as string;
const CASE_FILES = new Set(['expected.json', 'options.json', IGNORE_FILE_NAME]);
const HMAC_SECRET = 'fixture-installation-secret';
/**
 * `UPDATE_FIXTURES=1 npm run test:unit` rewrites each `ng.*` case's expected.json from the scanner's
 * output (like secretlint's `UPDATE_SNAPSHOT=1`); review the diff before committing it. Update mode
 * still fails an `ok.*` case with findings and an `ng.*` case without any.
 */
const UPDATE = process.env.UPDATE_FIXTURES === '1';

interface CaseOptions {
  readonly minConfidence?: Confidence;
  readonly knownKeys?: readonly { readonly id: string; readonly value: string }[];
}

function inputFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return inputFiles(dir, relative);
    return prefix === '' && CASE_FILES.has(entry.name) ? [] : [relative];
  });
}

describe('scanner fixtures (ok.* must find nothing, ng.* must match expected.json)', () => {
  const cases = readdirSync(FIXTURES).filter((name) => /^(ok|ng)\./.test(name)).sort();

  it('has both kinds of cases', () => {
    assert.ok(cases.filter((name) => name.startsWith('ok.')).length >= 10);
    assert.ok(cases.filter((name) => name.startsWith('ng.')).length >= 15);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = path.join(FIXTURES, name);
      const optionsFile = path.join(dir, 'options.json');
      const options: CaseOptions = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as CaseOptions) : {};
      const ignoreFile = path.join(dir, IGNORE_FILE_NAME);
      const knownKeys = options.knownKeys
        ? createKnownKeyIndex(HMAC_SECRET, options.knownKeys.map((key) => ({ id: key.id, fingerprint: fingerprintKeyValue(HMAC_SECRET, key.value) })))
        : undefined;

      const actual = inputFiles(dir).flatMap((file) => {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const findings = scanText(text, {
          fileName: file,
          knownKeys,
          minConfidence: options.minConfidence,
          ignoredFingerprints: existsSync(ignoreFile) ? parseIgnoreFile(readFileSync(ignoreFile, 'utf8')) : undefined,
        });
        return findings.map((finding) => {
          // No finding may carry the raw value it reports.
          const raw = finding.encoding === 'plain' ? text.slice(finding.start, finding.end) : undefined;
          if (raw !== undefined) assert.ok(!JSON.stringify(finding).includes(raw), `${file}: finding leaks its value`);
          return {
            file,
            line: finding.line,
            column: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
            ruleId: finding.ruleId,
            confidence: finding.confidence,
            masked: finding.masked,
            ...(finding.knownKeyId !== undefined ? { knownKeyId: finding.knownKeyId } : {}),
          };
        });
      });

      if (name.startsWith('ng.')) assert.ok(actual.length > 0 || !UPDATE, 'an ng case must produce findings');
      if (UPDATE && name.startsWith('ng.')) writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(actual, undefined, 2)}\n`);
      const expected: unknown[] = name.startsWith('ok.') ? [] : (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as unknown[]);
      if (name.startsWith('ng.')) assert.ok(expected.length > 0, 'an ng case expects findings');
      assert.deepEqual(actual, expected);
    });
  }
});
