// Worker-thread entry (bundled to dist/scanWorker.js): scans batches of files, or the text of one
// open document, off the main thread. workerData is a ScanWorkerData: a FileScanConfig (known keys
// arrive as fingerprints plus the HMAC secret), and optionally the port to answer batches on.
import { parentPort, workerData } from 'node:worker_threads';
import { FileScanner } from '../files/fileScanner';
import { resolveScanConfig } from '../files/scanConfig';
import { deadlineAfter, ScanBudgetExceeded } from '../scanLimits';
import { scanTextOutcome } from '../scanText';
import { isScanBatchRequest, isScanTextRequest, type ScanBatchResponse, type ScanTextRequest, type ScanTextResponse, type ScanWorkerData } from './workerProtocol';

const port = parentPort;
if (port !== null) {
  const data = workerData as ScanWorkerData;
  const scanner = new FileScanner(data);
  const resolved = resolveScanConfig(data);
  const replyPort = data.replyPort ?? port;
  port.on('message', (message: unknown) => {
    if (isScanTextRequest(message)) {
      port.postMessage(scanDocumentText(message));
      return;
    }
    if (!isScanBatchRequest(message)) return;
    const { results, scanned, skipped } = scanner.scanBatch(message.paths);
    const response: ScanBatchResponse = { type: 'result', batchId: message.batchId, results, scanned, skipped };
    replyPort.postMessage(response);
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
