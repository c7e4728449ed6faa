import { randomBytes } from 'node:crypto';
import type { V1Error } from '../core/palette/wireTypes';

/**
 * An error the emulator answers with a Palette `v1Error` body. Messages are fixed texts that never
 * contain a key value, password or token.
 */
export class EmulatorHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'EmulatorHttpError';
  }

  /** The wire body, with a fresh `ref` as Palette gives each failed request a trace reference. */
  toBody(): V1Error {
    return { code: this.code, message: this.message, ref: newErrorRef() };
  }
}

/** A short random reference like the ones Palette puts in `v1Error.ref`. */
export function newErrorRef(): string {
  return randomBytes(8).toString('hex');
}

export const badRequest = (message: string): EmulatorHttpError => new EmulatorHttpError(400, 'BadRequest', message);

export const unauthorized = (message = 'Authentication failed: missing, invalid, revoked or expired credentials'): EmulatorHttpError =>
  new EmulatorHttpError(401, 'Unauthorized', message);

export const forbidden = (message = 'Operation not allowed for this user'): EmulatorHttpError =>
  new EmulatorHttpError(403, 'Forbidden', message);

export const notFound = (what: string): EmulatorHttpError => new EmulatorHttpError(404, 'ResourceNotFound', `${what} not found`);

export const methodNotAllowed = (): EmulatorHttpError => new EmulatorHttpError(405, 'MethodNotAllowed', 'Method not allowed on this path');

export const payloadTooLarge = (): EmulatorHttpError => new EmulatorHttpError(413, 'PayloadTooLarge', 'Request body too large');
