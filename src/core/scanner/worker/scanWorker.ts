// Worker-thread entry (bundled to dist/scanWorker.js): scans batches of files off the main thread.
// workerData is a FileScanConfig; known keys arrive as fingerprints plus the HMAC secret.
import { parentPort, workerData } from 'node:worker_threads';
import { FileScanner } from '../files/fileScanner';
import type { FileScanConfig } from '../files/scanConfig';
import { isScanBatchRequest, type ScanBatchResponse } from './workerProtocol';

const port = parentPort;
if (port !== null) {
  const scanner = new FileScanner(workerData as FileScanConfig);
  port.on('message', (message: unknown) => {
    if (!isScanBatchRequest(message)) return;
    const { results, scanned, skipped } = scanner.scanBatch(message.paths);
    const response: ScanBatchResponse = { type: 'result', batchId: message.batchId, results, scanned, skipped };
    port.postMessage(response);
  });
}
