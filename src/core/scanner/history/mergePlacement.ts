import type { HistorySighting, HistorySkip } from './historyFinding';

/** What one merge's own diff held: its sightings (their `commitIndex` not yet known) and its skipped files. */
export interface MergeDiff {
  readonly sightings: readonly HistorySighting[];
  readonly skipped: readonly HistorySkip[];
}

/**
 * Merges' combined diffs (`--cc`) are read by a git process of their own, beside the log of every
 * commit (which prints merges without a diff): combined diffs are the costliest part of a log, and two
 * processes use both cores. This class gives each merge's sightings the place of that merge in the
 * log (`commitIndex`), which the finding collector orders by, whichever process gets there first.
 * Both logs list merges in the same order, so neither side waits for long: memory holds the merges one
 * side has passed and the other not yet. A merge the log never lists (past `--max-count`) is dropped.
 */
export class MergePlacement {
  /** Merges the log has passed whose diff has not come yet, with their place. */
  private readonly places = new Map<string, number>();
  /** Diffs of merges the log has not reached yet. */
  private readonly waiting = new Map<string, MergeDiff>();

  constructor(private readonly place: (diff: MergeDiff, commitIndex: number) => void) {}

  /** The log reached merge `id`, the `commitIndex`-th commit of the walk. */
  inLog(id: string, commitIndex: number): void {
    const diff = this.waiting.get(id);
    if (diff === undefined) {
      this.places.set(id, commitIndex);
      return;
    }
    this.waiting.delete(id);
    this.place(diff, commitIndex);
  }

  /** The merges' own log finished reading merge `id`. */
  diffed(id: string, diff: MergeDiff): void {
    const commitIndex = this.places.get(id);
    if (commitIndex === undefined) {
      // Kept even when empty, so that the log's arrival there finds it and leaves nothing behind.
      this.waiting.set(id, diff);
      return;
    }
    this.places.delete(id);
    this.place(diff, commitIndex);
  }
}
