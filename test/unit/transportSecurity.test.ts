// Transport security of the Palette client over real sockets: plain http only to loopback or an
// allowed host, certificate checks that NODE_TLS_REJECT_UNAUTHORIZED=0 cannot turn off, and proxy
// settings (http.proxy, HTTPS_PROXY, NO_PROXY, http.noProxy, strictSSL, proxyAuthorization) checked
// against a local CONNECT proxy that records every tunnel it opens.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { insecureHostRefusal, isLoopbackHost, normalizePaletteHost } from '../../src/core/connections/hostUrl';
import { PaletteClient, type PaletteClientOptions } from '../../src/core/palette/paletteClient';
import { matchesNoProxy, resolveProxy } from '../../src/core/palette/proxyResolution';
import { sendJson, startConnectProxy, startHttpServer, startHttpsServer, type RunningServer } from './support/localServers';
import { rejection } from './support/paletteRejection';
import { createTestPki, type TestPki } from './support/tlsCertificates';

const API_KEY = 'TESTKEYtestkey0123456789abcdefXY';
const credential = { kind: 'apiKey' as const, apiKey: API_KEY };
const answer = (_req: unknown, res: ServerResponse): void => sendJson(res, 200, { userUid: 'u1', tenantUid: 't1' });

describe('transport security: plain http only to loopback or an allowed host', () => {
  it('counts localhost, 127.0.0.0/8 and ::1 as loopback, by the name as written', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.10.20.30', '[::1]', '::1']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['localhost.example.com', '128.0.0.1', '10.0.0.1', 'palette.local', '[::2]', '127.0.0.1.nip.io']) {
      assert.ok(!isLoopbackHost(host), host);
    }
    // The URL parser writes 127.1 and 0x7f000001 as 127.0.0.1: still loopback literals, not resolution.
    assert.ok(isLoopbackHost(new URL('http://127.1:80').hostname));
    assert.ok(isLoopbackHost(new URL('http://0x7f000001').hostname));
  });

  it('refuses http to any other host unless allowInsecureHosts names it, and says how to allow it', () => {
    const url = new URL('http://palette.corp.example:8080');
    const refusal = insecureHostRefusal(url, []);
    assert.match(refusal ?? '', /plain http/);
    assert.match(refusal ?? '', /add "palette\.corp\.example" to the paletteKeys\.allowInsecureHosts setting/);
    assert.equal(insecureHostRefusal(url, ['palette.corp.example']), undefined);
    assert.equal(insecureHostRefusal(url, ['PALETTE.corp.example:8080']), undefined);
    assert.notEqual(insecureHostRefusal(url, ['palette.corp.example:9090', '*.corp.example', 'corp.example']), undefined);
    assert.equal(insecureHostRefusal(new URL('https://palette.corp.example'), []), undefined);
  });

  it('normalizePaletteHost refuses an insecure host when given the allow list, and warns when it is allowed', () => {
    const refused = normalizePaletteHost('http://palette.corp.example', []);
    assert.ok(!refused.ok);
    assert.match(refused.message, /paletteKeys\.allowInsecureHosts/);
    const allowed = normalizePaletteHost('http://palette.corp.example', ['palette.corp.example']);
    assert.ok(allowed.ok);
    assert.match(allowed.warning ?? '', /unencrypted/);
    assert.ok(normalizePaletteHost('http://127.0.0.1:8787', []).ok);
  });

  describe('the client', function () {
    this.timeout(20_000);
    let server: RunningServer;
    let proxy: RunningServer;
    const clients: PaletteClient[] = [];

    before(async () => {
      server = await startHttpServer(answer);
      // Plays the network between us and `palette.internal.test`: every tunnel ends at 127.0.0.1.
      proxy = await startConnectProxy(undefined, { routeAllTo: '127.0.0.1' });
    });
    after(async () => {
      await server?.close();
      await proxy?.close();
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      server.seen.length = 0;
      proxy.seen.length = 0;
    });

    function client(options: Partial<PaletteClientOptions>): PaletteClient {
      const created = new PaletteClient({ baseUrl: `http://127.0.0.1:${server.port}`, credential, timeoutMs: 5000, retry: { maxRetries: 0 }, ...options });
      clients.push(created);
      return created;
    }

    it('refuses http to a non-loopback host before anything is sent, with both credential kinds', async () => {
      const baseUrl = `http://palette.internal.test:${server.port}`;
      const proxyUrl = `http://127.0.0.1:${proxy.port}`;
      for (const options of [{ baseUrl, proxyUrl }, { baseUrl, proxyUrl, credential: { kind: 'password' as const, emailId: 'a@b.c', password: 'pw-Secret-1' } }]) {
        const error = await rejection(client(options).getUserInfo());
        assert.equal(error.kind, 'invalidRequest');
        assert.equal(error.code, 'INSECURE_HTTP');
        assert.match(error.message, /allowInsecureHosts/);
        assert.ok(!error.message.includes(API_KEY) && !error.message.includes('pw-Secret-1'));
      }
      assert.deepEqual(proxy.seen, [], 'nothing reached the network');
      assert.deepEqual(server.seen, []);
    });

    it('reaches an allowed insecure host', async () => {
      const baseUrl = `http://palette.internal.test:${server.port}`;
      const result = await client({ baseUrl, proxyUrl: `http://127.0.0.1:${proxy.port}`, allowInsecureHosts: ['palette.internal.test'] }).getUserInfo();
      assert.equal(result.userUid, 'u1');
      assert.deepEqual(proxy.seen, [`CONNECT palette.internal.test:${server.port}`]);
    });

    it('never proxies loopback, whatever http.proxy, HTTPS_PROXY or HTTP_PROXY say', async () => {
      const proxyUrl = `http://127.0.0.1:${proxy.port}`;
      const result = await client({ proxyUrl, proxy: { url: proxyUrl, env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl } } }).getUserInfo();
      assert.equal(result.userUid, 'u1');
      assert.deepEqual(proxy.seen, []);
      assert.deepEqual(server.seen, ['GET /v1/users/info']);
    });
  });
});

