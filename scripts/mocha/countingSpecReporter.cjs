// Mocha's spec reporter, plus a JSON file of counts (path from env PALETTE_UNIT_RESULTS)
// so `npm test` prints totals without parsing human-readable output. CommonJS because mocha
// loads reporters with require().
// Counts are kept per group: the emulator's own tests (test/unit/emulator*.test.ts test the test
// infrastructure, not the product) are reported on a line of their own.
/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs');
const path = require('node:path');
const { reporters } = require('mocha');

/** The group a test's counts go to: `emulator` for the emulator's suites, `product` for the rest. */
function groupOf(test) {
  return /^emulator[^/\\]*\.test\.[cm]?js$/.test(path.basename(test.file ?? '')) ? 'emulator' : 'product';
}

class CountingSpecReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    const groups = {};
    const count = (test, outcome) => {
      const group = (groups[groupOf(test)] ??= { passed: 0, failed: 0, pending: 0 });
      group[outcome]++;
    };
    runner.on('pass', (test) => count(test, 'passed'));
    runner.on('pending', (test) => count(test, 'pending'));
    runner.on('fail', (test, error) => {
      count(test, 'failed');
      failures.push({ title: test.fullTitle(), message: error && error.message ? String(error.message) : String(error), group: groupOf(test) });
    });
    runner.once('end', () => {
      const target = process.env.PALETTE_UNIT_RESULTS;
      if (!target) return;
      const { passes = 0, failures: failed = 0, pending = 0, duration = 0 } = this.stats;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${JSON.stringify({ passed: passes, failed, pending, durationMs: duration, failures, groups }, null, 2)}\n`);
    });
  }
}

module.exports = CountingSpecReporter;
