import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FileScanResult } from '../files/fileScanResult';
import { FileScanner, type BatchScanOutcome } from '../files/fileScanner';
import { DEFAULT_MAX_FILE_SIZE } from '../files/readTextFile';
import type { FileScanConfig } from '../files/scanConfig';
import { scanWorkerHeapLimits } from './scanWorkerPool';
import { isScanBatchResponse, type ScanBatchRequest, type ScanWorkerData } from './workerProtocol';

/** Options of `scanOnThreads`. */
export interface ThreadScanOptions {
  readonly config: FileScanConfig;
  /** Threads that scan, the calling one included. Default: the number of CPUs, at most 4; 1 starts no worker. */
  readonly threads?: number;
  /** Path of the worker script. Default: `scanWorker.js` next to this module (dist/ when bundled). */
  readonly workerScript?: string;
}

/** The outcome of a scan: files with findings and skipped files (sorted by path), plus totals. */
export interface ThreadScanOutcome {
  readonly results: readonly FileScanResult[];
  readonly filesScanned: number;
  readonly filesSkipped: number;
}

/** Files per batch: small enough that the last batches balance out, large enough that messages are rare. */
const BATCH_SIZE = 32;
/** Files that may hold a key, handed to a helper together. */
const CANDIDATE_BATCH_SIZE = 8;
/** Batches a helper holds at once: one to scan and more waiting, so it never idles between them. */
const MAX_IN_FLIGHT = 3;
/**
 * Whole batches a helper may hold before the caller reads files itself: one to scan and one waiting.
 * Most files are settled by reading them, the same work on any thread, so the helpers take as much
 * of it as they keep up with and the caller, which also walks, does the rest.
 */
const WHOLE_BATCHES_IN_FLIGHT = 4;
/** Files scanned before helpers start: a small scan ends before a worker would have booted. */
const HELPER_THRESHOLD = 200;

interface Helper {
  readonly worker: Worker;
  readonly replies: MessagePort;
  inFlight: number;
  failure: Error | undefined;
}

/**
 * Scans files on the calling thread and on helper workers, for a caller whose thread has nothing
 * else to do (the CLI). The caller pulls paths from `paths` (a synchronous walk, say) and does the
 * cheap part itself: reading each file and running the byte prefilter, which dismisses most files.
 * The few files that may hold a key go to the helpers for decoding and the full scan, the part that
 * makes garbage (each file's text): the helpers run with heap limits, so memory stays flat, and the
 * caller's heap stays small. A helper with nothing to do is handed a whole batch instead, so every
 * thread stays busy; when all helpers are full, the caller scans candidates itself. Answers are
 * collected between batches without yielding (`receiveMessageOnPort`): the walk costs no promises,
 * and only a few batches of paths are held at a time. Blocks the calling thread until the paths run
 * out; the returned promise then waits for the helpers.
 */
