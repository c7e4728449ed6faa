// The key form webview is a trust boundary: its page must allow nothing inline, nothing remote and
// no eval, and the only message that may carry a key value host -> webview is `reveal`.
import * as assert from 'node:assert/strict';
import { keyFormCsp, renderKeyFormHtml } from '../../src/host/keyForm/keyFormHtml';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../src/shared/keyFormProtocol';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name, values]));
}

describe('key form page: Content-Security-Policy', () => {
  const csp = directives(keyFormCsp(CSP_SOURCE, NONCE));

  it('denies everything by default, and never allows inline code, eval or wildcards', () => {
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    for (const [name, values] of csp) {
      for (const value of values) {
        assert.doesNotMatch(value, /unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|^\*$|^'strict-dynamic'$/, `${name} allows ${value}`);
      }
    }
  });

  it('runs scripts only with the page nonce, and loads nothing remote', () => {
    assert.deepEqual(csp.get('script-src'), [`'nonce-${NONCE}'`]);
    for (const [name, values] of csp) {
      for (const value of values) {
        // The webview's own resource origin is the only scheme-qualified source allowed.
        if (/^(https?|wss?|ftp):/i.test(value)) assert.equal(value, CSP_SOURCE, `${name} allows the remote source ${value}`);
        assert.ok(!/^(https?|data|blob):$/i.test(value) || (name === 'img-src' && value === 'data:'), `${name} allows a whole scheme: ${value}`);
      }
    }
    assert.equal(csp.has('connect-src'), false, 'no fetch/XHR/WebSocket: default-src none applies');
    assert.equal(csp.has('frame-src'), false);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
  });
});

describe('key form page: generated HTML', () => {
  const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const html = renderKeyFormHtml({
    cspSource: CSP_SOURCE,
    nonce: NONCE,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview.js`,
    styleUri: `${CSP_SOURCE}/ext/dist/webview.css`,
    title: hostile,
  });

  it('carries the CSP in a meta tag before any script or style', () => {
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(meta > 0);
    assert.ok(meta < html.indexOf('<script'), 'CSP after a script');
    assert.ok(meta < html.indexOf('<link'), 'CSP after a stylesheet');
  });

  it('has exactly one script, external and nonced, and no inline code or handlers', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${NONCE.replace(/[+=/]/g, (c) => `&#${c.charCodeAt(0)};`)}"|nonce="${NONCE}"`));
    assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource/);
    assert.equal(scripts[0][2].trim(), '', 'inline script body');
    assert.doesNotMatch(html, /<style\b/, 'inline style block');
    assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i, 'inline event handler');
    assert.doesNotMatch(html, /javascript:/i);
  });

  it('escapes the title, so a key name cannot inject markup', () => {
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(!html.includes('<img src=x'));
    assert.match(html, /<title>&#34;&#62;&#60;script&#62;alert\(1\)/);
  });

  it('holds no data: the form gets everything by message after ready', () => {
    assert.doesNotMatch(html, /apiKey|value=|data-/i);
  });
});

describe('key form protocol: hostile messages from the webview', () => {
  const hostile: Array<[string, unknown]> = [
    ['a prototype-polluting submit', JSON.parse('{"type":"submit","id":1,"input":{"name":"n","description":"","expiry":"2030-01-01","__proto__":{"isAdmin":true}}}')],
    ['a class instance', Object.assign(Object.create({ type: 'ready' }) as object, {})],
    ['an id of 0', { type: 'copyValue', id: 0 }],
    ['a fractional id', { type: 'copyValue', id: 1.5 }],
    ['an id of Infinity', { type: 'copyValue', id: Number.POSITIVE_INFINITY }],
    ['a value sent back for copying', { type: 'copyValue', id: 1, value: 'RelAdminKey000000000000000000001' }],
    ['a reveal sent by the webview', { type: 'reveal', keyName: 'k', value: 'v', envVarName: 'E' }],
    ['a command request', { type: 'executeCommand', command: 'paletteKeys.deleteKey' }],
    ['an array', [{ type: 'ready' }]],
    ['a 1 MB name', { type: 'submit', id: 1, input: { name: 'x'.repeat(1_000_000), description: '', expiry: '2030-01-01' } }],
    ['a number where text belongs', { type: 'searchUsers', id: 1, query: 42 }],
  ];
  for (const [name, message] of hostile) {
    it(`drops ${name}`, () => assert.equal(isWebviewToHostMessage(message), false));
  }

  it('lets the key value travel only in reveal, host -> webview', () => {
    const value = 'RelAdminKey000000000000000000001';
    assert.equal(isHostToWebviewMessage({ type: 'reveal', keyName: 'k', value, envVarName: 'SPECTROCLOUD_APIKEY' }), true);
    assert.equal(isHostToWebviewMessage({ type: 'init', formId: 'f', mode: 'create', title: 't', initial: { name: '', description: '', expiry: '' }, isAdmin: false, limits: { nowIso: '2030-01-01T00:00:00Z', maxExpiryDays: 90, recommendedExpiryDays: 30 }, presets: [7], value }), false);
    assert.equal(isHostToWebviewMessage({ type: 'submitResult', id: 1, ok: true, value }), false);
  });
});
