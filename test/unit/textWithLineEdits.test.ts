import * as assert from 'node:assert/strict';
import { referenceEdits } from '../../src/host/scanner/envVarReplacement';
import { applyLineEdits, fixSourceOf } from '../../src/host/scanner/textWithLineEdits';

const KEY = 'FAKEKWgXbWV1MIzOtXV1WnlGN2L2CQdX';

describe('text with line edits (files rewritten on disk)', () => {
  it('splits lines at \\r\\n, \\r and \\n, as VS Code does, without their terminators', () => {
    const source = fixSourceOf('a.env', 'one\r\ntwo\rthree\nfour');
    assert.equal(source.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((line) => source.lineAt(line)), ['one', 'two', 'three', 'four']);
    assert.deepEqual(fixSourceOf('empty', '').lineCount, 1);
    assert.deepEqual(fixSourceOf('trailing', 'a\n').lineAt(1), '');
  });

  it('applies edits from the end backwards and keeps every line terminator as it was', () => {
    const text = 'a=1\r\nb=2\r\nc=3\r\n';
    const edited = applyLineEdits(text, [
      { line: 0, start: 2, end: 3, text: 'one' },
      { line: 2, start: 2, end: 3, text: 'three' },
      { line: 1, start: 0, endLine: 2, end: 0, text: '' },
    ]);
    assert.equal(edited, 'a=one\r\nc=three\r\n');
  });

  it('replaces a key in a CRLF .env with its reference, nothing else changed', () => {
    const text = `\uFEFF# deploy\r\nSPECTROCLOUD_APIKEY=${KEY}\r\nREGION=eu\r\n`;
    const source = fixSourceOf('/w/.env', text);
    const start = source.lineAt(1).indexOf(KEY);
    const edited = applyLineEdits(text, referenceEdits(source, [{ line: 1, start, end: start + KEY.length }]));
    assert.equal(edited, '\uFEFF# deploy\r\nSPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}\r\nREGION=eu\r\n');
  });
});
