import * as assert from 'node:assert/strict';
import { isPaletteApiError, type PaletteApiError } from '../../../src/core/palette/errors';

/** Awaits a call that must fail with the client's error type, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<PaletteApiError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isPaletteApiError(e), `expected a PaletteApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}
