// Entry of the `palette-keys` CLI (bundled to dist/cli.js). The same file is the history scan's
// worker thread, so the CLI stays one file that can be copied anywhere.
import { isMainThread } from 'node:worker_threads';
import { serveHistoryScan } from '../core/scanner/history/serveHistoryScan';
import { runCli } from './runCli';

if (isMainThread) {
  void runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    historyWorkerScript: __filename,
  }).then((code) => {
    // exitCode, not exit(): let piped stdout drain first.
    process.exitCode = code;
  });
} else {
  serveHistoryScan();
}