export async function scanOnThreads(paths: Iterable<string>, options: ThreadScanOptions): Promise<ThreadScanOutcome> {
  const threads = Math.max(1, options.threads ?? Math.min(4, availableParallelism()));
  const scanner = new FileScanner(options.config);
  const helpers: Helper[] = [];
  const results: FileScanResult[] = [];
  let filesScanned = 0;
  let filesSkipped = 0;
  let nextBatchId = 0;
  let seen = 0;
  /** Files that may hold a key, waiting for a helper (paths only: the backlog costs no memory to speak of). */
  const backlog: string[] = [];

  const record = (outcome: BatchScanOutcome): void => {
    for (const result of outcome.results) results.push(result);
    filesScanned += outcome.scanned;
    filesSkipped += outcome.skipped;
  };
  const recordOne = (result: FileScanResult): void => {
    if (result.status === 'skipped') filesSkipped++;
    else filesScanned++;
    if (result.status === 'skipped' || result.findings.length > 0) results.push(result);
  };
  const send = (helper: Helper, batch: readonly string[]): void => {
    helper.inFlight++;
    const request: ScanBatchRequest = { type: 'scan', batchId: nextBatchId++, paths: batch };
    helper.worker.postMessage(request);
  };
  /** Collects answers and hands waiting candidates to helpers with room. */
  const exchange = (): void => {
    for (const helper of helpers) {
      for (let reply = receiveMessageOnPort(helper.replies); reply !== undefined; reply = receiveMessageOnPort(helper.replies)) {
        if (!isScanBatchResponse(reply.message)) continue;
        helper.inFlight--;
        record(reply.message);
      }
      while (backlog.length > 0 && helper.failure === undefined && helper.inFlight < MAX_IN_FLIGHT) {
        send(helper, backlog.splice(0, CANDIDATE_BATCH_SIZE));
      }
    }
  };
  const scanHere = (batch: readonly string[]): void => {
    for (const file of batch) {
      const result = scanner.triageFile(file);
      if (result !== undefined) recordOne(result);
      else if (helpers.length === 0) recordOne(scanner.scanFile(file));
      else backlog.push(file);
    }
  };
  const dispatch = (batch: string[]): void => {
    if (helpers.length === 0 && threads > 1 && seen > HELPER_THRESHOLD) {
      for (let i = 1; i < threads; i++) helpers.push(startHelper(options));
    }
    exchange();
    // A helper with room takes the whole batch, so no thread idles while the walk goes on.
    const idle = backlog.length === 0 ? helpers.find((helper) => helper.failure === undefined && helper.inFlight < WHOLE_BATCHES_IN_FLIGHT) : undefined;
    if (idle !== undefined) send(idle, batch);
    else scanHere(batch);
  };

  try {
    let batch: string[] = [];
    for (const file of paths) {
      seen++;
      batch.push(file);
      if (batch.length === BATCH_SIZE) {
        dispatch(batch);
        batch = [];
      }
    }
    scanHere(batch);
    // The walk is over: share the candidates left with the helpers until none is left.
    for (exchange(); backlog.length > 0; exchange()) record(scanner.scanBatch(backlog.splice(Math.max(0, backlog.length - CANDIDATE_BATCH_SIZE))));
    for (const helper of helpers) if (helper.inFlight > 0) record(await remainingReplies(helper));
  } finally {
    await Promise.all(helpers.map((helper) => helper.worker.terminate()));
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { results, filesScanned, filesSkipped };
}

function startHelper(options: ThreadScanOptions): Helper {
  const channel = new MessageChannel();
  const workerData: ScanWorkerData = { ...options.config, replyPort: channel.port2 };
  const worker = new Worker(options.workerScript ?? path.join(__dirname, 'scanWorker.js'), {
    workerData,
    transferList: [channel.port2],
    resourceLimits: scanWorkerHeapLimits(options.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE),
  });
  const helper: Helper = { worker, replies: channel.port1, inFlight: 0, failure: undefined };
  worker.on('error', (error) => (helper.failure ??= new Error(`Scan worker failed: ${error.message}`)));
  worker.on('exit', (code) => (helper.failure ??= new Error(`Scan worker exited with code ${code}`)));
  return helper;
}

/** Waits (yielding to the event loop) for a helper's answers to the batches it still holds. */
function remainingReplies(helper: Helper): Promise<BatchScanOutcome> {
  return new Promise((resolve, reject) => {
    const results: FileScanResult[] = [];
    let scanned = 0;
    let skipped = 0;
    const finish = (error?: Error): void => {
      helper.replies.off('message', onReply);
      helper.worker.off('error', onFailure);
      helper.worker.off('exit', onFailure);
      helper.replies.close();
      if (error) reject(error);
      else resolve({ results, scanned, skipped });
    };
    const onReply = (message: unknown): void => {
      if (!isScanBatchResponse(message)) return;
      results.push(...message.results);
      scanned += message.scanned;
      skipped += message.skipped;
      if (--helper.inFlight === 0) finish();
    };
    const onFailure = (): void => finish(helper.failure);
    if (helper.failure !== undefined) return finish(helper.failure);
    helper.replies.on('message', onReply);
    helper.worker.on('error', onFailure);
    helper.worker.on('exit', onFailure);
  });
}
