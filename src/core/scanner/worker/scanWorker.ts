// Worker-thread entry (bundled to dist/scanWorker.js): scans batches of files off the main thread.
// workerData is a ScanWorkerData: a FileScanConfig (known keys arrive as fingerprints plus the HMAC
// secret), and optionally the port to answer on.
import { parentPort, workerData } from 'node:worker_threads';
import { FileScanner } from '../files/fileScanner';
import { isScanBatchRequest, type ScanBatchResponse, type ScanWorkerData } from './workerProtocol';

const port = parentPort;
if (port !== null) {
  const data = workerData as ScanWorkerData;
  const scanner = new FileScanner(data);
  const replyPort = data.replyPort ?? port;
  port.on('message', (message: unknown) => {
    if (!isScanBatchRequest(message)) return;
    const { results, scanned, skipped } = scanner.scanBatch(message.paths);
    const response: ScanBatchResponse = { type: 'result', batchId: message.batchId, results, scanned, skipped };
    replyPort.postMessage(response);
  });
}
