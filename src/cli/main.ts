// Entry of the `palette-keys` CLI (bundled to dist/cli.js).
import { runCli } from './runCli';

void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  // exitCode, not exit(): let piped stdout drain first.
  process.exitCode = code;
});
