import * as assert from 'node:assert/strict';
import { PaletteClient } from '../../src/core/palette/paletteClient';
import { type PaletteApiError, type PaletteErrorKind } from '../../src/core/palette/errors';
import { MOCK_HOST, MOCK_ORIGIN, MockPalette } from './support/mockPalette';
import { rejection } from './support/paletteRejection';

const KEY = 'TESTKEYtestkey0123456789abcdefXY';

async function expectKind(promise: Promise<unknown>, kind: PaletteErrorKind): Promise<PaletteApiError> {
  const error = await rejection(promise);
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.host, MOCK_HOST);
  return error;
}

const sampleKey = {
  metadata: { name: 'ci', uid: 'k1', annotations: { description: 'CI' } },
  spec: { expiry: '2030-01-01T00:00:00Z', user: { uid: 'u1', firstName: 'A', lastName: 'B' } },
  status: { isActive: true },
};

describe('PaletteClient requests', () => {
  let mock: MockPalette;
  beforeEach(() => {
    mock = new MockPalette();
  });
  afterEach(async () => {
    await mock.close();
  });

  it('lists keys with the ApiKey header, JSON accept and user agent', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 200, json: { items: [sampleKey] } });
    const keys = await mock.client({ userAgent: 'palette-test/1' }).listApiKeys();
    assert.deepEqual(keys, [sampleKey]);
    const [call] = mock.calls();
    assert.equal(call.headers.apikey, KEY);
    assert.equal(call.headers.accept, 'application/json');
    assert.equal(call.headers['user-agent'], 'palette-test/1');
    assert.equal(call.headers.authorization, undefined);
  });

  it('uses only the origin of the base URL and exposes the host', async () => {
    mock.on('GET', '/v1/apiKeys', { status: 200, json: { items: [] } });
    const client = mock.client({ baseUrl: `${MOCK_ORIGIN}/some/path/` });
    assert.equal(client.host, MOCK_HOST);
    assert.deepEqual(await client.listApiKeys(), []);
    assert.equal(mock.calls()[0].path, '/v1/apiKeys');
  });

  it('rejects unusable base URLs and proxy URLs without echoing them', () => {
    const credential = { kind: 'apiKey' as const, apiKey: KEY };
    assert.throws(() => new PaletteClient({ baseUrl: 'not a url', credential }), /not a valid URL/);
    assert.throws(() => new PaletteClient({ baseUrl: 'ftp://palette.test', credential }), /https:\/\//);
    assert.throws(
      () => new PaletteClient({ baseUrl: 'https://user:hunter2secret@palette.test', credential }),
      (e: Error) => /user name or password/.test(e.message) && !e.message.includes('hunter2secret'),
    );
    assert.throws(
      () => new PaletteClient({ baseUrl: MOCK_ORIGIN, credential, proxyUrl: 'socks://u:hunter2secret@x' }),
      (e: Error) => /proxy URL/.test(e.message) && !e.message.includes('hunter2secret'),
    );
  });

  it('encodes uids in paths', async () => {
    mock.on('GET', '/v1/apiKeys/a%2Fb%20c%3F', { status: 200, json: sampleKey });
    assert.deepEqual(await mock.client().getApiKey('a/b c?'), sampleKey);
  });

  it('rejects empty and dot uids before sending anything', async () => {
    const client = mock.client();
    for (const uid of ['', '   ', '.', '..']) {
      await expectKind(client.getApiKey(uid), 'invalidRequest');
      await expectKind(client.deleteApiKey(uid), 'invalidRequest');
      await expectKind(client.updateApiKey(uid, { metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } }), 'invalidRequest');
      await expectKind(client.setApiKeyActive(uid, false), 'invalidRequest');
    }
    assert.equal(mock.calls().length, 0);
  });

  it('creates a key with a JSON body and returns uid and value', async () => {
    mock.on('POST', '/v1/apiKeys', { status: 201, json: { uid: 'k9', apiKey: 'NEWVALUEnewvalue0123456789abcdef' } });
    const body = { metadata: { name: 'ci', annotations: { description: 'CI' } }, spec: { expiry: '2030-01-01T00:00:00Z', userUid: 'u1' } };
    const created = await mock.client().createApiKey(body);
    assert.deepEqual(created, { uid: 'k9', apiKey: 'NEWVALUEnewvalue0123456789abcdef' });
    const [call] = mock.calls();
    assert.equal(call.method, 'POST');
    assert.equal(call.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(call.body ?? ''), body);
  });

  it('updates, revokes and deletes with the documented verbs and bodies', async () => {
    mock
      .on('PUT', '/v1/apiKeys/k1', { status: 204 })
      .on('PUT', '/v1/apiKeys/k1/state', { status: 204 })
      .on('DELETE', '/v1/apiKeys/k1', { status: 204 });
    const client = mock.client();
    const update = { metadata: { name: 'renamed', annotations: { description: 'd' } }, spec: { expiry: '2031-01-01T00:00:00Z' } };
    await client.updateApiKey('k1', update);
    await client.setApiKeyActive('k1', false);
    await client.deleteApiKey('k1');
    const calls = mock.calls();
    assert.deepEqual(calls.map((c) => `${c.method} ${c.path}`), ['PUT /v1/apiKeys/k1', 'PUT /v1/apiKeys/k1/state', 'DELETE /v1/apiKeys/k1']);
    assert.deepEqual(JSON.parse(calls[0].body ?? ''), update);
    assert.deepEqual(JSON.parse(calls[1].body ?? ''), { isActive: false });
  });

  it('falls back to PATCH when the server does not know PUT /state (405)', async () => {
    mock.on('PUT', '/v1/apiKeys/k1/state', { status: 405, json: { code: 'MethodNotAllowed' } }).on('PATCH', '/v1/apiKeys/k1', { status: 204 });
    await mock.client().setApiKeyActive('k1', true);
    const calls = mock.calls();
    assert.equal(calls[1].method, 'PATCH');
    assert.deepEqual(JSON.parse(calls[1].body ?? ''), { isActive: true });
  });

  it('does not fall back to PATCH on 404', async () => {
    mock.on('PUT', '/v1/apiKeys/k1/state', { status: 404, json: { message: 'no such key' } });
    await expectKind(mock.client().setApiKeyActive('k1', true), 'notFound');
    assert.equal(mock.calls().length, 1);
  });

  it('returns user info and requires userUid and tenantUid', async () => {
    mock
      .on('GET', '/v1/users/info', { status: 200, json: { userUid: 'u1', tenantUid: 't1', orgName: 'acme' } })
      .on('GET', '/v1/users/info', { status: 200, json: { userUid: 'u1' } })
      .on('GET', '/v1/users/info', { status: 200, json: { userUid: '', tenantUid: 't1' } });
    const client = mock.client();
    assert.deepEqual(await client.getUserInfo(), { userUid: 'u1', tenantUid: 't1', orgName: 'acme' });
    const missing = await expectKind(client.getUserInfo(), 'malformedResponse');
    assert.match(missing.message, /tenantUid/);
    await expectKind(client.getUserInfo(), 'malformedResponse');
  });

  it('follows listmeta.continue over every page of users', async () => {
    const user = (uid: string): object => ({ metadata: { uid }, spec: { emailId: `${uid}@x.test` } });
    mock
      .on('GET', '/v1/users', { status: 200, json: { items: [user('a'), user('b')], listmeta: { continue: 'tok 1', count: 5 } } })
      .on('GET', '/v1/users?continue=tok+1', { status: 200, json: { items: [user('c'), user('d')], listmeta: { continue: 'tok2' } } })
      .on('GET', '/v1/users?continue=tok2', { status: 200, json: { items: [user('e')], listmeta: { continue: '' } } });
    const users = await mock.client().listUsers();
    assert.deepEqual(users.map((u) => u.metadata?.uid), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(mock.calls().length, 3);
  });

  it('stops with malformedResponse when the user list repeats its continue token', async () => {
    mock
      .on('GET', '/v1/users', { status: 200, json: { items: [], listmeta: { continue: 'same' } } })
      .on('GET', '/v1/users?continue=same', { status: 200, json: { items: [], listmeta: { continue: 'same' } } });
    const error = await expectKind(mock.client().listUsers(), 'malformedResponse');
    assert.match(error.message, /continue token/);
  });

  describe('response validation', () => {
    const cases: Array<{ name: string; reply: Parameters<MockPalette['on']>[2]; pattern: RegExp }> = [
      { name: 'an HTML proxy page', reply: { status: 200, text: '<!DOCTYPE html><html><body>Sign in to the proxy</body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } }, pattern: /HTML page \(content type text\/html\)/ },
      { name: 'HTML without a content type', reply: { status: 200, text: '<html><body>x</body></html>' }, pattern: /HTML page/ },
      { name: 'plain text', reply: { status: 200, text: 'ok', headers: { 'content-type': 'text/plain' } }, pattern: /non-JSON response \(content type text\/plain\)/ },
      { name: 'an empty body', reply: { status: 200, text: '' }, pattern: /empty response/ },
      { name: 'a JSON array', reply: { status: 200, json: [] }, pattern: /not a JSON object/ },
      { name: 'items that are not a list', reply: { status: 200, json: { items: {} } }, pattern: /no items array/ },
      { name: 'a redirect', reply: { status: 302, text: '', headers: { location: 'https://login.example/' } }, pattern: /302 redirect/ },
    ];
    for (const { name, reply, pattern } of cases) {
      it(`reports ${name} as malformedResponse`, async () => {
        mock.on('GET', '/v1/apiKeys', reply);
        const error = await expectKind(mock.client().listApiKeys(), 'malformedResponse');
        assert.match(error.message, pattern);
        assert.match(error.message, /palette\.test/);
        assert.equal(error.method, 'GET');
        assert.equal(error.path, '/v1/apiKeys');
      });
    }

    it('does not echo the bytes of a page it could not parse', async () => {
      mock.on('GET', '/v1/apiKeys', { status: 200, text: '<html>session=SECRETCOOKIEVALUE</html>', headers: { 'content-type': 'text/html' } });
      const error = await expectKind(mock.client().listApiKeys(), 'malformedResponse');
      assert.ok(!error.message.includes('SECRETCOOKIEVALUE'));
      assert.ok(!error.message.includes('<html>'));
    });

    it('rejects a create response without the key value, warning the key may exist', async () => {
      mock.on('POST', '/v1/apiKeys', { status: 201, json: { uid: 'k9' } });
      const error = await expectKind(mock.client().createApiKey({ metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } }), 'malformedResponse');
      assert.match(error.message, /apiKey/);
      assert.match(error.message, /may have been created/);
    });

    it('rejects a response larger than the limit', async () => {
      mock.on('GET', '/v1/apiKeys', { status: 200, json: { items: new Array(200).fill(sampleKey) } });
      const error = await expectKind(mock.client({ maxResponseBytes: 1024 }).listApiKeys(), 'malformedResponse');
      assert.match(error.message, /larger than 1 KiB/);
    });

    it('rejects an API key whose metadata is not an object', async () => {
      mock.on('GET', '/v1/apiKeys/k1', { status: 200, json: { metadata: 'x' } });
      await expectKind(mock.client().getApiKey('k1'), 'malformedResponse');
    });
  });

  it('fails with cancelled after close()', async () => {
    const client = mock.client();
    await client.close();
    await expectKind(client.listApiKeys(), 'cancelled');
    assert.equal(mock.calls().length, 0);
  });
});
