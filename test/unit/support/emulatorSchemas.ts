import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './emulatorHttp';

interface SwaggerResponse {
  schema?: { $ref?: string };
}

interface SwaggerDocument {
  paths: Record<string, Record<string, { responses?: Record<string, SwaggerResponse> } | unknown[]>>;
  definitions: Record<string, unknown>;
}

/** Checks values against the Swagger subset's definitions (the contract the emulator keeps). */
export class SwaggerContract {
  readonly document: SwaggerDocument;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.document = JSON.parse(readFileSync(join(repoRoot(), 'src/emulator/paletteApiKeys.swagger.json'), 'utf8')) as SwaggerDocument;
    // Swagger 2.0 schemas carry `x-omitempty` and other non-JSON-Schema keywords: strict off.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('password', true);
    this.ajv.addSchema({ $id: 'swagger.json', definitions: this.document.definitions });
    // Palette's errors always carry these three; the Swagger definition leaves them optional.
    this.ajv.addSchema({ $id: 'strictError.json', allOf: [{ $ref: 'swagger.json#/definitions/v1Error' }], required: ['code', 'message', 'ref'] });
  }

  /** Every operation of the subset as `METHOD /path/{template}`. */
  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.keys(item).filter((key) => key !== 'parameters').map((method) => `${method.toUpperCase()} ${path}`));
  }

  /** The documented response schema name for a status, e.g. `v1ApiKeys`, or undefined for none (204). */
  responseDefinition(method: string, pathTemplate: string, status: number): string | undefined {
    const operation = this.document.paths[pathTemplate]?.[method.toLowerCase()] as { responses?: Record<string, SwaggerResponse> } | undefined;
    if (!operation?.responses) throw new Error(`${method} ${pathTemplate} is not in the Swagger subset`);
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`${method} ${pathTemplate} documents no ${status} response`);
    return response.schema?.$ref?.replace('#/definitions/', '');
  }

  /** Validation errors of `value` against a definition (empty when valid). */
  errorsFor(definition: string, value: unknown): string[] {
    return this.errorsForRef(`swagger.json#/definitions/${definition}`, value);
  }

  /** Validation errors against `v1Error` with code, message and ref required. */
  errorsForV1Error(value: unknown): string[] {
    return this.errorsForRef('strictError.json', value);
  }

  private errorsForRef(ref: string, value: unknown): string[] {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  }
}
