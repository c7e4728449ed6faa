import type { HistorySighting, HistoryWalkResult } from './historyFinding';
import type { HistoryScanOptions } from './scanHistory';

/** The history worker's workerData: the scan's options, without the callbacks and signal that cannot cross threads. */
export type HistoryWorkerData = Omit<HistoryScanOptions, 'signal' | 'onProgress'>;

/** Caller -> history worker: stop the scan (git is killed; the worker answers with a `HistoryScanCancelled` failure). */
export interface HistoryCancelMessage {
  readonly type: 'cancel';
}

/** Type guard for messages arriving at the history worker. */
export function isHistoryCancelMessage(message: unknown): message is HistoryCancelMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'cancel';
}

/** History worker -> caller: commits read so far. */
export interface HistoryProgressMessage {
  readonly type: 'progress';
  readonly commitsScanned: number;
}

/** History worker -> caller: leaks seen in one commit (the caller merges them into findings). */
export interface HistorySightingsMessage {
  readonly type: 'sightings';
  readonly sightings: readonly HistorySighting[];
}

/** History worker -> caller: the walk's outcome, once every sighting was sent. */
export interface HistoryResultMessage {
  readonly type: 'result';
  readonly result: HistoryWalkResult;
}

/** History worker -> caller: the scan failed. `name` tells a git failure (`GitError`) from a fault. */
export interface HistoryFailureMessage {
  readonly type: 'failure';
  readonly name: string;
  readonly message: string;
}

export type HistoryWorkerMessage = HistoryProgressMessage | HistorySightingsMessage | HistoryResultMessage | HistoryFailureMessage;

/** Type guard for messages arriving from the history worker. */
export function isHistoryWorkerMessage(message: unknown): message is HistoryWorkerMessage {
  const candidate = message as { type?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && ['progress', 'sightings', 'result', 'failure'].includes(candidate.type as string);
}
