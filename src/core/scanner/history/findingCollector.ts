import { MAX_COMMITS_PER_FINDING, type HistoryFinding, type HistorySighting } from './historyFinding';

/** A commit that added a finding's value, with its place in the walk (0: the newest). */
interface Addition {
  readonly commit: string;
  readonly commitIndex: number;
}

/** A finding while sightings arrive: the oldest sighting so far, and the commits seen. */
interface PendingFinding {
  oldest: HistorySighting;
  valueHash: string | undefined;
  occurrences: number;
  /** The newest `MAX_COMMITS_PER_FINDING` commits that added the value. */
  additions: Addition[];
}

/**
 * Merges sightings into one finding per fingerprint, source and file, at the oldest commit that
 * added the value (the introducing commit). Sightings may arrive in any order: each carries its
 * commit's place in the walk (`commitIndex`), because merges' diffs come from a git process of their
 * own, beside the log of every other commit.
 */
export class FindingCollector {
  private readonly byKey = new Map<string, PendingFinding>();

  add(sighting: HistorySighting): void {
    const key = `${sighting.fingerprint}\u0000${sighting.source}\u0000${sighting.file}`;
    const pending = this.byKey.get(key);
    if (pending === undefined) {
      this.byKey.set(key, { oldest: sighting, valueHash: sighting.valueHash, occurrences: 1, additions: [{ commit: sighting.commit, commitIndex: sighting.commitIndex }] });
      return;
    }
    // The same value twice in one commit's file counts once.
    if (pending.additions.some((addition) => addition.commit === sighting.commit)) return;
    pending.occurrences++;
    pending.valueHash ??= sighting.valueHash;
    if (sighting.commitIndex > pending.oldest.commitIndex) pending.oldest = sighting;
    keepNewest(pending.additions, { commit: sighting.commit, commitIndex: sighting.commitIndex });
  }

  /** The findings, oldest introducing commit first; `presentAtHead` from the value hashes seen in HEAD's tree. */
  findings(valuesAtHead: ReadonlySet<string>): HistoryFinding[] {
    return [...this.byKey.values()]
      .map(({ oldest, valueHash, occurrences, additions }) => {
        const { valueHash: _ignored, commitIndex: _place, ...finding } = oldest;
        const commits = [...additions].sort((a, b) => b.commitIndex - a.commitIndex).map((addition) => addition.commit);
        return { ...finding, occurrences, commits, presentAtHead: valueHash !== undefined && valuesAtHead.has(valueHash) };
      })
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
}

/** Adds `addition` to `additions`, which keeps at most `MAX_COMMITS_PER_FINDING`: the newest. */
function keepNewest(additions: Addition[], addition: Addition): void {
  if (additions.length < MAX_COMMITS_PER_FINDING) {
    additions.push(addition);
    return;
  }
  let oldest = 0;
  for (let i = 1; i < additions.length; i++) if (additions[i].commitIndex > additions[oldest].commitIndex) oldest = i;
  if (addition.commitIndex < additions[oldest].commitIndex) additions[oldest] = addition;
}
