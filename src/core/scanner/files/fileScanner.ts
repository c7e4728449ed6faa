import { deadlineAfter, ScanBudgetExceeded } from '../scanLimits';
import { scanCandidateText, scanTextOutcome, type ScanOutcome } from '../scanText';
import { bytesCannotHoldFinding } from '../byteTriage';
import { bytesMayHoldKey } from '../prefilter';
import type { FileScanResult } from './fileScanResult';
import { decodeFileBytes, TextFileReader } from './readTextFile';
import { resolveScanConfig, type FileScanConfig, type ResolvedScanConfig } from './scanConfig';

/** Files scanned in one go: the results worth reporting (findings or skips) and the counts. */
export interface BatchScanOutcome {
  /** Files with findings and skipped files; files scanned clean are only counted. */
  readonly results: readonly FileScanResult[];
  readonly scanned: number;
  readonly skipped: number;
}

/**
 * Scans files one at a time on the calling thread: reads (with size, binary and error rules) and
 * runs `scanText`. Workers hold one each; the CLI uses one directly for small scans.
 */
export class FileScanner {
  private readonly resolved: ResolvedScanConfig;
  private readonly reader: TextFileReader;

  constructor(config: FileScanConfig = {}) {
    this.resolved = resolveScanConfig(config);
    this.reader = new TextFileReader(this.resolved.maxFileSize, this.resolved.followSymlinks);
  }

  /** Scans the file at `path`; the findings' `file` is `path`. */
  scanFile(path: string): FileScanResult {
    const read = this.readCandidate(path);
    if (!Buffer.isBuffer(read)) return read;
    const decoded = decodeFileBytes(read, this.resolved.maxFileSize);
    if (decoded.kind === 'skipped') return { path, status: 'skipped', reason: decoded.reason };
    return this.timed(path, (deadline) => scanCandidateText(decoded.text, { ...this.resolved.scanOptions, fileName: path, deadline }));
  }

  /**
   * The cheap part of `scanFile`: reads the file and runs the byte prefilter. Returns the result
   * when that settles it (skipped, or no run that could be a key: most files), undefined when the
   * file needs the full scan. Decodes nothing, so it leaves next to no garbage behind.
   */
  triageFile(path: string): FileScanResult | undefined {
    const read = this.readCandidate(path);
    return Buffer.isBuffer(read) ? undefined : read;
  }

  /** The file's bytes when they may hold a key (valid until the next read), else its result. */
  private readCandidate(path: string): FileScanResult | Buffer {
    const read = this.reader.readBytes(path);
    if (read.kind === 'skipped') return { path, status: 'skipped', reason: read.reason };
    // Most files hold no 32-character run at all, and most that do hold no word a detector needs:
    // dismiss them before paying for UTF-8 decoding.
    const clean = !bytesMayHoldKey(read.bytes) || bytesCannotHoldFinding(read.bytes, this.resolved.scanOptions.knownKeys);
    return clean ? { path, status: 'scanned', findings: [] } : read.bytes;
  }

  /** Scans `paths` in order. */
  scanBatch(paths: readonly string[]): BatchScanOutcome {
    const results: FileScanResult[] = [];
    let scanned = 0;
    for (const path of paths) {
      const result = this.scanFile(path);
      if (result.status === 'scanned') scanned++;
      if (result.status === 'skipped' || result.findings.length > 0) results.push(result);
    }
    return { results, scanned, skipped: paths.length - scanned };
  }

  /** Scans content that is not on disk (e.g. staged in git) under the name `path`. */
  scanBytes(path: string, bytes: Uint8Array): FileScanResult {
    const read = decodeFileBytes(bytes, this.resolved.maxFileSize);
    if (read.kind === 'skipped') return { path, status: 'skipped', reason: read.reason };
    return this.timed(path, (deadline) => scanTextOutcome(read.text, { ...this.resolved.scanOptions, fileName: path, deadline }));
  }

  /** Scans under the per-file time budget: a scan that runs past it makes the file `skipped` (`time-budget`). */
  private timed(path: string, scan: (deadline: number | undefined) => ScanOutcome): FileScanResult {
    try {
      const { findings, truncated } = scan(deadlineAfter(this.resolved.timeBudgetMs));
      return { path, status: 'scanned', findings, ...(truncated ? { truncated } : {}) };
    } catch (error) {
      if (error instanceof ScanBudgetExceeded) return { path, status: 'skipped', reason: 'time-budget' };
      throw error;
    }
  }
}
