import * as assert from 'node:assert/strict';
import { DEFAULT_JWT_LIFETIME_MS, decodeJwtClaims, jwtExpiry } from '../../src/core/palette/jwtSession';
import type { PaletteClient } from '../../src/core/palette/paletteClient';
import { makeJwt } from './support/jwt';
import { MockPalette } from './support/mockPalette';
import { rejection } from './support/paletteRejection';

const T0 = Date.parse('2025-03-20T12:00:00Z');
const MIN = 60_000;
const LOGIN = { emailId: 'dev@acme.test', password: 'correct-Horse-battery-9', org: 'acme' };

function token(label: string, issuedAtMs: number, lifetimeMs = 15 * MIN): string {
  const iat = Math.floor(issuedAtMs / 1000);
  return makeJwt({ sub: label, iat, exp: iat + lifetimeMs / 1000 });
}

describe('jwtExpiry', () => {
  it('applies exp - iat to the local clock, immune to server clock skew', () => {
    const serverAhead = token('a', T0 + 3600_000, 10 * MIN);
    assert.equal(jwtExpiry(serverAhead, T0), T0 + 10 * MIN);
  });
  it('uses exp alone when plausible', () => {
    assert.equal(jwtExpiry(makeJwt({ exp: (T0 + 5 * MIN) / 1000 }), T0), T0 + 5 * MIN);
  });
  it('falls back to 15 minutes for missing, past or absurd expiry', () => {
    for (const value of ['opaque-session-token', makeJwt({ sub: 'x' }), makeJwt({ exp: (T0 - MIN) / 1000 }), makeJwt({ exp: T0 / 1000 + 86400 * 30 }), 'a.b.c', 'a.!!!.c']) {
      assert.equal(jwtExpiry(value, T0), T0 + DEFAULT_JWT_LIFETIME_MS, value);
    }
  });
  it('decodes a token with a Bearer prefix', () => {
    assert.deepEqual(decodeJwtClaims(`Bearer ${makeJwt({ exp: 5 })}`), { exp: 5 });
    assert.equal(decodeJwtClaims(makeJwt({ exp: 5 }).replace(/^[^.]+\.[^.]+/, 'x.WzFd')), undefined);
  });
});

