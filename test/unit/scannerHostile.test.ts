import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlockEnds, OpenBlocks } from '../../src/core/scanner/blockEnds';
import { FileScanner } from '../../src/core/scanner/files/fileScanner';
import { MAX_FINDINGS_PER_FILE, ScanBudgetExceeded } from '../../src/core/scanner/scanLimits';
import { scanText, scanTextOutcome } from '../../src/core/scanner/scanText';
import { readIgnoreFile } from '../../src/core/scanner/files/ignoreFileReader';
import { MAX_IGNORE_FILE_BYTES, parseIgnoreFile } from '../../src/core/scanner/suppression';
import { fakeKeys, HOSTILE_IGNORE_FILES, HOSTILE_SHAPES } from './support/hostileInputs';

/**
 * Linearity without flaky timing: each input is scanned at two sizes 8x apart (128 K and 1 M
 * characters: smaller inputs fit the CPU caches and would flatter the small size), and the ratio of
 * the CPU time each takes (best of several runs, after a warm-up) must stay under 4x what linear
 * time gives (32): large inputs pay more per character for memory (a 1 M input's typed arrays fault
 * in fresh pages and miss the caches), which alone reached 26. Quadratic work gives 64 or more, so
 * the test fails for the reason it exists.
 * CPU time, not wall time: on a loaded machine a 100 ms scan waits for the CPU many times while a
 * 1 ms scan rarely does, which would stretch the large size alone.
 */
const SMALL = 128 * 1024;
const LARGE = 8 * SMALL;
const LINEAR_RATIO_LIMIT = 32;
/** Below this a small-size time is mostly timer and GC noise; it is the floor of the ratio's denominator. */
const NOISE_FLOOR_MS = 2;

/** The least CPU time (user + system, ms) of `runs` runs. */
function bestOf(runs: number, run: () => void): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function assertLinear(label: string, build: (size: number) => () => void): void {
  const small = bestOf(4, build(SMALL));
  const large = bestOf(2, build(LARGE));
  const ratio = large / Math.max(small, NOISE_FLOOR_MS);
  assert.ok(ratio < LINEAR_RATIO_LIMIT, `${label}: ${SMALL} chars took ${small.toFixed(2)} ms, ${LARGE} chars ${large.toFixed(2)} ms (x${ratio.toFixed(1)}; linear is x8)`);
}

describe('scanner: hostile inputs take linear time', function () {
  this.timeout(120_000);

  for (const shape of HOSTILE_SHAPES) {
    it(`${shape.name}: ${shape.description}`, () => {
      assertLinear(shape.name, (size) => {
        const input = shape.build(size);
        return () => scanText(input.text, { fileName: input.fileName, minConfidence: 'low', includeSuppressed: true });
      });
    });
  }

  for (const ignoreFile of HOSTILE_IGNORE_FILES) {
    it(`parses an ignore file of ${ignoreFile.name}`, () => {
      assertLinear(ignoreFile.name, (size) => {
        const text = ignoreFile.build(size);
        return () => parseIgnoreFile(text);
      });
    });
  }

  it('still finds the keys in the shapes that hold findable ones', () => {
    const expectFindings = ['unclosed provider blocks', 'apiKey URLs on one line', 'ApiKey header objects on one line', 'SPECTROCLOUD_APIKEY assignments on one line',
      'unclosed variable blocks', 'provider blocks on one line', 'unbalanced quotes', 'curl headers on one line', 'SDK calls on one line', 'generic names flood',
      'base64 Secret values on one line', 'huge base64', 'deeply nested blocks', 'long line of code', 'anchor flood'];
    for (const name of expectFindings) {
      const shape = HOSTILE_SHAPES.find((candidate) => candidate.name === name);
      assert.ok(shape, name);
      const input = shape.build(SMALL);
      assert.ok(scanText(input.text, { fileName: input.fileName, minConfidence: 'low' }).length > 0, `${name}: no finding`);
    }
  });
});

