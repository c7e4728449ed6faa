import { deadlineAfter, ScanBudgetExceeded } from '../scanLimits';
import { scanCandidateText, scanTextOutcome, type ScanOutcome } from '../scanText';
import { bytesMayHoldKey } from '../prefilter';
import type { FileScanResult } from './fileScanResult';
import { decodeFileBytes, TextFileReader } from './readTextFile';
import { resolveScanConfig, type FileScanConfig, type ResolvedScanConfig } from './scanConfig';

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
    const read = this.reader.readBytes(path);
    if (read.kind === 'skipped') return { path, status: 'skipped', reason: read.reason };
    // Most files hold no 32-character run at all: dismiss them before paying for UTF-8 decoding.
    if (!bytesMayHoldKey(read.bytes)) return { path, status: 'scanned', findings: [] };
    const decoded = decodeFileBytes(read.bytes, this.resolved.maxFileSize);
    if (decoded.kind === 'skipped') return { path, status: 'skipped', reason: decoded.reason };
    return this.timed(path, (deadline) => scanCandidateText(decoded.text, { ...this.resolved.scanOptions, fileName: path, deadline }));
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
