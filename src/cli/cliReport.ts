import type { Finding } from '../core/scanner/types';
import type { SkipReason } from '../core/scanner/files/skipReason';

/** A finding as the CLI reports it: `file` relative to the working directory, with `/` separators. */
export interface CliFinding extends Finding {
  readonly relativeFile: string;
}

/** Everything a formatter needs about one run. */
export interface CliReport {
  readonly findings: readonly CliFinding[];
  readonly skipped: readonly { readonly file: string; readonly reason: SkipReason }[];
  readonly filesScanned: number;
  readonly cwd: string;
  readonly version: string;
}
