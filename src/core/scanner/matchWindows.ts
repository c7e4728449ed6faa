/**
 * The matches of a pattern in one text, answering "does one lie wholly inside [from, to)?" for many
 * windows (the text before or around each of thousands of names or values) without a search per
 * window or a list of every match: it remembers the first match at or after the last place it
 * searched from, and searches again only when a window starts past that match. Windows that move
 * forward through the text (as detectors ask) read each character about once.
 *
 * No match of the pattern may hold the start of another (Palette mentions all start with `spectro`
 * or `palette` and hold neither past their first character): then a search from any offset finds
 * the matches a search from the text's start does, and the first match starting in a window is the
 * one that decides (a later one ends later).
 */
export class MatchWindows {
  private readonly pattern: RegExp;
  /** The search started here; -1 before the first. */
  private searchedFrom = -1;
  /** The first match at or after `searchedFrom` (start -1: none). */
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
    this.pattern = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  }

  /** True when a match lies wholly inside [from, to). */
  within(from: number, to: number): boolean {
    const known = this.searchedFrom >= 0 && from >= this.searchedFrom && (this.matchStart < 0 || this.matchStart >= from);
    if (!known) this.searchFrom(from);
    return this.matchStart >= 0 && this.matchEnd <= to;
  }

  private searchFrom(from: number): void {
    this.pattern.lastIndex = from;
    const match = this.pattern.exec(this.text);
    this.searchedFrom = from;
    this.matchStart = match === null ? -1 : match.index;
    this.matchEnd = match === null ? -1 : this.endOf(match);
  }
}
