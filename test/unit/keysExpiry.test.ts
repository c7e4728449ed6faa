import * as assert from 'node:assert/strict';
import type { ApiKey } from '../../src/core/keys/apiKey';
import { classifyKey, daysUntil, describeExpiry, sortByExpiry } from '../../src/core/keys/expiry';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date('2025-03-10T12:00:00.000Z');

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

function key(uid: string, expiry: Date, overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    uid,
    name: uid,
    description: '',
    expiry,
    isActive: true,
    owner: { uid: 'u1', firstName: '', lastName: '', displayName: 'u1' },
    ...overrides,
  };
}

describe('classifyKey', () => {
  const cases: [string, number, ReturnType<typeof classifyKey>][] = [
    ['one day in the past', -DAY, 'expired'],
    ['one millisecond in the past', -1, 'expired'],
    ['exactly now', 0, 'expired'],
    ['one millisecond ahead', 1, 'expiring'],
    ['exactly the warning window ahead', 7 * DAY, 'expiring'],
    ['one millisecond past the warning window', 7 * DAY + 1, 'active'],
    ['90 days ahead', 90 * DAY, 'active'],
  ];
  for (const [label, offset, expected] of cases) {
    it(`is ${expected} when the expiry is ${label}`, () => {
      assert.equal(classifyKey(key('k', at(offset)), NOW, 7), expected);
    });
  }

  it('is revoked for an inactive key, expired or not', () => {
    assert.equal(classifyKey(key('k', at(30 * DAY), { isActive: false }), NOW, 7), 'revoked');
    assert.equal(classifyKey(key('k', at(-30 * DAY), { isActive: false }), NOW, 7), 'revoked');
  });

  it('never reports expiring with a zero warning window', () => {
    assert.equal(classifyKey(key('k', at(1)), NOW, 0), 'active');
    assert.equal(classifyKey(key('k', at(0)), NOW, 0), 'expired');
  });

  it('follows the injected clock', () => {
    const k = key('k', new Date('2025-03-20T00:00:00Z'));
    assert.equal(classifyKey(k, new Date('2025-03-01T00:00:00Z'), 7), 'active');
    assert.equal(classifyKey(k, new Date('2025-03-13T00:00:00Z'), 7), 'expiring');
    assert.equal(classifyKey(k, new Date('2025-03-20T00:00:00Z'), 7), 'expired');
  });
});

describe('describeExpiry', () => {
  const cases: [number, string][] = [
    [3 * DAY, 'expires in 3 days'],
    [3 * DAY + 23 * HOUR, 'expires in 3 days'],
    [5 * HOUR, 'expires in 5 hours'],
    [5 * HOUR + 59 * MINUTE, 'expires in 5 hours'],
    [40 * MINUTE, 'expires in 40 minutes'],
    [MINUTE, 'expires in 1 minute'],
    [HOUR, 'expires in 1 hour'],
    [30 * 1000, 'expires in less than a minute'],
    [DAY, 'expires tomorrow'],
    [2 * DAY, 'expires in 2 days'],
    [400 * DAY, 'expires in 1 year'],
    [800 * DAY, 'expires in 2 years'],
    [0, 'expired just now'],
    [-30 * 1000, 'expired just now'],
    [-40 * MINUTE, 'expired 40 minutes ago'],
    [-5 * HOUR, 'expired 5 hours ago'],
    [-DAY, 'expired yesterday'],
    [-(DAY + 20 * HOUR), 'expired yesterday'],
    [-2 * DAY, 'expired 2 days ago'],
    [-400 * DAY, 'expired 1 year ago'],
  ];
  for (const [offset, expected] of cases) {
    it(`says "${expected}" for ${offset} ms`, () => {
      assert.equal(describeExpiry(at(offset), NOW), expected);
    });
  }
});

describe('daysUntil', () => {
  it('counts whole days remaining, negative once expired', () => {
    assert.equal(daysUntil(at(3 * DAY + HOUR), NOW), 3);
    assert.equal(daysUntil(at(HOUR), NOW), 0);
    assert.equal(daysUntil(at(0), NOW), 0);
    assert.equal(daysUntil(at(-HOUR), NOW), -1);
    assert.equal(daysUntil(at(-2 * DAY), NOW), -2);
  });
});

describe('sortByExpiry', () => {
  it('orders soonest first, then by name and uid, without mutating the input', () => {
    const input = [
      key('c', at(5 * DAY)),
      key('b2', at(DAY), { name: 'same' }),
      key('a', at(-DAY)),
      key('b1', at(DAY), { name: 'same' }),
      key('d', at(DAY), { name: 'alpha' }),
    ];
    const snapshot = input.map((k) => k.uid);
    assert.deepEqual(
      sortByExpiry(input).map((k) => k.uid),
      ['a', 'd', 'b1', 'b2', 'c'],
    );
    assert.deepEqual(
      input.map((k) => k.uid),
      snapshot,
    );
  });
});
