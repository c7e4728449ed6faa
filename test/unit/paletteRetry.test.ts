import * as assert from 'node:assert/strict';
import { DEFAULT_RETRY, parseRetryAfter, resolveRetrySettings, retryDelayMs } from '../../src/core/palette/retryPolicy';
import { MockPalette, systemError, type MockReply } from './support/mockPalette';
import { rejection } from './support/paletteRejection';

const NOW = Date.parse('2025-03-20T12:00:00Z');
const keyBody = { metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } };

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('7', NOW), 7000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
    assert.equal(parseRetryAfter(['3', '9'], NOW), 3000);
  });
  it('reads an HTTP date relative to now', () => {
    assert.equal(parseRetryAfter('Thu, 20 Mar 2025 12:00:30 GMT', NOW), 30_000);
  });
  it('treats a past date as no wait', () => {
    assert.equal(parseRetryAfter('Thu, 20 Mar 2025 11:00:00 GMT', NOW), 0);
  });
  it('ignores absent and unreadable values', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', 'Xyz, 99 Foo 2025']) {
      assert.equal(parseRetryAfter(value, NOW), undefined, String(value));
    }
  });
});

describe('retryDelayMs', () => {
  const settings = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially with half fixed, half random jitter', () => {
    assert.equal(retryDelayMs(0, settings, () => 0), 50);
    assert.equal(retryDelayMs(0, settings, () => 1), 100);
    assert.equal(retryDelayMs(2, settings, () => 0), 200);
    assert.equal(retryDelayMs(2, settings, () => 0.5), 300);
  });
  it('never exceeds maxDelayMs', () => {
    for (let retry = 0; retry < 20; retry++) assert.ok(retryDelayMs(retry, settings, () => 0.999) <= 1000);
  });
  it('uses Retry-After, capped by maxDelayMs', () => {
    assert.equal(retryDelayMs(0, settings, () => 0.5, 700), 700);
    assert.equal(retryDelayMs(0, settings, () => 0.5, 3_600_000), 1000);
  });
  it('resolves defaults and clamps nonsense', () => {
    assert.deepEqual(resolveRetrySettings(undefined), DEFAULT_RETRY);
    assert.deepEqual(resolveRetrySettings({ maxRetries: -1, baseDelayMs: Number.NaN, maxDelayMs: 5 }), { ...DEFAULT_RETRY, maxDelayMs: 5 });
    assert.equal(resolveRetrySettings({ maxRetries: 1e9 }).maxRetries, 10);
  });
});

