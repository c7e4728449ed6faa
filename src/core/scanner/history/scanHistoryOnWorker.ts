import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_FILE_SIZE } from '../files/readTextFile';
import { GitError, HistoryScanCancelled } from './gitProcess';
import { FindingCollector } from './findingCollector';
import type { HistoryScanResult } from './historyFinding';
import { isHistoryWorkerMessage, type HistoryCancelMessage, type HistoryWorkerData } from './historyWorkerProtocol';
import type { HistoryScanOptions } from './scanHistory';

/**
 * Heap limits of the history worker. The walk keeps little (one file diff, the distinct values
 * found; the caller keeps the findings) but makes garbage at the rate git writes, and V8's defaults
 * let the heap grow with the length of the run: the young generation doubles up to 32 MB, and the
 * old generation is first collected at half a limit sized for the machine. Small limits make V8
 * collect early, so memory stays flat however long the history (docs/history-scanning.md has the
 * figures). The old generation must hold one file diff at most `maxFileSize` long several times
 * over (its text, the scan's indexes); its bytes are kept outside the heap, in a Buffer.
 */
export function historyWorkerHeapLimits(maxFileSize: number): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number } {
  const fileMb = Math.ceil(maxFileSize / (1024 * 1024));
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: Math.max(MIN_OLD_GENERATION_MB, 16 * fileMb) };
}
/**
 * 4 MB: at 2 MB the scavenger ran every megabyte of git's output and took a fifth of the walk's CPU
 * (this project's history: 340 ms of 1.3 s); at 4 MB it takes 120-150 ms, and memory stays flat
 * (69 MB at 5,000 commits, 70 MB at 50,000; 8 MB: 72 and 76 MB).
 */
const YOUNG_GENERATION_MB = 4;
const MIN_OLD_GENERATION_MB = 16;

/**
 * `scanHistory` on a worker thread with heap limits (`historyWorkerHeapLimits`), so a long history
 * runs in flat memory and the calling thread stays free. The worker keeps no findings: it posts each
 * commit's sightings, and they are merged here, so the heap limits bound the walk, not the number
 * of leaks. Same options and errors: `GitError` for git's failures, `HistoryScanCancelled` when
 * `signal` aborts.
 * @param workerScript Path of the worker script. Default: `historyWorker.js` next to this module (dist/ when bundled).
 */
export function scanHistoryOnWorker(options: HistoryScanOptions, workerScript: string = path.join(__dirname, 'historyWorker.js')): Promise<HistoryScanResult> {
  const { signal, onProgress, ...data } = options;
  if (signal?.aborted === true) return Promise.reject(new HistoryScanCancelled());
  const workerData: HistoryWorkerData = data;
  const worker = new Worker(workerScript, {
    workerData,
    resourceLimits: historyWorkerHeapLimits(options.config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE),
  });
  const collector = new FindingCollector();
  return new Promise<HistoryScanResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { result: HistoryScanResult } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      if ('result' in outcome) resolve(outcome.result);
      else reject(outcome.error);
    };
    // The worker kills git and answers; until then it must not keep the process alive on its own.
    const cancel = (): void => {
      const message: HistoryCancelMessage = { type: 'cancel' };
      worker.postMessage(message);
      worker.unref();
      settle({ error: new HistoryScanCancelled() });
    };
    signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: unknown) => {
      if (!isHistoryWorkerMessage(message)) return;
      if (message.type === 'progress') {
        if (!settled) onProgress?.(message.commitsScanned);
        return;
      }
      if (message.type === 'sightings') {
        for (const sighting of message.sightings) collector.add(sighting);
        return;
      }
      void worker.terminate();
      if (message.type === 'result') {
        const { valuesAtHead, ...walk } = message.result;
        settle({ result: { ...walk, findings: collector.findings(new Set(valuesAtHead)) } });
      }
      else settle({ error: failure(message.name, message.message) });
    });
    // ERR_WORKER_OUT_OF_MEMORY, for one: a history whose findings outgrow the heap limits.
    worker.on('error', (error) => settle({ error: new Error(`The history scan stopped: ${error.message}`) }));
    worker.on('exit', (code) => settle({ error: new Error(`The history scan stopped (worker exit code ${code}).`) }));
  });
}

/** The error the worker's failure stands for, with its type restored (the message crossed as text). */
function failure(name: string, message: string): Error {
  if (name === 'HistoryScanCancelled') return new HistoryScanCancelled();
  if (name === 'GitError') return new GitError(message);
  return new Error(`The history scan failed: ${message}`);
}
