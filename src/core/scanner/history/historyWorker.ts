// Worker-thread entry of the history scan (bundled to dist/historyWorker.js for the extension; the
// CLI, one self-contained file, starts itself as the worker instead).
import { serveHistoryScan } from './serveHistoryScan';

serveHistoryScan();
