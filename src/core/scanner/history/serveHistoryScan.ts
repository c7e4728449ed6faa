import { parentPort, workerData } from 'node:worker_threads';
import { isHistoryCancelMessage, type HistoryWorkerData, type HistoryWorkerMessage } from './historyWorkerProtocol';
import { walkHistory } from './scanHistory';

/**
 * The history worker's work, run by a worker thread's entry (dist/historyWorker.js, or the CLI's own
 * file): walks the history for one scan, whose options are its workerData (a HistoryWorkerData), and
 * posts progress and each commit's sightings as it goes (the caller keeps the findings), then the
 * result or the failure. Does nothing on a main thread.
 */
export function serveHistoryScan(): void {
  const port = parentPort;
  if (port === null) return;
  const post = (message: HistoryWorkerMessage): void => port.postMessage(message);
  const controller = new AbortController();
  port.on('message', (message: unknown) => {
    if (isHistoryCancelMessage(message)) controller.abort();
  });
  walkHistory(
    { ...(workerData as HistoryWorkerData), signal: controller.signal, onProgress: (commitsScanned) => post({ type: 'progress', commitsScanned }) },
    (sightings) => post({ type: 'sightings', sightings }),
  ).then(
    (result) => post({ type: 'result', result }),
    (error: unknown) => post({ type: 'failure', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
  );
}
