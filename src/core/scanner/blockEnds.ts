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
 * Which blocks are open as one scan moves forward through the text. Blocks are opened (by their body
 * start) and asked about in text order, and each character is read at most once, so a file of
 * blocks that never close costs one pass however many there are.
 *
 * A block ends where `BlockEnds.end` says. The scan starts outside a string at the first block and,
 * whenever no block it follows is open, skips ahead to the next one and starts there afresh (outside
 * a string at depth 0, as that block's own scan does): text between blocks is never read, and a
 * block ends at the first `}` that brings the depth below the depth at its start. A block whose
 * start the scan meets inside a string (a header quoted in a description) is not followed: its end
 * comes from `BlockEnds`' tables, built once from the first such start.
 *
 * Only a `}` closes a block, so the scan reads nothing until a question needs it to pass one: blocks
 * opened meanwhile wait (`pending`), and when no `}` lies between the scan and the position asked
 * about, every block is still open there. Unclosed blocks are thus answered without reading them.
 */
export class OpenBlocks {
  /** Where the scan is: it has read the text before this position (and is in `depth` and `inString` there). */
  private scanned = 0;
  private depth = 0;
  private inString = false;
  /** The first `}` at or after the scan (the text's length when none), once looked for; the scan never moves back. */
  private nextClose = -1;
  /** How many blocks were opened: each block's place in the order they were opened. */
  private opened = 0;
  /** Blocks the scan follows, not closed yet, oldest first; `at`: the depth at their start (never decreasing). */
  private readonly followed = new BlockRecords();
  /** Blocks opened ahead of the scan, in order from `pendingFrom`; `at`: their body start. */
  private readonly pending = new BlockRecords();
  private pendingFrom = 0;
  /** Blocks not followed (their start is inside a string as the scan sees it); `at`: their end, from the tables. */
  private readonly strays = new BlockRecords();
  /** The furthest end among stray blocks. */
  private strayReach = -1;
  private tables: BlockEnds | undefined;

  /** `onClose(tag, end)` hears each block's end once the scan knows it (a stray block's when it reaches its start). */
  constructor(private readonly text: string, private readonly onClose?: (tag: number, end: number) => void) {}

  /** Opens the block whose body starts at `bodyStart`, at or after every block opened before; `tag` is what answers give back for it. */
  open(bodyStart: number, tag: number): void {
    const place = this.opened++;
    if (this.followed.size === 0 && this.pendingFrom === this.pending.size) this.startAt(bodyStart, tag, place);
    else this.pending.push(tag, bodyStart, place);
  }

  /** Reads the text up to `target` (exclusive): reaches the blocks opened before it, and closes those whose `}` it meets. */
  advanceTo(target: number): void {
    const { pending } = this;
    for (; this.pendingFrom < pending.size && pending.at[this.pendingFrom] <= target; this.pendingFrom++) {
      const bodyStart = pending.at[this.pendingFrom];
      this.read(bodyStart);
      this.reach(bodyStart, pending.tags[this.pendingFrom], pending.places[this.pendingFrom]);
    }
    if (this.pendingFrom === pending.size) this.pendingFrom = pending.size = 0;
    this.read(target);
  }

  /** True when a block opened so far is still open at `position`: its `}` is there or later, or never comes. */
  anyOpenAt(position: number): boolean {
    if (this.closeAhead(position)) this.advanceTo(position);
    return this.followed.size > 0 || this.pendingFrom < this.pending.size || this.strayReach >= position;
  }

  /**
   * True when a block stays open to the end of the text (the scan follows an open block and no `}`
   * lies ahead of it): every later position has a block open, whatever blocks are opened next.
   */
  openToTheEnd(): boolean {
    return this.followed.size > 0 && !this.closeAhead(this.text.length);
  }

  /**
   * Calls `each(tag)` for every block opened since the last call that is still open at `position`
   * (no block opened after it), in the order they were opened, then forgets them all.
   */
  takeOpenAt(position: number, each: (tag: number) => void): void {
    if (this.closeAhead(position)) this.advanceTo(position);
    const { followed, strays, pending } = this;
    // Followed and stray blocks were all opened before the pending ones.
    for (let next = 0, stray = 0; next < followed.size || stray < strays.size; ) {
      if (stray === strays.size || (next < followed.size && followed.places[next] < strays.places[stray])) each(followed.tags[next++]);
      else if (strays.at[stray] >= position) each(strays.tags[stray++]);
      else stray++;
    }
    // Pending blocks are open: no `}` lies between the scan and `position`.
    for (let next = this.pendingFrom; next < pending.size; next++) each(pending.tags[next]);
    followed.size = 0;
    strays.size = 0;
    pending.size = 0;
    this.pendingFrom = 0;
    this.strayReach = -1;
  }

  /** True when a `}` lies between the scan and `position`, which may close a block. */
  private closeAhead(position: number): boolean {
    if (this.nextClose < this.scanned) {
      const found = this.text.indexOf('}', this.scanned);
      this.nextClose = found < 0 ? this.text.length : found;
    }
    return this.nextClose < position;
  }

  /** Takes the block at `bodyStart`, which the scan has just read up to. */
  private reach(bodyStart: number, tag: number, place: number): void {
    if (this.followed.size === 0) this.startAt(bodyStart, tag, place);
    else if (!this.inString && this.scanned === bodyStart) this.followed.push(tag, this.depth, place);
    else {
      // Inside a string, or skipped by an escape: this scan is not in the state the block's own scan starts in.
      const end = (this.tables ??= new BlockEnds(this.text, bodyStart)).end(bodyStart);
      this.strays.push(tag, end, place);
      this.strayReach = Math.max(this.strayReach, end);
      this.onClose?.(tag, end);
    }
  }

  /** Starts the scan afresh at a block's body start, as that block's own scan starts. */
  private startAt(bodyStart: number, tag: number, place: number): void {
    this.scanned = bodyStart;
    this.depth = 0;
    this.inString = false;
    this.followed.push(tag, 0, place);
  }

  /** Reads the text before `target`, closing followed blocks; with none left there is nothing to read for. */
  private read(target: number): void {
    const { text, followed } = this;
    const stop = Math.min(target, text.length);
    let i = this.scanned;
    let depth = this.depth;
    let inString = this.inString;
    for (; i < stop && followed.size > 0; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        // A backslash skips the next character (which is then inside the string).
        if (c === 92 /* \ */) i++;
        else if (c === 34 /* " */) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 /* { */) depth++;
      else if (c === 125 /* } */ && followed.at[followed.size - 1] > --depth) this.closeAbove(depth, i);
    }
    this.scanned = Math.max(i, target);
    this.depth = depth;
    this.inString = inString;
  }

  /** Closes the followed blocks that started deeper than `depth`, at the `}` at `end`. */
  private closeAbove(depth: number, end: number): void {
    const { followed } = this;
    while (followed.size > 0 && followed.at[followed.size - 1] > depth) {
      followed.size--;
      this.onClose?.(followed.tags[followed.size], end);
    }
  }
}

/**
 * Blocks as parallel typed arrays (a file of blocks that never close holds one per header, and
 * growing typed arrays costs a fraction of growing plain ones): each block's tag, a position or
 * depth (`at`, whose meaning the owner gives) and its place in the order blocks were opened.
 */
class BlockRecords {
  size = 0;
  tags: Int32Array = new Int32Array(16);
  at: Int32Array = new Int32Array(16);
  places: Int32Array = new Int32Array(16);

  push(tag: number, at: number, place: number): void {
    if (this.size === this.tags.length) {
      this.tags = grown(this.tags);
      this.at = grown(this.at);
      this.places = grown(this.places);
    }
    this.tags[this.size] = tag;
    this.at[this.size] = at;
    this.places[this.size] = place;
    this.size++;
  }
}

function grown(values: Int32Array): Int32Array {
  const larger = new Int32Array(values.length * 2);
  larger.set(values);
  return larger;
}
