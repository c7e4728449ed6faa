import type { MessagePort } from 'node:worker_threads';
import type { FileScanResult } from '../files/fileScanResult';
import type { FileScanConfig } from '../files/scanConfig';

/**
 * A scan worker's workerData: the scan settings, and optionally a port to answer on instead of the
 * parent port, so a thread busy scanning can collect answers without yielding (`receiveMessageOnPort`).
 */
export type ScanWorkerData = FileScanConfig & { readonly replyPort?: MessagePort };

/** Main thread -> scan worker: scan these files. */
export interface ScanBatchRequest {
  readonly type: 'scan';
  readonly batchId: number;
  readonly paths: readonly string[];
}

/** Scan worker -> main thread: the outcome of one batch. Clean files are only counted. */
export interface ScanBatchResponse {
  readonly type: 'result';
  readonly batchId: number;
  /** Files with findings and skipped files; files scanned clean are left out to keep messages small. */
  readonly results: readonly FileScanResult[];
  readonly scanned: number;
  readonly skipped: number;
}

/** Type guard for messages arriving from a worker. */
export function isScanBatchResponse(message: unknown): message is ScanBatchResponse {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'result';
}

/** Type guard for messages arriving at a worker. */
export function isScanBatchRequest(message: unknown): message is ScanBatchRequest {
  const candidate = message as { type?: unknown; paths?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'scan' && Array.isArray(candidate.paths);
}
