// @ts-check
// Runs a sample of single tests, each alone (`--grep` on its full title, one fresh extension host
// per host test, one fresh code-server per UI test), and fails unless each one ran and passed: proof that a test sets up what it needs
// itself instead of living off the tests before it. Build and compile first (`npm test` does both,
// or `node esbuild.mjs && npx tsc -p tsconfig.test.json`).
//   node scripts/grepSample.mjs            the whole sample
//   node scripts/grepSample.mjs keyManagement   only the entries whose suite file matches
import { runUiTests, runUnitTests } from './pipeline.mjs';

/** @typedef {{ phase: 'unit' | 'host' | 'ui', file?: string, title: string }} SampleTest */

/** One or two tests from each suite that used to lean on its neighbours, and a few new ones. */
/** @type {SampleTest[]} */
const SAMPLE = [
  { phase: 'host', file: 'keyManagement*', title: 'key management (scripted commands against the emulator) sign-in lists every key of the tenant for an admin' },
  { phase: 'host', file: 'keyManagement*', title: 'key management (scripted commands against the emulator) as a tenant admin deletes only with confirm: true' },
  { phase: 'host', file: 'scanner*', title: 'leak scanner in VS Code workspace scan shows closed files in the Problems panel: Warning for high-confidence findings, masked' },
  { phase: 'host', file: 'screenshots*', title: 'workbench screenshots shows a plain user only their own keys' },
  { phase: 'host', file: 'rotationUpdateFiles*', title: 'rotation: Update Files leaves the old value in no file, and reports each file it changed' },
  { phase: 'ui', file: 'keysWorkflow', title: 'UI: key management and leak fixing in the workbench registers the value as bob-vscode, then revokes it from the quick-fix menu' },
  { phase: 'ui', file: 'twoWindows', title: 'UI: two windows a delete in one window while the other refreshes leaves both trees agreeing with Palette' },
  { phase: 'unit', title: 'password sign-in against the emulator (real sockets, the emulator\'s JWTs) renews the JWT through /v1/auth/refresh before it expires, and signs in again once it has expired' },
  { phase: 'unit', title: 'cross-window sync RevisionGuardedSecretStore lets a tab opened after another tab\'s sign-in write, and refuses the same write from a tab opened before it' },
];

/** A grep that matches exactly this full title. */
const exactly = (/** @type {string} */ title) => `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

const only = process.argv[2];
const chosen = SAMPLE.filter((test) => !only || (test.file ?? '').includes(only) || test.title.includes(only));
const lines = [];
let bad = 0;
for (const test of chosen) {
  const grep = exactly(test.title);
  const started = Date.now();
  let counts;
  if (test.phase === 'unit') {
    counts = await runUnitTests({ grep });
  } else if (test.phase === 'ui') {
    counts = await runUiTests({ grep, ...(test.file ? { files: test.file } : {}) });
  } else {
    const { runHostTests } = await import('./vscode/hostRunner.mjs');
    counts = await runHostTests({ emulator: true, files: test.file, grep, log: () => {} });
  }
  const ok = counts.passed === 1 && counts.failed === 0 && counts.pending === 0;
  if (!ok) bad++;
  const line = `${ok ? 'PASS' : 'FAIL'} ${test.phase} alone: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} skipped (${((Date.now() - started) / 1000).toFixed(0)} s): ${test.title}`;
  for (const failure of counts.failures) console.log(`  ${failure.title}: ${failure.message.split('\n')[0]}`);
  console.log(line);
  lines.push(line);
}
console.log(`\n== ${chosen.length - bad} of ${chosen.length} single tests passed alone`);
for (const line of lines) console.log(line);
process.exitCode = bad > 0 || chosen.length === 0 ? 1 : 0;
