import { OffsetList } from './offsetList';

/**
 * Offset -> 1-based line and column (UTF-16 code units). Line starts are found from the text's
 * start only as far as asked: a scan that stops at the findings limit early in a large file reads
 * the lines before its last finding, not all of them.
 */
export class LineIndex {
  /** Starts of the lines found so far; the first line starts at 0. */
  private readonly starts = new OffsetList();
  /** Every line break before this offset is recorded. */
  private readTo = 0;

  constructor(private readonly text: string) {
    this.starts.push(0);
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    this.readPast(offset);
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts.items[line] + 1 };
  }

  /** Text of the 1-based `line`, without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    if (start < 0) return '';
    const next = this.lineStart(line + 1);
    const end = next < 0 ? this.text.length : next - 1;
    // A trailing CR (CRLF) is dropped by a char test: a regex would search the whole line for it.
    const trimmed = end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    return this.text.slice(start, trimmed);
  }

  /** Offset where the 1-based `line` starts, or -1 when the text has fewer lines. */
  lineStart(line: number): number {
    const index = line - 1;
    if (index < 0) return -1;
    while (this.starts.length <= index && this.readTo <= this.text.length) this.readPast(this.readTo);
    return index < this.starts.length ? this.starts.items[index] : -1;
  }

  /** Gives the line starts' memory back for the next scan to reuse; the index must not be used after. */
  release(): void {
    this.starts.release();
  }

  /**
   * Records the line breaks up to and including the first one at or after `offset`. `indexOf`
   * finds line breaks fastest in ordinary text; runs of blank lines are taken one code unit at a
   * time, as a call per line costs far more than the line.
   */
  private readPast(offset: number): void {
    const { text } = this;
    while (this.readTo <= offset && this.readTo <= text.length) {
      let lineBreak = text.indexOf('\n', this.readTo);
      if (lineBreak < 0) {
        this.readTo = text.length + 1;
        return;
      }
      this.starts.push(lineBreak + 1);
      while (text.charCodeAt(lineBreak + 1) === 10) this.starts.push(++lineBreak + 1);
      this.readTo = lineBreak + 1;
    }
  }

  /** Index of the line holding `offset`: the last start at or before it (the first line starts at 0). */
  private lineOf(offset: number): number {
    return this.starts.firstAtOrAfter(offset + 1) - 1;
  }
}
