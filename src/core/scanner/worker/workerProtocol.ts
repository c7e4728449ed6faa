import type { MessagePort } from 'node:worker_threads';
import type { FileScanResult } from '../files/fileScanResult';
import type { Confidence, Finding } from '../types';
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

/** Main thread -> scan worker: scan this text (an open document) under a time budget. */
export interface ScanTextRequest {
  readonly type: 'scanText';
  readonly requestId: number;
  readonly text: string;
  readonly fileName: string;
  readonly minConfidence: Confidence;
  /** Past this many ms the scan stops and the answer is `skipped` (`time-budget`). */
  readonly timeBudgetMs: number;
}

/** Scan worker -> main thread: the outcome of one text scan. */
export interface ScanTextResponse {
  readonly type: 'textResult';
  readonly requestId: number;
  readonly outcome:
    | { readonly status: 'scanned'; readonly findings: readonly Finding[]; readonly truncated: boolean; readonly durationMs: number }
    | { readonly status: 'skipped'; readonly reason: 'time-budget' };
}

export function isScanTextRequest(message: unknown): message is ScanTextRequest {
  const candidate = message as { type?: unknown; text?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'scanText' && typeof candidate.text === 'string';
}

export function isScanTextResponse(message: unknown): message is ScanTextResponse {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'textResult';
}
