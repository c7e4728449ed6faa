// Worker-thread entry (bundled to dist/historyWorker.js): runs one history scan, whose options are
// its workerData (a HistoryWorkerData), and posts progress, then the result or the failure.
import { parentPort, workerData } from 'node:worker_threads';
import { isHistoryCancelMessage, type HistoryWorkerData, type HistoryWorkerMessage } from './historyWorkerProtocol';
import { scanHistory } from './scanHistory';

const port = parentPort;
if (port !== null) {
  const post = (message: HistoryWorkerMessage): void => port.postMessage(message);
  const controller = new AbortController();
  port.on('message', (message: unknown) => {
    if (isHistoryCancelMessage(message)) controller.abort();
  });
  scanHistory({
    ...(workerData as HistoryWorkerData),
    signal: controller.signal,
    onProgress: (commitsScanned) => post({ type: 'progress', commitsScanned }),
  }).then(
    (result) => post({ type: 'result', result }),
    (error: unknown) => post({ type: 'failure', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
  );
}