describe('PaletteClient retry policy', () => {
  let mock: MockPalette;
  beforeEach(() => {
    mock = new MockPalette();
  });
  afterEach(async () => {
    await mock.close();
  });

  for (const status of [429, 502, 503, 504]) {
    it(`retries a GET after ${status} and succeeds`, async () => {
      mock.on('GET', '/v1/apiKeys', { status, json: { message: 'busy' } }, { status: 200, json: { items: [] } });
      assert.deepEqual(await mock.client().listApiKeys(), []);
      assert.equal(mock.calls().length, 2);
      assert.equal(mock.sleeps.length, 1);
    });
  }

  for (const status of [400, 401, 403, 404, 409, 500, 501]) {
    it(`does not retry a GET after ${status}`, async () => {
      mock.on('GET', '/v1/apiKeys', { status, json: {} });
      await rejection(mock.client().listApiKeys());
      assert.equal(mock.calls().length, 1);
      assert.deepEqual(mock.sleeps, []);
    });
  }

  it('stops after maxRetries + 1 attempts and reports the last error', async () => {
    const replies: MockReply[] = [1, 2, 3, 4, 5].map((n) => ({ status: 503, json: { message: `down ${n}` } }));
    mock.on('GET', '/v1/apiKeys', ...replies);
    const error = await rejection(mock.client({ retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 10_000 } }).listApiKeys());
    assert.equal(error.kind, 'server');
    assert.match(error.message, /down 3/);
    assert.equal(mock.calls().length, 3);
    // random() is 0.5 in the mock client: 75% of 100 ms, then of 200 ms.
    assert.deepEqual(mock.sleeps, [75, 150]);
  });

  it('uses the default of 3 retries', async () => {
    mock.on('GET', '/v1/users/info', ...[1, 2, 3, 4, 5].map(() => ({ status: 504, json: {} })));
    await rejection(mock.client().getUserInfo());
    assert.equal(mock.calls().length, 4);
  });

  it('honours Retry-After seconds on 429 and exposes it on the error', async () => {
    mock.on(
      'GET',
      '/v1/apiKeys',
      { status: 429, json: {}, headers: { 'retry-after': '2' } },
      { status: 429, json: {}, headers: { 'retry-after': '3' } },
    );
    const error = await rejection(mock.client({ retry: { maxRetries: 1 } }).listApiKeys());
    assert.deepEqual(mock.sleeps, [2000]);
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryAfterMs, 3000);
    assert.match(error.message, /Try again in 3 s/);
  });

  it('honours a Retry-After HTTP date against the injected clock', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 503, json: {}, headers: { 'retry-after': 'Thu, 20 Mar 2025 12:00:04 GMT' } }, { status: 200, json: { items: [] } });
    await mock.client({ now: () => NOW }).listApiKeys();
    assert.deepEqual(mock.sleeps, [4000]);
  });

  it('caps Retry-After at maxDelayMs', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 429, json: {}, headers: { 'retry-after': '86400' } }, { status: 200, json: { items: [] } });
    await mock.client({ retry: { maxDelayMs: 5000 } }).listApiKeys();
    assert.deepEqual(mock.sleeps, [5000]);
  });

  it('retries PUT and DELETE', async () => {
    mock
      .on('PUT', '/v1/apiKeys/k1', { status: 503, json: {} }, { status: 204 })
      .on('DELETE', '/v1/apiKeys/k1', { status: 502, json: {} }, { status: 204 })
      .on('PUT', '/v1/apiKeys/k1/state', { status: 429, json: {} }, { status: 204 });
    const client = mock.client();
    await client.updateApiKey('k1', keyBody);
    await client.deleteApiKey('k1');
    await client.setApiKeyActive('k1', false);
    assert.equal(mock.calls().length, 6);
  });

  for (const reply of [
    { status: 503, json: {} },
    { status: 429, json: {}, headers: { 'retry-after': '1' } },
    { error: systemError('ECONNRESET') },
  ] satisfies MockReply[]) {
    const label = 'error' in reply ? 'ECONNRESET' : String(reply.status);
    it(`never retries POST create (${label})`, async () => {
      mock.on('POST', '/v1/apiKeys', reply, { status: 201, json: { uid: 'k2', apiKey: 'SECONDkeySECONDkey0123456789abcd' } });
      const error = await rejection(mock.client().createApiKey(keyBody));
      assert.match(error.message, /may have been created|limiting/);
      assert.equal(mock.calls().length, 1);
      assert.deepEqual(mock.sleeps, []);
    });
  }

  it('never retries POST authenticate', async () => {
    mock.on('POST', '/v1/auth/authenticate', { status: 503, json: {} }, { status: 503, json: {} }, { status: 200, json: { Authorization: 'x.y.z' } });
    const client = mock.client({ credential: { kind: 'password', emailId: 'a@b.test', password: 'pw-Secret-123' } });
    await rejection(client.authenticate({ emailId: 'a@b.test', password: 'pw-Secret-123' }));
    assert.equal(mock.calls().length, 1);
    // Nor when the sign-in happens on behalf of a GET, which itself would be retryable.
    await rejection(client.listApiKeys());
    assert.equal(mock.calls().length, 2);
    assert.deepEqual(mock.sleeps, []);
  });

  it('retries transient network errors on GET but not ENOTFOUND', async () => {
    mock.on('GET', '/v1/apiKeys', { error: systemError('ECONNRESET') }, { error: systemError('ECONNREFUSED') }, { status: 200, json: { items: [] } });
    assert.deepEqual(await mock.client().listApiKeys(), []);
    assert.equal(mock.calls().length, 3);

    mock.on('GET', '/v1/users/info', { error: systemError('ENOTFOUND') }, { status: 200, json: { userUid: 'u', tenantUid: 't' } });
    const error = await rejection(mock.client().getUserInfo());
    assert.equal(error.code, 'ENOTFOUND');
    assert.equal(mock.calls().length, 4);
  });

  it('stops with cancelled when aborted during a backoff wait', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 503, json: {} }, { status: 200, json: { items: [] } });
    const controller = new AbortController();
    const client = mock.client({
      sleep: async () => {
        controller.abort();
        throw new Error('aborted');
      },
    });
    const error = await rejection(client.listApiKeys(controller.signal));
    assert.equal(error.kind, 'cancelled');
    assert.equal(mock.calls().length, 1);
  });

  it('waits for real with the default sleep', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 503, json: {} }, { status: 200, json: { items: [] } });
    const client = new (await import('../../src/core/palette/paletteClient')).PaletteClient({
      baseUrl: 'https://palette.test',
      credential: { kind: 'apiKey', apiKey: 'TESTKEYtestkey0123456789abcdefXY' },
      dispatcher: mock.agent,
      retry: { baseDelayMs: 60 },
      random: () => 1,
    });
    const started = Date.now();
    await client.listApiKeys();
    assert.ok(Date.now() - started >= 55, `waited ${Date.now() - started} ms`);
  });
});
