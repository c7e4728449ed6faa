import * as assert from 'node:assert/strict';
import { PaletteClient } from '../../src/core/palette/paletteClient';
import { startHttpServer, type RunningServer } from './support/localServers';
import { MockPalette } from './support/mockPalette';
import { rejection } from './support/paletteRejection';

const credential = { kind: 'apiKey' as const, apiKey: 'TESTKEYtestkey0123456789abcdefXY' };

describe('PaletteClient timeouts and cancellation', () => {
  let server: RunningServer | undefined;
  let client: PaletteClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  it('times out against a server that never answers, naming the host, without retrying', async () => {
    server = await startHttpServer(() => undefined);
    client = new PaletteClient({ baseUrl: `http://127.0.0.1:${server.port}`, credential, timeoutMs: 200 });
    const started = Date.now();
    const error = await rejection(client.listApiKeys());
    const elapsed = Date.now() - started;
    assert.equal(error.kind, 'timeout');
    assert.ok(error.message.includes(`127.0.0.1:${server.port}`), error.message);
    assert.match(error.message, /within 0\.2 s/);
    assert.ok(elapsed >= 190 && elapsed < 2000, `elapsed ${elapsed} ms`);
    assert.equal(server.seen.length, 1);
  });

  it('times out when the body stalls after the headers', async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": [');
    });
    client = new PaletteClient({ baseUrl: `http://127.0.0.1:${server.port}`, credential, timeoutMs: 200 });
    assert.equal((await rejection(client.listApiKeys())).kind, 'timeout');
  });

  it('warns that a timed-out create may have created the key', async () => {
    server = await startHttpServer(() => undefined);
    client = new PaletteClient({ baseUrl: `http://127.0.0.1:${server.port}`, credential, timeoutMs: 150 });
    const error = await rejection(client.createApiKey({ metadata: { name: 'n' }, spec: { expiry: '2030-01-01T00:00:00Z' } }));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /may have been created/);
    assert.equal(server.seen.length, 1);
  });

  it('reports cancelled, not timeout, when the caller aborts mid-request', async () => {
    server = await startHttpServer(() => undefined);
    client = new PaletteClient({ baseUrl: `http://127.0.0.1:${server.port}`, credential, timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await rejection(client.listApiKeys(controller.signal));
    assert.equal(error.kind, 'cancelled');
    assert.ok(Date.now() - started < 2000);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const mock = new MockPalette();
    try {
      const error = await rejection(mock.client().listApiKeys(AbortSignal.abort()));
      assert.equal(error.kind, 'cancelled');
      assert.equal(mock.calls().length, 0);
    } finally {
      await mock.close();
    }
  });

  it('times out a delayed MockAgent reply', async () => {
    const mock = new MockPalette();
    try {
      mock.on('GET', '/v1/users/info', { status: 200, json: { userUid: 'u', tenantUid: 't' }, delayMs: 1000 });
      const error = await rejection(mock.client({ timeoutMs: 50 }).getUserInfo());
      assert.equal(error.kind, 'timeout');
    } finally {
      await mock.close();
    }
  });
});
