// forEachByteRun finds long runs by reading windows backwards and skipping past the first byte
// outside the class; it must report exactly the maximal runs a plain left-to-right reading finds.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ALNUM, BASE64 } from '../../src/core/scanner/charClass';
import { forEachByteRun, inByteClass } from '../../src/core/scanner/tokenRuns';
import { fuzzParameters } from './support/fuzz';

/** Every maximal run of class bytes at least `minLength` long, read one byte at a time. */
function runsReadPlainly(bytes: Uint8Array, classTable: Uint8Array, minLength: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const inRun = i < bytes.length && inByteClass(classTable, bytes[i]);
    if (inRun && start < 0) start = i;
    if (!inRun && start >= 0) {
      if (i - start >= minLength) runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

function runsFound(bytes: Uint8Array, classTable: Uint8Array, minLength: number, stopAfter = Infinity): [number, number][] {
  const runs: [number, number][] = [];
  forEachByteRun(bytes, classTable, minLength, (start, end) => {
    runs.push([start, end]);
    return runs.length < stopAfter;
  });
  return runs;
}

describe('forEachByteRun', () => {
  // Letters, digits, base64's + and /, separators and a UTF-8 sequence: runs of every length, broken anywhere.
  const byte = fc.constantFrom(...Buffer.from('aZ09+/ -_.\n'), ...Buffer.from('é'));
  const text = fc.array(fc.oneof(byte, fc.constantFrom(...Buffer.from('kQ7'))), { maxLength: 300 }).map((codes) => Uint8Array.from(codes));

  it('reports exactly the maximal runs of the minimum length or more, in order', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 40 }), fc.constantFrom(ALNUM, BASE64), (bytes, minLength, classTable) => {
      assert.deepEqual(runsFound(bytes, classTable, minLength), runsReadPlainly(bytes, classTable, minLength));
    }), fuzzParameters(3000));
  });

  it('stops when asked', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }), (bytes, minLength, stopAfter) => {
      assert.deepEqual(runsFound(bytes, BASE64, minLength, stopAfter), runsReadPlainly(bytes, BASE64, minLength).slice(0, stopAfter));
    }), fuzzParameters(1000));
  });

  it('finds a run of exactly the minimum length at the start, the end, and filling the text', () => {
    const run = Buffer.from('a'.repeat(32));
    assert.deepEqual(runsFound(Buffer.concat([run, Buffer.from(' x')]), ALNUM, 32), [[0, 32]]);
    assert.deepEqual(runsFound(Buffer.concat([Buffer.from('x '), run]), ALNUM, 32), [[2, 34]]);
    assert.deepEqual(runsFound(run, ALNUM, 32), [[0, 32]]);
    assert.deepEqual(runsFound(run.subarray(1), ALNUM, 32), []);
  });
});
