/** Offsets a list holds before it first grows. */
const INITIAL_CAPACITY = 256;
/** Arrays kept for reuse: a scan holds a few lists at once (candidates, line starts, a nested base64 scan's). */
const MAX_SPARES = 4;

/**
 * Arrays given back by finished scans, lent to the next ones. Fresh memory is expensive where page
 * faults are (a VM): a flood of tokens or lines fills a 100+ KB array, and allocating and growing it
 * anew per scan cost more than finding what it holds.
 */
const spares: Int32Array[] = [];

/**
 * A growable list of text offsets in a typed array: no boxed numbers, no large-object garbage per
 * growth, and its memory lent to the next scan on `release`.
 */
export class OffsetList {
  items: Int32Array = new Int32Array(INITIAL_CAPACITY);
  length = 0;

  push(offset: number): void {
    if (this.length === this.items.length) this.grow();
    this.items[this.length++] = offset;
  }

  /** Index of the first offset at or after `offset` (the length when none is); the list must be in increasing order. */
  firstAtOrAfter(offset: number): number {
    const { items } = this;
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (items[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The list as a view (valid until the next push). */
  view(): Int32Array {
    return this.items.subarray(0, this.length);
  }

  /** Gives the memory back for the next scan to reuse; the list is empty after. */
  release(): void {
    if (this.items.length > INITIAL_CAPACITY) {
      spares.push(this.items);
      if (spares.length > MAX_SPARES) {
        spares.sort((a, b) => b.length - a.length);
        spares.pop();
      }
    }
    this.items = new Int32Array(0);
    this.length = 0;
  }

  /** Moves the offsets to a spare larger array when there is one, else to one twice the size. */
  private grow(): void {
    const current = this.items;
    let index = -1;
    for (let i = 0; i < spares.length; i++) if (spares[i].length > current.length && (index < 0 || spares[i].length > spares[index].length)) index = i;
    const next = index >= 0 ? spares.splice(index, 1)[0] : new Int32Array(Math.max(INITIAL_CAPACITY, current.length * 2));
    next.set(current.subarray(0, this.length));
    this.items = next;
  }
}
