import * as assert from 'node:assert/strict';
import { toPlainKey, type ApiKey } from '../../src/core/keys/apiKey';
import { findOrphans, reviewKeys } from '../../src/core/keys/review';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2025-03-10T12:00:00.000Z');
const OPTIONS = { now: NOW, warningDays: 7, maxExpiryDays: 90 };

function key(uid: string, daysLeft: number, overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    uid,
    name: `key ${uid}`,
    description: '',
    expiry: new Date(NOW.getTime() + daysLeft * DAY),
    isActive: true,
    owner: { uid: 'u1', firstName: 'Ada', lastName: 'Lovelace', displayName: 'Ada Lovelace' },
    ...overrides,
  };
}

describe('reviewKeys', () => {
  it('returns nothing for healthy keys', () => {
    assert.deepEqual(reviewKeys([key('a', 20), key('b', 90)], OPTIONS), []);
  });

  it('flags each problem with its reason and a message, soonest expiry first', () => {
    const rows = reviewKeys(
      [key('long', 200), key('soon', 3), key('dead', -2), key('revoked', 10, { isActive: false })],
      OPTIONS,
    );
    assert.deepEqual(
      rows.map((r) => [r.key.uid, r.reasons]),
      [
        ['dead', ['expired']],
        ['soon', ['expiringSoon']],
        ['revoked', ['revokedLingering']],
        ['long', ['expiryTooLong']],
      ],
    );
    assert.equal(rows[0].message, 'Expired 2 days ago; delete it or renew it.');
    assert.equal(rows[1].message, 'Expires in 3 days.');
    assert.equal(rows[2].message, 'Revoked but not deleted.');
    assert.equal(rows[3].message, 'Expires in 200 days, longer than the 90-day maximum.');
  });

  it('uses whole-day semantics for the maximum, like the form', () => {
    // Expiry at the end of the UTC day 90 days out is allowed; the next day is not.
    const endOfDay = key('edge', 0, { expiry: new Date('2025-06-08T23:59:59.999Z') });
    const nextDay = key('over', 0, { expiry: new Date('2025-06-09T00:00:00.000Z') });
    assert.deepEqual(
      reviewKeys([endOfDay, nextDay], OPTIONS).map((r) => r.key.uid),
      ['over'],
    );
  });

  it('flags orphans only when users are given, combined with other reasons', () => {
    const keys = [key('ok', 20), key('gone', -1, { owner: { uid: 'u9', firstName: '', lastName: '', displayName: 'u9' } })];
    assert.deepEqual(
      reviewKeys(keys, OPTIONS).map((r) => r.reasons),
      [['expired']],
    );
    const rows = reviewKeys(keys, { ...OPTIONS, users: [{ uid: 'u1' }] });
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].reasons, ['expired', 'orphaned']);
    assert.match(rows[0].message, /owner \(u9\) is no longer a user/);
  });

  it('treats an empty user list as unknown', () => {
    const keys = [key('gone', 20, { owner: { uid: 'u9', firstName: '', lastName: '', displayName: 'u9' } })];
    assert.deepEqual(reviewKeys(keys, { ...OPTIONS, users: [] }), []);
  });
});

describe('findOrphans', () => {
  it('returns keys whose owner is missing from the users', () => {
    const keys = [key('a', 1), key('b', 1, { owner: { uid: 'u2', firstName: '', lastName: '', displayName: 'u2' } })];
    assert.deepEqual(
      findOrphans(keys, [{ uid: 'u1' }]).map((k) => k.uid),
      ['b'],
    );
    assert.deepEqual(
      findOrphans(keys, [{ uid: 'u1' }, { uid: 'u2' }]),
      [],
    );
  });
});

describe('toPlainKey', () => {
  it('returns exactly the documented fields with an ISO expiry', () => {
    const plain = toPlainKey({ ...key('a', 1), createdAt: NOW, tenantUid: 't', scope: 's' });
    assert.deepEqual(plain, {
      uid: 'a',
      name: 'key a',
      description: '',
      expiry: new Date(NOW.getTime() + DAY).toISOString(),
      isActive: true,
      owner: { uid: 'u1', name: 'Ada Lovelace' },
    });
  });

  it('drops anything else attached to the object, such as a value', () => {
    const withValue = { ...key('a', 1), value: 'QMOI1ZVKVIoW6LM6uXqSWFPsjmt0juvl' } as ApiKey;
    assert.ok(!JSON.stringify(toPlainKey(withValue)).includes('QMOI1ZVKVIoW6LM6uXqSWFPsjmt0juvl'));
  });
});
