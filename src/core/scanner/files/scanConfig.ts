import { FingerprintSet } from '../fingerprintSet';
import { createKnownKeyIndex, type KnownKeyFingerprint, type KnownKeyIndex } from '../knownKeyIndex';
import type { Confidence, ScanOptions } from '../types';
import { DEFAULT_MAX_FILE_SIZE } from './fileSizeLimit';

/**
 * Scan settings as plain data, so they can cross into a worker thread. Known keys travel as the HMAC
 * secret and fingerprints, never as raw values.
 */
export interface FileScanConfig {
  readonly maxFileSize?: number;
  readonly minConfidence?: Confidence;
  readonly ignoredFingerprints?: readonly string[];
  readonly includeSuppressed?: boolean;
  /** Read a path that is a symbolic link (the CLI's `--follow`); otherwise it is skipped. */
  readonly followSymlinks?: boolean;
  /** Per-file scan time budget in ms: a file whose scan runs longer is skipped (`time-budget`). Default: none. */
  readonly timeBudgetMs?: number;
  readonly knownKeys?: {
    readonly hmacSecret: Uint8Array;
    readonly fingerprints: readonly KnownKeyFingerprint[];
  };
}

/** The `scanText` options and size limit a `FileScanConfig` stands for. */
export interface ResolvedScanConfig {
  readonly maxFileSize: number;
  readonly followSymlinks: boolean;
  readonly timeBudgetMs: number | undefined;
  readonly scanOptions: Omit<ScanOptions, 'fileName'>;
}

/** Builds the known-key index and ignore set once per scanner (or worker), not per file. */
export function resolveScanConfig(config: FileScanConfig): ResolvedScanConfig {
  const knownKeys: KnownKeyIndex | undefined =
    config.knownKeys && config.knownKeys.fingerprints.length > 0
      ? createKnownKeyIndex(config.knownKeys.hmacSecret, config.knownKeys.fingerprints)
      : undefined;
  return {
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    followSymlinks: config.followSymlinks === true,
    timeBudgetMs: config.timeBudgetMs,
    scanOptions: {
      knownKeys,
      minConfidence: config.minConfidence ?? 'medium',
      ignoredFingerprints: FingerprintSet.of(config.ignoredFingerprints ?? []),
      includeSuppressed: config.includeSuppressed ?? false,
    },
  };
}
