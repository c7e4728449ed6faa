import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileScanResult } from '../files/fileScanResult';
import { DEFAULT_MAX_FILE_SIZE } from '../files/readTextFile';
import type { FileScanConfig } from '../files/scanConfig';
import { isScanBatchResponse, type ScanBatchRequest, type ScanBatchResponse } from './workerProtocol';

/** Running totals reported while a scan proceeds. */
export interface ScanProgress {
  readonly filesScanned: number;
  readonly filesSkipped: number;
  readonly findings: number;
}

/** Options of one `ScanWorkerPool.scan` call. */
export interface PoolScanOptions {
  /** Called after every batch. */
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Stops handing out files; batches in flight finish and the outcome says `cancelled`. */
  readonly signal?: AbortSignal;
  /** Files per message to a worker. Default 64. */
  readonly batchSize?: number;
}

/** The outcome of a scan: files with findings and skipped files, plus totals. */
export interface PoolScanOutcome extends ScanProgress {
  readonly results: readonly FileScanResult[];
  readonly cancelled: boolean;
}

/** Options of a `ScanWorkerPool`. */
export interface ScanWorkerPoolOptions {
  readonly config: FileScanConfig;
  /** Default: the number of CPUs, at most 4. */
  readonly workerCount?: number;
  /** Path of the worker script. Default: `scanWorker.js` next to this module (dist/ when bundled). */
  readonly workerScript?: string;
}

/**
 * Heap limits of a scan worker. A scan makes short-lived garbage only (each file's text, up to twice
 * the size limit as UTF-16), so a small young generation and an old generation sized from the size
 * limit keep memory flat: V8 collects sooner instead of growing the heap by tens of megabytes.
 */
export function scanWorkerHeapLimits(maxFileSize: number): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number } {
  const fileMb = Math.ceil(maxFileSize / (1024 * 1024));
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: Math.max(MIN_OLD_GENERATION_MB, 24 * fileMb) };
}
const YOUNG_GENERATION_MB = 2;
const MIN_OLD_GENERATION_MB = 48;

interface PooledWorker {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (response: ScanBatchResponse) => void; reject: (error: Error) => void }>;
}

/**
 * Scans many files on worker threads, keeping the caller's thread free. Workers start on first use
 * and are reused until `dispose`. Files stream in (an async iterable lets the walk overlap the scan);
 * each worker gets two batches at a time so it never waits for the next.
 */
export class ScanWorkerPool {
  private workers: PooledWorker[] | undefined;
  private nextBatchId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly workerCount: number;
  private readonly workerScript: string;

  constructor(private readonly options: ScanWorkerPoolOptions) {
    this.workerCount = Math.max(1, options.workerCount ?? Math.min(4, availableParallelism()));
    this.workerScript = options.workerScript ?? path.join(__dirname, 'scanWorker.js');
  }

  /** Scans `paths`; scans on one pool run one after another. */
  scan(paths: Iterable<string> | AsyncIterable<string>, options: PoolScanOptions = {}): Promise<PoolScanOutcome> {
    const run = this.queue.then(() => this.run(paths, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the workers. The pool can be used again afterwards (workers restart). */
  async dispose(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
  }

  private async run(paths: Iterable<string> | AsyncIterable<string>, options: PoolScanOptions): Promise<PoolScanOutcome> {
    const workers = this.startWorkers();
    const batchSize = Math.max(1, options.batchSize ?? 64);
    const source = pathSource(paths);
    const results: FileScanResult[] = [];
    let filesScanned = 0;
    let filesSkipped = 0;
    let findings = 0;
    let exhausted = false;

    const takeBatch = async (): Promise<string[]> => {
      const batch: string[] = [];
      while (!exhausted && batch.length < batchSize && options.signal?.aborted !== true) {
        const next = source.kind === 'sync' ? source.iterator.next() : await source.iterator.next();
        if (next.done === true) exhausted = true;
        else batch.push(next.value);
      }
      return batch;
    };

    const feed = async (pooled: PooledWorker): Promise<void> => {
      for (;;) {
        const batch = await takeBatch();
        if (batch.length === 0) return;
        const response = await this.send(pooled, batch);
        filesScanned += response.scanned;
        filesSkipped += response.skipped;
        for (const result of response.results) {
          results.push(result);
          if (result.status === 'scanned') findings += result.findings.length;
        }
        options.onProgress?.({ filesScanned, filesSkipped, findings });
      }
    };

    await Promise.all(workers.flatMap((pooled) => [feed(pooled), feed(pooled)]));
    results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { results, filesScanned, filesSkipped, findings, cancelled: options.signal?.aborted === true };
  }

  private startWorkers(): PooledWorker[] {
    if (this.workers !== undefined) return this.workers;
    this.workers = Array.from({ length: this.workerCount }, () => {
      const worker = new Worker(this.workerScript, {
        workerData: this.options.config,
        resourceLimits: scanWorkerHeapLimits(this.options.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE),
      });
      const pooled: PooledWorker = { worker, pending: new Map() };
      pooled.worker.on('message', (message: unknown) => {
        if (!isScanBatchResponse(message)) return;
        pooled.pending.get(message.batchId)?.resolve(message);
        pooled.pending.delete(message.batchId);
      });
      const failAll = (error: Error): void => {
        for (const waiter of pooled.pending.values()) waiter.reject(error);
        pooled.pending.clear();
        this.workers = this.workers?.filter((other) => other !== pooled);
      };
      pooled.worker.on('error', (error) => failAll(new Error(`Scan worker failed: ${error.message}`)));
      pooled.worker.on('exit', (code) => failAll(new Error(`Scan worker exited with code ${code}`)));
      return pooled;
    });
    return this.workers;
  }

  private send(pooled: PooledWorker, paths: string[]): Promise<ScanBatchResponse> {
    const batchId = this.nextBatchId++;
    return new Promise((resolve, reject) => {
      pooled.pending.set(batchId, { resolve, reject });
      const request: ScanBatchRequest = { type: 'scan', batchId, paths };
      pooled.worker.postMessage(request);
    });
  }
}

/**
 * Paths to take batches from. A synchronous source (a blocking walk, a list) is pulled without a
 * promise per path: filling a batch then costs no trip through the event loop.
 */
function pathSource(paths: Iterable<string> | AsyncIterable<string>): PathSource {
  return Symbol.asyncIterator in paths ? { kind: 'async', iterator: paths[Symbol.asyncIterator]() } : { kind: 'sync', iterator: paths[Symbol.iterator]() };
}

type PathSource = { readonly kind: 'sync'; readonly iterator: Iterator<string> } | { readonly kind: 'async'; readonly iterator: AsyncIterator<string> };
