// Entry point VS Code loads through `extensionTestsPath`: the same contract as @vscode/test-electron,
// so the code-server runner (scripts/vscode/hostRunner.mjs) and test-electron share these suites.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** What the runner reads back from PALETTE_TEST_RESULTS to print counts. */
export interface HostTestResults {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: { title: string; message: string }[];
}

/** Turns a simple glob (`*`, `**`, `?`) into an anchored regex over `/`-separated relative paths. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Every compiled suite below this folder, optionally narrowed by PALETTE_TEST_FILES (comma-separated globs). */
function findSuites(root: string): string[] {
  const patterns = (process.env.PALETTE_TEST_FILES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const matchers = patterns.map((pattern) => globToRegExp(pattern.endsWith('.js') ? pattern : `${pattern.replace(/\.ts$/, '')}.test.js`));
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => matchers.length === 0 || matchers.some((re) => re.test(file) || re.test(path.posix.basename(file))))
    // Benchmarks (`*.bench.js`) and Restricted Mode suites (`*.untrusted.js`, for a host opened with
    // --untrusted) run only when a pattern names them.
    .filter((file) => file.endsWith('.test.js') || ((file.endsWith('.bench.js') || file.endsWith('.untrusted.js')) && matchers.length > 0))
    .sort()
    .map((file) => path.join(root, file));
}

function writeResults(results: HostTestResults): void {
  const target = process.env.PALETTE_TEST_RESULTS;
  if (!target) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(results, null, 2)}\n`);
}

/** Runs the host suites with mocha (bdd) and rejects when any test fails. */
export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // The log is forwarded to a terminal by the runner, but may also land in a plain file.
    color: false,
    timeout: 30_000,
    // A skip fails the test; scripts/mocha/skipAllowList.mjs lets only the listed ones count as skipped.
    forbidOnly: true,
    forbidPending: true,
    ...(process.env.PALETTE_TEST_GREP ? { grep: process.env.PALETTE_TEST_GREP } : {}),
  });
  const suites = findSuites(__dirname);
  for (const file of suites) mocha.addFile(file);
  const started = Date.now();
  const results: HostTestResults = { passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [] };
  return new Promise((resolve, reject) => {
    if (suites.length === 0) {
      writeResults(results);
      reject(new Error(`no host suites matched PALETTE_TEST_FILES=${process.env.PALETTE_TEST_FILES ?? ''}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        results.durationMs = Date.now() - started;
        writeResults(results);
        if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => results.passed++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (test, error: unknown) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), message: error instanceof Error ? error.message : String(error) });
      });
    } catch (error) {
      // A suite that throws while loading never reaches mocha's callback.
      results.failed++;
      results.failures.push({ title: 'loading host suites', message: error instanceof Error ? error.message : String(error) });
      writeResults(results);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
