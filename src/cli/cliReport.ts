import type { HistorySource } from '../core/scanner/history/historyFinding';
import type { Finding } from '../core/scanner/types';
import type { SkipReason } from '../core/scanner/files/skipReason';

/** A finding as the CLI reports it: `file` relative to the working directory, with `/` separators. */
export interface CliFinding extends Finding {
  readonly relativeFile: string;
  /** Set by `--history`: where in git history the leak was introduced. */
  readonly history?: HistoryFindingFields;
}

/** What `--history` adds to a finding (see `HistoryFinding`). */
export interface HistoryFindingFields {
  readonly source: HistorySource;
  readonly commit: string;
  readonly author: string;
  readonly date: string;
  readonly presentAtHead: boolean;
}

/** Everything a formatter needs about one run. */
export interface CliReport {
  readonly findings: readonly CliFinding[];
  readonly skipped: readonly { readonly file: string; readonly reason: SkipReason }[];
  readonly filesScanned: number;
  readonly cwd: string;
  readonly version: string;
  /** Set by `--history`: the repository and the HEAD commit the scan started from (SARIF versionControlProvenance). */
  readonly provenance?: { readonly repositoryUri: string; readonly revisionId: string | undefined };
}
