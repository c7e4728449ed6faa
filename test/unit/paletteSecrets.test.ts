import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { isPaletteApiError, type PaletteApiError } from '../../src/core/palette/errors';
import type { PaletteClient } from '../../src/core/palette/paletteClient';
import { SecretRedactor } from '../../src/core/palette/secretRedactor';
import { makeJwt } from './support/jwt';
import { MockPalette, systemError, type MockReply } from './support/mockPalette';

const CANARY_KEY = 'CANARYk3yCANARYk3yCANARYk3y12345';
const CANARY_PASSWORD = 'Canary pass/word+&=!"9';
const CANARY_JWT = makeJwt({ sub: 'canary-session', iat: 1742472000, exp: 1742472900 }, 'Q0FOQVJZLXNpZ25hdHVyZQ');
const T0 = 1742472000 * 1000;

/** Every form in which a secret could leak. */
const FORBIDDEN = [CANARY_KEY, CANARY_PASSWORD, encodeURIComponent(CANARY_PASSWORD), JSON.stringify(CANARY_PASSWORD).slice(1, -1), CANARY_JWT, CANARY_JWT.split('.')[1], encodeURIComponent(CANARY_JWT)];

function everythingIn(error: PaletteApiError): string {
  return [error.message, error.stack, String(error.cause), inspect(error, { depth: 5 }), JSON.stringify({ ...error }), error.code, error.ref, error.path].join('\n');
}

function assertClean(error: unknown, label: string): PaletteApiError {
  assert.ok(isPaletteApiError(error), `${label}: expected a PaletteApiError, got ${inspect(error)}`);
  const text = everythingIn(error);
  for (const secret of FORBIDDEN) assert.ok(!text.includes(secret), `${label}: leaked ${secret.slice(0, 6)}… in\n${text}`);
  assert.ok(error.message.includes('palette.test') || error.kind === 'cancelled', `${label}: message lost its host: ${error.message}`);
  return error;
}

async function failure(promise: Promise<unknown>, label: string): Promise<PaletteApiError> {
  try {
    await promise;
  } catch (e) {
    return assertClean(e, label);
  }
  assert.fail(`${label}: expected a failure`);
}

/** Server replies that quote the secret back, in every field we might display. */
function echoing(secret: string): MockReply[] {
  const body = { code: `Bad-${secret}`, message: `key ${secret} is invalid`, ref: `ref-${secret}`, details: { value: secret } };
  return [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504].map((status) => ({ status, json: body, headers: { 'retry-after': '1' } }));
}

function failureReplies(secret: string): Array<{ label: string; reply: MockReply }> {
  return [
    ...echoing(secret).map((reply) => ({ label: `HTTP ${'status' in reply ? reply.status : '?'}`, reply })),
    { label: 'HTML 200', reply: { status: 200, text: `<html>${secret}</html>`, headers: { 'content-type': 'text/html' } } },
    { label: 'text 200', reply: { status: 200, text: `token=${secret}`, headers: { 'content-type': 'text/plain' } } },
    { label: 'wrong shape', reply: { status: 200, json: { items: secret } } },
    { label: 'HTML 502', reply: { status: 502, text: `<html>${secret}</html>`, headers: { 'content-type': 'text/html' } } },
    { label: 'redirect', reply: { status: 302, text: '', headers: { location: `https://login.test/?k=${secret}` } } },
    { label: 'ECONNRESET', reply: { error: systemError('ECONNRESET', `socket hang up ${secret}`) } },
    { label: 'ENOTFOUND', reply: { error: systemError('ENOTFOUND', `getaddrinfo ENOTFOUND ${secret}`) } },
    { label: 'TLS', reply: { error: systemError('SELF_SIGNED_CERT_IN_CHAIN', `self signed ${secret}`) } },
    { label: 'unknown error', reply: { error: new Error(`boom ${secret}`) } },
    { label: 'proxy', reply: { error: new Error(`Proxy response (407) !== 200 when HTTP Tunneling ${secret}`) } },
  ];
}

/**
 * Runs `check` once per failing server reply (21 kinds), each against a fresh mock Palette: one
 * test per behaviour, whose failure names the reply that leaked.
 */
async function forEveryFailure(secret: string, check: (mock: MockPalette, label: string, reply: MockReply) => Promise<void>): Promise<void> {
  for (const { label, reply } of failureReplies(secret)) {
    const mock = new MockPalette();
    try {
      await check(mock, label, reply);
    } finally {
      await mock.close();
    }
  }
}

