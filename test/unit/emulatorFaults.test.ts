import * as assert from 'node:assert/strict';
import { faultRuleFromJson } from '../../src/emulator/faults';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { call } from './support/emulatorHttp';
import { SwaggerContract } from './support/emulatorSchemas';

describe('emulator fault injection', () => {
  const contract = new SwaggerContract();
  let emulator: RunningEmulator;
  let adminKey: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    adminKey = emulator.credentials.adminKey as string;
  });

  afterEach(async () => {
    await emulator.close();
  });

  const listKeys = (): ReturnType<typeof call> => call(emulator.url, 'GET', '/v1/apiKeys', { apiKey: adminKey });

  it('adds latency before the normal answer', async () => {
    emulator.faults.add({ path: '/v1/apiKeys', latencyMs: 300 });
    const started = Date.now();
    const result = await listKeys();
    assert.ok(Date.now() - started >= 280, `took ${Date.now() - started} ms`);
    assert.equal(result.status, 200);
    assert.deepEqual(contract.errorsFor('v1ApiKeys', result.json), []);
  });

  it('answers a chosen status with a given v1Error body, or a default one', async () => {
    emulator.faults.add({ path: '/v1/apiKeys', times: 1, action: { kind: 'status', status: 503, body: { code: 'Maintenance', message: 'Down for maintenance', ref: 'r1' } } });
    emulator.faults.add({ path: '/v1/apiKeys', times: 1, action: { kind: 'status', status: 500 } });
    const given = await listKeys();
    assert.equal(given.status, 503);
    assert.deepEqual(given.json, { code: 'Maintenance', message: 'Down for maintenance', ref: 'r1' });
    const defaulted = await listKeys();
    assert.equal(defaulted.status, 500);
    assert.deepEqual(contract.errorsForV1Error(defaulted.json), []);
    assert.equal((await listKeys()).status, 200, 'both rules used up');
  });

  it('sends JSON that does not parse', async () => {
    emulator.faults.add({ method: 'GET', path: '/v1/apiKeys', action: { kind: 'malformedJson' } });
    const result = await listKeys();
    assert.equal(result.status, 200);
    assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
    assert.throws(() => JSON.parse(result.text), SyntaxError);
  });

  it('sends an HTML proxy page with 502', async () => {
    emulator.faults.add({ path: '/v1/', action: { kind: 'htmlProxyPage' } });
    const result = await call(emulator.url, 'GET', '/v1/users/info', { apiKey: adminKey });
    assert.equal(result.status, 502);
    assert.match(result.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(result.text, /<html>/i);
  });

  it('drops the connection without answering', async () => {
    emulator.faults.add({ path: '/v1/apiKeys', times: 1, action: { kind: 'dropConnection' } });
    await assert.rejects(listKeys(), (error: Error) => {
      assert.equal(error.name, 'TypeError');
      return true;
    });
    assert.equal((await listKeys()).status, 200, 'the server is still up');
  });

  it('rate-limits with 429 and Retry-After', async () => {
    emulator.faults.add({ path: '/v1/apiKeys', action: { kind: 'rateLimit', retryAfterSeconds: 7 } });
    const result = await listKeys();
    assert.equal(result.status, 429);
    assert.equal(result.headers.get('retry-after'), '7');
    assert.deepEqual(contract.errorsForV1Error(result.json), []);
  });

  it('matches method and a RegExp path, and applies a rule only N times', async () => {
    const uid = emulator.store.listKeys()[0].uid;
    emulator.faults.add({ method: 'delete', path: /^\/v1\/apiKeys\/[0-9a-f]+$/, times: 2, action: { kind: 'status', status: 409 } });
    assert.equal((await call(emulator.url, 'GET', `/v1/apiKeys/${uid}`, { apiKey: adminKey })).status, 200, 'other method untouched');
    assert.equal((await call(emulator.url, 'DELETE', `/v1/apiKeys/${uid}`, { apiKey: adminKey })).status, 409);
    assert.equal((await call(emulator.url, 'DELETE', `/v1/apiKeys/${uid}`, { apiKey: adminKey })).status, 409);
    assert.equal((await call(emulator.url, 'DELETE', `/v1/apiKeys/${uid}`, { apiKey: adminKey })).status, 204);
    assert.equal(emulator.faults.list().length, 0);
  });

  it('is controlled over HTTP: add, list, clear, and bad rules get 400', async () => {
    const added = await call(emulator.url, 'POST', '/__emulator/faults', {
      body: { method: 'GET', pathRegex: '^/v1/users', action: { kind: 'status', status: 418 } },
    });
    assert.equal(added.status, 201);
    assert.equal(typeof (added.json as { id: number }).id, 'number');
    assert.equal((await call(emulator.url, 'GET', '/v1/users/info', { apiKey: adminKey })).status, 418);
    const listed = (await call(emulator.url, 'GET', '/__emulator/faults')).json as { items: Array<{ rule: { pathRegex: string } }> };
    assert.ok(new RegExp(listed.items[0].rule.pathRegex).test('/v1/users/info'));
    assert.equal((await call(emulator.url, 'DELETE', '/__emulator/faults')).status, 204);
    assert.equal((await call(emulator.url, 'GET', '/v1/users/info', { apiKey: adminKey })).status, 200);

    for (const bad of [{}, { path: '/v1', pathRegex: 'x', latencyMs: 1 }, { path: '/v1' }, { path: '/v1', action: { kind: 'explode' } },
      { pathRegex: '(', latencyMs: 1 }, { path: '/v1', action: { kind: 'status' } }, { path: '/v1', latencyMs: -1 }, { path: '/v1', latencyMs: 1, times: 0 }]) {
      const result = await call(emulator.url, 'POST', '/__emulator/faults', { body: bad });
      assert.equal(result.status, 400, JSON.stringify(bad));
      assert.deepEqual(contract.errorsForV1Error(result.json), []);
    }
  });

  it('never faults the control endpoints, even with a catch-all rule', async () => {
    emulator.faults.add({ path: '/', action: { kind: 'dropConnection' } });
    assert.equal((await call(emulator.url, 'GET', '/__emulator/keys')).status, 200);
    assert.equal((await call(emulator.url, 'DELETE', '/__emulator/faults')).status, 204);
    assert.equal((await listKeys()).status, 200);
  });

  it('closes promptly while a delayed answer is pending', async () => {
    emulator.faults.add({ path: '/v1/apiKeys', latencyMs: 60_000 });
    const pending = listKeys().then(() => 'answered', () => 'failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await emulator.close();
    assert.ok(Date.now() - started < 2000);
    assert.equal(await pending, 'failed');
  });

  it('parses JSON rules with a string prefix path', () => {
    const rule = faultRuleFromJson({ path: '/v1/apiKeys', latencyMs: 5, times: 3 });
    assert.equal(rule.path, '/v1/apiKeys');
    assert.equal(rule.times, 3);
  });
});
