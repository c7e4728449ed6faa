import * as assert from 'node:assert/strict';
import { CoalescingRunner } from '../../src/core/util/coalescingRunner';

describe('CoalescingRunner', () => {
  it('runs once for one request', async () => {
    let runs = 0;
    const runner = new CoalescingRunner(async () => void runs++);
    await runner.run();
    assert.equal(runs, 1);
  });

  it('folds requests made during a pass into exactly one more pass, awaited by every caller', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const runner = new CoalescingRunner(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = runner.run();
    const joined = [runner.run(), runner.run(), runner.run()];
    assert.equal(runs, 1);
    release();
    await Promise.all([first, ...joined]);
    assert.equal(runs, 2);
    await runner.run();
    assert.equal(runs, 3);
  });

  it('passes a failure to the callers and runs again on the next request', async () => {
    let fail = true;
    let runs = 0;
    const runner = new CoalescingRunner(async () => {
      runs++;
      if (fail) throw new Error('boom');
    });
    await assert.rejects(runner.run(), /boom/);
    fail = false;
    await runner.run();
    assert.equal(runs, 2);
  });
});
