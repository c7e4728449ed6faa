import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClipboardClearSchedule, newClipboardHashKey, type PendingClear } from '../../src/core/secrets/clipboardClear';

const VALUE = 'ClipTestKey000000000000000000001';

/** A clipboard and a state store shared by "windows": what survives a reload is what they hold. */
function machine() {
  const clipboard = { text: '', readText: async () => clipboard.text, writeText: async (v: string) => void (clipboard.text = v) };
  const state: { pending: PendingClear | undefined } = { pending: undefined };
  const key = Buffer.from(newClipboardHashKey(), 'base64');
  let clock = 1_000_000;
  const window = () => new ClipboardClearSchedule({
    clipboard,
    store: { get: () => state.pending, set: async (p) => void (state.pending = p) },
    hashKey: async () => key,
    now: () => clock,
  });
  return { clipboard, state, window, advance: (ms: number) => (clock += ms) };
}

describe('clipboard clear schedule', () => {
  const schedules: ClipboardClearSchedule[] = [];
  afterEach(() => schedules.splice(0).forEach((s) => s.dispose()));

  it('remembers only a keyed hash and the deadline, never the value', async () => {
    const m = machine();
    const w = m.window();
    schedules.push(w);
    await w.copy(VALUE, 30);
    assert.equal(m.clipboard.text, VALUE);
    const stored = JSON.stringify(m.state.pending);
    assert.ok(!stored.includes(VALUE) && !stored.includes(Buffer.from(VALUE).toString('base64')));
    assert.match(m.state.pending?.hash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(m.state.pending?.deadline, 1_000_000 + 30_000);
  });

  it('clears after the delay in the same window, and leaves a newer copy alone', async () => {
    const m = machine();
    const w = m.window();
    schedules.push(w);
    await w.copy(VALUE, 0.05);
    await sleep(150);
    assert.equal(m.clipboard.text, '');
    assert.equal(m.state.pending, undefined);

    await w.copy(VALUE, 0.05);
    m.clipboard.text = 'something the user copied since';
    await sleep(150);
    assert.equal(m.clipboard.text, 'something the user copied since');
  });

  it('a window reloaded after the deadline clears at once on activation', async () => {
    const m = machine();
    const first = m.window();
    await first.copy(VALUE, 30);
    first.dispose(); // the window reloads: its timer is gone
    m.advance(31_000);
    const next = m.window();
    schedules.push(next);
    await next.resume();
    assert.equal(m.clipboard.text, '');
    assert.equal(m.state.pending, undefined);
  });

  it('a window reloaded before the deadline re-arms the clear for the time left', async () => {
    const m = machine();
    const first = m.window();
    await first.copy(VALUE, 30);
    first.dispose();
    m.advance(29_950); // 50 ms left
    const next = m.window();
    schedules.push(next);
    await next.resume();
    assert.equal(m.clipboard.text, VALUE, 'not before the deadline');
    await sleep(150);
    assert.equal(m.clipboard.text, '');
  });

  it('clears at deactivation only when the clipboard still holds the copied key', async () => {
    const m = machine();
    const w = m.window();
    schedules.push(w);
    await w.copy(VALUE, 30);
    await w.clearNow();
    assert.equal(m.clipboard.text, '');

    await w.copy(VALUE, 30);
    m.clipboard.text = 'mine';
    await w.clearNow();
    assert.equal(m.clipboard.text, 'mine');
  });

  it('never clears with 0 seconds, and forgets an earlier pending clear', async () => {
    const m = machine();
    const w = m.window();
    schedules.push(w);
    await w.copy(VALUE, 30);
    await w.copy(VALUE, 0);
    assert.equal(m.state.pending, undefined);
    await w.clearNow();
    assert.equal(m.clipboard.text, VALUE);
  });

  it('ignores a malformed stored record instead of failing', async () => {
    const m = machine();
    m.state.pending = { hash: 'not a hash', deadline: 0 };
    m.clipboard.text = VALUE;
    const w = m.window();
    schedules.push(w);
    await w.resume();
    assert.equal(m.clipboard.text, VALUE);
    assert.equal(m.state.pending, undefined);
  });
});