describe('transport security: TLS and proxies', function () {
  this.timeout(30_000);
  let pki: TestPki;
  /** Serves `other.invalid` (the wrong-name certificate), reached through the proxies. */
  let target: RunningServer;
  const clients: PaletteClient[] = [];
  const proxies: RunningServer[] = [];

  before(async () => {
    pki = createTestPki();
    target = await startHttpsServer(pki.wrongNameCert, pki.wrongNameKey, answer);
  });
  after(async () => {
    await target?.close();
    pki?.cleanup();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  function client(options: Partial<PaletteClientOptions>): PaletteClient {
    const created = new PaletteClient({
      baseUrl: `https://other.invalid:${target.port}`, credential, caCertificates: [pki.caCert], timeoutMs: 5000, retry: { maxRetries: 0 }, ...options,
    });
    clients.push(created);
    return created;
  }
  async function proxy(requireAuth?: string, tls?: { cert: string; key: string }): Promise<RunningServer> {
    const started = await startConnectProxy(requireAuth, { routeAllTo: '127.0.0.1', ...(tls ? { tls } : {}) });
    proxies.push(started);
    return started;
  }

  it('keeps verifying certificates with NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment', async () => {
    const untrusted = await startHttpsServer(pki.serverCert, pki.serverKey, answer);
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    // Node reads the variable on every connection, so setting it here is what the host's environment does.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const error = await rejection(client({ baseUrl: `https://127.0.0.1:${untrusted.port}`, caCertificates: [] }).getUserInfo());
      assert.equal(error.kind, 'tls');
      assert.deepEqual(untrusted.seen, [], 'no request was sent over the unverified connection');
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
      await untrusted.close();
    }
  });

  for (const variable of ['HTTPS_PROXY', 'https_proxy']) {
    it(`tunnels through ${variable} from the environment`, async () => {
      const counting = await proxy();
      const result = await client({ proxy: { env: { [variable]: `http://127.0.0.1:${counting.port}` } } }).getUserInfo();
      assert.equal(result.userUid, 'u1');
      assert.deepEqual(counting.seen, [`CONNECT other.invalid:${target.port}`]);
      assert.deepEqual(target.seen.splice(0), ['GET /v1/users/info']);
    });
  }

  it('prefers http.proxy to HTTPS_PROXY', async () => {
    const chosen = await proxy();
    const ignored = await proxy();
    await client({ proxy: { url: `http://127.0.0.1:${chosen.port}`, env: { HTTPS_PROXY: `http://127.0.0.1:${ignored.port}` } } }).getUserInfo();
    assert.equal(chosen.seen.length, 1);
    assert.deepEqual(ignored.seen, []);
  });

  for (const [label, config] of [
    ['NO_PROXY', (url: string) => ({ env: { HTTPS_PROXY: url, NO_PROXY: 'example.com, .invalid' } })],
    ['no_proxy', (url: string) => ({ env: { HTTPS_PROXY: url, no_proxy: 'other.invalid' } })],
    ['http.noProxy', (url: string) => ({ url, noProxy: ['*.invalid'] })],
  ] as const) {
    it(`goes direct for a host ${label} lists`, async () => {
      const counting = await proxy();
      // Direct, `other.invalid` does not resolve: the failure proves the proxy was bypassed.
      const error = await rejection(client({ proxy: config(`http://127.0.0.1:${counting.port}`) }).getUserInfo());
      assert.equal(error.kind, 'network');
      assert.deepEqual(counting.seen, []);
    });
  }

  it('sends http.proxyAuthorization as Proxy-Authorization, and never echoes it', async () => {
    const token = 'Basic cHJveHl1c2VyOnByb3h5LVRva2VuLTk5';
    const guarded = await proxy(token);
    const ok = await client({ proxy: { url: `http://127.0.0.1:${guarded.port}`, authorization: token } }).getUserInfo();
    assert.equal(ok.userUid, 'u1');
    const error = await rejection(client({ proxy: { url: `http://127.0.0.1:${guarded.port}`, authorization: 'Basic d3Jvbmc6V3JvbmctNDI=' } }).getUserInfo());
    assert.equal(error.code, 'PROXY_407');
    assert.ok(!error.message.includes('d3Jvbmc6V3JvbmctNDI='));
  });

  it('checks an https proxy\'s certificate unless http.proxyStrictSSL is off; the Palette endpoint is always checked', async () => {
    // The proxy presents the `other.invalid` certificate at 127.0.0.1: a name mismatch.
    const tlsProxy = await proxy(undefined, { cert: pki.wrongNameCert, key: pki.wrongNameKey });
    const url = `https://127.0.0.1:${tlsProxy.port}`;
    const strict = await rejection(client({ proxy: { url } }).getUserInfo());
    assert.equal(strict.kind, 'tls');
    assert.deepEqual(tlsProxy.seen, []);

    assert.equal((await client({ proxy: { url, strictSSL: false } }).getUserInfo()).userUid, 'u1');
    assert.equal(tlsProxy.seen.length, 1);

    const endpointStillChecked = await rejection(client({ proxy: { url, strictSSL: false }, caCertificates: [] }).getUserInfo());
    assert.equal(endpointStillChecked.kind, 'tls');
  });
});

describe('transport security: proxy resolution rules', () => {
  const https = (host: string) => new URL(`https://${host}`);
  it('matches NO_PROXY entries as curl does', () => {
    const cases: Array<[string, string, boolean]> = [
      ['api.example.com', '*', true],
      ['api.example.com', 'example.com', true],
      ['api.example.com', '.example.com', true],
      ['api.example.com', '*.example.com', true],
      ['example.com', '.example.com', true],
      ['badexample.com', 'example.com', false],
      ['api.example.com', 'example.com:443', true],
      ['api.example.com', 'example.com:8443', false],
      ['10.1.2.3', '10.1.2.3', true],
      ['10.1.2.3', '2.3', false],
      ['[fd00::1]', 'fd00::1', true],
      ['api.example.com', '', false],
    ];
    for (const [host, entry, expected] of cases) assert.equal(matchesNoProxy(https(host), entry), expected, `${host} vs ${JSON.stringify(entry)}`);
  });

  it('uses HTTP_PROXY only for http targets and HTTPS_PROXY only for https targets', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:1', HTTP_PROXY: 'http://plain-proxy:2' };
    assert.equal(resolveProxy(https('palette.example.com'), { env })?.uri, 'http://secure-proxy:1');
    assert.equal(resolveProxy(new URL('http://palette.example.com'), { env })?.uri, 'http://plain-proxy:2');
    assert.equal(resolveProxy(https('palette.example.com'), {}), undefined);
    assert.equal(resolveProxy(https('localhost:8443'), { url: 'http://p:1' }), undefined);
  });
});
