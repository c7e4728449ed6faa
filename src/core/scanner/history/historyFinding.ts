import type { Finding } from '../types';

/** Where in a commit a leak was found: a file's added lines, the commit message, or the author's name. */
export type HistorySource = 'file' | 'message' | 'author';

/**
 * A leak found in git history, reported once per fingerprint and file, at the commit that introduced
 * it (the oldest commit of the walk that added it). Carries no raw value.
 */
export interface HistoryFinding extends Omit<Finding, 'start' | 'end' | 'file' | 'suppressed'> {
  readonly source: HistorySource;
  /** Path from the repository top, `/`-separated, as in the introducing commit; '' for message and author findings. */
  readonly file: string;
  /** Full id of the introducing commit. */
  readonly commit: string;
  /** The introducing commit's author name (never the e-mail address). */
  readonly author: string;
  /** The introducing commit's author date, ISO 8601. */
  readonly date: string;
  /** True when the same value is still in some file of HEAD's tree. */
  readonly presentAtHead: boolean;
  /** How many scanned commits added this value to this file (a value can be removed and added again). */
  readonly occurrences: number;
  /** Ids of those commits, oldest first (at most `MAX_COMMITS_PER_FINDING`). */
  readonly commits: readonly string[];
}

/**
 * One sighting of a leak while history is walked: a finding in one commit's added lines, message or
 * author name. Sightings of one fingerprint and file merge into one `HistoryFinding`.
 */
export interface HistorySighting extends Omit<HistoryFinding, 'presentAtHead' | 'occurrences' | 'commits'> {
  /** The keyed hash of the value (never the value), which links the finding to HEAD's tree. */
  readonly valueHash: string | undefined;
}

/** Commits remembered per finding, so a history of re-adding one value cannot grow memory without bound. */
export const MAX_COMMITS_PER_FINDING = 50;

/** A file diff that was not scanned, and why. */
export interface HistorySkip {
  readonly commit: string;
  readonly file: string;
  readonly reason: 'too-large' | 'submodule';
}

/** What a history scan found, and what it could not see. */
export interface HistoryScanResult {
  readonly findings: readonly HistoryFinding[];
  /** The repository's top folder. */
  readonly root: string;
  /** HEAD's commit id, when HEAD has a commit. */
  readonly head: string | undefined;
  readonly commitsScanned: number;
  /** Skipped file diffs (the first `MAX_SKIPS_KEPT`; `skippedCount` has them all). */
  readonly skipped: readonly HistorySkip[];
  readonly skippedCount: number;
  /** The repository has no commits (or, with `allRefs`, no refs). */
  readonly empty: boolean;
  /** A shallow clone: leaks older than its oldest commits cannot be seen, and may show at the boundary commit. */
  readonly shallow: boolean;
}

export const MAX_SKIPS_KEPT = 1000;

/** What a walk of the history saw besides its sightings: the scan's result without findings, and which value hashes are still at HEAD. */
export interface HistoryWalkResult extends Omit<HistoryScanResult, 'findings'> {
  readonly valuesAtHead: readonly string[];
}
