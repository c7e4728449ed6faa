// What the Palette client tells a person after retries run out, and how an untrusted certificate
// is explained in the caller's terms. The host suites (test/host/reliability.test.ts) check the
// same messages end to end against the emulator.
import * as assert from 'node:assert/strict';
import { DEFAULT_CA_HINT, errorFromTransport, type ErrorContext } from '../../src/core/palette/errorMapping';
import { PaletteApiError } from '../../src/core/palette/errors';
import { MOCK_HOST, MockPalette, systemError } from './support/mockPalette';

async function failure(promise: Promise<unknown>): Promise<PaletteApiError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof PaletteApiError, `expected a PaletteApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const KEY = 'TESTKEYtestkey0123456789abcdefXY';

describe('PaletteClient: giving up after retries', () => {
  let mock: MockPalette;
  beforeEach(() => {
    mock = new MockPalette();
  });
  afterEach(async () => {
    await mock.close();
  });

  it('says how many attempts were made when every retry failed', async () => {
    mock.on('GET', '/v1/apiKeys', ...[1, 2, 3, 4].map(() => ({ status: 503, json: { message: 'maintenance' } })));
    const error = await failure(mock.client().listApiKeys());
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.match(error.message, /Palette at palette\.test had a server error \(503\): maintenance\. Gave up after 4 attempts\.$/);
    assert.equal(mock.calls().length, 4);
  });

  it('keeps the typed fields of the last error (Retry-After, method, path)', async () => {
    mock.on('PUT', '/v1/apiKeys/k1/state', ...[1, 2].map(() => ({ status: 429, json: {}, headers: { 'retry-after': '2' } })));
    const error = await failure(mock.client({ retry: { maxRetries: 1 } }).setApiKeyActive('k1', false));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryAfterMs, 2000);
    assert.equal(error.method, 'PUT');
    assert.equal(error.path, '/v1/apiKeys/k1/state');
    assert.equal(error.host, MOCK_HOST);
    assert.match(error.message, /Try again in 2 s\. Gave up after 2 attempts\.$/);
  });

  it('does not claim retries that never happened', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 503, json: {} });
    const noRetry = await failure(mock.client({ retry: { maxRetries: 0 } }).listApiKeys());
    assert.doesNotMatch(noRetry.message, /Gave up/);
    mock.on('GET', '/v1/apiKeys', { status: 500, json: {} });
    const notRetryable = await failure(mock.client().listApiKeys());
    assert.doesNotMatch(notRetryable.message, /Gave up/);
    mock.on('POST', '/v1/apiKeys', { status: 503, json: {} });
    const create = await failure(mock.client().createApiKey({ metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } }));
    assert.doesNotMatch(create.message, /Gave up/);
    assert.match(create.message, /may have been created anyway/);
  });

  it('reports a network failure after retries without the key', async () => {
    mock.on('GET', '/v1/users/info', ...[1, 2, 3, 4].map(() => ({ error: systemError('ECONNRESET') })));
    const error = await failure(mock.client().getUserInfo());
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Cannot reach Palette at palette\.test: the connection was reset \(ECONNRESET\)\. Gave up after 4 attempts\./);
    assert.ok(!`${error.message}${error.stack ?? ''}`.includes(KEY));
  });
});

describe('untrusted certificate messages', () => {
  const ctx = (caHint?: string): ErrorContext => ({
    host: 'palette.corp.example:8443',
    method: 'GET',
    path: '/v1/users/info',
    redact: (text) => text,
    now: () => 0,
    credential: 'apiKey',
    ...(caHint ? { caHint } : {}),
  });

  it('uses the caller\'s hint (the host names its CA setting)', () => {
    const error = errorFromTransport(ctx('set the paletteKeys.caFile setting to the path of its CA certificate (PEM file).'), systemError('SELF_SIGNED_CERT_IN_CHAIN'));
    assert.equal(error.kind, 'tls');
    assert.equal(error.message, 'The TLS certificate of palette.corp.example:8443 is not trusted (SELF_SIGNED_CERT_IN_CHAIN). '
      + 'If this is a self-hosted Palette with a private certificate authority, set the paletteKeys.caFile setting to the path of its CA certificate (PEM file).');
  });

  it('falls back to a generic hint, and never suggests turning verification off', () => {
    const error = errorFromTransport(ctx(), systemError('DEPTH_ZERO_SELF_SIGNED_CERT'));
    assert.ok(error.message.endsWith(DEFAULT_CA_HINT));
    assert.doesNotMatch(error.message, /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|disable|insecure/i);
  });

  it('passes the client option through to the error', async () => {
    const mock = new MockPalette();
    try {
      mock.on('GET', '/v1/users/info', { error: systemError('UNABLE_TO_VERIFY_LEAF_SIGNATURE') });
      const error = await failure(mock.client({ caHint: 'ask your admin for the CA.', retry: { maxRetries: 0 } }).getUserInfo());
      assert.equal(error.kind, 'tls');
      assert.match(error.message, /ask your admin for the CA\.$/);
    } finally {
      await mock.close();
    }
  });
});

describe('a key list with damaged items', () => {
  it('passes the items on; the key service skips and counts the unreadable ones', async () => {
    const { KeyService } = await import('../../src/core/keys/keyService');
    const mock = new MockPalette();
    try {
      const good = { metadata: { uid: 'k1', name: 'good' }, spec: { expiry: '2030-01-01T00:00:00Z', user: { uid: 'u1' } }, status: { isActive: true } };
      mock.on('GET', '/v1/apiKeys', { status: 200, json: { items: [good, 'x', null, 42, { metadata: 'not an object' }, { ...good, extra: true }] } });
      const list = await new KeyService(mock.client()).listKeys();
      assert.deepEqual(list.keys.map((key) => key.name), ['good', 'good']);
      assert.equal(list.rejected, 4);
    } finally {
      await mock.close();
    }
  });
});
