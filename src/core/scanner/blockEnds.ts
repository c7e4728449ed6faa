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

/**
 * `BlockEnds.end` for each of `starts` (sorted ascending), in one forward pass with no table: one
 * scan from the first start, outside a string, reaches every later start in the state a scan from
 * that start begins in (outside a string) unless the start lies inside one of its strings, so each
 * block ends at the first `}` that brings the depth below the depth at its start. A start inside a
 * string (a header quoted in a description) falls back to `BlockEnds`' two tables.
 */
export function blockEndsFor(text: string, starts: readonly number[]): number[] {
  const n = text.length;
  const ends = starts.map(() => n);
  if (starts.length === 0) return ends;
  /** Blocks not closed yet (indexes into `starts`) and the depth each started at: depths never decrease up the stack. */
  const open: number[] = [];
  const openDepth: number[] = [];
  let depth = 0;
  let inString = false;
  let next = 0;
  for (let i = starts[0]; i < n && (next < starts.length || open.length > 0); i++) {
    for (; next < starts.length && starts[next] <= i; next++) {
      // A start skipped by an escape, or inside a string, is not where this scan is outside one.
      if (inString || starts[next] < i) return fromTables(text, starts);
      open.push(next);
      openDepth.push(depth);
    }
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      while (open.length > 0 && openDepth[openDepth.length - 1] > depth) {
        ends[open.pop() as number] = i;
        openDepth.pop();
      }
    }
  }
  return ends;
}

function fromTables(text: string, starts: readonly number[]): number[] {
  const tables = new BlockEnds(text, starts[0]);
  return starts.map((start) => tables.end(start));
}
