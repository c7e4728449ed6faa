/**
 * Where HCL-like blocks end, for any number of block starts, in one backward pass over the text.
 *
 * `end(bodyStart)` answers exactly what scanning forward from `bodyStart` would: count `{` and `}`
 * outside `"` strings (a backslash escapes the next character in a string), starting outside a
 * string at depth 1, and stop at the `}` that brings the depth to 0 (or at the end of the text).
 * Scanning forward per block is quadratic when blocks never close (each scan runs to the end of the
 * file); here each position is visited once.
 *
 * How: `closeOut[i]` is where a scan that is outside a string at `i` meets a `}` it did not open,
 * `closeIn[i]` the same for a scan inside a string at `i`. Both follow from positions after `i`: a
 * `{` at `i` jumps over its own block (`closeOut[i + 1]`) and continues after its `}`.
 */
export class BlockEnds {
  private readonly closeOut: Int32Array;

  /** Answers queries for body starts at `from` or later. */
  constructor(private readonly text: string, private readonly from: number) {
    const n = text.length;
    const size = n - from + 2;
    const closeOut = new Int32Array(size);
    const closeIn = new Int32Array(size);
    // Index k stands for text position from + k; position n (and n + 1) means "never closes".
    closeOut[n - from] = n;
    closeIn[n - from] = n;
    closeOut[n - from + 1] = n;
    closeIn[n - from + 1] = n;
    for (let i = n - 1; i >= from; i--) {
      const k = i - from;
      const c = text.charCodeAt(i);
      // Inside a string: a backslash skips the next character (which is then inside the string).
      closeIn[k] = c === 92 /* \ */ ? closeIn[k + 2] : c === 34 /* " */ ? closeOut[k + 1] : closeIn[k + 1];
      if (c === 34) closeOut[k] = closeIn[k + 1];
      else if (c === 125 /* } */) closeOut[k] = i;
      else if (c === 123 /* { */) {
        const own = closeOut[k + 1];
        closeOut[k] = own >= n ? n : closeOut[own + 1 - from];
      } else closeOut[k] = closeOut[k + 1];
    }
    this.closeOut = closeOut;
  }

  /** Offset of the `}` closing the block whose body starts at `bodyStart`, or the text's length. */
  end(bodyStart: number): number {
    if (bodyStart < this.from) throw new RangeError(`block ends were computed from ${this.from}, not ${bodyStart}`);
    return this.closeOut[Math.min(bodyStart, this.text.length) - this.from];
  }
}
