import * as assert from 'node:assert/strict';
import { PaletteClient, type PaletteClientOptions } from '../../src/core/palette/paletteClient';
import { sendJson, startConnectProxy, startHttpsServer, type RunningServer } from './support/localServers';
import { createTestPki, type TestPki } from './support/tlsCertificates';
import { rejection } from './support/paletteRejection';

const credential = { kind: 'apiKey' as const, apiKey: 'TESTKEYtestkey0123456789abcdefXY' };

describe('PaletteClient over real TLS', function () {
  this.timeout(30_000);
  let pki: TestPki;
  let server: RunningServer;
  let wrongName: RunningServer;
  const clients: PaletteClient[] = [];
  const proxies: RunningServer[] = [];

  const answer = (_req: unknown, res: import('node:http').ServerResponse): void => sendJson(res, 200, { userUid: 'u1', tenantUid: 't1' });

  before(async () => {
    pki = createTestPki();
    server = await startHttpsServer(pki.serverCert, pki.serverKey, answer);
    wrongName = await startHttpsServer(pki.wrongNameCert, pki.wrongNameKey, answer);
  });
  after(async () => {
    await server?.close();
    await wrongName?.close();
    pki?.cleanup();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  function client(options: Partial<PaletteClientOptions> = {}, port = server.port): PaletteClient {
    const created = new PaletteClient({ baseUrl: `https://127.0.0.1:${port}`, credential, timeoutMs: 5000, retry: { maxRetries: 0 }, ...options });
    clients.push(created);
    return created;
  }

  it('fails with tls naming the host when the CA is unknown, and never suggests disabling checks', async () => {
    const error = await rejection(client().getUserInfo());
    assert.equal(error.kind, 'tls');
    assert.ok(error.message.includes(`127.0.0.1:${server.port}`), error.message);
    assert.match(error.message, /certificate authority/);
    assert.doesNotMatch(error.message, /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|disable|insecure/i);
    assert.ok(error.code && /CERT|SIGNATURE|ISSUER/.test(error.code), String(error.code));
  });

  it('succeeds with the CA given as PEM text', async () => {
    assert.deepEqual(await client({ caCertificates: [pki.caCert] }).getUserInfo(), { userUid: 'u1', tenantUid: 't1' });
  });

  it('succeeds with the CA given as a file, read on first use', async () => {
    assert.equal((await client({ caFile: pki.caCertPath }).getUserInfo()).tenantUid, 't1');
  });

  it('reports an unreadable CA file as tls, naming the problem', async () => {
    const error = await rejection(client({ caFile: `${pki.dir}/missing.pem` }).getUserInfo());
    assert.equal(error.kind, 'tls');
    assert.equal(error.code, 'CA_CONFIG');
    assert.match(error.message, /ENOENT/);
  });

  it('rejects CA text that is not PEM', async () => {
    const error = await rejection(client({ caCertificates: ['not a certificate'] }).getUserInfo());
    assert.equal(error.kind, 'tls');
    assert.match(error.message, /PEM/);
  });

  it('rejects a PEM block that is not a certificate', async () => {
    const error = await rejection(client({ caCertificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] }).getUserInfo());
    assert.equal(error.kind, 'tls');
    assert.equal(error.code, 'CA_CONFIG');
    assert.match(error.message, /could not be parsed/);
  });

  it('still checks the host name when the CA is trusted', async () => {
    const error = await rejection(client({ caCertificates: [pki.caCert] }, wrongName.port).getUserInfo());
    assert.equal(error.kind, 'tls');
    assert.equal(error.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('reports a TLS handshake with a plain-HTTP port as tls', async () => {
    const proxy = await startConnectProxy(); // any plain HTTP listener will do
    proxies.push(proxy);
    const error = await rejection(client({}, proxy.port).getUserInfo());
    assert.equal(error.kind, 'tls');
    assert.match(error.message, /handshake/);
  });

  // Loopback is never proxied: these go to `other.invalid` (the wrong-name certificate's name),
  // which the proxy routes to 127.0.0.1, as a corporate proxy resolves names the client cannot.
  const viaProxy = (proxy: RunningServer, userInfo = ''): Partial<PaletteClientOptions> => ({
    baseUrl: `https://other.invalid:${wrongName.port}`,
    caCertificates: [pki.caCert],
    proxyUrl: `http://${userInfo}127.0.0.1:${proxy.port}`,
  });

  it('tunnels through an HTTPS proxy with CONNECT', async () => {
    const proxy = await startConnectProxy(undefined, { routeAllTo: '127.0.0.1' });
    proxies.push(proxy);
    const result = await client(viaProxy(proxy)).getUserInfo();
    assert.equal(result.userUid, 'u1');
    assert.deepEqual(proxy.seen, [`CONNECT other.invalid:${wrongName.port}`]);
  });

  it('sends proxy credentials from the proxy URL and keeps them out of errors', async () => {
    const expected = `Basic ${Buffer.from('proxyuser:proxy-Pass-77').toString('base64')}`;
    const proxy = await startConnectProxy(expected, { routeAllTo: '127.0.0.1' });
    proxies.push(proxy);
    const ok = await client(viaProxy(proxy, 'proxyuser:proxy-Pass-77@')).getUserInfo();
    assert.equal(ok.userUid, 'u1');

    const error = await rejection(client(viaProxy(proxy, 'proxyuser:wrong-Pass-88@')).getUserInfo());
    assert.equal(error.kind, 'network');
    assert.equal(error.code, 'PROXY_407');
    assert.match(error.message, /proxy/i);
    assert.ok(!`${error.message}${error.stack}`.includes('wrong-Pass-88'));
  });
});
