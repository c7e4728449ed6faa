import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import { SECRET_KEYS } from '../../src/core/secrets/secretKeys';
import { loadFingerprintSecret } from '../../src/host/scanner/fingerprintSecret';
import { allowCommentFix, commentSyntax, envVarReplacement, type FixSource, type LineEdit, type TextFix } from '../../src/host/scanner/envVarReplacement';

const KEY = 'FAKEKWgXbWV1MIzOtXV1WnlGN2L2CQdX';

function source(fileName: string, text: string): FixSource {
  const lines = text.split('\n');
  return { fileName, lineCount: lines.length, lineAt: (line) => lines[line] };
}

/** Applies a fix's edits (bottom-up, so offsets stay valid) and returns the new text. */
function apply(text: string, fix: TextFix): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0) + character;
  const edits = [...fix.edits].sort((a: LineEdit, b: LineEdit) => offset(b.line, b.start) - offset(a.line, a.start));
  let result = text;
  for (const edit of edits) {
    result = result.slice(0, offset(edit.line, edit.start)) + edit.text + result.slice(offset(edit.endLine ?? edit.line, edit.end));
  }
  return result;
}

/** Replaces the key on its line with the fix for the given file. */
function fixed(fileName: string, text: string): string | undefined {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(KEY));
  const start = lines[line].indexOf(KEY);
  const fix = envVarReplacement(source(fileName, text), { line, start, end: start + KEY.length });
  return fix ? apply(text, fix) : undefined;
}

describe('scanner quick fixes: environment variable references', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['.env', `SPECTROCLOUD_APIKEY=${KEY}`, 'SPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}'],
    ['.env', `PALETTE_API_KEY='${KEY}'`, 'PALETTE_API_KEY="${SPECTROCLOUD_APIKEY}"'],
    ['deploy.sh', `export KEY='${KEY}'`, 'export KEY="${SPECTROCLOUD_APIKEY}"'],
    ['deploy.sh', `curl -H "ApiKey: ${KEY}" https://api.spectrocloud.com`, 'curl -H "ApiKey: ${SPECTROCLOUD_APIKEY}" https://api.spectrocloud.com'],
    ['setup.ps1', `$key = '${KEY}'`, '$key = "$env:SPECTROCLOUD_APIKEY"'],
    ['run.cmd', `set KEY=${KEY}`, 'set KEY=%SPECTROCLOUD_APIKEY%'],
    ['Dockerfile', `ENV SPECTROCLOUD_APIKEY=${KEY}`, 'ENV SPECTROCLOUD_APIKEY=${SPECTROCLOUD_APIKEY}'],
    ['docker-compose.yml', `      SPECTROCLOUD_APIKEY: "${KEY}"`, '      SPECTROCLOUD_APIKEY: "${SPECTROCLOUD_APIKEY}"'],
    ['/w/.github/workflows/ci.yml', `      SPECTROCLOUD_APIKEY: ${KEY}`, '      SPECTROCLOUD_APIKEY: ${{ secrets.SPECTROCLOUD_APIKEY }}'],
    ['palette.http', `ApiKey: ${KEY}`, 'ApiKey: {{$processEnv SPECTROCLOUD_APIKEY}}'],
    ['client.ts', `const apiKey = '${KEY}';`, 'const apiKey = process.env.SPECTROCLOUD_APIKEY;'],
    ['client.py', `import os\napi_key = "${KEY}"`, 'import os\napi_key = os.environ["SPECTROCLOUD_APIKEY"]'],
    ['client.py', `"""Palette client."""\nimport requests\napi_key = "${KEY}"`, '"""Palette client."""\nimport os\nimport requests\napi_key = os.environ["SPECTROCLOUD_APIKEY"]'],
    ['main.go', `import "os"\nvar key = "${KEY}"`, 'import "os"\nvar key = os.Getenv("SPECTROCLOUD_APIKEY")'],
    ['main.tf', `provider "spectrocloud" {\n  api_key = "${KEY}"\n}`, 'provider "spectrocloud" {\n}'],
    ['vars.tf', `variable "sc_key" {\n  default = "${KEY}"\n}`, 'variable "sc_key" {\n}'],
    ['terraform.tfvars', `sc_key = "${KEY}"\nregion = "x"`, 'region = "x"'],
    // No correct reference: JSON, plain text, a key inside a longer string in code, Go without "os".
    ['config.json', `{"apiKey": "${KEY}"}`, undefined],
    ['notes.txt', `key ${KEY}`, undefined],
    ['client.js', `fetch("https://x/?apiKey=${KEY}")`, undefined],
    ['main.go', `var key = "${KEY}"`, undefined],
    ['values.yaml', `apiKey: ${KEY}`, undefined],
  ];
  for (const [fileName, text, expected] of cases) {
    it(`${fileName}: ${expected === undefined ? 'offers nothing' : JSON.stringify(expected.split('\n').pop())}`, () => {
      assert.equal(fixed(fileName, text), expected);
    });
  }

  it('names the fix after what it does, never after the value', () => {
    const text = `provider "spectrocloud" {\n  api_key = "${KEY}"\n}`;
    const fix = envVarReplacement(source('main.tf', text), { line: 1, start: 13, end: 13 + KEY.length });
    assert.match(fix?.title ?? '', /SPECTROCLOUD_APIKEY/);
    assert.ok(!fix?.title.includes(KEY));
  });
});

describe('scanner quick fixes: allow comments', () => {
  it('adds an indented comment line above the finding in the file\'s comment syntax', () => {
    const text = `env:\n  SPECTROCLOUD_APIKEY: ${KEY}`;
    const fix = allowCommentFix(source('ci.yml', text), 1);
    assert.equal(fix && apply(text, fix), `env:\n  # palette-keys:allow\n  SPECTROCLOUD_APIKEY: ${KEY}`);
  });

  it('uses // for code, <!-- --> for markdown, rem for batch files, and nothing for JSON', () => {
    assert.deepEqual(commentSyntax('a.ts'), ['//']);
    assert.deepEqual(commentSyntax('README.md'), ['<!--', '-->']);
    assert.deepEqual(commentSyntax('run.bat'), ['rem']);
    assert.deepEqual(commentSyntax('.env.local'), ['#']);
    assert.equal(commentSyntax('config.json'), undefined);
    assert.equal(allowCommentFix(source('config.json', `{"k": "${KEY}"}`), 0), undefined);
  });
});

describe('scanner fingerprint secret', () => {
  it('is created once, at least 32 random bytes, and reused afterwards', async () => {
    const secrets = new InMemorySecretStore();
    const first = await loadFingerprintSecret(secrets);
    assert.equal(first.length, 32);
    assert.deepEqual(await loadFingerprintSecret(secrets), first);
    assert.notDeepEqual(await loadFingerprintSecret(new InMemorySecretStore()), first);
  });

  it('replaces a stored value too short to be a secret', async () => {
    const secrets = new InMemorySecretStore();
    await secrets.store(SECRET_KEYS.fingerprintSecret, randomBytes(4).toString('base64'));
    assert.equal((await loadFingerprintSecret(secrets)).length, 32);
  });
});
