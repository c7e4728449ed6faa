import { startEmulator } from '../../../src/emulator/server';

/** What the runner's `--emulator` option hands to the suites (the emulator's READY line). */
export interface TestEmulator {
  /** Base URL of the running Palette emulator, e.g. http://127.0.0.1:41234 */
  url: string;
  /** An API key of a tenant admin (test-only value made up by the emulator). */
  adminKey: string;
  /** An API key of an ordinary user. */
  userKey: string;
  /** Anything else the emulator announced. */
  [extra: string]: unknown;
}

/**
 * The emulator started by `hostRunner --emulator`, from env PALETTE_TEST_EMULATOR;
 * undefined when the suite runs without one (e.g. under test-electron).
 */
export function emulatorFromEnv(): TestEmulator | undefined {
  const raw = process.env.PALETTE_TEST_EMULATOR;
  if (!raw) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('PALETTE_TEST_EMULATOR is not a JSON object');
  const info = parsed as Record<string, unknown>;
  for (const field of ['url', 'adminKey', 'userKey']) {
    // Name the field only: the value may be a key.
    if (typeof info[field] !== 'string') throw new Error(`PALETTE_TEST_EMULATOR lacks string field "${field}"`);
  }
  return info as TestEmulator;
}

/** A suite's own emulator: the demo tenant, running in this extension host until `close`. */
export interface SuiteEmulator extends TestEmulator {
  close(): Promise<void>;
}

/**
 * Starts an emulator with the demo tenant for one suite, in this extension host. Each suite sets up
 * its own (in `before`), so no suite depends on another's state and any single test passes alone
 * with `--grep`; there is nothing to skip for want of an emulator.
 */
export async function startSuiteEmulator(): Promise<SuiteEmulator> {
  const running = await startEmulator({ onInternalError: () => undefined });
  const { adminKey, userKey } = running.credentials;
  if (!adminKey || !userKey) throw new Error('the demo seed lacks a tenant admin or a plain user with a known key');
  return { url: running.url, adminKey, userKey, close: () => running.close() };
}
