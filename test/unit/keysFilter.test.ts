import * as assert from 'node:assert/strict';
import type { ApiKey } from '../../src/core/keys/apiKey';
import { calendarDay, summariseExpiry } from '../../src/core/keys/expirySummary';
import { applyKeyFilter, countNeedingAttention, isEmptyFilter } from '../../src/core/keys/keyFilter';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY_MS = 86_400_000;

function key(uid: string, daysLeft: number, options: Partial<ApiKey> = {}): ApiKey {
  return {
    uid,
    name: `key-${uid}`,
    description: '',
    expiry: new Date(NOW.getTime() + daysLeft * DAY_MS),
    isActive: true,
    owner: { uid: 'u1', firstName: 'Ada', lastName: 'Admin', displayName: 'Ada Admin' },
    ...options,
  };
}

describe('applyKeyFilter', () => {
  const keys = [
    key('a', 40, { name: 'terraform-ci', description: 'pipeline' }),
    key('b', 3, { owner: { uid: 'u2', firstName: 'Bob', lastName: 'B', displayName: 'Bob B' } }),
    key('c', -1),
    key('d', 20, { isActive: false }),
  ];

  it('keeps everything with an empty filter', () => {
    assert.equal(isEmptyFilter({}), true);
    assert.deepEqual(applyKeyFilter(keys, {}, NOW, 7).map((k) => k.uid), ['a', 'b', 'c', 'd']);
  });

  it('filters by status, text (name, description, owner, uid) and owner together', () => {
    assert.deepEqual(applyKeyFilter(keys, { statuses: ['expiring', 'expired'] }, NOW, 7).map((k) => k.uid), ['b', 'c']);
    assert.deepEqual(applyKeyFilter(keys, { text: 'PIPE' }, NOW, 7).map((k) => k.uid), ['a']);
    assert.deepEqual(applyKeyFilter(keys, { text: 'bob' }, NOW, 7).map((k) => k.uid), ['b']);
    assert.deepEqual(applyKeyFilter(keys, { ownerUid: 'u1', statuses: ['revoked'] }, NOW, 7).map((k) => k.uid), ['d']);
    assert.equal(isEmptyFilter({ text: '  ' }), true);
  });

  it('counts expired and expiring keys, not revoked ones', () => {
    assert.deepEqual(countNeedingAttention(keys, NOW, 7), { expired: 1, expiring: 1 });
  });
});

describe('summariseExpiry', () => {
  it('counts the owner\'s active keys within the warning window, soonest first', () => {
    const summary = summariseExpiry([key('a', 6), key('b', 0.5), key('c', 30), key('d', 2, { owner: { uid: 'u2', firstName: 'Bob', lastName: 'B', displayName: 'Bob B' } })], 'u1', NOW, 7);
    assert.deepEqual(summary.expiring.map((k) => k.uid), ['b', 'a']);
  });

  it('leaves out keys that have expired or are revoked, and counts one exactly at the window', () => {
    const summary = summariseExpiry([key('a', 7), key('b', -0.1), key('c', 1, { isActive: false })], 'u1', NOW, 7);
    assert.deepEqual(summary.expiring.map((k) => k.uid), ['a']);
  });

  it('is empty when the warning window is zero days', () => {
    assert.deepEqual(summariseExpiry([key('a', 0.5)], 'u1', NOW, 0).expiring, []);
  });
});

describe('calendarDay', () => {
  it('names the local calendar day, so the summary comes again the next morning', () => {
    assert.equal(calendarDay(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
    assert.equal(calendarDay(new Date(2026, 0, 6, 0, 1)), '2026-01-06');
  });
});
