/** Offset -> 1-based line and column (UTF-16 code units), built once per text on first use. */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(private readonly text: string) {
    // Two plain passes (count, then fill): an `indexOf` call per line costs far more than the line
    // on newline-dense text (50 MB of blank lines is 50 million lines).
    let count = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
    const starts = new Uint32Array(count);
    let line = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts[line++] = i + 1;
    this.starts = starts;
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }

  /** Text of the 1-based `line`, without its line break. */
  lineText(line: number): string {
    const index = line - 1;
    if (index < 0 || index >= this.starts.length) return '';
    const end = index + 1 < this.starts.length ? this.starts[index + 1] - 1 : this.text.length;
    // A trailing CR (CRLF) is dropped by a char test: a regex would search the whole line for it.
    const trimmed = end > this.starts[index] && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    return this.text.slice(this.starts[index], trimmed);
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
