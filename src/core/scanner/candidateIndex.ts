import { ALNUM, TOKEN_GLUE } from './charClass';
import { KEY_LENGTH } from './keyCandidate';
import { OffsetList } from './offsetList';

/** Characters the run scan reads ahead of what was asked, so a stream of nearby questions rarely resumes it. */
const READ_AHEAD = 4096;
/** Starts stepped over from the last answer before a binary search is cheaper. */
const MAX_HINT_STEPS = 8;

/**
 * The 32-character alphanumeric runs of a text (a key is one), all of them and the standalone ones
 * (detectors' candidates), found in one scan from the text's start only as far as
 * detectors ask: a detector that stops at the findings limit early in a large file then pays for
 * the part it read, not for the whole text. One charCode loop (sampling one character in 32, as
 * `forEachRun` does) fills a typed array, without a callback per run: floods of tokens have one
 * every ~40 characters.
 */
export class CandidateIndex {
  /** Starts of every run of exactly 32, whatever its neighbours (known keys are matched wherever they are). */
  private readonly exact = new OffsetList();
  /** Starts of runs of exactly 32 that are standalone tokens: not glued to a longer word, path or base64/hex run. */
  private readonly standalone = new OffsetList();
  /**
   * The run scan's next sample. Every run that starts before `sample - KEY_LENGTH + 1` is recorded:
   * a longer-enough run starting there covers an earlier sample.
   */
  private sample = KEY_LENGTH - 1;
  /** End of the last run read: the scan never reads back past it. */
  private floor = 0;
  /** Index of the last answer: detectors ask about increasing offsets, so the next is usually at or after it. */
  private hint = 0;

  constructor(private readonly text: string) {}

  /** True when a standalone token starts in [offset, offset + distance]. */
  within(offset: number, distance: number): boolean {
    const last = offset + distance;
    if (this.sample < last + KEY_LENGTH) this.scanTo(last + KEY_LENGTH);
    const index = this.firstAtOrAfter(offset);
    this.hint = index;
    return index < this.standalone.length && this.standalone.items[index] <= last;
  }

  /**
   * Start of the first standalone token at or after `offset`, or the text's length when none is:
   * the scan reads on only until it finds one.
   */
  nextFrom(offset: number): number {
    for (;;) {
      const index = this.firstAtOrAfter(offset);
      if (index < this.standalone.length) {
        this.hint = index;
        return this.standalone.items[index];
      }
      if (this.sample >= this.text.length) return this.text.length;
      this.scanTo(Math.max(offset, this.sample) + KEY_LENGTH);
    }
  }

  /** True when the text holds at least `count` standalone tokens (reads only as far as it must). */
  hasAtLeast(count: number): boolean {
    while (this.standalone.length < count && this.sample < this.text.length) this.scanTo(this.sample + READ_AHEAD);
    return this.standalone.length >= count;
  }

  /** Every standalone token's start. */
  standaloneStarts(): Int32Array {
    this.scanTo(this.text.length);
    return this.standalone.view();
  }

  /** Every run of exactly 32's start, standalone or not. */
  exactStarts(): Int32Array {
    this.scanTo(this.text.length);
    return this.exact.view();
  }

  /** Gives the start arrays back for the next scan to reuse; the index must not be used after. */
  release(): void {
    this.exact.release();
    this.standalone.release();
  }

  /** Index of the first standalone start at or after `offset` (the count when none is). */
  private firstAtOrAfter(offset: number): number {
    const starts = this.standalone.items;
    const count = this.standalone.length;
    // Detectors ask about increasing offsets: step on from the last answer while that is short.
    let index = Math.min(this.hint, count);
    if (index === 0 || starts[index - 1] < offset) {
      for (let steps = 0; steps < MAX_HINT_STEPS && index < count && starts[index] < offset; steps++) index++;
      if (index === count || starts[index] >= offset) return index;
    }
    return this.standalone.firstAtOrAfter(offset);
  }

  /** Runs the scan on until its sample reaches `target` (and at least READ_AHEAD further), or the text ends. */
  private scanTo(target: number): void {
    const { text } = this;
    const n = text.length;
    const stop = Math.min(n, Math.max(target, this.sample + READ_AHEAD));
    let p = this.sample;
    let floor = this.floor;
    while (p < stop) {
      let code = text.charCodeAt(p);
      if (code >= 128 || ALNUM[code] === 0) {
        p += KEY_LENGTH;
        continue;
      }
      let start = p;
      while (start > floor) {
        code = text.charCodeAt(start - 1);
        if (code >= 128 || ALNUM[code] === 0) break;
        start--;
      }
      let end = p + 1;
      while (end < n) {
        code = text.charCodeAt(end);
        if (code >= 128 || ALNUM[code] === 0) break;
        end++;
      }
      if (end - start === KEY_LENGTH) {
        this.exact.push(start);
        if (standaloneAt(text, start, end)) this.standalone.push(start);
      }
      floor = end;
      // The next run starts at end + 1 at the earliest, so its 32nd character is at end + 32.
      p = end + KEY_LENGTH;
    }
    this.sample = p;
    this.floor = floor;
  }
}

/** True when the exact run [start, end) is not glued to a longer word, path or base64/hex run. */
function standaloneAt(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  return !(before < 128 && TOKEN_GLUE[before] === 1) && !(after < 128 && TOKEN_GLUE[after] === 1);
}
