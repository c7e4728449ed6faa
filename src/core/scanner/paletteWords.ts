/** `spectro` or `palette` in any case: every Palette mention (`PALETTE_MENTION`) starts with one. */
const WORDS = /spectro|palette/gi;
/** Both words are this long. */
const WORD_LENGTH = 7;

/**
 * Where the next `spectro` or `palette` starts, for windows asked about in increasing order: a cheap
 * test before running `PALETTE_MENTION` over a window (a slice and a case-insensitive regex per line
 * add up over a million lines). The search resumes only when a window starts past the word last
 * found, so the text is searched about once in all. Neither word overlaps itself or the other, so
 * the first match after any position is the first word there.
 */
export class PaletteWords {
  /** The first word at or after the last window's start (the text's length when none). */
  private next = -1;

  constructor(private readonly text: string) {}

  /** True when a word starts in [from, to); `from` never decreases from one call to the next. */
  startsWithin(from: number, to: number): boolean {
    if (this.next < from) {
      WORDS.lastIndex = from;
      this.next = WORDS.test(this.text) ? WORDS.lastIndex - WORD_LENGTH : this.text.length;
    }
    return this.next < to;
  }
}
