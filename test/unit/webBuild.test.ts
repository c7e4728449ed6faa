import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as nodeHash from '../../src/core/crypto/keyedHash';
import * as browserHash from '../../src/core/crypto/keyedHash.browser';
import * as nodeBase64 from '../../src/core/encoding/base64';
import * as browserBase64 from '../../src/core/encoding/base64.browser';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { BodyTooLargeError, FETCH_FAILED_CODE } from '../../src/core/palette/httpTransport';
import { createTransport, onFetchFailed } from '../../src/core/palette/transport.browser';
import { findErrorCode } from '../../src/core/palette/errorMapping';

// The web build swaps these adapters in (esbuild.mjs, browserAdapters): they must answer as the
// desktop ones do, or a finding's fingerprint (and every .palette-keys-ignore entry) would differ.
describe('web build: browser adapters agree with the desktop ones', () => {
  it('HMAC-SHA256 gives the same hex for any key and message', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.uint8Array({ minLength: 1, maxLength: 80 })), fc.string({ unit: 'binary' }), (key, message) => {
      assert.equal(browserHash.hmacSha256Hex(key, message), nodeHash.hmacSha256Hex(key, message));
      assert.equal(browserHash.hmacSha256HexWithKey(key)(message), nodeHash.hmacSha256HexWithKey(key)(message));
    }), { numRuns: 300 });
  });

  it('a prepared key hashes many messages independently', () => {
    const hash = browserHash.hmacSha256HexWithKey('secret');
    assert.equal(hash('a'), nodeHash.hmacSha256Hex('secret', 'a'));
    assert.equal(hash('b'), nodeHash.hmacSha256Hex('secret', 'b'));
    assert.equal(hash('a'), nodeHash.hmacSha256Hex('secret', 'a'));
  });

  it('base64 decodes as Buffer does: both alphabets, junk skipped, padding ends it', () => {
    const base64ish = fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189+/-_= \n.*é'.split('')), maxLength: 200 });
    fc.assert(fc.property(fc.oneof(base64ish, fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString('base64'))), (text) => {
      assert.deepEqual([...browserBase64.decodeBase64(text)], [...nodeBase64.decodeBase64(text)], `decoding ${JSON.stringify(text)}`);
    }), { numRuns: 1000 });
  });

  it('latin1 gives one character per byte, for long inputs too', () => {
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) % 256);
    assert.equal(browserBase64.latin1FromBytes(bytes), nodeBase64.latin1FromBytes(bytes));
  });
});

describe('web build: the fetch transport against the emulator', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  after(() => emulator.close());

  const request = (path: string, headers: Record<string, string>, maxResponseBytes = 1024 * 1024) => ({
    origin: emulator.url, path, method: 'GET', headers, signal: new AbortController().signal, maxResponseBytes,
  });

  it('sends the ApiKey header and reads status, headers and body', async () => {
    const transport = await createTransport({ connectTimeoutMs: 5000 });
    const response = await transport.send(request('/v1/users/info', { apikey: emulator.credentials.adminKey as string }));
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /application\/json/);
    assert.equal(typeof (JSON.parse(response.text) as { userUid?: unknown }).userUid, 'string');
  });

  it('refuses a body over the size limit', async () => {
    const transport = await createTransport({ connectTimeoutMs: 5000 });
    await assert.rejects(transport.send(request('/v1/apiKeys', { apikey: emulator.credentials.adminKey as string }, 16)), BodyTooLargeError);
  });

  it('reports a request without an answer as FETCH_FAILED, and tells its listeners', async () => {
    const closed = await startEmulator({ port: 0 });
    await closed.close();
    const heard: string[] = [];
    const unsubscribe = onFetchFailed((origin) => heard.push(origin));
    try {
      const transport = await createTransport({ connectTimeoutMs: 5000 });
      const error = await transport.send({ ...request('/v1/users/info', {}), origin: closed.url }).then(() => undefined, (e: unknown) => e);
      assert.equal(findErrorCode(error), FETCH_FAILED_CODE);
      assert.deepEqual(heard, [closed.url]);
    } finally {
      unsubscribe();
    }
  });
});

describe('emulator: CORS for VS Code for the Web (--cors-origin)', () => {
  const editor = 'http://127.0.0.1:8080';
  const preflight = (url: string, origin: string) => fetch(`${url}/v1/apiKeys/abc`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'apikey,content-type' },
  });

  it('answers the preflight and names the allowed origin', async () => {
    const emulator = await startEmulator({ port: 0, corsOrigins: [editor] });
    try {
      const answer = await preflight(emulator.url, editor);
      assert.equal(answer.status, 204);
      assert.equal(answer.headers.get('access-control-allow-origin'), editor);
      assert.match(String(answer.headers.get('access-control-allow-methods')), /PUT.*PATCH.*DELETE/);
      assert.match(String(answer.headers.get('access-control-allow-headers')), /ApiKey.*Content-Type/);
      const list = await fetch(`${emulator.url}/v1/apiKeys`, { headers: { origin: editor, apikey: emulator.credentials.adminKey as string } });
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('access-control-allow-origin'), editor);
    } finally {
      await emulator.close();
    }
  });

  it('allows no other origin, and none at all by default', async () => {
    const allowing = await startEmulator({ port: 0, corsOrigins: [editor] });
    const plain = await startEmulator({ port: 0 });
    try {
      assert.equal((await preflight(allowing.url, 'http://evil.example')).headers.get('access-control-allow-origin'), null);
      assert.equal((await preflight(plain.url, editor)).headers.get('access-control-allow-origin'), null);
    } finally {
      await allowing.close();
      await plain.close();
    }
  });
});
