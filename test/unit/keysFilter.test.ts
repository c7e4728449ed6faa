import * as assert from 'node:assert/strict';
import type { ApiKey } from '../../src/core/keys/apiKey';
import { dueExpiryWarnings } from '../../src/core/keys/expiryThresholds';
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

describe('dueExpiryWarnings', () => {
  it('gives each key only its tightest crossed threshold', () => {
    const due = dueExpiryWarnings([key('a', 6), key('b', 0.5), key('c', 30)], [7, 1], NOW);
    assert.deepEqual(due.map((w) => [w.key.uid, w.thresholdDays]), [['a', 7], ['b', 1]]);
  });

  it('warns at exactly the threshold but not for expired or revoked keys', () => {
    const due = dueExpiryWarnings([key('a', 7), key('b', -0.1), key('c', 1, { isActive: false })], [7], NOW);
    assert.deepEqual(due.map((w) => w.key.uid), ['a']);
  });

  it('re-arms a warning when the key is renewed (the id includes the expiry)', () => {
    const [before] = dueExpiryWarnings([key('a', 5)], [7], NOW);
    const [after] = dueExpiryWarnings([key('a', 6)], [7], NOW);
    assert.notEqual(before.id, after.id);
  });

  it('ignores zero, negative and duplicate thresholds', () => {
    assert.deepEqual(dueExpiryWarnings([key('a', 0.5)], [0, -3, 1, 1], NOW).map((w) => w.thresholdDays), [1]);
    assert.deepEqual(dueExpiryWarnings([key('a', 0.5)], [], NOW), []);
  });
});
