import * as assert from 'node:assert/strict';
import { renderKeyDetailsHtml } from '../../src/host/keyDetails/keyDetailsHtml';
import type { KeyDetails } from '../../src/host/keyDetails/keyDetailsModel';

const LABELS = { value: 'Where its value is kept', findings: 'Leaks', noFindings: 'None.', actions: 'Actions', line: 'line' };

function details(overrides: Partial<KeyDetails> = {}): KeyDetails {
  return {
    uid: 'k1',
    name: 'ci-key',
    description: '',
    status: 'expiring',
    fields: [{ label: 'State', value: 'Expiring soon (expires in 3 days)' }, { label: 'Owner', value: 'Ada Admin' }],
    valueKept: 'Not kept by this extension.',
    findings: [],
    actions: [{ label: 'Renew', command: 'paletteKeys.renewKey' }],
    ...overrides,
  };
}

describe('key details page', () => {
  it('runs no script: its policy allows only its own nonce-tagged style', () => {
    const html = renderKeyDetailsHtml(details(), LABELS, 'n0nce');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src &#39;none&#39;/);
    assert.doesNotMatch(csp, /script-src/);
    assert.doesNotMatch(html, /<script/);
  });

  it('escapes what the server sent: a key name or description cannot add markup', () => {
    const html = renderKeyDetailsHtml(details({ name: '<img src=x onerror=alert(1)>', description: '"><a href="command:evil">x</a>' }), LABELS, 'n');
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /href="command:evil"/);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
  });

  it('links each action to its command with the key\'s uid, run interactively', () => {
    const html = renderKeyDetailsHtml(details(), LABELS, 'n');
    const href = /<a class="action" href="([^"]+)">Renew<\/a>/.exec(html)?.[1] ?? '';
    const [command, query] = href.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).split('?');
    assert.equal(command, 'command:paletteKeys.renewKey');
    assert.deepEqual(JSON.parse(decodeURIComponent(query)), [{ uid: 'k1', interactive: true }]);
  });

  it('colours only the state row by the key\'s status', () => {
    const html = renderKeyDetailsHtml(details(), LABELS, 'n');
    assert.equal(html.match(/class="status-expiring"/g)?.length, 1);
    assert.match(html, /<td class="status-expiring">Expiring soon/);
  });
});
