import * as assert from 'node:assert/strict';
import { PaletteClient } from '../../src/core/palette/paletteClient';
import { PaletteApiError, isPaletteApiError, type PaletteErrorKind } from '../../src/core/palette/errors';
import { MOCK_HOST, MockPalette, systemError } from './support/mockPalette';
import { startHttpServer } from './support/localServers';
import { rejection } from './support/paletteRejection';

describe('PaletteClient error mapping', () => {
  let mock: MockPalette;
  beforeEach(() => {
    mock = new MockPalette();
  });
  afterEach(async () => {
    await mock.close();
  });

  const statusCases: Array<{ status: number; kind: PaletteErrorKind; pattern: RegExp }> = [
    { status: 400, kind: 'invalidRequest', pattern: /rejected GET \/v1\/apiKeys \(400\): expiry must be in the future/ },
    { status: 401, kind: 'unauthenticated', pattern: /rejected the API key \(401\).*Sign in again/ },
    { status: 403, kind: 'forbidden', pattern: /denied GET \/v1\/apiKeys \(403\).*tenant admin/ },
    { status: 404, kind: 'notFound', pattern: /\(404\)/ },
    { status: 409, kind: 'invalidRequest', pattern: /\(409\): expiry must be in the future/ },
    { status: 422, kind: 'invalidRequest', pattern: /\(422\): expiry must be in the future/ },
    { status: 429, kind: 'rateLimited', pattern: /limiting requests \(429\)/ },
    { status: 500, kind: 'server', pattern: /server error \(500\)/ },
    { status: 503, kind: 'server', pattern: /server error \(503\)/ },
  ];
  for (const { status, kind, pattern } of statusCases) {
    it(`maps HTTP ${status} to ${kind} with Palette's code, message and ref`, async () => {
      const body = { code: 'SomeCode', message: 'expiry must be in the future', ref: 'ref-123', details: { field: 'spec.expiry' } };
      mock.on('GET', '/v1/apiKeys', { status, json: body });
      const error = await rejection(mock.client({ retry: { maxRetries: 0 } }).listApiKeys());
      assert.ok(error instanceof PaletteApiError);
      assert.equal(error.name, 'PaletteApiError');
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.equal(error.code, 'SomeCode');
      assert.equal(error.ref, 'ref-123');
      assert.equal(error.host, MOCK_HOST);
      assert.equal(error.method, 'GET');
      assert.equal(error.path, '/v1/apiKeys');
      assert.match(error.message, pattern);
      assert.match(error.message, /palette\.test/);
    });
  }

  it('keeps the status kind when a 502 comes as an HTML page, without quoting it', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 502, text: '<html><body>Bad Gateway from nginx</body></html>', headers: { 'content-type': 'text/html' } });
    const error = await rejection(mock.client({ retry: { maxRetries: 0 } }).listApiKeys());
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 502);
    assert.match(error.message, /HTML page/);
    assert.ok(!error.message.includes('nginx'));
  });

  it('maps other 4xx statuses to invalidRequest', async () => {
    mock.on('DELETE', '/v1/apiKeys/k1', { status: 410, json: { message: 'gone' } });
    const error = await rejection(mock.client().deleteApiKey('k1'));
    assert.equal(error.kind, 'invalidRequest');
    assert.match(error.message, /gone/);
  });

  it('words a 401 for the password flow differently', async () => {
    mock.on('POST', '/v1/auth/authenticate', { status: 401, json: { message: 'invalid credentials' } });
    const client = mock.client({ credential: { kind: 'password', emailId: 'a@b.test', password: 'pw-Secret-123' } });
    const error = await rejection(client.listApiKeys());
    assert.equal(error.kind, 'unauthenticated');
    assert.equal(error.path, '/v1/auth/authenticate');
  });

  it('shortens long server messages and strips control characters', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 400, json: { message: `line1\nline2\u0007${'x'.repeat(1000)}` } });
    const error = await rejection(mock.client().listApiKeys());
    assert.ok(!error.message.includes('\n') && !error.message.includes('\u0007'));
    assert.ok(error.message.length < 500, `message length ${error.message.length}`);
    assert.match(error.message, /line1 line2/);
  });

  const networkCases: Array<{ code: string; pattern: RegExp }> = [
    { code: 'ECONNREFUSED', pattern: /connection was refused \(ECONNREFUSED\)/ },
    { code: 'ECONNRESET', pattern: /connection was reset \(ECONNRESET\)/ },
    { code: 'ENOTFOUND', pattern: /could not be resolved \(ENOTFOUND\)/ },
    { code: 'EAI_AGAIN', pattern: /temporary DNS failure/ },
    { code: 'ETIMEDOUT', pattern: /timed out/ },
  ];
  for (const { code, pattern } of networkCases) {
    it(`maps ${code} to network, naming the host`, async () => {
      mock.on('GET', '/v1/apiKeys', { error: systemError(code) });
      const error = await rejection(mock.client({ retry: { maxRetries: 0 } }).listApiKeys());
      assert.equal(error.kind, 'network');
      assert.equal(error.code, code);
      assert.match(error.message, /Cannot reach Palette at palette\.test/);
      assert.match(error.message, pattern);
      assert.equal(error.cause, undefined);
    });
  }

  it('finds the code of a wrapped socket error', async () => {
    const wrapped = new Error('fetch failed', { cause: new AggregateError([systemError('ECONNREFUSED')], 'all failed') });
    mock.on('GET', '/v1/apiKeys', { error: wrapped });
    const error = await rejection(mock.client({ retry: { maxRetries: 0 } }).listApiKeys());
    assert.equal(error.code, 'ECONNREFUSED');
  });

  it('maps a certificate error code to tls and points at the CA setting', async () => {
    mock.on('GET', '/v1/apiKeys', { error: systemError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate') });
    const error = await rejection(mock.client().listApiKeys());
    assert.equal(error.kind, 'tls');
    assert.match(error.message, /palette\.test/);
    assert.match(error.message, /configure that CA certificate/);
    assert.doesNotMatch(error.message, /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|disable/i);
    assert.equal(mock.calls().length, 1, 'TLS failures are not retried');
  });

  it('maps a real refused connection to network naming host and port', async () => {
    const server = await startHttpServer((_req, res) => res.end());
    const port = server.port;
    await server.close();
    const client = new PaletteClient({
      baseUrl: `http://127.0.0.1:${port}`,
      credential: { kind: 'apiKey', apiKey: 'TESTKEYtestkey0123456789abcdefXY' },
      retry: { maxRetries: 0 },
    });
    try {
      const error = await rejection(client.listApiKeys());
      assert.equal(error.kind, 'network');
      assert.equal(error.code, 'ECONNREFUSED');
      assert.ok(error.message.includes(`127.0.0.1:${port}`), error.message);
    } finally {
      await client.close();
    }
  });

  it('isPaletteApiError accepts look-alikes from another bundle and rejects others', () => {
    const foreign = Object.assign(new Error('x'), { name: 'PaletteApiError', kind: 'network', host: 'h' });
    assert.equal(isPaletteApiError(foreign), true);
    assert.equal(isPaletteApiError(new Error('x')), false);
    assert.equal(isPaletteApiError({ name: 'PaletteApiError', kind: 'network', host: 'h' }), false);
    assert.equal(isPaletteApiError(undefined), false);
  });
});
