// Property-based fuzzing (fast-check) of the trust boundaries: what the webview, the Palette server,
// the user (host URL), the command line and ignore files hand us. For each: no exception escapes
// but the documented one, nothing is accepted that the types forbid, and no key value appears in an
// error message. And the scanner: every known key planted at a random place, plain or base64, is
// found, and no finding's message holds a value. Seed and runs: support/fuzz.ts.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MockAgent } from 'undici';
import { parseCliArgs, parseSize, UsageError } from '../../src/cli/cliOptions';
import { insecureHostRefusal, isLoopbackHost, normalizePaletteHost } from '../../src/core/connections/hostUrl';
import { MalformedPayloadError } from '../../src/core/keys/errors';
import { isPaletteApiError } from '../../src/core/palette/errors';
import { mapApiKeys, mapCreateResponse, mapUserInfo, mapUsers } from '../../src/core/palette/mapping';
import { PaletteClient } from '../../src/core/palette/paletteClient';
import { matchesNoProxy, resolveProxy } from '../../src/core/palette/proxyResolution';
import { findingFingerprint, fingerprintKeyValue, isFindingFingerprint } from '../../src/core/scanner/fingerprint';
import { createKnownKeyIndex } from '../../src/core/scanner/knownKeyIndex';
import { scanText } from '../../src/core/scanner/scanText';
import { FingerprintSet } from '../../src/core/scanner/fingerprintSet';
import { parseIgnoreFile } from '../../src/core/scanner/suppression';
import { isWebviewToHostMessage, MAX_SEARCH_QUERY, MAX_WIRE_SHORT_TEXT, MAX_WIRE_TEXT } from '../../src/shared/keyFormProtocol';
import { validateKeyForm, type KeyFormInput } from '../../src/shared/keyFormValidation';
import { fuzzParameters, fuzzTimeoutMs } from './support/fuzz';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A random 32-character key value, like Palette's. */
const keyValue = fc.array(fc.constantFrom(...ALNUM), { minLength: 32, maxLength: 32 }).map((chars) => chars.join(''));

/** Any JSON, with strings drawn from a mix that includes `secret` now and then. */
function jsonWith(secret: string): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(fc.string(), fc.constant(secret), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('metadata', 'spec', 'status', 'uid', 'name', 'apiKey', 'items', 'expiry', 'user', 'isActive', 'annotations', 'emailId', 'userUid')), tie('value'), { maxKeys: 5 })),
  })).value;
}

/** A V1ApiKey-like object whose fields are sometimes right, sometimes wrong, sometimes the secret. */
function apiKeyLike(secret: string): fc.Arbitrary<unknown> {
  const str = fc.oneof(fc.string({ maxLength: 20 }), fc.constant(secret), fc.constant(''));
  const anything = fc.oneof(str, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), jsonWith(secret));
  const date = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), str, anything);
  return fc.record({
    metadata: fc.oneof(fc.record({ uid: fc.oneof(fc.uuid(), str, anything), name: fc.oneof(str, anything), annotations: fc.oneof(fc.dictionary(fc.string(), str), anything), creationTimestamp: date }, { requiredKeys: [] }), anything),
    spec: fc.oneof(fc.record({ expiry: date, user: fc.oneof(fc.record({ uid: str, firstName: str, lastName: str }, { requiredKeys: [] }), anything) }, { requiredKeys: [] }), anything),
    status: fc.oneof(fc.record({ isActive: fc.oneof(fc.boolean(), anything) }, { requiredKeys: [] }), anything),
    apiKey: fc.constant(secret),
  }, { requiredKeys: [] });
}

