import * as assert from 'node:assert/strict';
import { ScanScheduler, type ScanTrigger } from '../../src/core/scanner/scanScheduler';

interface Outcome {
  readonly id: number;
  readonly trigger: ScanTrigger;
  readonly cancelled: boolean;
}

/** A scheduler whose scans finish only when the test says so (or when aborted). */
function harness(): {
  scheduler: ScanScheduler<Outcome, string>;
  started: { trigger: ScanTrigger; request: string; signal: AbortSignal }[];
  finish: (index: number) => void;
} {
  const started: { trigger: ScanTrigger; request: string; signal: AbortSignal }[] = [];
  const finishers: (() => void)[] = [];
  const scheduler = new ScanScheduler<Outcome, string>(
    (trigger, request, signal) => {
      const id = started.length;
      started.push({ trigger, request, signal });
      return new Promise<Outcome>((resolve) => {
        finishers[id] = () => resolve({ id, trigger, cancelled: false });
        signal.addEventListener('abort', () => resolve({ id, trigger, cancelled: true }));
      });
    },
    () => ({ id: -1, trigger: 'automatic', cancelled: true }),
  );
  return { scheduler, started, finish: (index) => finishers[index]() };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ScanScheduler', () => {
  it('lets a user scan finish when automatic re-scans arrive, then runs one follow-up for all of them', async () => {
    const { scheduler, started, finish } = harness();
    const user = scheduler.request('user', 'notification');
    const auto1 = scheduler.request('automatic', 'window-1');
    const auto2 = scheduler.request('automatic', 'window-2');
    await tick();
    assert.equal(started.length, 1, 'nothing starts beside the running user scan');
    assert.equal(started[0].signal.aborted, false, 'the user scan is not cancelled');
    finish(0);
    assert.deepEqual(await user, { id: 0, trigger: 'user', cancelled: false });
    await tick();
    assert.equal(started.length, 2, 'exactly one follow-up scan');
    assert.deepEqual({ trigger: started[1].trigger, request: started[1].request }, { trigger: 'automatic', request: 'window-2' });
    finish(1);
    assert.equal((await auto1).id, 1);
    assert.equal((await auto2).id, 1);
    assert.equal(scheduler.busy, false);
  });

  it('joins a user request to a user scan already running', async () => {
    const { scheduler, started, finish } = harness();
    const first = scheduler.request('user', 'a');
    const second = scheduler.request('user', 'b');
    await tick();
    assert.equal(started.length, 1);
    finish(0);
    assert.equal(await first, await second);
    assert.equal((await second).cancelled, false);
  });

  it('cancels an automatic scan for a user request, which also stands for a queued follow-up', async () => {
    const { scheduler, started, finish } = harness();
    const auto = scheduler.request('automatic', 'window');
    const queued = scheduler.request('automatic', 'window');
    const user = scheduler.request('user', 'notification');
    assert.equal((await auto).cancelled, true);
    await tick();
    assert.equal(started.length, 2);
    assert.equal(started[1].trigger, 'user');
    finish(1);
    assert.deepEqual(await user, { id: 1, trigger: 'user', cancelled: false });
    assert.equal(await queued, await user);
    await tick();
    assert.equal(started.length, 2, 'no further scan once the user scan covered the follow-up');
  });

  it('cancel() stops the running scan and drops the follow-up', async () => {
    const { scheduler, started } = harness();
    const user = scheduler.request('user', 'a');
    const auto = scheduler.request('automatic', 'b');
    scheduler.cancel();
    assert.equal((await user).cancelled, true);
    assert.equal((await auto).cancelled, true);
    await tick();
    assert.equal(started.length, 1);
    assert.equal(scheduler.busy, false);
  });

  it('runs the follow-up even when the scan before it failed, and passes the failure on', async () => {
    let calls = 0;
    const scheduler = new ScanScheduler<number, null>(
      async () => {
        calls++;
        if (calls === 1) throw new Error('walk failed');
        return calls;
      },
      () => 0,
    );
    const failing = scheduler.request('user', null);
    const follow = scheduler.request('automatic', null);
    await assert.rejects(failing, /walk failed/);
    assert.equal(await follow, 2);
  });
});
