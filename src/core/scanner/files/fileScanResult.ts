import type { Finding } from '../types';
import type { SkipReason } from './skipReason';

/** The outcome for one file: its findings (possibly none), or why it was skipped. */
export type FileScanResult =
  | {
      readonly path: string;
      readonly status: 'scanned';
      readonly findings: readonly Finding[];
      /** Set when the file had more findings than `MAX_FINDINGS_PER_FILE`: the list stops there. */
      readonly truncated?: boolean;
    }
  | { readonly path: string; readonly status: 'skipped'; readonly reason: SkipReason };
