import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileScanConfig } from '../files/scanConfig';
import type { Confidence } from '../types';
import { isScanTextResponse, type ScanTextRequest, type ScanTextResponse } from './workerProtocol';

/** The outcome of scanning one text on the worker. */
export type TextScanOutcome = ScanTextResponse['outcome'];

/** How long past its budget a scan may stay silent before the worker is taken to be stuck and replaced. */
const STUCK_GRACE_MS = 1000;

interface Pending {
  readonly resolve: (outcome: TextScanOutcome) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One worker thread that scans texts (open documents) for the caller, so a slow scan never holds
 * the caller's thread. Each scan has a time budget the worker enforces; should the worker stay
 * silent well past it, it is terminated and the scan reported as skipped (`time-budget`), and the
 * next scan starts a fresh worker. Requests run one after another in the order sent.
 */
export class TextScanWorker {
  private worker: Worker | undefined;
  private nextRequestId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly config: FileScanConfig,
    /** Path of the worker script. Default: `scanWorker.js` next to this module (dist/ when bundled). */
    private readonly workerScript: string = path.join(__dirname, 'scanWorker.js'),
  ) {}

  scan(text: string, fileName: string, minConfidence: Confidence, timeBudgetMs: number): Promise<TextScanOutcome> {
    const worker = this.start();
    const requestId = this.nextRequestId++;
    return new Promise<TextScanOutcome>((resolve, reject) => {
      // Requests queue on the worker: a request's clock starts when it is sent, so the stuck timer
      // allows for the budgets of the requests ahead of it.
      const waitMs = (this.pending.size + 1) * (timeBudgetMs + STUCK_GRACE_MS);
      const timer = setTimeout(() => this.stuck(), waitMs);
      this.pending.set(requestId, { resolve, reject, timer });
      const request: ScanTextRequest = { type: 'scanText', requestId, text, fileName, minConfidence, timeBudgetMs };
      worker.postMessage(request);
    });
  }

  /** Stops the worker; scans in flight are reported as skipped. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll({ status: 'skipped', reason: 'time-budget' });
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript, { workerData: this.config });
    worker.on('message', (message: unknown) => {
      if (!isScanTextResponse(message)) return;
      const waiter = this.pending.get(message.requestId);
      if (!waiter) return;
      clearTimeout(waiter.timer);
      this.pending.delete(message.requestId);
      waiter.resolve(message.outcome);
    });
    const failed = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const waiter of this.pending.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      }
      this.pending.clear();
    };
    worker.on('error', (error) => failed(new Error(`Scan worker failed: ${error.message}`)));
    worker.on('exit', (code) => failed(new Error(`Scan worker exited with code ${code}`)));
    // The worker must not keep a CLI or test process alive on its own.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** The worker ran far past a budget: replace it, and report what it held as skipped. */
  private stuck(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll({ status: 'skipped', reason: 'time-budget' });
    void worker?.terminate();
  }

  private settleAll(outcome: TextScanOutcome): void {
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.resolve(outcome);
    }
    this.pending.clear();
  }
}