describe('PaletteClient JWT flow', () => {
  let mock: MockPalette;
  let now: number;
  let client: PaletteClient;
  beforeEach(() => {
    mock = new MockPalette();
    now = T0;
    client = mock.client({ credential: { kind: 'password', ...LOGIN }, now: () => now });
  });
  afterEach(async () => {
    await mock.close();
  });

  const ok = { status: 200, json: { items: [] } };
  const requests = (): string[] => mock.calls().map((c) => `${c.method} ${c.path}`);

  it('signs in once and sends the JWT as Authorization', async () => {
    const jwt = token('one', T0);
    mock.on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: jwt } }).on('GET', '/v1/apiKeys', ok, ok);
    await client.listApiKeys();
    await client.listApiKeys();
    const calls = mock.calls();
    assert.deepEqual(requests(), ['POST /v1/auth/authenticate', 'GET /v1/apiKeys', 'GET /v1/apiKeys']);
    assert.deepEqual(JSON.parse(calls[0].body ?? ''), LOGIN);
    assert.equal(calls[0].headers.authorization, undefined);
    assert.equal(calls[1].headers.authorization, jwt);
    assert.equal(calls[2].headers.authorization, jwt);
    assert.equal(calls[1].headers.apikey, undefined);
  });

  it('shares one sign-in among concurrent requests', async () => {
    const jwt = token('one', T0);
    mock.on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: jwt }, delayMs: 30 }).on('GET', '/v1/apiKeys', ok, ok, ok);
    await Promise.all([client.listApiKeys(), client.listApiKeys(), client.listApiKeys()]);
    assert.equal(requests().filter((r) => r.startsWith('POST')).length, 1);
    assert.ok(mock.calls().slice(1).every((c) => c.headers.authorization === jwt));
  });

  it('refreshes before the token lapses and uses the fresh token', async () => {
    const first = token('one', T0);
    const second = token('two', T0 + 14.5 * MIN);
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: first } })
      .on('GET', `/v1/auth/refresh/${encodeURIComponent(first)}`, { status: 200, json: { Authorization: second } })
      .on('GET', '/v1/apiKeys', ok, ok, ok);
    await client.listApiKeys();
    now = T0 + 13 * MIN;
    await client.listApiKeys();
    now = T0 + 14.5 * MIN; // inside the one-minute margin
    await client.listApiKeys();
    assert.deepEqual(requests(), [
      'POST /v1/auth/authenticate',
      'GET /v1/apiKeys',
      'GET /v1/apiKeys',
      `GET /v1/auth/refresh/${encodeURIComponent(first)}`,
      'GET /v1/apiKeys',
    ]);
    assert.equal(mock.calls()[4].headers.authorization, second);
  });

  it('shares one refresh among concurrent requests', async () => {
    const first = token('one', T0);
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: first } })
      .on('GET', `/v1/auth/refresh/${encodeURIComponent(first)}`, { status: 200, json: { Authorization: token('two', T0) }, delayMs: 30 })
      .on('GET', '/v1/apiKeys', ok, ok, ok);
    await client.listApiKeys();
    now = T0 + 14.5 * MIN;
    await Promise.all([client.listApiKeys(), client.listApiKeys()]);
    assert.equal(requests().filter((r) => r.startsWith('GET /v1/auth/refresh/')).length, 1);
  });

  it('signs in again when the refresh fails', async () => {
    const first = token('one', T0);
    const third = token('three', T0 + 14.5 * MIN);
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: first } }, { status: 200, json: { Authorization: third } })
      .on('GET', `/v1/auth/refresh/${encodeURIComponent(first)}`, { status: 401, json: { message: 'session revoked' } })
      .on('GET', '/v1/apiKeys', ok, ok);
    await client.listApiKeys();
    now = T0 + 14.5 * MIN;
    await client.listApiKeys();
    assert.deepEqual(requests(), [
      'POST /v1/auth/authenticate',
      'GET /v1/apiKeys',
      `GET /v1/auth/refresh/${encodeURIComponent(first)}`,
      'POST /v1/auth/authenticate',
      'GET /v1/apiKeys',
    ]);
    assert.equal(mock.calls()[4].headers.authorization, third);
  });

  it('signs in again, without trying a refresh, once the token has expired', async () => {
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: token('one', T0) } }, { status: 200, json: { Authorization: token('two', T0 + 16 * MIN) } })
      .on('GET', '/v1/apiKeys', ok, ok);
    await client.listApiKeys();
    now = T0 + 16 * MIN;
    await client.listApiKeys();
    assert.deepEqual(requests(), ['POST /v1/auth/authenticate', 'GET /v1/apiKeys', 'POST /v1/auth/authenticate', 'GET /v1/apiKeys']);
  });

  it('assumes 15 minutes for a token without exp', async () => {
    const opaque = 'opaque-session-token-1';
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: opaque } })
      .on('GET', `/v1/auth/refresh/${opaque}`, { status: 200, json: { Authorization: 'opaque-session-token-2' } })
      .on('GET', '/v1/apiKeys', ok, ok, ok);
    await client.listApiKeys();
    now = T0 + 13.9 * MIN;
    await client.listApiKeys();
    assert.equal(requests().length, 3);
    now = T0 + 14.1 * MIN;
    await client.listApiKeys();
    assert.equal(requests()[3], `GET /v1/auth/refresh/${opaque}`);
  });

  it('signs in again and replays a GET once when the server drops the session (401)', async () => {
    const first = token('one', T0);
    const second = token('two', T0);
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: first } }, { status: 200, json: { Authorization: second } }, { status: 200, json: { Authorization: first } })
      .on('GET', '/v1/apiKeys', { status: 401, json: {} }, ok, { status: 401, json: {} }, { status: 401, json: {} });
    await client.listApiKeys();
    const calls = mock.calls();
    assert.equal(calls[3].headers.authorization, second);
    // Only once: a second 401 right after a fresh sign-in is reported.
    const error = await rejection(client.listApiKeys());
    assert.equal(error.kind, 'unauthenticated');
    assert.equal(requests().length, 4 + 3);
  });

  it('does not replay a create after 401, but signs in afresh next time', async () => {
    mock
      .on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: token('one', T0) } }, { status: 200, json: { Authorization: token('two', T0) } })
      .on('POST', '/v1/apiKeys', { status: 401, json: {} })
      .on('GET', '/v1/apiKeys', ok);
    const error = await rejection(client.createApiKey({ metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } }));
    assert.equal(error.kind, 'unauthenticated');
    await client.listApiKeys();
    assert.deepEqual(requests(), ['POST /v1/auth/authenticate', 'POST /v1/apiKeys', 'POST /v1/auth/authenticate', 'GET /v1/apiKeys']);
  });

  it('reports a rejected password as unauthenticated from the sign-in', async () => {
    mock.on('POST', '/v1/auth/authenticate', { status: 401, json: { code: 'InvalidCredentials', message: 'wrong email or password' } });
    const error = await rejection(client.listApiKeys());
    assert.equal(error.kind, 'unauthenticated');
    assert.equal(error.path, '/v1/auth/authenticate');
    assert.match(error.message, /email and password/);
    assert.equal(requests().length, 1);
  });

  it('rejects an authentication answer without a token', async () => {
    mock.on('POST', '/v1/auth/authenticate', { status: 200, json: { isMfa: true } });
    const error = await rejection(client.listApiKeys());
    assert.equal(error.kind, 'malformedResponse');
    assert.match(error.message, /Authorization/);
  });

  it('lets one caller cancel its wait without failing the shared sign-in', async () => {
    mock.on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: token('one', T0) }, delayMs: 50 }).on('GET', '/v1/apiKeys', ok);
    const controller = new AbortController();
    const cancelled = client.listApiKeys(controller.signal);
    const other = client.listApiKeys();
    controller.abort();
    assert.equal((await rejection(cancelled)).kind, 'cancelled');
    assert.deepEqual(await other, []);
    assert.deepEqual(requests(), ['POST /v1/auth/authenticate', 'GET /v1/apiKeys']);
  });

  it('refreshToken rejects an empty token without a request', async () => {
    assert.equal((await rejection(client.refreshToken(' '))).kind, 'invalidRequest');
    assert.equal(requests().length, 0);
  });
});
