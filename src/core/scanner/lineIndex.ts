/** Offset -> 1-based line and column (UTF-16 code units), built once per text on first use. */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(private readonly text: string) {
    // Two passes (count, then fill a typed array): growing a plain array by millions of entries
    // costs more than finding them. `indexOf` finds line breaks fastest in ordinary text; runs of
    // blank lines are taken one code unit at a time, as a call per line costs far more than the line.
    let count = 1;
    forEachLineBreak(text, () => count++);
    const starts = new Uint32Array(count);
    let line = 1;
    forEachLineBreak(text, (offset) => (starts[line++] = offset + 1));
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

function forEachLineBreak(text: string, onBreak: (offset: number) => void): void {
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    onBreak(i);
    while (text.charCodeAt(i + 1) === 10) onBreak(++i);
  }
}
