import * as assert from 'node:assert/strict';
import { environmentPlaceholder, environmentReference } from '../../src/core/scanner/environmentReference';
import { envVarReplacement, type FixSource } from '../../src/host/scanner/envVarReplacement';
import { insertableReference } from '../../src/host/keyForm/environmentReference';

const KEY = 'FAKEKWgXbWV1MIzOtXV1WnlGN2L2CQdX';
const NAME = 'SPECTROCLOUD_APIKEY';

function replaced(fileName: string, line: string): string | undefined {
  const source: FixSource = { fileName, lineCount: 1, lineAt: () => line };
  const start = line.indexOf(KEY);
  const fix = envVarReplacement(source, { line: 0, start, end: start + KEY.length });
  return fix?.edits.length === 1 ? line.slice(0, fix.edits[0].start) + fix.edits[0].text + line.slice(fix.edits[0].end) : undefined;
}

describe('environment references: one syntax per kind of file', () => {
  const kinds: Array<[string, string, string]> = [
    ['/w/.env', 'dotenv', '${SPECTROCLOUD_APIKEY}'],
    ['/w/.env.local', 'dotenv', '${SPECTROCLOUD_APIKEY}'],
    ['/w/deploy.sh', 'shellscript', '${SPECTROCLOUD_APIKEY}'],
    ['/w/Dockerfile', 'dockerfile', '${SPECTROCLOUD_APIKEY}'],
    ['/w/compose.yaml', 'dockercompose', '${SPECTROCLOUD_APIKEY}'],
    ['/w/setup.ps1', 'powershell', '$env:SPECTROCLOUD_APIKEY'],
    ['/w/run.cmd', 'bat', '%SPECTROCLOUD_APIKEY%'],
    ['/w/palette.http', 'http', '{{$processEnv SPECTROCLOUD_APIKEY}}'],
    ['/w/.github/workflows/ci.yml', 'yaml', '${{ secrets.SPECTROCLOUD_APIKEY }}'],
    ['/w/.gitlab-ci.yml', 'yaml', '$SPECTROCLOUD_APIKEY'],
  ];
  for (const [fileName, languageId, expected] of kinds) {
    it(`${fileName}: the quick fix and "Insert environment reference" both write ${expected}`, () => {
      assert.equal(environmentReference(fileName, NAME), expected);
      assert.equal(replaced(fileName, `KEY=${KEY}`), `KEY=${expected}`);
      assert.equal(insertableReference(fileName, languageId, NAME), expected);
    });
  }

  it('has no syntax of its own for plain YAML, JSON, Terraform or text, where rotation writes ${NAME}', () => {
    for (const fileName of ['values.yaml', 'config.json', 'main.tf', 'notes.txt']) {
      assert.equal(environmentReference(fileName, NAME), undefined, fileName);
      assert.equal(environmentPlaceholder(fileName, NAME), '${SPECTROCLOUD_APIKEY}', fileName);
    }
  });
});
