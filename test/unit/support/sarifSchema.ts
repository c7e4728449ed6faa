import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The official SARIF 2.1.0 JSON schema (OASIS, errata 01), vendored from oasis-tcs/sarif-spec
 * `sarif-2.1/schema/sarif-schema-2.1.0.json` so the tests run offline. It is a draft-04 schema,
 * hence ajv-draft-04.
 */
const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sarif-schema-2.1.0.json');

let validate: ReturnType<Ajv04['compile']> | undefined;

/** The schema's complaints about `log` (empty when it is valid SARIF 2.1.0), one readable line each. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