describe('scanner: limits', () => {
  it(`stops at ${MAX_FINDINGS_PER_FILE} findings a file and says the list is cut short`, () => {
    const key = fakeKeys(7);
    const lines = Array.from({ length: 3000 }, () => `SPECTROCLOUD_APIKEY=${key()}`).join('\n');
    const outcome = scanTextOutcome(lines, { fileName: 'many.env' });
    assert.equal(outcome.findings.length, MAX_FINDINGS_PER_FILE);
    assert.equal(outcome.truncated, true);
    // The findings kept are the first in the file, in order.
    assert.equal(outcome.findings[0].line, 1);
    const few = scanTextOutcome(lines.split('\n').slice(0, 10).join('\n'), { fileName: 'few.env' });
    assert.deepEqual([few.findings.length, few.truncated], [10, false]);
  });

  it('throws ScanBudgetExceeded past the deadline, and a file scanner reports the file skipped (time-budget)', () => {
    const input = HOSTILE_SHAPES[0].build(SMALL);
    assert.throws(() => scanTextOutcome(input.text, { fileName: input.fileName, deadline: performance.now() - 1 }), ScanBudgetExceeded);
    const dir = mkdtempSync(path.join(tmpdir(), 'palette-budget-'));
    try {
      const file = path.join(dir, 'main.tf');
      writeFileSync(file, input.text);
      assert.deepEqual(new FileScanner({ timeBudgetMs: -1 }).scanFile(file), { path: file, status: 'skipped', reason: 'time-budget' });
      const scanned = new FileScanner({ timeBudgetMs: 60_000 }).scanFile(file);
      assert.ok(scanned.status === 'scanned' && scanned.findings.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ignore file reader', () => {
  it(`reads an ignore file up to ${MAX_IGNORE_FILE_BYTES} bytes, and not at all past that`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'palette-ignore-'));
    try {
      const entry = 'pk1:0123456789abcdef0123456789abcdef # a fixture\r\n';
      const small = path.join(dir, 'small');
      writeFileSync(small, `# comment\n${entry}`);
      const read = readIgnoreFile(small);
      assert.ok(read.kind === 'fingerprints');
      assert.deepEqual([...read.fingerprints], ['pk1:0123456789abcdef0123456789abcdef']);
      const large = path.join(dir, 'large');
      writeFileSync(large, `${entry}${'#'.repeat(MAX_IGNORE_FILE_BYTES)}`);
      assert.deepEqual(readIgnoreFile(large), { kind: 'too-large', bytes: MAX_IGNORE_FILE_BYTES + entry.length });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('BlockEnds', () => {
  /** The forward scan BlockEnds replaces: quadratic over many blocks, exact by definition. */
  function forwardEnd(text: string, bodyStart: number): number {
    let depth = 1;
    let inString = false;
    for (let i = bodyStart; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i;
    }
    return text.length;
  }

  it('answers exactly as a forward scan from each start, strings, escapes and unclosed blocks included', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['{', '}', '"', '\\', 'a', ' ', '\n'];
    for (let round = 0; round < 300; round++) {
      const length = 1 + random(60);
      const text = Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
      const from = random(length + 1);
      const ends = new BlockEnds(text, from);
      for (let start = from; start <= length; start++) assert.equal(ends.end(start), forwardEnd(text, start), `${JSON.stringify(text)} from ${start}`);
    }
  });

  it('OpenBlocks closes every block where the forward scan does, for any sorted starts, in one pass or from the tables', () => {
    // Each block's end as OpenBlocks reports it, opened all at once and read to the text's end.
    const blockEndsFor = (text: string, starts: readonly number[]): number[] => {
      const ends = starts.map(() => text.length);
      const blocks = new OpenBlocks(text, (index, end) => (ends[index] = end));
      starts.forEach((start, index) => blocks.open(start, index));
      blocks.advanceTo(text.length);
      return ends;
    };
    let seed = 54321;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['{', '{', '}', '}', '"', '\\', 'a', ' '];
    for (let round = 0; round < 2000; round++) {
      const length = 1 + random(40);
      const text = Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
      const starts = Array.from({ length: 1 + random(6) }, () => random(length + 1)).sort((a, b) => a - b);
      assert.deepEqual(blockEndsFor(text, starts), starts.map((start) => forwardEnd(text, start)), `${JSON.stringify(text)} from ${starts.join(',')}`);
    }
  });

  it('OpenBlocks says which blocks are open as the forward scan from each start does, with questions between the starts', () => {
    let seed = 98765;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      // The high bits: the low ones of this generator repeat with a short period (the low bit alternates).
      return (seed >>> 16) % n;
    };
    const alphabet = ['{', '{', '}', '}', '"', '\\', 'a', ' '];
    for (let round = 0; round < 3000; round++) {
      const length = 1 + random(40);
      const text = Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
      // Starts and questions in text order; a question right at a start comes after it.
      const events = Array.from({ length: 1 + random(10) }, () => ({ at: random(length + 1), open: random(2) === 0 }))
        .sort((a, b) => a.at - b.at || Number(b.open) - Number(a.open));
      const label = `${JSON.stringify(text)}: ${events.map((event) => `${event.open ? 'open' : 'ask'} ${event.at}`).join(', ')}`;
      const any = new OpenBlocks(text);
      const taken = new OpenBlocks(text);
      const opened: number[] = [];
      let sinceTaken: number[] = [];
      for (const event of events) {
        if (event.open) {
          any.open(event.at, opened.length);
          taken.open(event.at, opened.length);
          opened.push(event.at);
          sinceTaken.push(opened.length - 1);
          continue;
        }
        const openAt = (index: number): boolean => forwardEnd(text, opened[index]) >= event.at;
        assert.equal(any.anyOpenAt(event.at), opened.some((_, index) => openAt(index)), `${label}: any open at ${event.at}`);
        if (any.openToTheEnd()) assert.ok(opened.some((start) => forwardEnd(text, start) === text.length), `${label}: open to the end after ${event.at}`);
        const tags: number[] = [];
        taken.takeOpenAt(event.at, (tag) => tags.push(tag));
        assert.deepEqual(tags, sinceTaken.filter(openAt), `${label}: taken at ${event.at}`);
        sinceTaken = [];
      }
    }
  });
});
