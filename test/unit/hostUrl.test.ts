import * as assert from 'node:assert/strict';
import { consoleUrlFor, normalizePaletteHost } from '../../src/core/connections/hostUrl';

describe('normalizePaletteHost', () => {
  const accepted: Array<[string, string]> = [
    ['api.spectrocloud.com', 'https://api.spectrocloud.com'],
    ['  https://api.spectrocloud.com/  ', 'https://api.spectrocloud.com'],
    ['https://palette.example.com///', 'https://palette.example.com'],
    ['https://palette.example.com/v1/', 'https://palette.example.com'],
    ['https://palette.example.com:8443', 'https://palette.example.com:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      const result = normalizePaletteHost(input);
      assert.ok(result.ok);
      assert.equal(result.baseUrl, expected);
      assert.equal(result.warning, undefined);
    });
  }

  it('warns about plain http to a host that is not local', () => {
    const result = normalizePaletteHost('http://palette.example.com');
    assert.ok(result.ok);
    assert.match(result.warning ?? '', /unencrypted/);
  });

  const refused: Array<[string, RegExp]> = [
    ['', /Enter the Palette host/],
    ['   ', /Enter the Palette host/],
    ['not a url', /spaces/],
    ['ftp://palette.example.com', /https, not ftp/],
    ['https://user:pw@palette.example.com', /credentials/],
    ['https://palette.example.com/?x=1', /query/],
    ['https://', /not a valid URL/],
    [' /v1', /is a path, not a host name/],
  ];
  for (const [input, message] of refused) {
    it(`refuses ${JSON.stringify(input)} with a clear message`, () => {
      const result = normalizePaletteHost(input);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, message);
    });
  }

  it('never echoes a password typed into the URL', () => {
    const result = normalizePaletteHost('https://user:SecretPw123@palette.example.com');
    assert.equal(result.ok, false);
    assert.ok(!JSON.stringify(result).includes('SecretPw123'));
  });
});

describe('consoleUrlFor', () => {
  it('maps the SaaS API host to its console', () => {
    assert.equal(consoleUrlFor('https://api.spectrocloud.com'), 'https://console.spectrocloud.com');
  });
  it('keeps a self-hosted host as it is', () => {
    assert.equal(consoleUrlFor('https://palette.example.com:8443'), 'https://palette.example.com:8443');
  });
});
