// Mocha's spec reporter, plus a JSON file of counts (path from env PALETTE_UNIT_RESULTS)
// so `npm test` prints totals without parsing human-readable output. CommonJS because mocha
// loads reporters with require().
/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs');
const path = require('node:path');
const { reporters } = require('mocha');

class CountingSpecReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, error) => failures.push({ title: test.fullTitle(), message: error && error.message ? String(error.message) : String(error) }));
    runner.once('end', () => {
      const target = process.env.PALETTE_UNIT_RESULTS;
      if (!target) return;
      const { passes = 0, failures: failed = 0, pending = 0, duration = 0 } = this.stats;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${JSON.stringify({ passed: passes, failed, pending, durationMs: duration, failures }, null, 2)}\n`);
    });
  }
}

module.exports = CountingSpecReporter;
