import { MAX_COMMITS_PER_FINDING, type HistoryFinding, type HistorySighting } from './historyFinding';

/** A finding while sightings arrive. */
type PendingFinding = Omit<HistoryFinding, 'presentAtHead'> & { valueHash: string | undefined; commits: string[] };

/**
 * Merges sightings into one finding per fingerprint, source and file. Commits arrive newest first,
 * so each later sighting is an older commit that added the value too: it becomes the introducing commit.
 */
export class FindingCollector {
  private readonly byKey = new Map<string, PendingFinding>();

  add(sighting: HistorySighting): void {
    const key = `${sighting.fingerprint}\u0000${sighting.source}\u0000${sighting.file}`;
    const previous = this.byKey.get(key);
    if (previous?.commit === sighting.commit) return; // the same value twice in one commit's file
    const commits = previous?.commits ?? [];
    if (commits.length < MAX_COMMITS_PER_FINDING) commits.push(sighting.commit);
    this.byKey.set(key, {
      ...sighting,
      occurrences: (previous?.occurrences ?? 0) + 1,
      commits,
      valueHash: sighting.valueHash ?? previous?.valueHash,
    });
  }

  /** The findings, oldest introducing commit first; `presentAtHead` from the value hashes seen in HEAD's tree. */
  findings(valuesAtHead: ReadonlySet<string>): HistoryFinding[] {
    return [...this.byKey.values()]
      .map(({ valueHash, commits, ...finding }) => ({ ...finding, commits: commits.reverse(), presentAtHead: valueHash !== undefined && valuesAtHead.has(valueHash) }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
}
