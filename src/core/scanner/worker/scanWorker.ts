// Worker-thread entry (bundled to dist/scanWorker.js): scans batches of files, or the text of one
// open document, off the main thread. workerData is a FileScanConfig; known keys arrive as
// fingerprints plus the HMAC secret.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { FileScanResult } from '../files/fileScanResult';
import { FileScanner } from '../files/fileScanner';
import { resolveScanConfig, type FileScanConfig } from '../files/scanConfig';
import { deadlineAfter, ScanBudgetExceeded } from '../scanLimits';
import { scanTextOutcome } from '../scanText';
import { isScanBatchRequest, isScanTextRequest, type ScanBatchResponse, type ScanTextRequest, type ScanTextResponse } from './workerProtocol';

const port = parentPort;
if (port !== null) {
  const config = workerData as FileScanConfig;
  const scanner = new FileScanner(config);
  const resolved = resolveScanConfig(config);
  port.on('message', (message: unknown) => {
    if (isScanTextRequest(message)) {
      port.postMessage(scanDocumentText(message));
      return;
    }
    if (!isScanBatchRequest(message)) return;
    const results: FileScanResult[] = [];
    let scanned = 0;
    let skipped = 0;
    for (const path of message.paths) {
      const result = scanner.scanFile(path);
      if (result.status === 'skipped') {
        skipped++;
        results.push(result);
      } else {
        scanned++;
        if (result.findings.length > 0) results.push(result);
      }
    }
    const response: ScanBatchResponse = { type: 'result', batchId: message.batchId, results, scanned, skipped };
    port.postMessage(response);
  });

  function scanDocumentText(request: ScanTextRequest): ScanTextResponse {
    const started = performance.now();
    try {
      const { findings, truncated } = scanTextOutcome(request.text, {
        ...resolved.scanOptions,
        fileName: request.fileName,
        minConfidence: request.minConfidence,
        deadline: deadlineAfter(request.timeBudgetMs),
      });
      return { type: 'textResult', requestId: request.requestId, outcome: { status: 'scanned', findings, truncated, durationMs: performance.now() - started } };
    } catch (error) {
      if (error instanceof ScanBudgetExceeded) return { type: 'textResult', requestId: request.requestId, outcome: { status: 'skipped', reason: 'time-budget' } };
      throw error;
    }
  }
}
