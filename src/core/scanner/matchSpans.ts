/**
 * Non-overlapping spans of one text, added in order, answering "is one wholly inside [from, to)?"
 * by binary search. Detectors find such words once per text instead of searching a window around
 * every candidate, which keeps floods of candidates linear.
 */
export class MatchSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Adds a span; spans are added in increasing order of `start` and never overlap. */
  add(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }

  within(from: number, to: number): boolean {
    const { starts } = this;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < starts.length && this.ends[low] <= to;
  }
}