describe('fuzz: trust boundaries', function () {
  this.timeout(fuzzTimeoutMs(60_000));

  describe('webview messages', () => {
    const TYPES_WITH_ID = new Set(['submit', 'searchUsers', 'copyValue', 'insertReference']);
    const FIELDS: Record<string, string[]> = {
      ready: ['type'], done: ['type'], cancel: ['type'], copyValue: ['type', 'id'], insertReference: ['type', 'id'],
      searchUsers: ['type', 'id', 'query'], submit: ['type', 'id', 'input'],
    };
    // A null-prototype object with the right fields has the type too (structured clone never makes one).
    const isPlain = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));
    const exactKeys = (v: Record<string, unknown>, required: string[], optional: string[] = []): boolean =>
      required.every((k) => Object.hasOwn(v, k)) && Object.keys(v).every((k) => required.includes(k) || optional.includes(k));
    const shortText = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max;
    /** What the types say a webview message is, written independently of the schema table. */
    function oracle(v: unknown): boolean {
      if (!isPlain(v) || typeof v.type !== 'string' || !Object.hasOwn(FIELDS, v.type)) return false;
      if (!exactKeys(v, FIELDS[v.type] ?? [])) return false;
      if (TYPES_WITH_ID.has(v.type) && !(Number.isSafeInteger(v.id) && (v.id as number) >= 1)) return false;
      if (v.type === 'searchUsers' && !shortText(v.query, MAX_SEARCH_QUERY)) return false;
      if (v.type === 'submit') {
        const input = v.input;
        if (!isPlain(input) || !exactKeys(input, ['name', 'description', 'expiry'], ['userUid'])) return false;
        if (!shortText(input.name, MAX_WIRE_TEXT) || !shortText(input.description, MAX_WIRE_TEXT) || !shortText(input.expiry, MAX_WIRE_SHORT_TEXT)) return false;
        if (input.userUid !== undefined && !shortText(input.userUid, MAX_WIRE_SHORT_TEXT)) return false;
        if (Object.hasOwn(input, 'userUid') && input.userUid === undefined) return false;
      }
      return true;
    }
    const idLike = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.maxSafeNat(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.string(), fc.constant(null));
    const textLike = (max: number) => fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: max - 1, maxLength: max + 1 }), fc.integer(), fc.constant(undefined));
    const nearValid = fc.record({
      type: fc.oneof(fc.constantFrom(...Object.keys(FIELDS)), fc.constantFrom('reveal', 'init', '__proto__', 'constructor'), fc.string()),
      id: idLike,
      query: textLike(MAX_SEARCH_QUERY),
      input: fc.oneof(
        fc.record({ name: textLike(MAX_WIRE_TEXT), description: textLike(64), expiry: textLike(MAX_WIRE_SHORT_TEXT), userUid: textLike(MAX_WIRE_SHORT_TEXT), extra: fc.anything() }, { requiredKeys: [] }),
        fc.anything(),
      ),
      value: fc.string(),
    }, { requiredKeys: ['type'] });

    it('accepts exactly what the types allow, for near-valid and arbitrary values, and never throws', () => {
      fc.assert(fc.property(fc.oneof(nearValid, fc.anything({ withObjectString: true, withNullPrototype: true })), (message) => {
        assert.equal(isWebviewToHostMessage(message), oracle(message));
      }), fuzzParameters(400));
    });

    it('form validation never throws on any input that passes the guard', () => {
      const input = fc.record({ name: fc.string(), description: fc.string(), expiry: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), userUid: fc.string() }, { requiredKeys: ['name', 'description', 'expiry'] });
      fc.assert(fc.property(input, fc.date({ noInvalidDate: true }), fc.integer({ min: 0, max: 36_500 }), (form: KeyFormInput, now, max) => {
        const issues = validateKeyForm(form, { now, maxExpiryDays: max, recommendedExpiryDays: max });
        assert.ok(Array.isArray(issues));
      }), fuzzParameters(200));
    });
  });

  describe('Palette response mapping', () => {
    it('maps any key list to well-typed keys, skipping the rest, and never names the key value', () => {
      fc.assert(fc.property(keyValue, fc.nat(), (secret, pick) => {
        const items = fc.sample(fc.array(apiKeyLike(secret), { maxLength: 6 }), { seed: pick, numRuns: 1 })[0];
        const { keys, rejected, problems } = mapApiKeys(items);
        assert.equal(keys.length + rejected, (items as unknown[]).length);
        for (const key of keys) {
          assert.ok(typeof key.uid === 'string' && key.uid.trim() !== '');
          assert.equal(typeof key.name, 'string');
          assert.ok(key.expiry instanceof Date && Number.isFinite(key.expiry.getTime()));
          assert.equal(typeof key.isActive, 'boolean');
          assert.ok(typeof key.owner.uid === 'string' && key.owner.uid !== '');
          assert.equal(typeof key.description, 'string');
        }
        // `uid` is echoed by design (it identifies the bad item); nothing else may be.
        for (const problem of problems) {
          const uidEchoesSecret = (items as Array<{ metadata?: { uid?: unknown } }>).some((item) => item?.metadata?.uid === secret);
          if (!uidEchoesSecret) assert.ok(!problem.includes(secret), problem);
        }
      }), fuzzParameters(300));
    });

    it('maps any JSON, or throws MalformedPayloadError that never holds a value sent as the key', () => {
      fc.assert(fc.property(keyValue, fc.nat(), (secret, pick) => {
        const json = fc.sample(jsonWith(secret), { seed: pick, numRuns: 1 })[0];
        for (const map of [mapApiKeys, mapUsers, mapUserInfo, mapCreateResponse] as Array<(v: unknown) => unknown>) {
          try {
            map(json);
          } catch (e) {
            assert.ok(e instanceof MalformedPayloadError, `${map.name} threw ${String(e)}`);
          }
        }
        try {
          const created = mapCreateResponse({ uid: pick % 3 === 0 ? 42 : `uid-${pick}`, apiKey: pick % 5 === 0 ? '' : secret });
          assert.equal(created.value, secret);
        } catch (e) {
          assert.ok(e instanceof MalformedPayloadError && !e.message.includes(secret), String(e));
        }
      }), fuzzParameters(300));
    });

    it('the client answers any server reply with a result or a PaletteApiError free of the credential', async () => {
      const agent = new MockAgent();
      agent.disableNetConnect();
      const origin = 'https://palette.fuzz.test';
      try {
        await fc.assert(fc.asyncProperty(keyValue, fc.nat(), fc.constantFrom(200, 201, 400, 401, 404, 409, 429, 500, 503), fc.constantFrom('json', 'raw'), async (apiKey, pick, status, form) => {
          const json = fc.sample(jsonWith(apiKey), { seed: pick, numRuns: 1 })[0];
          const body = form === 'json' ? JSON.stringify(json) : `${apiKey}<html>${JSON.stringify(json) ?? ''}`;
          agent.get(origin).intercept({ path: /.*/, method: /.*/ }).reply(status, body, { headers: { 'content-type': 'application/json' } });
          const client = new PaletteClient({ baseUrl: origin, credential: { kind: 'apiKey', apiKey }, dispatcher: agent, retry: { maxRetries: 0 } });
          try {
            const calls = [() => client.listApiKeys(), () => client.getUserInfo(), () => client.createApiKey({ metadata: { name: 'n' }, spec: { expiry: new Date(0).toISOString() } }), () => client.listUsers()];
            await calls[pick % calls.length]?.();
          } catch (e) {
            assert.ok(isPaletteApiError(e), `not a PaletteApiError: ${String(e)}`);
            assert.ok(!`${e.message} ${e.code ?? ''} ${e.ref ?? ''}`.includes(apiKey), `the message names the key: ${e.message}`);
          } finally {
            await client.close();
          }
        }), fuzzParameters(150));
      } finally {
        await agent.close();
      }
    });
  });

  describe('host URL parser', () => {
    const hostText = fc.oneof(
      fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
      fc.webUrl().map((url) => url.replace(/^https?/, 'http')),
      fc.domain(),
      fc.ipV4().map((ip) => `http://${ip}:${8000}`),
      fc.ipV6().map((ip) => `http://[${ip}]/v1/`),
      fc.tuple(fc.constantFrom('http://', 'https://', 'ftp://', 'HTTP://', '', ' '), fc.string(), fc.constantFrom('', '/', '/v1', '//', '?x', '#y')).map((parts) => parts.join('')),
      fc.string(),
    );
    it('never throws; what it accepts is a clean http(s) origin (plus path), stable when normalised again', () => {
      fc.assert(fc.property(hostText, fc.array(fc.domain(), { maxLength: 2 }), (text, allowed) => {
        const check = normalizePaletteHost(text, allowed);
        if (!check.ok) {
          assert.ok(check.message.length > 0);
          return;
        }
        const url = new URL(check.baseUrl);
        assert.ok(url.protocol === 'https:' || url.protocol === 'http:');
        assert.equal(url.username + url.password + url.search + url.hash, '');
        assert.ok(!check.baseUrl.endsWith('/') && !/\/v1$/.test(url.pathname), check.baseUrl);
        const again = normalizePaletteHost(check.baseUrl, allowed);
        assert.ok(again.ok && again.baseUrl === check.baseUrl);
        // Plain http is accepted only to loopback or a host the allow list names.
        if (url.protocol === 'http:') assert.ok(isLoopbackHost(url.hostname) || allowed.some((a) => a.toLowerCase() === url.hostname), check.baseUrl);
        assert.equal(insecureHostRefusal(url, allowed), undefined);
      }), fuzzParameters(400));
    });

    it('proxy resolution never throws and never proxies loopback', () => {
      fc.assert(fc.property(fc.oneof(fc.webUrl(), fc.constantFrom('http://localhost:1', 'https://127.0.0.9', 'http://[::1]:8')), fc.array(fc.string(), { maxLength: 3 }), fc.string(), (target, noProxy, env) => {
        const url = new URL(target);
        const resolved = resolveProxy(url, { url: 'http://proxy.test:3128', noProxy, env: { NO_PROXY: env } });
        if (isLoopbackHost(url.hostname)) assert.equal(resolved, undefined);
        for (const entry of noProxy) matchesNoProxy(url, entry);
      }), fuzzParameters(300));
    });
  });

  describe('CLI argument parser', () => {
    const token = fc.oneof(
      fc.constantFrom('scan', 'help', '-f', '--format', 'json', 'sarif', 'text', 'xml', '--known-keys', '--hmac-secret-env', '--staged', '--no-ignore', '--max-file-size', '1m', '0', '-1', '2.5k', '--min-confidence', 'low', 'high', 'extreme', '--exclude', '--ignore-file', '-j', '--jobs', '3', 'x', '--follow', '-L', '--help', '--version', '--', '-', '--bogus'),
      fc.string({ maxLength: 12 }),
    );
    it('returns a well-formed request or throws UsageError, for any argument list', () => {
      fc.assert(fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        let request;
        try {
          request = parseCliArgs(argv);
        } catch (e) {
          assert.ok(e instanceof UsageError, `threw ${String(e)}`);
          return;
        }
        if (request.command !== 'scan') return;
        assert.ok(['text', 'json', 'sarif'].includes(request.format));
        assert.ok(['low', 'medium', 'high'].includes(request.minConfidence));
        assert.ok(Number.isSafeInteger(request.jobs) && request.jobs >= 0);
        assert.ok(Number.isSafeInteger(request.maxFileSize) && request.maxFileSize > 0);
        assert.ok(request.paths.length > 0);
      }), fuzzParameters(400));
    });

    it('parses sizes to positive whole bytes or refuses them', () => {
      fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 10 }), fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('', 'k', 'm', 'g', 'kb', 'MB', 'x')).map(([n, u]) => `${n}${u}`)), (text) => {
        try {
          const bytes = parseSize(text);
          assert.ok(Number.isSafeInteger(bytes) && bytes > 0, `${text} -> ${bytes}`);
        } catch (e) {
          assert.ok(e instanceof UsageError);
        }
      }), fuzzParameters(300));
    });
  });

  describe('ignore-file parser', () => {
    it('keeps every fingerprint listed, whatever surrounds it, and nothing that is not one', () => {
      const fingerprint = fc.tuple(fc.constantFrom('palette-keys/env-assignment', 'palette-keys/known-key'), keyValue).map(([rule, value]) => findingFingerprint(rule, value));
      const line = fc.oneof(
        fingerprint.chain((fp) => fc.tuple(fc.constantFrom('', ' ', '\t'), fc.constant(fp), fc.constantFrom('', ' ', ' # comment', '#x')).map((parts) => ({ text: parts.join(''), fp }))),
        fc.string().map((text) => ({ text: text.replace(/[\r\n]/g, ''), fp: undefined })),
      );
      fc.assert(fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const parsed = parseIgnoreFile(lines.map((l) => l.text).join(eol));
        for (const { fp } of lines) if (fp) assert.ok(parsed.has(fp), fp);
        for (const entry of parsed) assert.ok(isFindingFingerprint(entry), entry);
      }), fuzzParameters(300));
    });

    it('reads lines as splitting at LF and CRLF, cutting at the first #, and trimming would', () => {
      const reference = (text: string): string[] =>
        text.split(/\r?\n/).map((raw) => (raw.includes('#') ? raw.slice(0, raw.indexOf('#')) : raw).trim()).filter(isFindingFingerprint);
      const piece = fc.constantFrom('pk1:', '0123456789abcdef', '0123456789abcdef0123456789abcdef', '#', ' ', '\t', '\r', '\n', '\r\n', '\u2028', 'x');
      fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual([...parseIgnoreFile(text)].sort(), [...new Set(reference(text))].sort());
      }), fuzzParameters(2000));
    });

    it('keeps fingerprints in shards that answer as one Set would', () => {
      fc.assert(fc.property(fc.array(fc.string({ maxLength: 6 })), fc.array(fc.string({ maxLength: 6 })), (added, asked) => {
        const expected = new Set(added);
        const actual = FingerprintSet.of(added);
        assert.equal(actual.size, expected.size);
        assert.deepEqual([...actual].sort(), [...expected].sort());
        assert.deepEqual([...actual.entries()].map(([key, value]) => `${key}=${value}`).sort(), [...expected.entries()].map(([key, value]) => `${key}=${value}`).sort());
        const seen: string[] = [];
        actual.forEach((value, key, set) => seen.push(set === actual && key === value ? value : '!'));
        assert.deepEqual(seen.sort(), [...expected].sort());
        for (const value of [...added, ...asked, '']) assert.equal(actual.has(value), expected.has(value), JSON.stringify(value));
      }), fuzzParameters(300));
    });
  });

  describe('scanner with planted known keys', () => {
    const SECRET = 'fuzz-hmac-secret';
    const SEPARATORS = [' ', '\n', '\t', '"', "'", '=', ':', ',', ';', '(', ')', '{', '}', '[', ']', '<', '>', '/', '\\', '`', '|', '\r\n'];
    /** Filler that never glues itself to a key: no letters or digits touch a planted value. */
    const filler = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('SPECTROCLOUD_APIKEY=', 'apiKey: ', '# palette', 'ApiKey ', '?apikey=', 'data:\n  creds: ', '€✓𝄞', '0'.repeat(40), 'A'.repeat(31)),
    );
    const plant = fc.record({
      key: keyValue,
      encoding: fc.constantFrom('plain', 'base64'),
      prefix: fc.constantFrom('', 'SPECTROCLOUD_APIKEY=', 'key: ', ' '),
      before: fc.constantFrom(...SEPARATORS),
      after: fc.constantFrom(...SEPARATORS),
    });

    it('finds every planted known value, plain or base64, and no finding\'s message holds a value', () => {
      fc.assert(fc.property(fc.array(fc.tuple(filler, plant), { minLength: 1, maxLength: 5 }), filler, (parts, tail) => {
        const index = createKnownKeyIndex(SECRET, parts.map(([, p], i) => ({ id: `k${i}`, fingerprint: fingerprintKeyValue(SECRET, p.key) })));
        let text = '';
        for (const [fill, p] of parts) {
          const encoded = p.encoding === 'plain' ? p.key : Buffer.from(`${p.prefix}${p.key}\n`).toString('base64');
          // A blob glued to base64 characters ('/', '+', '=') is a different blob: delimit it as files do.
          const delimit = (c: string): string => (p.encoding === 'base64' && /[/+=]/.test(c) ? ' ' : c);
          text += `${fill}${delimit(p.before)}${encoded}${delimit(p.after)}`;
        }
        text += tail;
        const findings = scanText(text, { knownKeys: index, minConfidence: 'low', fileName: 'fuzz.txt' });
        parts.forEach(([, p], i) => {
          const found = findings.find((f) => f.knownKeyId === `k${i}` || (f.knownKeyId !== undefined && parts[Number(f.knownKeyId.slice(1))]?.[1].key === p.key));
          assert.ok(found, `planted key k${i} (${p.encoding}) was not found`);
        });
        for (const finding of findings) {
          for (const [, p] of parts) {
            assert.ok(!finding.message.includes(p.key), 'a finding message holds a key value');
            assert.ok(!finding.masked.includes(p.key), 'a masked value holds the whole key');
          }
          const raw = text.slice(finding.start, finding.end);
          if (raw.length >= 8) assert.ok(!finding.message.includes(raw), 'a finding message quotes the flagged text');
        }
      }), fuzzParameters(200));
    });
  });
});
