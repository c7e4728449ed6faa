/** Characters searched past a window's end, so that the windows after it are answered from the same search. */
const SEARCH_AHEAD = 4096;

/**
 * The matches of a pattern in one text, answering "does one lie wholly inside [from, to)?" for many
 * windows (the text around each of thousands of values) without a search per window or a list of
 * every match: it remembers the first match of the stretch it searched last, and searches again
 * only when a window leaves that stretch or starts past that match. Windows that move forward
 * through the text (as detectors ask) read each character about once, and none far past the last
 * window: a text with one mention at its top is not searched to its end for the second window.
 *
 * No match of the pattern may hold the start of another, and the pattern must have no lookaround
 * (Palette mentions all start with `spectro` or `palette` and hold neither past their first
 * character): then the matches wholly inside a stretch are the text's matches there, and the first
 * match starting in a window is the one that decides (a later one ends later).
 */
export class MatchWindows {
  private readonly pattern: RegExp;
  /** The stretch searched last: [stretchFrom, stretchTo); empty before the first search. */
  private stretchFrom = 0;
  private stretchTo = 0;
  /** Its first match (start -1: none lies wholly inside it). */
  private matchStart = -1;
  private matchEnd = -1;

  /**
   * `endOf` is where a match ends for this question: by default its last character, shorter when a
   * match's longer form is optional (a window may cut it to the short form).
   */
  constructor(
    private readonly text: string,
    pattern: RegExp,
    private readonly endOf: (match: RegExpExecArray) => number = (match) => match.index + match[0].length,
  ) {
    this.pattern = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  }

  /** True when a match lies wholly inside [from, to). */
  within(from: number, to: number): boolean {
    const known = from >= this.stretchFrom && to <= this.stretchTo && (this.matchStart < 0 || this.matchStart >= from);
    if (!known) this.search(from, Math.min(this.text.length, Math.max(to, from + SEARCH_AHEAD)));
    return this.matchStart >= 0 && this.matchEnd <= to;
  }

  private search(from: number, to: number): void {
    const match = this.pattern.exec(this.text.slice(from, to));
    this.stretchFrom = from;
    this.stretchTo = to;
    if (match === null) {
      this.matchStart = -1;
      return;
    }
    this.matchStart = from + match.index;
    this.matchEnd = from + this.endOf(match);
  }
}