describe('PaletteClient never leaks secrets', () => {
  let mock: MockPalette;
  beforeEach(() => {
    mock = new MockPalette();
  });
  afterEach(async () => {
    await mock.close();
  });

  describe('with an API key', () => {
    const make = (m: MockPalette): PaletteClient => m.client({ credential: { kind: 'apiKey', apiKey: CANARY_KEY }, retry: { maxRetries: 0 } });

    it('keeps the key out of the errors of 21 failing replies (statuses, HTML, redirects, network, TLS, proxy)', async () => {
      await forEveryFailure(CANARY_KEY, async (server, label, reply) => {
        server.on('GET', '/v1/apiKeys', reply).on('POST', '/v1/apiKeys', reply);
        const client = make(server);
        await failure(client.listApiKeys(), `list ${label}`);
        await failure(client.createApiKey({ metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } }), `create ${label}`);
        assert.equal(server.calls()[0].headers.apikey, CANARY_KEY, `${label}: the key is sent, only never shown`);
      });
    });

    it('keeps the key out of undici errors about unmatched requests', async () => {
      await failure(make(mock).listApiKeys(), 'no interceptor');
    });

    it('keeps the key out of timeout and cancellation errors', async () => {
      mock.on('GET', '/v1/apiKeys', { status: 200, json: { items: [] }, delayMs: 500 }, { status: 200, json: { items: [] }, delayMs: 500 });
      await failure(mock.client({ credential: { kind: 'apiKey', apiKey: CANARY_KEY }, timeoutMs: 30 }).listApiKeys(), 'timeout');
      await failure(make(mock).listApiKeys(AbortSignal.timeout(20)), 'cancelled');
    });

    it('keeps a key-shaped value out even when it is not ours', async () => {
      const stranger = 'STRANGERstrangerSTRANGER12345678';
      mock.on('GET', '/v1/apiKeys', { status: 400, json: { message: `bad ${stranger}` } });
      const error = await failure(make(mock).listApiKeys(), 'stranger');
      assert.ok(!error.message.includes(stranger));
      assert.match(error.message, /\[redacted\]/);
    });
  });

  describe('with email and password', () => {
    const make = (m: MockPalette): PaletteClient =>
      m.client({ credential: { kind: 'password', emailId: 'dev@acme.test', password: CANARY_PASSWORD }, retry: { maxRetries: 0 }, now: () => T0 });

    it('keeps the password, raw, URL-encoded and JSON-escaped, out of the sign-in errors of 21 failing replies', async () => {
      for (const secret of [CANARY_PASSWORD, encodeURIComponent(CANARY_PASSWORD), JSON.stringify(CANARY_PASSWORD).slice(1, -1)]) {
        const form = secret === CANARY_PASSWORD ? 'raw' : 'encoded';
        await forEveryFailure(secret, async (server, label, reply) => {
          server.on('POST', '/v1/auth/authenticate', reply);
          await failure(make(server).listApiKeys(), `sign-in ${label} (${form})`);
          assert.equal(JSON.parse(server.calls()[0].body ?? '{}').password, CANARY_PASSWORD);
        });
      }
    });

    it('keeps the JWT out of the request errors of 21 failing replies', async () => {
      await forEveryFailure(CANARY_JWT, async (server, label, reply) => {
        server.on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: CANARY_JWT } }, { status: 200, json: { Authorization: CANARY_JWT } });
        server.on('GET', '/v1/apiKeys', reply, reply);
        await failure(make(server).listApiKeys(), `request ${label}`);
      });
    });

    it('keeps the JWT out of refresh errors, whose URL holds the token', async () => {
      let now = T0;
      const client = mock.client({ credential: { kind: 'password', emailId: 'dev@acme.test', password: CANARY_PASSWORD }, retry: { maxRetries: 0 }, now: () => now });
      mock.on('POST', '/v1/auth/authenticate', { status: 200, json: { Authorization: CANARY_JWT } }, { status: 500, json: { message: `cannot refresh ${CANARY_JWT}` } });
      mock.on('GET', '/v1/apiKeys', { status: 200, json: { items: [] } });
      await client.listApiKeys();
      now = T0 + 14.5 * 60_000;
      // No refresh interceptor: undici's "not matched" error quotes the path with the token.
      await failure(client.listApiKeys(), 'refresh then sign-in');

      for (const { label, reply } of failureReplies(CANARY_JWT)) {
        mock.on('GET', `/v1/auth/refresh/${encodeURIComponent(CANARY_JWT)}`, reply);
        const error = await failure(client.refreshToken(CANARY_JWT), `refresh ${label}`);
        assert.equal(error.path, '/v1/auth/refresh/{token}');
      }
      await failure(client.refreshToken(CANARY_JWT), 'refresh not matched');
    });
  });
});

describe('SecretRedactor', () => {
  it('replaces known secrets in raw, JSON-escaped and URL-encoded form', () => {
    const redactor = new SecretRedactor();
    redactor.add('pa"ss wo/rd');
    const out = redactor.redact('a pa"ss wo/rd b pa\\"ss wo/rd c pa%22ss%20wo%2Frd d');
    assert.equal(out, 'a [redacted] b [redacted] c [redacted] d');
  });
  it('replaces JWT-shaped and key-shaped tokens but keeps ordinary text and uids', () => {
    const redactor = new SecretRedactor();
    const text = `uid 5f1b2c3d4e5f6a7b8c9d0e1f jwt ${makeJwt({ a: 1 })} key QMOI1ZVKVIoW6LM6uXqSWFPsjmt0juvl end`;
    assert.equal(redactor.redact(text), 'uid 5f1b2c3d4e5f6a7b8c9d0e1f jwt [redacted] key [redacted] end');
  });
  it('redacts very short secrets only where they stand alone, and can forget one', () => {
    const redactor = new SecretRedactor();
    redactor.add('abc');
    redactor.add('longer-secret');
    assert.equal(redactor.redact('abc longer-secret abcdef'), '[redacted] [redacted] abcdef');
    redactor.remove('longer-secret');
    redactor.remove('abc');
    assert.equal(redactor.redact('abc longer-secret'), 'abc longer-secret');
  });
});
