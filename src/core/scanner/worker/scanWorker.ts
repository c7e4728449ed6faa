// Worker-thread entry (bundled to dist/scanWorker.js): scans batches of files off the main thread.
// workerData is a FileScanConfig; known keys arrive as fingerprints plus the HMAC secret.
import { parentPort, workerData } from 'node:worker_threads';
import type { FileScanResult } from '../files/fileScanResult';
import { FileScanner } from '../files/fileScanner';
import type { FileScanConfig } from '../files/scanConfig';
import { isScanBatchRequest, type ScanBatchResponse } from './workerProtocol';

const port = parentPort;
if (port !== null) {
  const scanner = new FileScanner(workerData as FileScanConfig);
  port.on('message', (message: unknown) => {
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
}
